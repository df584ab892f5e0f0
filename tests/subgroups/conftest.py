"""Fixtures of the subgroups area: a group with its own people, built through the operations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from tracker.accounts.models import User
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.subgroups import operations as ops
from tracker.subgroups.models import Subgroup
from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

# "lead" leads the group, "insider" is one of its members, "outsider" a member of the
# working group who is not in this subgroup.
PEOPLE = ("admin", "chair", "secretary", "lead", "insider", "outsider", "observer")
MANAGERS = ("admin", "chair")
GROUP_PEOPLE = ("lead", "insider")
VISITOR = "anonymous"


@pytest.fixture
def people(users, make_user) -> dict[str, User]:
    return {
        **users,
        "lead": make_user("member", name="Lela Lead"),
        "insider": make_user("member", name="Irakli Insider"),
        "outsider": make_user("member", name="Otar Outsider"),
    }


@pytest.fixture
def make_subgroup(factory, people, make_commitment):
    """``make_subgroup(state=…, ready=True, **fields)``: a subgroup taken to ``state``
    through the real transitions; ``ready`` gives it what activation needs (the lead,
    the insider as member, a commitment and a deliverable deadline). A
    ``deliverable_result`` is recorded once the group is active."""

    def build(state: str = DRAFT, *, ready: bool = True, **fields: Any) -> Subgroup:
        data: dict[str, Any] = {"name": f"Subgroup {factory._number()}"}
        if ready:
            data.update(
                lead_id=people["lead"].id,
                member_ids=[people["insider"].id],
                commitment_ids=[make_commitment(state=MONITORED).id],
                deliverable="Draft petition rules",
            )

        def create() -> Subgroup:
            if ready:
                data["deliverable_deadline"] = local_today() + timedelta(days=20)
            data.update(fields)
            result = data.pop("deliverable_result", None)
            chair = db.session.get(User, people["chair"].id)
            group = ops.create_subgroup(chair, data)
            if state in (MONITORED, COMPLETED):
                ops.transition_subgroup(group, chair, MONITORED)
            if result:
                ops.update_subgroup(
                    group, chair, {"deliverable_result": result, "version": group.version}
                )
            if state == COMPLETED:
                ops.update_subgroup(
                    group, chair, {"deliverable_result": "Rules adopted", "version": group.version}
                )
                ops.transition_subgroup(group, chair, COMPLETED)
            if state == WITHDRAWN:
                ops.transition_subgroup(group, chair, WITHDRAWN, "No longer needed")
            return group

        return factory._run(create)

    return build


@dataclass
class Browser:
    """The test client, logged in as one of ``people`` (or nobody)."""

    client: Any
    auth: Any
    people: dict[str, User]

    def as_(self, who: str):
        self.auth.logout()
        if who != VISITOR:
            assert self.auth.login(self.people[who]).status_code == 302
        return self.client


@pytest.fixture
def browser(client, auth, people) -> Browser:
    return Browser(client, auth, people)


def group_facts(app, subgroup_id: int) -> dict[str, Any]:
    """What a test checks of a subgroup, read afresh in a context of its own."""
    with app.app_context():
        group = db.session.get(Subgroup, subgroup_id)
        return {
            "name": group.name,
            "state": group.state,
            "version": group.version,
            "lead_id": group.lead_id,
            "member_ids": sorted(m.id for m in group.members),
            "commitment_ids": sorted(c.id for c in group.commitments),
            "deliverable_result": group.deliverable_result,
        }


def today_of(app) -> date:
    """The app's "today" (its time zone), for tests outside an application context."""
    with app.app_context():
        return local_today()
