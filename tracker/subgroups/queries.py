"""Read-side queries for the subgroup pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload, selectinload

from ..commitments.models import Commitment
from ..extensions import db
from ..meetings.models import ActionItem, ActionState, Decision, Meeting
from ..workflow import STATES
from .models import Subgroup, subgroup_members


@dataclass
class SubgroupFilters:
    state: str | None = None
    unit_id: int | None = None
    member_id: int | None = None  # the lead or a member

    @classmethod
    def from_args(cls, args: Any) -> SubgroupFilters:
        def as_int(name: str) -> int | None:
            value = str(args.get(name, "")).strip()
            return int(value) if value.isdigit() and len(value) < 10 else None

        state = args.get("state") or None
        return cls(
            state=state if state in STATES else None,
            unit_id=as_int("unit"),
            member_id=as_int("member"),
        )

    @property
    def active(self) -> bool:
        return bool(self.state or self.unit_id or self.member_id)


def list_subgroups(filters: SubgroupFilters | None = None) -> list[Subgroup]:
    filters = filters or SubgroupFilters()
    stmt = (
        select(Subgroup)
        .options(
            joinedload(Subgroup.lead),
            joinedload(Subgroup.unit),
            selectinload(Subgroup.members),
            selectinload(Subgroup.commitments),
        )
        .order_by(Subgroup.name)
    )
    if filters.state:
        stmt = stmt.where(Subgroup.state == filters.state)
    if filters.unit_id:
        stmt = stmt.where(Subgroup.unit_id == filters.unit_id)
    if filters.member_id:
        stmt = stmt.where(
            (Subgroup.lead_id == filters.member_id)
            | exists()
            .where(subgroup_members.c.subgroup_id == Subgroup.id)
            .where(subgroup_members.c.user_id == filters.member_id)
        )
    return list(db.session.execute(stmt).unique().scalars())


def load_subgroup(subgroup_id: int) -> Subgroup | None:
    stmt = (
        select(Subgroup)
        .where(Subgroup.id == subgroup_id)
        .options(
            joinedload(Subgroup.lead),
            joinedload(Subgroup.unit),
            selectinload(Subgroup.members),
            selectinload(Subgroup.commitments).options(
                joinedload(Commitment.owner),
                joinedload(Commitment.owner_unit),
                selectinload(Commitment.milestones),
            ),
        )
    )
    return db.session.execute(stmt).unique().scalar_one_or_none()


def subgroup_meetings(group: Subgroup) -> list[Meeting]:
    stmt = (
        select(Meeting)
        .where(Meeting.subgroup_id == group.id)
        .order_by(Meeting.number.desc())
    )
    return list(db.session.execute(stmt).scalars())


def subgroup_action_items(group: Subgroup) -> list[ActionItem]:
    """Action items decided at the group's meetings, open ones first."""
    stmt = (
        select(ActionItem)
        .join(ActionItem.decision)
        .join(Decision.meeting)
        .where(Meeting.subgroup_id == group.id, ActionItem.state != ActionState.CANCELLED)
        .options(
            joinedload(ActionItem.owner),
            joinedload(ActionItem.owner_unit),
            joinedload(ActionItem.decision).joinedload(Decision.meeting),
        )
        .order_by(ActionItem.state.desc(), ActionItem.deadline, ActionItem.id)
    )
    return list(db.session.execute(stmt).scalars())


@dataclass(frozen=True)
class Deadline:
    due: date
    kind: str
    title: str
    url: str
    done: bool


def subgroup_deadlines(group: Subgroup, items: list[ActionItem]) -> list[Deadline]:
    """Everything dated the group works towards, soonest first: its deliverable, its live
    commitments and their open milestones, and the open action items of its meetings.
    Done and live are the items' own rule (tracker.workflow.dated)."""
    found: list[Deadline] = []
    if group.due:
        found.append(Deadline(group.due, _("Deliverable"), group.deliverable or group.name,
                              url_for("subgroups.detail", subgroup_id=group.id) + "#deliverable",
                              group.is_done))
    for c in group.commitments:
        if not c.is_live:
            continue
        url = url_for("commitments.detail", commitment_id=c.id)
        if c.due:
            found.append(Deadline(c.due, _("Commitment"), c.title, url, c.is_done))
        found += [Deadline(m.due, _("Milestone"), m.title, f"{url}#milestone-{m.id}", False)
                  for m in c.milestones if m.due and not m.is_done]
    for item in items:
        if item.is_live and not item.is_done:
            found.append(Deadline(
                item.deadline, _("Action item"), item.title,
                url_for("meetings.detail", meeting_id=item.decision.meeting_id)
                + f"#action-{item.id}",
                False,
            ))
    return sorted(found, key=lambda d: (d.done, d.due))
