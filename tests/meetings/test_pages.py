"""The meeting pages: who gets what, for every route and every role (logged out included);
the printable protocol and its .docx."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, time

import pytest
from docx import Document

from tracker.meetings.models import Meeting
from tracker.workflow import MONITORED

from ..helpers import (
    VISITOR,
    MinutesIds,
    assert_page_access,
    assert_sent_to_login,
    minutes_ids,
    text_of,
    translated,
)

EVERYONE = ("admin", "chair", "secretary", "member", "observer")
RECORDERS = ("admin", "chair", "secretary")


@pytest.fixture
def world(app, make_meeting, users) -> MinutesIds:
    meeting = make_meeting(MONITORED, action={"owner_id": users["member"].id})
    return minutes_ids(app, meeting.id)


PAGES = {
    "/meetings/": EVERYONE,
    "/meetings/?q=პეტიცია&group=wg": EVERYONE,
    "/meetings/{m}": EVERYONE,
    "/meetings/{m}/protocol": EVERYONE,
    "/meetings/{m}/protocol.docx": EVERYONE,
    "/meetings/new": RECORDERS,
    "/meetings/import": RECORDERS,
    "/meetings/{m}/edit": RECORDERS,
    "/attendees/{a}/edit": RECORDERS,
    "/agenda-items/{g}/edit": RECORDERS,
    "/decisions/{d}/edit": RECORDERS,
    "/action-items/{x}/edit": RECORDERS,
}


@pytest.mark.parametrize("role", [*EVERYONE, VISITOR])
@pytest.mark.parametrize("page", PAGES)
def test_pages_by_role(browse_as, world: MinutesIds, page: str, role: str) -> None:
    response = browse_as(role).get(world.url(page))
    assert_page_access(response, role, PAGES[page])


@dataclass(frozen=True)
class Action:
    url: str
    data: dict[str, str]
    allowed: tuple[str, ...]


ACTIONS = {
    "edit": Action("/meetings/{m}/edit", {"place": "ახალი ადგილი", "version": "{v}"}, RECORDERS),
    "add-attendee": Action("/meetings/{m}/attendees", {"name": "ნინო", "org_kind": "donor",
                                                       "presence": "present"}, RECORDERS),
    "remove-attendee": Action("/attendees/{a}/delete", {"version": "1"}, RECORDERS),
    "add-agenda": Action("/meetings/{m}/agenda", {"title": "ახალი საკითხი"}, RECORDERS),
    "edit-agenda": Action("/agenda-items/{g}/edit", {"title": "შეცვლილი", "version": "1"},
                          RECORDERS),
    "add-decision": Action("/meetings/{m}/decisions", {"text": "ახალი"}, RECORDERS),
    "edit-decision": Action("/decisions/{d}/edit", {"text": "შეცვლილი", "version": "1"},
                            RECORDERS),
    "add-action": Action("/decisions/{d}/action-items",
                         {"title": "დავალება", "deadline": "01/01/2031"}, RECORDERS),
    "sign": Action("/meetings/{m}/sign", {"version": "{v}"}, ("chair", "secretary")),
    "withdraw": Action("/meetings/{m}/transition",
                       {"to": "withdrawn", "comment": "გაუქმდა", "version": "{v}"},
                       ("admin", "chair")),
    "close-action": Action("/action-items/{x}/close", {"state": "done", "version": "1"},
                           ("admin", "chair", "member")),
    "comment": Action("/meetings/{m}/comments", {"text": "კომენტარი"}, EVERYONE),
}


@pytest.mark.parametrize("role", [*EVERYONE, VISITOR])
@pytest.mark.parametrize("name", ACTIONS)
def test_actions_by_role(app, browse_as, world: MinutesIds, db_snapshot, name: str, role: str):
    action = ACTIONS[name]
    version = str(world.version)
    data = {k: v.replace("{v}", version) for k, v in action.data.items()}
    client = browse_as(role)
    before = db_snapshot()
    response = client.post(world.url(action.url), data=data)
    if role == VISITOR:
        assert_sent_to_login(response)
        assert db_snapshot() == before
    elif role in action.allowed:
        assert response.status_code == 302, text_of(response)[:500]
        assert db_snapshot() != before
    else:
        assert response.status_code in (302, 403)
        assert db_snapshot() == before


# The protocol ----------------------------------------------------------------------------------
@pytest.fixture
def minutes(make_meeting, users) -> Meeting:
    return make_meeting(
        MONITORED,
        number=5,
        place="ქ. ნაპირი, მერიის სხდომათა დარბაზი",
        date=date(2017, 2, 2),
        start_time=time(14, 0),
        end_time=time(15, 30),
        authority="სხდომა უფლებამოსილია, რადგან ესწრება წევრთა უმრავლესობა.",
        discussion="წევრებმა იმსჯელეს პეტიციების ელექტრონული სისტემის შესახებ.",
        attendees=[
            {"user_id": users["chair"].id, "name": "თამარ გელაშვილი",
             "position": "მერის პირველი მოადგილე", "organisation": "ნაპირის მერია"},
            {"user_id": users["secretary"].id, "name": "ნათია ბერიძე"},
            {"name": "დავით ჩიხლაძე", "organisation": "„ღია საზოგადოების ინიციატივა“",
             "org_kind": "civil_society"},
            {"name": "ეკა ლომიძე", "organisation": "იურიდიული სამსახური", "presence": "excused"},
        ],
        agenda=["ელექტრონული პეტიციის კონცეფცია", "თემატური ჯგუფების შექმნა"],
        decisions=["სააგენტომ მოამზადოს პეტიციის სისტემის აღწერა.",
                   "თითოეულმა სამსახურმა შექმნას თემატური სამუშაო ჯგუფი."],
    )


GEORGIAN = ("ქ. ნაპირი, მერიის სხდომათა დარბაზი", "02/02/2017", "14:00", "15:30",
            "მერის პირველი მოადგილე", "დავით ჩიხლაძე — „ღია საზოგადოების ინიციატივა“",
            "ეკა ლომიძე", "სხდომა უფლებამოსილია", "ელექტრონული პეტიციის კონცეფცია",
            "წევრებმა იმსჯელეს", "სააგენტომ მოამზადოს პეტიციის სისტემის აღწერა.",
            "თემატური სამუშაო ჯგუფი.")


def test_the_protocol_page_reads_like_a_protocol(app, browse_as, users, minutes):
    client = browse_as("observer")
    page = text_of(client.get(f"/meetings/{minutes.id}/protocol"))
    for text in GEORGIAN:
        assert text in page, text
    headings = [translated(app, m) for m in (
        "The meeting was chaired by:", "Secretary of the meeting:", "Present at the meeting:",
        "Absent for a good reason:", "Agenda of the meeting:", "The members of the group decided:",
        "Chair of the meeting", "Secretary of the meeting")]
    positions = [page.index(h) for h in headings[:-1]] + [page.rindex(headings[-1])]
    assert positions == sorted(positions)  # in the order a protocol has them
    assert translated(app, "Minutes of meeting N%(number)d", number=5) in page
    assert page.index("14:00") < page.index("ელექტრონული პეტიციის კონცეფცია") < \
        page.index("15:30")
    assert f"/{users['chair'].name}/" in page and f"/{users['secretary'].name}/" in page


def test_the_protocol_docx_keeps_the_georgian_text(app, browse_as, users, minutes):
    client = browse_as("secretary")
    response = client.get(f"/meetings/{minutes.id}/protocol.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "protocol-N5-2017-02-02.docx" in disposition
    assert disposition.isascii()
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in GEORGIAN:
        assert expected in text, expected
    assert translated(app, "Minutes of meeting N%(number)d", number=5) in text
    assert f"/{users['chair'].name}/" in text and f"/{users['secretary'].name}/" in text


def test_a_subgroups_protocol_file_name(app, browse_as, users, make_subgroup, make_meeting):
    group = make_subgroup(lead=users["member"], name="თემატური ჯგუფი „პეტიცია“")
    meeting = make_meeting(actor=users["member"], subgroup_id=group.id)
    client = browse_as("member")
    response = client.get(f"/meetings/{meeting.id}/protocol.docx")
    assert f"protocol-sg{group.id}-N1.docx" in response.headers["Content-Disposition"]
    document = Document(io.BytesIO(response.data))
    assert document.paragraphs[0].text == "თემატური ჯგუფი „პეტიცია“"
