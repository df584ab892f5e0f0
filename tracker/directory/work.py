"""What a unit is answerable for: the unit page's view across the areas.

This module reads commitments, meetings and subgroups, so it sits above them (an
aggregator, like the board); the rest of the directory is foundation that the areas use.
"Open" is each item's own rule (:mod:`tracker.workflow.dated`): live and not done.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import not_, or_, select
from sqlalchemy.orm import joinedload

from ..commitments.models import Commitment, Milestone
from ..extensions import db
from ..meetings.models import ActionItem, Decision
from ..subgroups.models import Subgroup
from .models import Unit


@dataclass
class UnitWork:
    """What a unit is answerable for, directly: commitments it leads or owns, open
    milestones and action items it owns, and subgroups it forms."""

    commitments: list[Commitment]
    milestones: list[Milestone]
    action_items: list[ActionItem]
    subgroups: list[Subgroup]


def unit_work(unit: Unit) -> UnitWork:
    commitments = db.session.execute(
        select(Commitment)
        .where(or_(Commitment.lead_unit_id == unit.id, Commitment.owner_unit_id == unit.id))
        .options(joinedload(Commitment.owner), joinedload(Commitment.plan))
        .order_by(Commitment.plan_id, Commitment.number)
    ).scalars().all()
    milestones = db.session.execute(
        select(Milestone)
        .where(Milestone.owner_unit_id == unit.id, Milestone.is_live, not_(Milestone.is_done))
        .options(joinedload(Milestone.commitment))
        .order_by(Milestone.deadline, Milestone.id)
    ).scalars().all()
    action_items = db.session.execute(
        select(ActionItem)
        .where(ActionItem.owner_unit_id == unit.id, ActionItem.is_live,
               not_(ActionItem.is_done))
        .options(joinedload(ActionItem.decision).joinedload(Decision.meeting))
        .order_by(ActionItem.deadline, ActionItem.id)
    ).scalars().all()
    subgroups = db.session.execute(
        select(Subgroup).where(Subgroup.unit_id == unit.id).order_by(Subgroup.name)
    ).scalars().all()
    return UnitWork(list(commitments), list(milestones), list(action_items), list(subgroups))
