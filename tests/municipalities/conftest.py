"""Two municipalities in different states of progress, for the overview's tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from tracker.accounts.models import User
from tracker.commitments import operations as ops
from tracker.commitments.models import Milestone
from tracker.extensions import db
from tracker.municipalities import scope
from tracker.workflow import COMPLETED, MONITORED, WITHDRAWN

from ..factories import Factory
from ..helpers import today_of


def mark_first_milestone_done(app: Flask, factory: Factory, commitment_id: int) -> None:
    """A commitment's first milestone marked done by its municipality's chair, through
    the operation."""
    with app.app_context(), scope.entered(factory.municipality()):
        milestone = db.session.execute(
            select(Milestone).where(Milestone.commitment_id == commitment_id)
            .order_by(Milestone.id)
        ).scalars().first()
        chair = db.session.get(User, factory.default_user("chair").id)
        ops.mark_milestone_done(milestone, chair, {"evidence": "Report",
                                                   "version": milestone.version})
        db.session.commit()


@dataclass(frozen=True)
class World:
    city: Factory
    town: Factory
    coordinator: User


@pytest.fixture
def world(app: Flask, factory: Factory) -> World:
    """``city`` (ნაპირი): one plan; commitments draft (overdue), monitored (nothing done),
    monitored (one of two milestones done, the other overdue), completed, withdrawn
    (overdue, which does not count); an overdue action item; minutes approved 20 days ago
    and pending from 7 days ago; a meeting scheduled ahead.

    ``town`` (ზეგანი): two plans; one monitored commitment with one of three milestones
    done; an active subgroup whose deliverable is overdue; no meetings."""
    today = today_of(app)
    city, town = factory, factory.elsewhere()

    city.commitment(deadline=today - timedelta(days=3))
    city.commitment(state=MONITORED)
    halfway = city.commitment(state=MONITORED)
    late = city.milestone(halfway, deadline=today - timedelta(days=1))
    mark_first_milestone_done(app, city, halfway.id)
    city.commitment(state=COMPLETED, deadline=today - timedelta(days=1))
    city.commitment(state=WITHDRAWN, deadline=today - timedelta(days=9))
    city.meeting(COMPLETED, date=today - timedelta(days=20))
    city.meeting(MONITORED, action={"deadline": today - timedelta(days=2)})
    city.meeting(date=today + timedelta(days=5))
    assert late.deadline < today

    town.plan()
    started = town.commitment(state=MONITORED, milestones=3)
    mark_first_milestone_done(app, town, started.id)
    town.subgroup(MONITORED, commitments=[started], members=[town.user("member")],
                  deliverable_deadline=today - timedelta(days=4))
    return World(city, town, factory.default_user("coordinator"))


#: What the world's figures are (the API's shape).
CITY_FIGURES = {
    "municipality": "city",
    "name": "ნაპირი",
    "plans": 1,
    "commitments": {"draft": 1, "monitored": 2, "completed": 1, "withdrawn": 1},
    # Live commitments only: the draft and the untouched one have nothing done.
    "completion": {"not_started": 2, "limited": 0, "substantial": 1, "complete": 1},
    # The draft commitment, the late milestone, the action item.
    "overdue": 3,
    "minutes": {"approved": 1, "pending": 1},
}
TOWN_FIGURES = {
    "municipality": "town",
    "name": "ზეგანი",
    "plans": 2,
    "commitments": {"draft": 0, "monitored": 1, "completed": 0, "withdrawn": 0},
    "completion": {"not_started": 0, "limited": 1, "substantial": 0, "complete": 0},
    "overdue": 1,
    "last_meeting": None,
    "minutes": {"approved": 0, "pending": 0},
}
