"""Napiri's directory, subgroup and meetings: invented Georgian minutes in the shape of a
real protocol (see shared/samples), written for this project."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

from ..accounts.models import User
from ..commitments.models import Commitment
from ..directory import operations as directory_ops
from ..directory.models import Unit
from ..importing.minutes import parse_protocol
from ..meetings import action_items as action_ops
from ..meetings import minutes as minutes_ops
from ..meetings import operations as meeting_ops
from ..meetings.importing import import_protocol, review_data
from ..meetings.models import Meeting, OrgKind, Presence
from ..subgroups import operations as subgroup_ops

ARCHIVE = Path(__file__).parent / "protocols"
AGENCY = "მუნიციპალური სერვისების განვითარების სააგენტო"

UNIT_DETAILS = {
    AGENCY: (
        "+995322100200",
        [
            "მუნიციპალური ელექტრონული სერვისების შემუშავება და დანერგვა",
            "მოქალაქეთა მომართვების ელექტრონული სისტემების მართვა",
            "პეტიციების პლატფორმის ტექნიკური მხარდაჭერა",
        ],
        [
            ("გიორგი კვარაცხელია", "სააგენტოს უფროსი", "I რანგი", None, "+995599120345",
             True, "member@napiri.example"),
            ("ეკა ლომიძე", "უფროსი სპეციალისტი", "III რანგი", "I კატეგორია", "+995577456123",
             False, "member2@napiri.example"),
            ("ლაშა ჯაფარიძე", "სპეციალისტი", "IV რანგი", "II კატეგორია", "+995555987321",
             False, None),
        ],
    ),
}

ATTENDEES = [
    # name, organisation, kind, presence, user email
    ("თამარ გელაშვილი", "ნაპირის მერია", OrgKind.GOVERNMENT, Presence.PRESENT,
     "chair@napiri.example"),
    ("ნათია ბერიძე", "ნაპირის მერია", OrgKind.GOVERNMENT, Presence.PRESENT,
     "secretary@napiri.example"),
    ("გიორგი კვარაცხელია", AGENCY, OrgKind.GOVERNMENT, Presence.PRESENT,
     "member@napiri.example"),
    ("ეკა ლომიძე", "ადმინისტრაციული სამსახური", OrgKind.GOVERNMENT, Presence.EXCUSED,
     "member2@napiri.example"),
    ("დავით ჩიხლაძე", "„ღია საზოგადოების ინიციატივა“", OrgKind.CIVIL_SOCIETY,
     Presence.PRESENT, "observer@napiri.example"),
    ("მარიამ წერეთელი", "დემოკრატიული მმართველობის პროგრამა", OrgKind.DONOR,
     Presence.PRESENT, "adviser@programme.example"),
]

MEETINGS = [
    # offset (days), state, place, agenda, discussion, decisions [(text, action)]
    (
        -60, "completed", "ნაპირის მერია, სხდომათა დარბაზი",
        ["სამოქმედო გეგმის შესრულების მიმდინარეობა",
         "ელექტრონული პეტიციის სისტემის კონცეფცია"],
        "სამუშაო ჯგუფის წევრებმა განიხილეს საქალაქო სამსახურებთან გამართულ სამუშაო "
        "შეხვედრებზე გამოკვეთილი საკითხები და პეტიციის წარდგენის წესი.",
        [("პირველი დეტალური განხილვის თემად განისაზღვროს ელექტრონული პეტიცია.", None),
         ("სააგენტომ მოამზადოს პეტიციის სისტემის ტექნიკური აღწერა.",
          ("პეტიციის სისტემის ტექნიკური აღწერის მომზადება", -20, "done"))],
    ),
    (
        -14, "monitored", "ნაპირის მერია, სხდომათა დარბაზი",
        ["ბიუჯეტის მოქალაქეთა გზამკვლევის მომზადება",
         "თემატური სამუშაო ჯგუფების შექმნა"],
        "განიხილეს ბიუჯეტის გზამკვლევის პროექტი. სამოქალაქო საზოგადოების წარმომადგენელმა "
        "ითხოვა, რომ პეტიციებზე პასუხის ვადები საჯაროდ გამოქვეყნდეს.",
        [("ყოველმა შემსრულებელმა სამსახურმა თითოეულ ვალდებულებაზე შექმნას თემატური "
          "სამუშაო ჯგუფი.", ("თემატური ჯგუფების შემადგენლობის წარდგენა", -3, "open")),
         ("პეტიციაზე პასუხის ვადები გამოქვეყნდეს მერიის ვებგვერდზე.",
          ("პასუხის ვადების გამოქვეყნება", 5, "open"))],
    ),
    (7, "draft", "ნაპირის მერია", ["ღია მონაცემების პორტალის პირველი შედეგები"], "", []),
]


def load_meetings(today: date, users: dict[str, User], units: dict[str, Unit],
                  commitments: list[Commitment]) -> None:
    admin = users["admin@napiri.example"]
    chair = users["chair@napiri.example"]
    secretary = users["secretary@napiri.example"]
    _load_directory(admin, users, units)
    petition = commitments[0]
    group = subgroup_ops.create_subgroup(chair, {
        "name": "პეტიციების თემატური სამუშაო ჯგუფი",
        "unit_id": units[AGENCY].id,
        "lead_id": users["member@napiri.example"].id,
        "member_ids": [users["member2@napiri.example"].id],
        "commitment_ids": [petition.id],
        "deliverable": "პეტიციის წესის საბოლოო პროექტი",
        "deliverable_deadline": today + timedelta(days=20),
    })
    subgroup_ops.transition_subgroup(group, chair, "monitored", "ჯგუფი შეიქმნა")

    _load_archive(secretary, chair)
    for offset, state, place, agenda, discussion, decisions in MEETINGS:
        meeting = meeting_ops.create_meeting(secretary, {
            "place": place,
            "date": today + timedelta(days=offset),
            "start_time": time(14, 0),
            "end_time": time(16, 0) if state != "draft" else None,
            "chair_id": chair.id,
            "secretary_id": secretary.id,
            "authority": "სხდომა უფლებამოსილია სამუშაო ჯგუფის წევრთა უმრავლესობის "
                         "მონაწილეობით.",
            "discussion": discussion,
        })
        _fill_minutes(meeting, secretary, users, agenda, decisions, today, petition)
        if state == "draft":
            continue
        meeting_ops.transition_meeting(meeting, secretary, "monitored")
        if state == "completed":
            minutes_ops.sign_minutes(meeting, secretary, meeting.version)
            minutes_ops.sign_minutes(meeting, chair, meeting.version)

    sub_meeting = meeting_ops.create_meeting(users["member@napiri.example"], {
        "subgroup_id": group.id,
        "place": AGENCY,
        "date": today - timedelta(days=7),
        "start_time": time(11, 0),
        "end_time": time(12, 30),
        "chair_id": users["member@napiri.example"].id,
        "secretary_id": users["member2@napiri.example"].id,
        "discussion": "ჯგუფმა განიხილა პეტიციის ფორმის ველები და მოქალაქეთა შეხვედრების გეგმა.",
    })
    lead = users["member@napiri.example"]
    for name, email in (("გიორგი კვარაცხელია", "member@napiri.example"),
                        ("ეკა ლომიძე", "member2@napiri.example")):
        minutes_ops.add_attendee(sub_meeting, lead, {
            "user_id": users[email].id, "name": name, "organisation": AGENCY,
            "org_kind": OrgKind.GOVERNMENT.value, "presence": Presence.PRESENT.value,
        })
    minutes_ops.add_agenda_item(sub_meeting, lead, {"title": "პეტიციის ფორმის პროექტი"})
    decision = minutes_ops.add_decision(sub_meeting, lead, {
        "text": "მოეწყოს ორი საჯარო შეხვედრა მოქალაქეებთან პეტიციის ფორმაზე."})
    action_ops.add_action_item(decision, lead, {
        "title": "საჯარო შეხვედრების ორგანიზება",
        "owner_unit_id": units[AGENCY].id,
        "deadline": today + timedelta(days=12),
        "commitment_id": petition.id,
    })
    meeting_ops.transition_meeting(sub_meeting, lead, "monitored")


def _load_archive(secretary: User, chair: User) -> None:
    """The group's first protocol, from 2019, imported from its text: its chair and
    secretary have no account, so the secretary recorded their paper signatures. Its
    decisions name who is responsible and by when (one a unit of the directory, one as
    written): two action items, long since done."""
    text = (ARCHIVE / "napiri_2019_01.txt").read_text(encoding="utf-8")
    meeting = import_protocol(secretary, review_data(parse_protocol(text)))
    meeting_ops.transition_meeting(meeting, secretary, "monitored")
    for capacity in ("chair", "secretary"):
        minutes_ops.record_paper_signature(meeting, secretary, capacity,
                                           meeting.date + timedelta(days=2), meeting.version)
    for decision in meeting.decisions:
        for item in decision.action_items:
            action_ops.close_action_item(item, chair, {
                "state": "done", "version": item.version,
                "note": "შესრულებულია; იხილეთ სამუშაო ჯგუფის შემდეგი სხდომის ოქმი.",
            })


def _fill_minutes(meeting: Meeting, secretary: User, users: dict[str, User],
                  agenda: list[str], decisions: list, today: date,
                  commitment: Commitment) -> None:
    for name, organisation, kind, presence, email in ATTENDEES:
        minutes_ops.add_attendee(meeting, secretary, {
            "user_id": users[email].id if email else None,
            "name": name, "organisation": organisation,
            "org_kind": kind.value, "presence": presence.value,
        })
    for title in agenda:
        minutes_ops.add_agenda_item(meeting, secretary, {"title": title})
    for body, action in decisions:
        decision = minutes_ops.add_decision(meeting, secretary, {"text": body})
        if action is None:
            continue
        title, due, state = action
        item = action_ops.add_action_item(decision, secretary, {
            "title": title,
            "owner_id": users["member@napiri.example"].id,
            "deadline": today + timedelta(days=due),
            "commitment_id": commitment.id,
        })
        if state == "done":
            action_ops.close_action_item(item, users["chair@napiri.example"], {
                "state": "done", "note": "დოკუმენტი წარდგენილია.", "version": item.version})


def _load_directory(admin: User, users: dict[str, User], units: dict[str, Unit]) -> None:
    for unit_name, (hotline, functions, staff) in UNIT_DETAILS.items():
        unit = units[unit_name]
        directory_ops.update_unit(unit, admin, {
            "hotline": hotline, "functions": functions, "kind": "agency",
            "version": unit.version})
        for name, position, rank, category, phone, is_head, email in staff:
            directory_ops.add_staff(unit, admin, {
                "name": name, "position": position, "rank": rank, "category": category,
                "phone": phone, "is_head": is_head,
                "user_id": users[email].id if email else None,
            })
