"""The commitment pages: who gets what, for every route and every role (logged out included)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tracker.audit.models import AuditEntry
from tracker.commitments.models import Commitment, Milestone
from tracker.commitments.workflow import COMMITMENT_WORKFLOW
from tracker.errors import TransitionRefused
from tracker.extensions import db
from tracker.workflow import COMPLETED, MONITORED, check

from ..helpers import VISITOR, assert_page_access, assert_sent_to_login, translated, working_in

# "owner" is the member who owns the commitment, "member" a member who does not.
EVERYONE = ("admin", "chair", "secretary", "owner", "member", "observer")
MANAGERS = ("admin", "chair")


@dataclass
class World:
    commitment_id: int
    milestone_id: int

    def url(self, template: str) -> str:
        return template.format(c=self.commitment_id, m=self.milestone_id)


@pytest.fixture
def people(users, make_user):
    return {**users, "owner": users["member"], "member": make_user("member")}


@pytest.fixture
def world(people, make_commitment, make_milestone) -> World:
    """A draft that is ready for approval, owned by "owner", with one open milestone."""
    commitment = make_commitment(ready=True, milestones=0, owner_id=people["owner"].id)
    milestone = make_milestone(commitment, owner_id=people["owner"].id)
    return World(commitment.id, milestone.id)


# Pages -------------------------------------------------------------------------------------
PAGES = {
    "/": EVERYONE,
    "/commitments/": EVERYONE,
    "/commitments/{c}": EVERYONE,
    "/commitments/new": MANAGERS,
    "/commitments/{c}/edit": (*MANAGERS, "owner"),
    "/milestones/{m}/edit": (*MANAGERS, "owner"),
    "/plans/": EVERYONE,
    "/plans/new": MANAGERS,
}


@pytest.mark.parametrize("role", [*EVERYONE, VISITOR])
@pytest.mark.parametrize("page", PAGES)
def test_pages_by_role(browse_as, people, world: World, page: str, role: str) -> None:
    response = browse_as(VISITOR if role == VISITOR else people[role]).get(world.url(page))
    assert_page_access(response, role, PAGES[page])


# Actions -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Action:
    url: str
    data: dict[str, str]
    allowed: tuple[str, ...]
    refused_status: int  # a 403 page saying why, or a redirect back (a form's errors)


ACTIONS = {
    "approve": Action("/commitments/{c}/transition", {"to": MONITORED}, MANAGERS, 403),
    "add-milestone": Action(
        "/commitments/{c}/milestones",
        {"title": "Public hearing", "deadline": "01/06/2030"},
        (*MANAGERS, "owner"),
        403,
    ),
    "milestone-done": Action(
        "/milestones/{m}/done",
        {"evidence": "Minutes published", "version": "1"},
        (*MANAGERS, "owner"),
        403,
    ),
    "comment": Action("/commitments/{c}/comments", {"text": "Looks good"}, EVERYONE, 302),
}


@pytest.mark.parametrize("role", [*EVERYONE, VISITOR])
@pytest.mark.parametrize("name", ACTIONS)
def test_actions_by_role(browse_as, people, world: World, db_snapshot, name: str, role: str):
    action = ACTIONS[name]
    client = browse_as(VISITOR if role == VISITOR else people[role])
    before = db_snapshot()
    response = client.post(world.url(action.url), data=action.data)
    if role == VISITOR:
        assert_sent_to_login(response)
    elif role in action.allowed:
        assert response.status_code == 302
        assert response.headers["Location"].startswith(f"/m/city/commitments/{world.commitment_id}")
    else:
        assert response.status_code == action.refused_status
    assert (db_snapshot() != before) == (role in action.allowed)


def test_each_action_does_what_it_says(app, browse_as, world: World) -> None:
    client = browse_as("chair")
    for action in ACTIONS.values():
        assert client.post(world.url(action.url), data=action.data).status_code == 302
    with working_in(app):
        commitment = db.session.get(Commitment, world.commitment_id)
        milestone = db.session.get(Milestone, world.milestone_id)
        added = [m for m in commitment.milestones if m.id != milestone.id]
        comments = [
            e.comment
            for e in AuditEntry.history("commitment", commitment.id)
            if e.action == "comment"
        ]
        assert commitment.state == MONITORED
        assert (milestone.done, milestone.evidence) == (True, "Minutes published")
        assert [(m.title, m.deadline.isoformat(), m.done) for m in added] == [
            ("Public hearing", "2030-06-01", False)
        ]
        assert comments == ["Looks good"]


def test_refused_completion_of_a_draft_shows_the_reason(app, browse_as, world: World) -> None:
    with working_in(app), app.test_request_context():
        commitment = db.session.get(Commitment, world.commitment_id)
        with pytest.raises(TransitionRefused) as refused:
            check(COMMITMENT_WORKFLOW, commitment, commitment.owner, COMPLETED)
    (reason,) = refused.value.reasons

    page = browse_as("chair").post(
        world.url("/commitments/{c}/transition"), data={"to": COMPLETED}, follow_redirects=True
    )
    assert page.status_code == 200
    assert reason in page.get_data(as_text=True)
    with working_in(app):
        assert db.session.get(Commitment, world.commitment_id).state == "draft"


def test_a_refused_role_is_told_why(app, browse_as, world: World) -> None:
    message = translated(
        app, "Your role may not move this item to “%(dest)s”.", dest=translated(app, "Monitored")
    )
    page = browse_as("observer").post(
        world.url("/commitments/{c}/transition"), data={"to": MONITORED}
    )
    assert page.status_code == 403
    assert message in page.get_data(as_text=True)
