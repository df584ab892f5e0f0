"""Who may do what with a subgroup: route × role × membership, on the web and on the API.

"lead" leads the group and "insider" is its member; "outsider" is a member of the working
group but not of this subgroup. The group's own people edit its deliverable and record its
meetings; the chair and admin shape the group and approve it; everyone else reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

from tracker.accounts.models import User
from tracker.errors import PermissionDenied
from tracker.extensions import db
from tracker.meetings import operations as meeting_ops
from tracker.meetings.models import Meeting
from tracker.subgroups.models import Subgroup
from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

from ..helpers import VISITOR, assert_page_access, subgroup_facts
from .conftest import GROUP_PEOPLE, MANAGERS, PEOPLE

EDITORS = (*MANAGERS, *GROUP_PEOPLE)


# Pages ---------------------------------------------------------------------------------------
PAGES = {
    "/subgroups/": PEOPLE,
    "/subgroups/{g}": PEOPLE,
    "/subgroups/new": MANAGERS,
    "/subgroups/{g}/edit": EDITORS,
}


@pytest.mark.parametrize("who", [*PEOPLE, VISITOR])
@pytest.mark.parametrize("page", PAGES)
def test_pages_by_role_and_membership(browse_as, make_subgroup, people, page: str, who: str):
    group = make_subgroup(MONITORED)
    response = browse_as(VISITOR if who == VISITOR else people[who]).get(page.format(g=group.id))
    assert_page_access(response, who, PAGES[page])


def test_the_edit_page_shows_the_group_people_only_the_deliverable(
    browse_as, make_subgroup, people
):
    group = make_subgroup(MONITORED)
    edit = f"/subgroups/{group.id}/edit"
    chair_page = browse_as("chair").get(edit).get_data(as_text=True)
    lead_page = browse_as(people["lead"]).get(edit).get_data(as_text=True)
    for name in ("name", "lead_id", "member_ids", "commitment_ids", "deliverable_deadline"):
        assert f'name="{name}"' in chair_page
        assert f'name="{name}"' not in lead_page
    assert 'name="deliverable_result"' in lead_page


# Web actions ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Action:
    state: str
    url: str
    data: dict[str, Any]
    allowed: tuple[str, ...]
    expect: dict[str, Any]                      # facts of the group once allowed
    refused_to: tuple[str, ...] = ()            # group people refused on these facts only
    ignored_for: dict[str, Any] = field(default_factory=dict)


WEB_ACTIONS = {
    "record-deliverable": Action(
        MONITORED, "/subgroups/{g}/deliverable", {"deliverable_result": "Rules drafted"},
        EDITORS, {"deliverable_result": "Rules drafted"},
    ),
    "activate": Action(
        DRAFT, "/subgroups/{g}/transition", {"to": MONITORED}, MANAGERS, {"state": MONITORED},
    ),
    "complete": Action(
        MONITORED, "/subgroups/{g}/transition", {"to": COMPLETED}, (*MANAGERS, "lead"),
        {"state": COMPLETED},
    ),
    "withdraw": Action(
        MONITORED, "/subgroups/{g}/transition", {"to": WITHDRAWN, "comment": "Merged"},
        MANAGERS, {"state": WITHDRAWN},
    ),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", WEB_ACTIONS)
def test_web_actions_by_role_and_membership(app, browse_as, make_subgroup, people, action, who):
    case = WEB_ACTIONS[action]
    extra = {"deliverable_result": "Rules adopted"} if action == "complete" else {}
    group = make_subgroup(case.state, **extra)
    before = subgroup_facts(app, group.id)
    client = browse_as(people[who])
    response = client.post(
        case.url.format(g=group.id), data={**case.data, "version": before["version"]}
    )
    after = subgroup_facts(app, group.id)
    if who in case.allowed:
        assert response.status_code == 302
        assert {k: after[k] for k in case.expect} == case.expect
    else:
        assert response.status_code in (302, 403)
        assert after == before


@pytest.mark.parametrize("who", PEOPLE)
def test_web_edit_shapes_the_group_for_managers_only(
    app, browse_as, make_subgroup, people, who
):
    group = make_subgroup(MONITORED)
    before = subgroup_facts(app, group.id)
    response = browse_as(people[who]).post(f"/subgroups/{group.id}/edit", data={
        "name": "Renamed group",
        "lead_id": people["outsider"].id,
        "member_ids": [people["insider"].id, people["outsider"].id],
        "commitment_ids": before["commitment_ids"],
        "deliverable": "Another deliverable",
        "deliverable_deadline": (date.today() + timedelta(days=40)).strftime("%d/%m/%Y"),
        "deliverable_result": "Half done",
        "version": before["version"],
    })
    after = subgroup_facts(app, group.id)
    if who in MANAGERS:
        assert response.status_code == 302
        assert (after["name"], after["lead_id"]) == ("Renamed group", people["outsider"].id)
        assert after["member_ids"] == sorted([people["insider"].id, people["outsider"].id])
    elif who in GROUP_PEOPLE:
        # Their form has only the deliverable: the rest of the post is ignored.
        assert response.status_code == 302
        assert after == {**before, "deliverable_result": "Half done", "version": after["version"]}
    else:
        assert response.status_code == 403
        assert after == before


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_may_comment(app, browse_as, make_subgroup, people, who) -> None:
    group = make_subgroup()
    client = browse_as(people[who])
    response = client.post(f"/subgroups/{group.id}/comments", data={"text": "Noted"})
    assert response.status_code == 302
    page = client.get(f"/subgroups/{group.id}").get_data(as_text=True)
    assert "Noted" in page


# Meetings of the group -----------------------------------------------------------------------
def _meeting_data(group_id: int) -> dict[str, Any]:
    return {"subgroup_id": group_id, "place": "Room 3", "date": date.today()}


@pytest.mark.parametrize("who", PEOPLE)
def test_the_groups_people_record_its_meetings(app_ctx, make_subgroup, people, who) -> None:
    group = db.session.get(Subgroup, make_subgroup(MONITORED).id)
    actor = db.session.get(User, people[who].id)
    if who in (*MANAGERS, "secretary", *GROUP_PEOPLE):
        meeting = meeting_ops.create_meeting(actor, _meeting_data(group.id))
        assert (meeting.subgroup_id, meeting.number) == (group.id, 1)
        meeting_ops.update_meeting(meeting, actor, {"place": "Room 4", "version": meeting.version})
        assert meeting.may_record(actor)
    else:
        with pytest.raises(PermissionDenied):
            meeting_ops.create_meeting(actor, _meeting_data(group.id))
        db.session.rollback()
        assert db.session.query(Meeting).count() == 0


@pytest.mark.parametrize("who", ("outsider", "observer"))
def test_others_may_not_edit_the_groups_minutes(app_ctx, make_subgroup, people, who) -> None:
    group = db.session.get(Subgroup, make_subgroup(MONITORED).id)
    meeting = meeting_ops.create_meeting(
        db.session.get(User, people["lead"].id), _meeting_data(group.id)
    )
    actor = db.session.get(User, people[who].id)
    assert not meeting.may_record(actor)
    with pytest.raises(PermissionDenied):
        meeting_ops.update_meeting(
            meeting, actor, {"place": "Elsewhere", "version": meeting.version}
        )


@pytest.mark.parametrize("state", [COMPLETED, WITHDRAWN])
def test_a_closed_group_holds_no_new_meetings_of_its_own_people(
    app_ctx, make_subgroup, people, state
) -> None:
    group = db.session.get(Subgroup, make_subgroup(state).id)
    with pytest.raises(PermissionDenied):
        meeting_ops.create_meeting(db.session.get(User, people["lead"].id), _meeting_data(group.id))


def test_the_page_offers_recording_a_meeting_to_the_groups_people(
    app, browse_as, make_subgroup, people
):
    group = make_subgroup(MONITORED)
    link = f"/meetings/new?subgroup={group.id}"

    def page_of(who: str) -> str:
        return browse_as(people[who]).get(f"/subgroups/{group.id}").get_data(as_text=True)

    for who in ("lead", "insider", "chair"):
        assert link in page_of(who)
    for who in ("outsider", "observer"):
        assert link not in page_of(who)


# API -----------------------------------------------------------------------------------------
API_READS = ("/subgroups", "/subgroups/{g}", "/subgroups/{g}/history")


@pytest.mark.parametrize("who", PEOPLE)
def test_api_reads_for_everyone(api, people, make_subgroup, who) -> None:
    group = make_subgroup()
    client = api(people[who])
    for path in API_READS:
        assert client.get(path.format(g=group.id)).status_code == 200


API_WRITES = {
    # name: (state, method, path, body, allowed)
    "create": (DRAFT, "POST", "/subgroups", {"name": "New group"}, MANAGERS),
    "record-deliverable": (
        MONITORED, "PATCH", "/subgroups/{g}", {"deliverable_result": "Rules drafted"}, EDITORS,
    ),
    "rename": (MONITORED, "PATCH", "/subgroups/{g}", {"name": "Renamed"}, MANAGERS),
    "activate": (DRAFT, "POST", "/subgroups/{g}/transition", {"to": MONITORED}, MANAGERS),
    "complete": (
        MONITORED, "POST", "/subgroups/{g}/transition", {"to": COMPLETED}, (*MANAGERS, "lead"),
    ),
    "reopen": (
        COMPLETED, "POST", "/subgroups/{g}/transition", {"to": MONITORED, "comment": "Fix"},
        MANAGERS,
    ),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", API_WRITES)
def test_api_writes_by_role_and_membership(app, api, people, make_subgroup, action, who):
    state, method, path, body, allowed = API_WRITES[action]
    extra = {"deliverable_result": "Rules adopted"} if action == "complete" else {}
    group = make_subgroup(state, **extra)
    before = subgroup_facts(app, group.id)
    response = api(people[who]).open(
        method, path.format(g=group.id), json={**body, "version": before["version"]}
        if method == "PATCH" or "transition" in path else body,
    )
    if who in allowed:
        assert response.status_code in (200, 201), response.get_json()
    else:
        assert response.status_code == 403, response.get_json()
        assert response.get_json()["error"]["code"] == "forbidden"
        assert subgroup_facts(app, group.id) == before
