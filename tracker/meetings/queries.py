"""Read-side queries for the meeting pages, the commitment page and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import User
from ..audit.models import AuditEntry
from ..commitments.models import Commitment
from ..extensions import db
from ..subgroups.models import Subgroup, subgroup_commitments
from ..workflow.kinds import entries_of
from .models import ActionItem, Attendee, Decision, Meeting


def meeting_page() -> tuple[Any, ...]:
    """A meeting with everything its page shows, in a fixed number of queries (Kind.get)."""
    return (
        joinedload(Meeting.subgroup).selectinload(Subgroup.members),
        joinedload(Meeting.chair),
        joinedload(Meeting.secretary),
        joinedload(Meeting.chair_person),
        joinedload(Meeting.secretary_person),
        selectinload(Meeting.attendees).options(joinedload(Attendee.user),
                                                joinedload(Attendee.person)),
        selectinload(Meeting.agenda),
        selectinload(Meeting.decisions)
        .selectinload(Decision.action_items)
        .options(
            joinedload(ActionItem.owner),
            joinedload(ActionItem.owner_unit),
            joinedload(ActionItem.owner_person),
            joinedload(ActionItem.commitment),
        ),
    )


def action_items_of(meeting: Meeting) -> list[ActionItem]:
    return [item for decision in meeting.decisions for item in decision.action_items]


def meeting_history(meeting: Meeting) -> list[AuditEntry]:
    """The meeting's own entries (its minutes, signatures, states, comments) and its action
    items', in order."""
    return entries_of(
        (Meeting.audit_type, [meeting.id]),
        (ActionItem.audit_type, [item.id for item in action_items_of(meeting)]),
    )


def action_items_for_commitment(commitment_id: int) -> list[ActionItem]:
    """Action items that meetings' decisions linked to a commitment, by deadline."""
    stmt = (
        select(ActionItem)
        .where(ActionItem.commitment_id == commitment_id)
        .options(
            joinedload(ActionItem.owner),
            joinedload(ActionItem.owner_unit),
            joinedload(ActionItem.decision).joinedload(Decision.meeting),
        )
        .order_by(ActionItem.deadline, ActionItem.id)
    )
    return list(db.session.execute(stmt).scalars())


def all_subgroups() -> list[Subgroup]:
    return list(
        db.session.execute(
            select(Subgroup).options(selectinload(Subgroup.members)).order_by(Subgroup.name)
        ).scalars()
    )


def groups_for(user: User, current: Subgroup | None = None) -> tuple[bool, list[Subgroup]]:
    """Whose meetings ``user`` may hold: the working group's (bool) and these subgroups'.
    ``current`` (the group of a meeting being edited) is always offered."""
    subgroups = [
        s for s in all_subgroups()
        if Meeting.may_create(user, s) or (current is not None and s.id == current.id)
    ]
    return Meeting.may_create(user, None), subgroups


def awaiting_review(user: User) -> list[Meeting]:
    """Imported meetings whose import is still to be checked (``import_review``), of the
    groups whose meetings ``user`` may record: the review queue, by date."""
    working_group, subgroups = groups_for(user)
    groups = [Meeting.subgroup_id.is_(None)] if working_group else []
    if subgroups:
        groups.append(Meeting.subgroup_id.in_([s.id for s in subgroups]))
    if not groups:
        return []
    stmt = (
        select(Meeting)
        .where(Meeting.import_review.is_not(None), or_(*groups))
        .options(joinedload(Meeting.subgroup))
        .order_by(Meeting.date.is_(None), Meeting.date, Meeting.number, Meeting.id)
    )
    return [m for m in db.session.execute(stmt).scalars() if m.import_review]


def may_create_any(user: User) -> bool:
    working_group, subgroups = groups_for(user)
    return working_group or bool(subgroups)


@dataclass(frozen=True)
class Choice:
    """One option of a filter: what a ``<select>`` needs, not a loaded model."""

    id: int
    title: str


def commitment_choices(selected: int | None = None) -> list[Choice]:
    """The archive's commitment filter: the commitments some meeting is linked to (an
    action item of its decisions names it, or the meeting's subgroup works on it), the only
    ones the filter can find anything for, and the one ``selected``. Read as (id, title)
    pairs: each commitment of the municipality is tested through the indexes of the
    action items and the subgroup links, and no action item, meeting or commitment is
    loaded as an object."""
    named = exists().where(ActionItem.commitment_id == Commitment.id)
    worked_on = (
        exists()
        .where(subgroup_commitments.c.commitment_id == Commitment.id)
        .where(exists().where(Meeting.subgroup_id == subgroup_commitments.c.subgroup_id))
    )
    linked = or_(named, worked_on)
    if selected is not None:
        linked = or_(Commitment.id == selected, linked)
    stmt = (select(Commitment.id, Commitment.title).where(linked)
            .order_by(Commitment.plan_id, Commitment.number, Commitment.id))
    return [Choice(ident, title) for ident, title in db.session.execute(stmt)]


def subgroup_meetings(group: Subgroup) -> list[Meeting]:
    """The meetings of a thematic subgroup, newest first."""
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
        .where(Meeting.subgroup_id == group.id, ActionItem.is_live)
        .options(
            joinedload(ActionItem.owner),
            joinedload(ActionItem.owner_unit),
            joinedload(ActionItem.decision).joinedload(Decision.meeting),
        )
        .order_by(ActionItem.state.desc(), ActionItem.deadline, ActionItem.id)
    )
    return list(db.session.execute(stmt).scalars())
