"""Any text, in any text field of any kind, through the API: no page that shows it fails.

Hypothesis writes text made of control characters, lone surrogates, NUL, date-shaped
strings, right-to-left marks, Mtavruli and 10 kB runs into every text field of every kind
the API creates, then opens every page of that object — detail, edit form, history, the
lists, the meeting's print view and ``.docx``, the archive searched for that text. Each
request may be refused (4xx) but none may fail (5xx). One world serves all examples of a
kind, so the whole file stays well under a minute.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tracker.directory.models import UnitKind
from tracker.extensions import db
from tracker.meetings.models import Meeting

from ..helpers import working_in

SPECIALS = [
    "\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\r\n", "\r", "\u2028", "\ufeff",
    "\ud800", "\udfff",                      # lone surrogates: refused with a 422
    "2026-02-31", "2026-13-01", "2026-02-28", "14:00", "1e309", "-0",
    "\u200f", "\u202e", "\u0645\u0631\u062d\u0628\u0627",   # right-to-left marks and text
    "ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ", "საქართველო", "e\u0301", "<script>x</script>", "{{ 7*7 }}", "%s",
    "ა" * 10_000,
]
PLAIN = "Plain words"
TEXT = st.lists(
    st.one_of(st.sampled_from(SPECIALS),
              st.text(st.characters(exclude_categories=()), max_size=12)),
    min_size=1, max_size=4,
).map("".join)
SETTINGS = settings(max_examples=20, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@dataclass
class World:
    client: Any
    chair: Any
    admin: Any
    commitment_id: int
    meeting_id: int
    decision_id: int
    unit_id: int

    def meeting_version(self) -> int:
        return self.chair.get(f"/meetings/{self.meeting_id}").get_json()["version"]


@pytest.fixture
def world(client, api, users, make_commitment) -> World:
    client.login(users["chair"])
    chair, admin = api(users["chair"]), api(users["admin"])
    commitment = make_commitment()
    meeting = chair.post("/meetings", json={
        "place": "Hall", "date": "2026-02-02", "chair_id": users["chair"].id,
        "secretary_id": users["secretary"].id}).get_json()
    decision = chair.post(f"/meetings/{meeting['id']}/decisions",
                          json={"text": "Decided.", "version": meeting["version"]}).get_json()
    unit = admin.post("/units", json={"name": "Unit", "kind": UnitKind.SERVICE.value}).get_json()
    return World(client, chair, admin, commitment.id, meeting["id"], decision["id"], unit["id"])


def _pages_never_fail(world: World, urls: list[str]) -> None:
    for url in urls:
        if url.startswith("/api/v1"):
            response = world.chair.get(url.removeprefix("/api/v1"))
        else:
            response = world.client.get(url)
        assert response.status_code < 500, (url, response.status_code)


def _meeting_pages(world: World, text: str) -> list[str]:
    mid = world.meeting_id
    return [f"/meetings/{mid}", f"/meetings/{mid}/edit", f"/meetings/{mid}/protocol",
            f"/meetings/{mid}/protocol.docx", f"/api/v1/meetings/{mid}",
            f"/api/v1/meetings/{mid}/history", "/meetings/", _query("/meetings/", text),
            _query("/api/v1/minutes/search", text), _query("/meetings/", text, "attendee")]


def _typed(text: str) -> str:
    """What a browser can send of ``text``: it has no way to encode a lone surrogate."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _query(path: str, text: str, name: str = "q") -> str:
    return f"{path}?{urlencode({name: text[:300]}, errors='replace')}"


# Each kind: how to create it with ``text`` in every text field, and the pages to open.
Create = Callable[[World, str], Any]


def _commitment(world: World, text: str):
    response = world.chair.post("/commitments", json={
        "plan_id": world.chair.get("/plans").get_json()["items"][0]["id"],
        "title": text, "description": text, "problem": text, "solution": text,
        "additional_info": text, "budget_note": text,
        "completion_evidence": text})
    created = response.status_code == 201
    cid = response.get_json()["id"] if created else world.commitment_id
    world.client.post(f"/commitments/{cid}/comments", data={"text": _typed(text)})
    world.chair.post(f"/commitments/{cid}/transition", json={"to": "withdrawn", "comment": text})
    return response, [f"/commitments/{cid}", f"/commitments/{cid}/edit",
                      f"/api/v1/commitments/{cid}", f"/api/v1/commitments/{cid}/history",
                      "/", "/commitments/", _query("/commitments/", text), "/api/v1/board"]


def _milestone(world: World, text: str):
    cid = world.commitment_id
    response = world.chair.post(f"/commitments/{cid}/milestones",
                                json={"title": text, "deadline": "2026-03-01"})
    pages = [f"/commitments/{cid}", "/", f"/api/v1/commitments/{cid}/history"]
    if response.status_code == 201:
        mid = response.get_json()["id"]
        done = world.chair.patch(f"/milestones/{mid}", json={
            "done": True, "evidence": text, "version": response.get_json()["version"]})
        assert done.status_code < 500
        pages += [f"/milestones/{mid}/edit", f"/api/v1/milestones/{mid}/history"]
    return response, pages


def _subgroup(world: World, text: str):
    response = world.chair.post("/subgroups", json={"name": text, "deliverable": text})
    pages = ["/subgroups/", "/"]
    if response.status_code == 201:
        sid = response.get_json()["id"]
        world.client.post(f"/subgroups/{sid}/comments", data={"text": _typed(text)})
        pages += [f"/subgroups/{sid}", f"/subgroups/{sid}/edit",
                  f"/api/v1/subgroups/{sid}/history"]
    return response, pages


def _meeting(world: World, text: str):
    response = world.chair.post("/meetings", json={
        "place": text, "authority": text, "discussion": text, "date": "2026-02-03"})
    if response.status_code == 201:
        world.meeting_id = response.get_json()["id"]
        world.client.post(f"/meetings/{world.meeting_id}/comments", data={"text": _typed(text)})
    return response, _meeting_pages(world, text)


def _attendee(world: World, text: str):
    response = world.chair.post(f"/meetings/{world.meeting_id}/attendees", json={
        "name": text, "organisation": text, "position": text,
        "version": world.meeting_version()})
    pages = _meeting_pages(world, text)
    if response.status_code == 201:
        pages.append(f"/attendees/{response.get_json()['id']}/edit")
    return response, pages


def _agenda_item(world: World, text: str):
    response = world.chair.post(f"/meetings/{world.meeting_id}/agenda", json={
        "title": text, "discussion": text, "version": world.meeting_version()})
    pages = _meeting_pages(world, text)
    if response.status_code == 201:
        pages.append(f"/agenda-items/{response.get_json()['id']}/edit")
    return response, pages


def _decision(world: World, text: str):
    response = world.chair.post(f"/meetings/{world.meeting_id}/decisions",
                                json={"text": text, "version": world.meeting_version()})
    pages = _meeting_pages(world, text)
    if response.status_code == 201:
        pages.append(f"/decisions/{response.get_json()['id']}/edit")
    return response, pages


def _action_item(world: World, text: str):
    response = world.chair.post(f"/decisions/{world.decision_id}/action-items",
                                json={"title": text, "deadline": "2026-03-01"})
    pages = [*_meeting_pages(world, text), "/"]
    if response.status_code == 201:
        aid = response.get_json()["id"]
        note = world.chair.patch(f"/action-items/{aid}", json={
            "state": "done", "note": text, "version": response.get_json()["version"]})
        assert note.status_code < 500
        pages += [f"/action-items/{aid}/edit", f"/api/v1/action-items/{aid}/history"]
    return response, pages


def _unit(world: World, text: str):
    response = world.admin.post("/units", json={
        "name": text, "kind": UnitKind.DEPARTMENT.value, "functions": [text, text],
        "hotline": "0322 12 34 56"})  # a phone number is checked, not free text
    pages = ["/directory/", _query("/directory/", text), _query("/api/v1/units/search", text)]
    if response.status_code == 201:
        uid = response.get_json()["id"]
        pages += [f"/directory/{uid}", f"/directory/{uid}/edit", f"/api/v1/units/{uid}/history"]
    return response, pages


def _staff(world: World, text: str):
    uid = world.unit_id
    response = world.admin.post(f"/units/{uid}/staff", json={
        "name": text, "position": text, "rank": text[:40], "category": text[:40]})
    pages = [f"/directory/{uid}", _query("/directory/", text)]
    if response.status_code == 201:
        pages.append(f"/directory/staff/{response.get_json()['id']}/edit")
    return response, pages


def _person(world: World, text: str):
    response = world.chair.post("/people", json={
        "name": text, "organisation": text, "position": text})
    pages = ["/people/", _query("/people/", text), _query("/api/v1/people", text)]
    if response.status_code == 201:
        pid = response.get_json()["id"]
        pages += [f"/people/{pid}", f"/people/{pid}/edit", f"/people/{pid}/merge",
                  f"/api/v1/people/{pid}/history"]
    return response, pages


KINDS: dict[str, Create] = {
    "commitment": _commitment, "milestone": _milestone, "subgroup": _subgroup,
    "meeting": _meeting, "attendee": _attendee, "agenda item": _agenda_item,
    "decision": _decision, "action item": _action_item, "unit": _unit, "staff": _staff,
    "person": _person,
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_any_text_in_any_field_never_breaks_a_page(world: World, users, kind: str) -> None:
    create = KINDS[kind]
    if kind in ("unit", "staff"):  # the directory is the admin's
        world.client.logout()
        world.client.login(users["admin"])

    @SETTINGS
    @given(text=TEXT)
    @example(text="2026-02-31")  # shaped like a date, and no date: the history must cope
    @example(text=PLAIN)
    @example(text="\ud83d\ude00")  # two lone surrogates that JSON carries as one emoji
    def check(text: str) -> None:
        response, pages = create(world, text)
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        if text == PLAIN:  # the object is made, so its own pages are opened with the text
            assert response.status_code == 201, response.get_data(as_text=True)[:300]
        # What the server receives: in JSON a high and a low surrogate side by side are one
        # real character (a pair), so only a surrogate still alone after that is refused.
        received = json.loads(json.dumps(text))
        if any("\ud800" <= ch <= "\udfff" for ch in received):
            assert response.status_code == 422  # refused, never stored half-cleaned
        _pages_never_fail(world, pages)

    check()


def test_minutes_stored_with_control_characters_still_export(app, world: World) -> None:
    """Text stored before the cleaner existed (or by any path that skips it) must not make
    the ``.docx`` fail for good: the writer drops what XML 1.0 cannot hold."""
    with working_in(app):
        meeting = db.session.get(Meeting, world.meeting_id)
        meeting.place = "Hall\x0bB"
        meeting.discussion = "Pasted from Word:\x0b\x0c a vertical tab\x1b." + "ა" * 300
        db.session.commit()
    for url in (f"/meetings/{world.meeting_id}/protocol.docx",
                f"/meetings/{world.meeting_id}/protocol", f"/meetings/{world.meeting_id}"):
        assert world.client.get(url).status_code == 200, url
    document = world.client.get(f"/meetings/{world.meeting_id}/protocol.docx").data
    assert b"HallB" in zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml")
