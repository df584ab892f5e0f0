"""Worlds that break (or meet) each early-warning rule, built through the operations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tracker.commitments import operations as ops
from tracker.commitments.models import Commitment
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.meetings import action_items as action_ops
from tracker.meetings.models import ActionItem
from tracker.subgroups import operations as subgroup_ops
from tracker.subgroups.models import Subgroup

from ..factories import Factory


def edit_commitment(factory: Factory, commitment: Commitment, **values: Any) -> Commitment:
    """The chair changes a commitment (an owner or a lead unit taken away)."""

    def build() -> Commitment:
        row = db.session.get(Commitment, commitment.id)
        return ops.update_commitment(row, factory._actor(None),
                                     {**values, "version": row.version})

    return factory._run(build)


def finish_milestones(factory: Factory, commitment: Commitment) -> Commitment:
    """Every milestone of the commitment marked done, with evidence."""

    def build() -> Commitment:
        row = db.session.get(Commitment, commitment.id)
        for milestone in row.milestones:
            ops.mark_milestone_done(milestone, factory._actor(None),
                                    {"evidence": "ანგარიში", "version": milestone.version})
        return row

    return factory._run(build)


def withdraw_commitment(factory: Factory, commitment: Commitment) -> Commitment:
    def build() -> Commitment:
        row = db.session.get(Commitment, commitment.id)
        return ops.transition_commitment(row, factory._actor(None), "withdrawn", "აღარ არის")

    return factory._run(build)


def withdraw_subgroup(factory: Factory, group: Subgroup) -> Subgroup:
    def build() -> Subgroup:
        row = db.session.get(Subgroup, group.id)
        return subgroup_ops.transition_subgroup(row, factory._actor(None), "withdrawn",
                                                "აღარ არის საჭირო")

    return factory._run(build)


def close_item(factory: Factory, item: ActionItem, state: str = "done") -> ActionItem:
    def build() -> ActionItem:
        row = db.session.get(ActionItem, item.id)
        return action_ops.close_action_item(row, factory._actor("chair"),
                                            {"state": state, "version": row.version})

    return factory._run(build)


def silent_subgroup(factory: Factory, days_ago: int = 90, **fields: Any) -> Subgroup:
    """An active subgroup whose last meeting was held ``days_ago`` days ago."""
    fields.setdefault("members", [factory.user("member")])
    group = factory.subgroup("monitored", **fields)
    factory.meeting("monitored", subgroup_id=group.id,
                    date=local_today_of(factory) - timedelta(days=days_ago))
    return group


def overdue_on_track(factory: Factory, today: Any, title: str, status: str = "on_track",
                     overdue: bool = True) -> Commitment:
    """A monitored commitment whose milestone is (or is not) past its deadline and whose
    newest progress report has ``status``."""
    commitment = factory.commitment(state="monitored", title=title)
    factory.milestone(commitment, deadline=today - timedelta(days=3 if overdue else -3))
    factory.report(commitment, status=status)
    return commitment


def local_today_of(factory: Factory) -> Any:
    with factory.app.app_context():
        return local_today()


@pytest.fixture
def offending(factory: Factory) -> Callable[[str], Any]:
    """``offending(code)``: a row of this municipality that breaks the rule ``code``, and
    breaks no other."""
    return lambda code: make_offending(factory, code)


def make_offending(factory: Factory, code: str) -> Any:
    today = local_today_of(factory)
    n = factory._number()  # titles and names are unique in their plan or municipality
    if code == "commitment_no_owner":
        return edit_commitment(factory, factory.commitment(state="monitored",
                                                           title=f"უპატრონო ვალდებულება {n}"),
                               owner_id=None)
    if code == "commitment_no_lead_unit":
        return edit_commitment(factory, factory.commitment(state="monitored",
                                                           title=f"უწამყვანო ვალდებულება {n}"),
                               lead_unit_id=None)
    if code == "commitment_no_open_milestone":
        return finish_milestones(factory, factory.commitment(state="monitored",
                                                             title=f"ეტაპებდასრულებული {n}"))
    if code == "commitment_deadline_passed":
        return factory.commitment(state="monitored", title=f"ვადაგასული ვალდებულება {n}",
                                  start_date=today - timedelta(days=50),
                                  deadline=today - timedelta(days=1))
    if code == "commitment_no_report":
        return factory.commitment(state="monitored", title=f"უანგარიშო ვალდებულება {n}",
                                  start_date=today - timedelta(days=100))
    if code == "commitment_overdue_on_track":
        return overdue_on_track(factory, today, f"„გეგმით“ მიმდინარე {n}")
    if code == "subgroup_no_meeting":
        return silent_subgroup(factory, name=f"მდუმარე ქვეჯგუფი {n}")
    if code == "action_item_no_owner":
        return factory.action_item(factory.meeting("monitored"), title="უპატრონო დავალება")
    raise ValueError(code)
