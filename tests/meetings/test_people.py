"""People without accounts in the minutes: an imported protocol's chair, secretary, attendees
and action-item owners are stored, recognised across meetings, shown, printed, searched and
filtered by; a historical meeting whose chair and secretary have no account goes through its
workflow with paper signatures that whoever keeps the minutes records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEntry
from tracker.errors import PermissionDenied, ValidationFailed
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.importing.minutes import ParsedProtocol
from tracker.meetings import minutes as minutes_ops
from tracker.meetings import operations as meeting_ops
from tracker.meetings.forms import ImportReviewForm
from tracker.meetings.importing import import_protocol, review_data
from tracker.meetings.models import ActionItem, Meeting
from tracker.people.models import Person, person_key
from tracker.workflow import COMPLETED, MONITORED

from ..helpers import translated, working_in
from .conftest import text_of

CHAIR = "თამარ ღრუბლიანი"
SECRETARY = "გიორგი ნისლაძე"
GUEST = "ანა ტყემალაძე"


def protocol(**changes):  # type: ignore[no-untyped-def]
    """What the review of an imported protocol hands to the save: a historical meeting whose
    chair, secretary and one attendee have no account."""
    data = {
        "subgroup_id": None, "number": 3, "place": "ქ. ნაპირი", "date": date(2019, 3, 14),
        "start_time": None, "end_time": None,
        "chair_id": None, "chair_person_id": None, "chair_name": CHAIR,
        "chair_position": "მერის მოადგილე",
        "secretary_id": None, "secretary_person_id": None, "secretary_name": SECRETARY,
        "secretary_position": "მთავარი სპეციალისტი",
        "authority": "", "discussion": "",
        "agenda": ["ბიუჯეტის გამჭვირვალობის ანგარიში"],
        "decisions": ["ანგარიში გამოქვეყნდეს ვებგვერდზე.", "შეიქმნას სამუშაო ჯგუფი."],
        "attendees": [{"name": GUEST, "organisation": "„ღია ხეობა“",
                       "org_kind": "civil_society", "presence": "present", "remote": True}],
        "action_items": [],
    }
    data.update(changes)
    return data


def _people() -> list[Person]:
    return list(db.session.execute(select(Person).order_by(Person.id)).scalars())


@pytest.fixture
def imported(app_ctx, users):  # type: ignore[no-untyped-def]
    meeting = import_protocol(users["secretary"], protocol())
    db.session.commit()
    return meeting


@pytest.fixture
def imported_id(app, users) -> int:  # type: ignore[no-untyped-def]
    """The same import, for tests that browse: no application context is left open (a
    request would share it, and with it the logged-in user of the first request)."""
    with working_in(app):
        meeting = import_protocol(users["secretary"], protocol())
        db.session.commit()
        return meeting.id


def test_officers_without_accounts_are_stored_and_listed_as_present(imported) -> None:  # type: ignore[no-untyped-def]
    meeting = imported
    assert (meeting.chair_id, meeting.secretary_id) == (None, None)
    assert meeting.chair_person.name == CHAIR
    assert meeting.chair_person.position == "მერის მოადგილე"
    assert meeting.secretary_person.name == SECRETARY
    assert (meeting.chair_name, meeting.secretary_name) == (CHAIR, SECRETARY)
    present = {a.display_name: a for a in meeting.present}
    assert set(present) == {GUEST, CHAIR, SECRETARY}
    assert present[GUEST].person is not None and present[GUEST].remote is True


def test_the_same_person_is_recognised_in_another_protocol(imported, users) -> None:  # type: ignore[no-untyped-def]
    before = len(_people())
    second = import_protocol(users["secretary"], protocol(
        number=4, date=date(2019, 4, 2), decisions=["სხვა გადაწყვეტილება."],
        # Spelled with Mtavruli capitals and spacing, as a Word heading may have it.
        chair_name="ᲗᲐᲛᲐᲠ  ᲦᲠᲣᲑᲚᲘᲐᲜᲘ",
        attendees=[{"name": GUEST, "organisation": "„ღია ხეობა“", "org_kind": "civil_society",
                    "presence": "present"}],
    ))
    db.session.commit()
    assert len(_people()) == before
    assert second.chair_person_id == imported.chair_person_id
    guest = next(a for a in second.attendees if a.name == GUEST)
    assert guest.person_id == next(a for a in imported.attendees if a.name == GUEST).person_id
    assert person_key("ᲗᲐᲛᲐᲠ  ᲦᲠᲣᲑᲚᲘᲐᲜᲘ", "") == person_key(CHAIR, "")


def test_a_name_matching_an_account_links_the_person_to_it(app_ctx, users, make_user) -> None:  # type: ignore[no-untyped-def]
    member = make_user("member", name=GUEST)
    meeting = import_protocol(users["secretary"], protocol())
    db.session.commit()
    guest = next(a for a in meeting.attendees if a.name == GUEST)
    assert guest.person.user_id == member.id


def test_the_meeting_page_protocol_and_docx_name_them(imported_id, browse_as, users, app) -> None:  # type: ignore[no-untyped-def]
    browser = browse_as(users["observer"])
    page = text_of(browser.get(f"/meetings/{imported_id}"))
    assert CHAIR in page and SECRETARY in page and GUEST in page
    printed = text_of(browser.get(f"/meetings/{imported_id}/protocol"))
    assert f"მერის მოადგილე — {CHAIR}" in printed
    assert f"მთავარი სპეციალისტი — {SECRETARY}" in printed
    assert translated(app, "remotely") in page
    docx = browser.get(f"/meetings/{imported_id}/protocol.docx")
    assert docx.status_code == 200 and len(docx.data) > 1000


def test_their_names_are_searched_and_filtered_by(imported_id, browse_as, users) -> None:  # type: ignore[no-untyped-def]
    browser = browse_as(users["member"])
    for query in ("ნისლაძე", "ღრუბლიანი"):
        found = text_of(browser.get("/meetings/", query_string={"q": query}))
        assert "N3" in found, query
    for name in (SECRETARY, "ღრუბლიან", GUEST):
        filtered = text_of(browser.get("/meetings/", query_string={"attendee": name}))
        assert "N3" in filtered, name
    nobody = text_of(browser.get("/meetings/", query_string={"attendee": "არავინ ასეთი"}))
    assert "N3" not in nobody


def _hold(meeting: Meeting, actor) -> None:  # type: ignore[no-untyped-def]
    meeting_ops.transition_meeting(meeting, actor, MONITORED, version=meeting.version)
    db.session.commit()


def test_a_historical_meeting_goes_through_its_workflow_on_paper_signatures(  # type: ignore[no-untyped-def]
    imported, users
) -> None:
    meeting, secretary = imported, users["secretary"]
    _hold(meeting, secretary)
    assert meeting.state == MONITORED
    # Nobody signs online for them; the secretary records both paper signatures.
    assert meeting.signing_capacity(users["chair"]) is None
    minutes_ops.record_paper_signature(meeting, secretary, "chair", date(2019, 3, 15),
                                       meeting.version)
    minutes_ops.record_paper_signature(meeting, secretary, "secretary", date(2019, 3, 15),
                                       meeting.version)
    db.session.commit()
    assert meeting.state == COMPLETED
    assert meeting.chair_signed_at.date() == date(2019, 3, 15)
    entries = db.session.execute(
        select(AuditEntry).where(AuditEntry.object_type == "meeting",
                                 AuditEntry.object_id == meeting.id,
                                 AuditEntry.action == "paper_sign").order_by(AuditEntry.id)
    ).scalars().all()
    # One entry per signature: who recorded it, the office and day, whose hand.
    assert [(e.actor_id, sorted(e.changes), e.changes["signer"][1]) for e in entries] == [
        (secretary.id, ["chair_signed_at", "signer"], CHAIR),
        (secretary.id, ["secretary_signed_at", "signer"], SECRETARY),
    ]
    assert all(next(v for k, v in e.changes.items() if k.endswith("_signed_at"))[1]
               .startswith("2019-03-15") for e in entries)


@pytest.mark.parametrize("role", ["observer", "member"])
def test_only_who_keeps_the_minutes_records_a_paper_signature(imported, users, role) -> None:  # type: ignore[no-untyped-def]
    _hold(imported, users["secretary"])
    with pytest.raises(PermissionDenied):
        minutes_ops.record_paper_signature(imported, users[role], "chair", date(2019, 3, 15),
                                           imported.version)
    db.session.rollback()
    assert imported.chair_signed_at is None


@pytest.mark.parametrize("day", [date(2019, 3, 13), "tomorrow"])
def test_a_paper_signature_is_dated_between_the_meeting_and_today(imported, users, day) -> None:  # type: ignore[no-untyped-def]
    _hold(imported, users["secretary"])
    signed_on = local_today() + timedelta(days=1) if day == "tomorrow" else day
    with pytest.raises(ValidationFailed) as refused:
        minutes_ops.record_paper_signature(imported, users["secretary"], "chair", signed_on,
                                           imported.version)
    assert "signed_on" in refused.value.fields


def test_an_officer_with_an_account_signs_online_not_on_paper(app_ctx, factory, users) -> None:  # type: ignore[no-untyped-def]
    meeting = db.session.get(Meeting, factory.meeting(MONITORED).id)
    with pytest.raises(PermissionDenied):
        minutes_ops.record_paper_signature(meeting, users["secretary"], "chair", local_today(),
                                           meeting.version)


def test_the_paper_signature_form_on_the_meeting_page(imported_id, browse_as, users, app) -> None:  # type: ignore[no-untyped-def]
    with working_in(app):
        meeting = db.session.get(Meeting, imported_id)
        _hold(meeting, users["secretary"])
        version = meeting.version
    secretary = browse_as(users["secretary"])
    page = secretary.get(f"/meetings/{imported_id}").get_data(as_text=True)
    assert f"/m/city/meetings/{imported_id}/paper-signature" in page
    observer_page = browse_as(users["observer"]).get(f"/meetings/{imported_id}")
    html = observer_page.get_data(as_text=True)
    assert "paper-signature" not in html, html[html.find("paper-signature") - 300:][:400]
    response = secretary.post(f"/meetings/{imported_id}/paper-signature",
                              data={"version": version, "capacity": "chair",
                                    "signed_on": "15/03/2019"})
    assert response.status_code == 302
    with working_in(app):
        assert db.session.get(Meeting, imported_id).chair_signed_at.date() == date(2019, 3, 15)
    history = secretary.get(f"/meetings/{imported_id}").get_data(as_text=True)
    entry = history[history.find("timeline__entry--paper_sign"):][:1500]
    assert "timeline__action\">paper_sign" not in entry  # a label, not the action's code
    assert CHAIR in entry and "15/03/2019" in entry
    forged = browse_as(users["observer"]).post(
        f"/meetings/{imported_id}/paper-signature",
        data={"version": version + 1, "capacity": "secretary", "signed_on": "15/03/2019"})
    assert forged.status_code == 403
    with working_in(app):
        assert db.session.get(Meeting, imported_id).secretary_signed_at is None


def test_decisions_naming_a_responsible_and_a_deadline_become_action_items(  # type: ignore[no-untyped-def]
    app_ctx, users, make_unit
) -> None:
    unit = make_unit(name="იურიდიული სამსახური")
    meeting = import_protocol(users["secretary"], protocol(action_items=[
        {"decision": 1, "owner": "მერიის იურიდიული სამსახური", "deadline": date(2019, 4, 30)},
        {"decision": 2, "owner": "ლევან ქარსაძე", "deadline": date(2019, 5, 31)},
        {"decision": 2, "owner": "ყველა შემსრულებელი უწყება", "deadline": date(2019, 6, 1)},
        {"decision": 1, "owner": "საფინანსო სამსახური", "deadline": None},
    ]))
    db.session.commit()
    items = db.session.execute(select(ActionItem).order_by(ActionItem.id)).scalars().all()
    assert [(i.decision.number, i.owner_name, i.deadline) for i in items] == [
        (1, unit.name, date(2019, 4, 30)),
        (2, "ლევან ქარსაძე", date(2019, 5, 31)),
        (2, "ყველა შემსრულებელი უწყება", date(2019, 6, 1)),
    ]
    assert items[0].owner_unit_id == unit.id
    assert items[1].owner_person is not None and items[2].owner_text
    assert items[0].title == "ანგარიში გამოქვეყნდეს ვებგვერდზე."
    # The one without a deadline is not guessed: the review says so.
    assert meeting.import_review == {"action_items_skipped": [
        {"decision": 1, "owner": "საფინანსო სამსახური", "reason": "deadline"}]}


def test_imported_action_items_are_on_the_board(app, users, browse_as) -> None:  # type: ignore[no-untyped-def]
    with working_in(app):
        import_protocol(users["secretary"], protocol(action_items=[
            {"decision": 2, "owner": "ლევან ქარსაძე", "deadline": local_today() + timedelta(3)},
        ]))
        db.session.commit()
    board = text_of(browse_as(users["member"]).get("/"))
    assert "შეიქმნას სამუშაო ჯგუფი." in board and "ლევან ქარსაძე" in board


def test_a_taken_protocol_number_is_kept_and_explained_in_the_review(  # type: ignore[no-untyped-def]
    imported, users, app
) -> None:
    review = review_data(ParsedProtocol(number=3, date=date(2019, 5, 1)))
    assert review["number"] == 3 and review["number_taken"] is True
    with app.test_request_context():
        form = ImportReviewForm.from_review(review, subgroups=[])
        assert form.number.data == 3
        assert form.number.errors == [translated(
            app, "This group already has a meeting with number %(n)d.", n=3)]
    with pytest.raises(ValidationFailed) as refused:
        import_protocol(users["secretary"], protocol(decisions=["მესამე."]))
    assert "number" in refused.value.fields
    db.session.rollback()


def test_an_office_is_an_account_or_a_person_not_both(imported, users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as refused:
        meeting_ops.update_meeting(imported, users["secretary"], {
            "version": imported.version, "chair_id": users["chair"].id})
    assert "chair_id" in refused.value.fields
    db.session.rollback()
    with pytest.raises(ValidationFailed) as same:
        meeting_ops.update_meeting(imported, users["secretary"], {
            "version": imported.version, "secretary_person_id": imported.chair_person_id})
    assert "secretary_person_id" in same.value.fields
    db.session.rollback()
    # Replacing the person by the account is one change.
    meeting_ops.update_meeting(imported, users["secretary"], {
        "version": imported.version, "chair_id": users["chair"].id, "chair_person_id": None})
    db.session.commit()
    assert imported.chair_name == users["chair"].name
