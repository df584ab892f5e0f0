"""Roles bound membership: an observer listed as a subgroup's member stays read-only, on
every route of the group and of its meetings, on the web and over the API (issue 7: such
an observer could write the deliverable and the minutes). The group's member with the
member role ("insider") is the control: the same request succeeds for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from tracker.accounts.models import User
from tracker.extensions import db
from tracker.meetings import minutes as minutes_ops
from tracker.meetings import operations as meeting_ops
from tracker.meetings.models import Meeting
from tracker.subgroups.models import Subgroup
from tracker.workflow import MONITORED

from ..helpers import working_in

WRITERS = ("insider",)
ROLES = ("insider", "observer")


@dataclass
class World:
    group: int
    meeting: int
    decision: int
    group_version: int
    meeting_version: int

    def url(self, template: str) -> str:
        return template.format(g=self.group, m=self.meeting, d=self.decision)

    def fill(self, data: dict[str, Any]) -> dict[str, Any]:
        versions = {"{gv}": self.group_version, "{mv}": self.meeting_version,
                    "{g}": self.group}
        return {k: versions.get(v, v) if isinstance(v, str) else v for k, v in data.items()}


@pytest.fixture
def world(app, factory, people, make_subgroup) -> World:
    """An active group with the observer among its members, and a meeting of it."""
    group = make_subgroup(MONITORED, member_ids=[people["insider"].id, people["observer"].id])

    def build() -> Meeting:
        insider = db.session.get(User, people["insider"].id)
        meeting = meeting_ops.create_meeting(insider, {
            "subgroup_id": group.id, "place": "ოთახი 2", "date": date(2024, 4, 4)})
        minutes_ops.add_decision(meeting, insider, {"text": "მომზადდეს პროექტი."})
        return meeting

    meeting = factory._run(build)
    with working_in(app):
        stored = db.session.get(Meeting, meeting.id)
        return World(group.id, stored.id, stored.decisions[0].id,
                     db.session.get(Subgroup, group.id).version, stored.version)


def test_the_observer_is_a_member_of_the_group(app, people, world: World) -> None:
    with working_in(app):
        group = db.session.get(Subgroup, world.group)
        observer = db.session.get(User, people["observer"].id)
        assert group.is_member(observer) and not group.works_in(observer)


WEB_PAGES = ["/subgroups/{g}/edit", "/meetings/{m}/edit", "/decisions/{d}/edit",
             "/meetings/new?subgroup={g}"]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("page", WEB_PAGES)
def test_web_forms(browse_as, people, world: World, page: str, who: str) -> None:
    response = browse_as(people[who]).get(world.url(page))
    assert response.status_code == (200 if who in WRITERS else 403)


WEB_WRITES = {
    "deliverable": ("/subgroups/{g}/deliverable", {"deliverable_result": "პროექტი მზადაა",
                                                   "version": "{gv}"}),
    "edit-meeting": ("/meetings/{m}/edit", {"subgroup_id": "{g}", "place": "ოთახი 5",
                                            "date": "04/04/2024", "version": "{mv}"}),
    "add-decision": ("/meetings/{m}/decisions", {"text": "ახალი გადაწყვეტილება"}),
    "add-attendee": ("/meetings/{m}/attendees", {"name": "ნინო", "org_kind": "donor",
                                                 "presence": "present"}),
    "add-action": ("/decisions/{d}/action-items", {"title": "დავალება",
                                                   "deadline": "01/01/2031"}),
    "new-meeting": ("/meetings/new", {"subgroup_id": "{g}", "place": "ოთახი 9"}),
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("name", WEB_WRITES)
def test_web_writes(browse_as, people, world: World, db_snapshot, name: str, who: str) -> None:
    url, data = WEB_WRITES[name]
    client = browse_as(people[who])
    before = db_snapshot()
    response = client.post(world.url(url), data=world.fill(data))
    if who in WRITERS:
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        assert db_snapshot() != before
    else:
        assert response.status_code == 403
        assert db_snapshot() == before


API_WRITES = {
    "deliverable": ("PATCH", "/subgroups/{g}", {"deliverable_result": "პროექტი",
                                                "version": "{gv}"}),
    "edit-meeting": ("PATCH", "/meetings/{m}", {"place": "ოთახი 5", "version": "{mv}"}),
    "add-decision": ("POST", "/meetings/{m}/decisions", {"text": "ახალი"}),
    "add-agenda": ("POST", "/meetings/{m}/agenda", {"title": "ახალი საკითხი"}),
    "add-action": ("POST", "/decisions/{d}/action-items", {"title": "დავალება",
                                                           "deadline": "2031-01-01"}),
    "new-meeting": ("POST", "/meetings", {"subgroup_id": "{g}", "place": "ოთახი 9"}),
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("name", API_WRITES)
def test_api_writes(api, people, world: World, db_snapshot, name: str, who: str) -> None:
    method, url, body = API_WRITES[name]
    client = api(people[who])
    before = db_snapshot()
    response = client.open(method, world.url(url), json=world.fill(body))
    if who in WRITERS:
        assert response.status_code in (200, 201), response.get_json()
        assert db_snapshot() != before
    else:
        assert response.status_code == 403, response.get_json()
        assert response.get_json()["error"]["code"] == "forbidden"
        assert db_snapshot() == before


@pytest.mark.parametrize("who", ROLES)
def test_api_permissions_in_the_group_json(api, people, world: World, who: str) -> None:
    body = api(people[who]).get(f"/subgroups/{world.group}").get_json()
    assert body["permissions"]["edit"] is (who in WRITERS)
    assert body["permissions"]["record_meeting"] is (who in WRITERS)


def test_the_observer_cannot_hold_the_groups_meeting(api, people, world: World) -> None:
    response = api(people["observer"]).post(f"/meetings/{world.meeting}/transition",
                                            json={"to": MONITORED})
    assert response.status_code in (403, 422)
    assert api(people["observer"]).get(f"/meetings/{world.meeting}").get_json()["state"] != \
        MONITORED
