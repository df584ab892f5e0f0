"""Read-side queries for the subgroup pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import User
from ..audit.models import AuditEntry
from ..audit.timeline import TimelineEntry, timeline
from ..commitments.models import Commitment
from ..directory.models import Unit
from ..extensions import db
from ..inputs import query_int
from ..meetings.models import ActionItem, ActionState, Decision, Meeting
from ..workflow import STATES, WITHDRAWN
from .models import FIELD_LABELS, Subgroup, subgroup_members

REFERENCES = {"lead_id": (User, "name"), "unit_id": (Unit, "name")}


@dataclass
class SubgroupFilters:
    state: str | None = None
    unit_id: int | None = None
    member_id: int | None = None  # the lead or a member

    @classmethod
    def from_args(cls, args: Any) -> SubgroupFilters:
        state = args.get("state") or None
        return cls(
            state=state if state in STATES else None,
            unit_id=query_int(args, "unit"),
            member_id=query_int(args, "member"),
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
    """Everything dated the group works towards, soonest first: its deliverable, its
    commitments and their open milestones, and the action items of its meetings."""
    found: list[Deadline] = []
    if group.deliverable_deadline:
        found.append(Deadline(group.deliverable_deadline, _("Deliverable"),
                              group.deliverable or group.name,
                              url_for("subgroups.detail", subgroup_id=group.id) + "#deliverable",
                              bool(group.deliverable_result.strip())))
    for c in group.commitments:
        if c.state == WITHDRAWN:
            continue
        url = url_for("commitments.detail", commitment_id=c.id)
        if c.deadline:
            found.append(Deadline(c.deadline, _("Commitment"), c.title, url,
                                  c.state == "completed"))
        found += [Deadline(m.deadline, _("Milestone"), m.title, f"{url}#milestone-{m.id}", False)
                  for m in c.milestones if not m.done]
    for item in items:
        if item.state == ActionState.OPEN:
            found.append(Deadline(
                item.deadline, _("Action item"), item.title,
                url_for("meetings.detail", meeting_id=item.decision.meeting_id)
                + f"#action-{item.id}",
                False,
            ))
    return sorted(found, key=lambda d: (d.done, d.due))


def subgroup_history(group: Subgroup) -> list[AuditEntry]:
    return AuditEntry.history(Subgroup.audit_type, group.id)


def subgroup_timeline(group: Subgroup) -> list[TimelineEntry]:
    """The history with members and linked commitments by name, not by id."""
    entries = timeline(subgroup_history(group), FIELD_LABELS, REFERENCES)
    wanted: dict[str, set[int]] = {"member_ids": set(), "commitment_ids": set()}
    for item in entries:
        for change in item.changes:
            if change.field in wanted:
                for value in (change.old, change.new):
                    wanted[change.field].update(v for v in value or [] if isinstance(v, int))
    names = {
        "member_ids": {
            uid: name
            for uid, name in db.session.execute(
                select(User.id, User.name).where(User.id.in_(wanted["member_ids"]))
            )
        },
        "commitment_ids": {
            cid: f"{number}. {title}"
            for cid, number, title in db.session.execute(
                select(Commitment.id, Commitment.number, Commitment.title)
                .where(Commitment.id.in_(wanted["commitment_ids"]))
            )
        },
    }
    for item in entries:
        for change in item.changes:
            if change.field in names:
                known = names[change.field]
                change.old = [known.get(v, f"#{v}") for v in change.old or []]
                change.new = [known.get(v, f"#{v}") for v in change.new or []]
    return entries
