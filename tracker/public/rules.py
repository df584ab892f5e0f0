"""What is public, declared once: one :class:`PublicKind` per kind of thing, saying which
rows are public and which of their fields.

Every public page, the sitemap and the tests read these declarations, so a field is public
because it is listed here and for no other reason. What is never public follows from what
is *not* listed: drafts (a commitment, subgroup or meeting in the workflows' ``draft``
state — a scheduled meeting is the one draft shown, by date, place and agenda, as OGP asks),
withdrawn meetings, the comments and reasons given with a transition, the owners' and
staff's contacts, users' e-mails, and the minutes until they are approved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, select
from sqlalchemy.orm import joinedload, selectinload

from ..audit.models import AuditEntry
from ..commitments.kind import commitment_history
from ..commitments.models import (
    COMPLETION_LABELS,
    FIELD_LABELS,
    OGP_VALUE_LABELS,
    ActionPlan,
    Commitment,
    Milestone,
)
from ..commitments.workflow import COMMITMENT_WORKFLOW
from ..meetings.models import ACTION_STATE_LABELS, ActionItem, Decision, Meeting
from ..meetings.models import FIELD_LABELS as MEETING_LABELS
from ..meetings.workflow import MEETING_WORKFLOW
from ..subgroups.models import Subgroup
from ..subgroups.workflow import SUBGROUP_WORKFLOW
from ..workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

# The types a public field's value has (how a page shows it, how an export would type it).
TEXT, LONG_TEXT, NUMBER, DAY, MOMENT, LABELS, LABEL = (
    "text", "long_text", "number", "date", "datetime", "labels", "label")


@dataclass(frozen=True)
class PublicField:
    """One public field: its name, its label, its type and how it is read off a row
    (by default the attribute of that name)."""

    name: str
    label: Any
    type: str = TEXT
    read: Callable[[Any], Any] | None = None

    def value(self, row: Any) -> Any:
        return self.read(row) if self.read is not None else getattr(row, self.name)


@dataclass(frozen=True)
class PublicKind:
    """The public rows of one kind in a municipality, and their public fields."""

    name: str
    label: Any
    rows: Callable[[int], Select[Any]]
    fields: tuple[PublicField, ...]

    def values(self, row: Any) -> list[tuple[PublicField, Any]]:
        """``(field, value)`` of each public field of ``row``, in the declared order."""
        return [(f, f.value(row)) for f in self.fields]

    def field(self, name: str) -> PublicField:
        return next(f for f in self.fields if f.name == name)

    def value(self, row: Any, name: str) -> Any:
        """One public field's value (a page that lays a field out itself)."""
        return self.field(name).value(row)


def _state_label(workflow: Any) -> Callable[[Any], Any]:
    return lambda row: workflow.label(row.state)


# Commitments: every one out of draft (monitored, completed, and withdrawn: that it was
# withdrawn is public, the reason is not).
PUBLIC_COMMITMENT_STATES = (MONITORED, COMPLETED, WITHDRAWN)


def _is_public_commitment() -> Any:
    return Commitment.state.in_(PUBLIC_COMMITMENT_STATES)


def public_commitments(municipality_id: int) -> Select[tuple[Commitment]]:
    return (
        select(Commitment)
        .where(Commitment.municipality_id == municipality_id, _is_public_commitment())
        .order_by(Commitment.plan_id, Commitment.number, Commitment.id)
        .options(joinedload(Commitment.lead_unit), joinedload(Commitment.plan),
                 selectinload(Commitment.milestones))
    )


def public_plans(municipality_id: int) -> Select[tuple[ActionPlan]]:
    """A plan is public once one of its commitments is: a plan of drafts is a draft."""
    return (
        select(ActionPlan)
        .where(ActionPlan.municipality_id == municipality_id)
        .where(exists().where(Commitment.plan_id == ActionPlan.id, _is_public_commitment()))
        .order_by(ActionPlan.period_start.desc(), ActionPlan.id)
    )


def public_milestones(municipality_id: int) -> Select[tuple[Milestone]]:
    return (
        select(Milestone)
        .join(Milestone.commitment)
        .where(Milestone.municipality_id == municipality_id, _is_public_commitment())
        .order_by(Milestone.commitment_id, Milestone.deadline, Milestone.id)
    )


def public_subgroups(municipality_id: int) -> Select[tuple[Subgroup]]:
    return (
        select(Subgroup)
        .where(Subgroup.municipality_id == municipality_id,
               Subgroup.state.in_((MONITORED, COMPLETED)))
        .order_by(Subgroup.name, Subgroup.id)
        .options(joinedload(Subgroup.unit), selectinload(Subgroup.commitments))
    )


# Meetings: scheduled ones with a date (shown ahead: date, place, agenda), held ones, and
# those whose minutes are approved (then their minutes too). Withdrawn ones are not.
PUBLIC_MEETING_STATES = (DRAFT, MONITORED, COMPLETED)
#: The state in which a meeting's minutes, decisions and action items are public.
MINUTES_PUBLIC_STATE = COMPLETED


def public_meetings(municipality_id: int) -> Select[tuple[Meeting]]:
    return (
        select(Meeting)
        .where(Meeting.municipality_id == municipality_id,
               Meeting.state.in_(PUBLIC_MEETING_STATES), Meeting.date.is_not(None))
        .order_by(Meeting.date.desc(), Meeting.id.desc())
        .options(joinedload(Meeting.subgroup), selectinload(Meeting.agenda))
    )


def public_minutes(municipality_id: int) -> Select[tuple[Meeting]]:
    """The meetings whose minutes are public: approved ones."""
    return (
        public_meetings(municipality_id)
        .where(Meeting.state == MINUTES_PUBLIC_STATE)
        .options(selectinload(Meeting.decisions).selectinload(Decision.action_items).options(
            joinedload(ActionItem.owner), joinedload(ActionItem.owner_unit),
            joinedload(ActionItem.owner_person)))
    )


def minutes_are_public(meeting: Meeting) -> bool:
    return meeting.state == MINUTES_PUBLIC_STATE


def _public_subgroup_name(meeting: Meeting) -> str:
    group = meeting.subgroup
    return group.name if group is not None and group.state in (MONITORED, COMPLETED) else ""


def _labels(mapping: dict[Any, Any]) -> Callable[[Iterable[str]], list[Any]]:
    return lambda values: [mapping.get(v, v) for v in values]


_ogp = _labels(OGP_VALUE_LABELS)


def _time_range(meeting: Meeting) -> str:
    parts = [t.strftime("%H:%M") for t in (meeting.start_time, meeting.end_time) if t]
    return "–".join(parts)


PLANS = PublicKind("plan", _l("Action plans"), public_plans, (
    PublicField("title", FIELD_LABELS["title"]),
    PublicField("period_start", FIELD_LABELS["period_start"], DAY),
    PublicField("period_end", FIELD_LABELS["period_end"], DAY),
    PublicField("description", _l("Description"), LONG_TEXT),
))

COMMITMENTS = PublicKind("commitment", _l("Commitments"), public_commitments, (
    PublicField("number", FIELD_LABELS["number"], NUMBER),
    PublicField("title", FIELD_LABELS["title"]),
    PublicField("state", _l("State"), LABEL, _state_label(COMMITMENT_WORKFLOW)),
    PublicField("completion", _l("Completion level"), LABEL,
                lambda c: COMPLETION_LABELS[c.completion]),
    PublicField("problem", FIELD_LABELS["problem"], LONG_TEXT),
    PublicField("description", FIELD_LABELS["description"], LONG_TEXT),
    PublicField("ogp_values", FIELD_LABELS["ogp_values"], LABELS, lambda c: _ogp(c.ogp_values)),
    PublicField("lead_unit", FIELD_LABELS["lead_unit_id"], TEXT,
                lambda c: c.lead_unit.name if c.lead_unit else ""),
    PublicField("other_actors", FIELD_LABELS["other_actors"], LONG_TEXT),
    PublicField("start_date", FIELD_LABELS["start_date"], DAY),
    PublicField("deadline", FIELD_LABELS["deadline"], DAY),
    PublicField("completion_evidence", FIELD_LABELS["completion_evidence"], LONG_TEXT),
))

MILESTONES = PublicKind("milestone", _l("Milestones"), public_milestones, (
    PublicField("title", FIELD_LABELS["title"]),
    PublicField("deadline", FIELD_LABELS["deadline"], DAY),
    PublicField("done", FIELD_LABELS["done"], LABEL,
                lambda m: _l("Done") if m.done else _l("Not done yet")),
    PublicField("done_at", FIELD_LABELS["done_at"], DAY),
    PublicField("evidence", FIELD_LABELS["evidence"], LONG_TEXT),
))

SUBGROUPS = PublicKind("subgroup", _l("Subgroups"), public_subgroups, (
    PublicField("name", _l("Name")),
    PublicField("state", _l("State"), LABEL, _state_label(SUBGROUP_WORKFLOW)),
    PublicField("unit", _l("Unit"), TEXT, lambda g: g.unit.name if g.unit else ""),
    PublicField("deliverable", _l("Deliverable"), LONG_TEXT),
    PublicField("deliverable_deadline", _l("Deliverable deadline"), DAY),
    PublicField("deliverable_result", _l("Result"), LONG_TEXT),
))

MEETINGS = PublicKind("meeting", _l("Meetings"), public_meetings, (
    PublicField("number", MEETING_LABELS["number"], NUMBER),
    PublicField("date", MEETING_LABELS["date"], DAY),
    PublicField("time", _l("Time"), TEXT, _time_range),
    PublicField("place", MEETING_LABELS["place"]),
    PublicField("state", _l("State"), LABEL, _state_label(MEETING_WORKFLOW)),
    PublicField("subgroup", _l("Subgroup"), TEXT, _public_subgroup_name),
    PublicField("agenda", _l("Agenda"), LABELS, lambda m: [a.title for a in m.agenda]),
))

# The minutes of a meeting whose minutes are approved: what the meeting decided.
MINUTES = PublicKind("minutes", _l("Minutes"), public_minutes, (
    PublicField("discussion", _l("Discussion"), LONG_TEXT),
    PublicField("agenda_discussion", _l("Discussion of the agenda"), LABELS,
                lambda m: [f"{a.title}: {a.discussion}" for a in m.agenda if a.discussion]),
    PublicField("decisions", _l("Decisions"), LABELS,
                lambda m: [f"{d.number}. {d.text}" for d in m.decisions]),
    PublicField("action_items", _l("Action items"), LABELS, lambda m: [
        f"{item.title} — {item.owner_name} — {item.deadline.strftime('%d/%m/%Y')} — "
        f"{ACTION_STATE_LABELS.get(item.state, item.state)}"
        for d in m.decisions for item in d.action_items]),
))

KINDS: tuple[PublicKind, ...] = (PLANS, COMMITMENTS, MILESTONES, SUBGROUPS, MEETINGS, MINUTES)


# The progress timeline -------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One public step of a commitment's progress: when, and what (never why: the
    comments and reasons given with a change are not public)."""

    at: datetime | date
    text: Any


def progress_timeline(commitment: Commitment) -> list[Step]:
    """The state changes of ``commitment`` and its milestones' completions, by date, read
    off the audit trail; nothing from its comments."""
    titles = {m.id: m.title for m in commitment.milestones}
    steps: list[Step] = []
    entry: AuditEntry
    for entry in commitment_history(commitment):
        if entry.object_type == Commitment.audit_type and entry.action == "transition":
            steps.append(Step(entry.at, COMMITMENT_WORKFLOW.label(entry.to_state or "")))
        elif entry.object_type == Milestone.audit_type and entry.action == "update":
            done = (entry.changes or {}).get("done")
            if done and done[1] is True and entry.object_id in titles:
                steps.append(Step(entry.at, _l("Milestone done: %(title)s",
                                               title=titles[entry.object_id])))
            elif done and done[1] is False and entry.object_id in titles:
                steps.append(Step(entry.at, _l("Milestone reopened: %(title)s",
                                               title=titles[entry.object_id])))
    return steps
