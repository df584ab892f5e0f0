"""What is public, declared once: one :class:`PublicKind` per kind of thing, saying which
rows are public (a SQL condition, ``visible``) and which of their fields.

Every public page, the sitemap, the public calendar and Atom feed, the open-data exports
with their data dictionary, and the tests read these declarations, so a field is public
because it is listed here and for no other reason. What is never public follows from what is
*not* listed: drafts (a commitment, subgroup or meeting in the workflows' ``draft`` state — a
scheduled meeting is the one draft shown, by date, place and agenda, as OGP asks), withdrawn
meetings, the comments and reasons given with a transition, the owners' and staff's
contacts, users' e-mails, and the minutes (their decisions and action items too) until they
are approved.

A field reads two ways: :meth:`PublicField.data`, the stable value an export writes (a
state's code, a date, a list of codes), and :meth:`PublicField.value`, what a page shows
(the code's label in the reader's language); ``allowed`` lists a coded field's codes and
labels once, for both and for the data dictionary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, exists, select
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
    name_of,
)
from ..commitments.sdg import SDG_NAMES
from ..commitments.template import relevance_lines, stakeholder_names
from ..commitments.workflow import COMMITMENT_WORKFLOW
from ..meetings.models import ACTION_STATE_LABELS, ActionItem, Decision, Meeting
from ..meetings.models import FIELD_LABELS as MEETING_LABELS
from ..meetings.workflow import MEETING_WORKFLOW
from ..subgroups.models import Subgroup
from ..subgroups.workflow import SUBGROUP_WORKFLOW
from ..workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

__all__ = ["COMPLETION_LABELS", "KINDS", "TABLES", "PublicField", "PublicKind"]

# The types a public field's value has: how a page shows it, how an export writes it and
# what the data dictionary says of it.
TEXT, LONG_TEXT, NUMBER, DAY, LABELS, LABEL, FLAG, KEY, KEYS = (
    "text", "long_text", "number", "date", "labels", "label", "boolean", "id", "ids")


@dataclass(frozen=True)
class PublicField:
    """One public field: its name, label and type, how its value is read off a row (by
    default the attribute of that name), the codes it may take with their labels, and one
    sentence of meaning for the data dictionary. ``shown=False``: data only (the ids that
    tie the exported tables together), not a fact on a page."""

    name: str
    label: Any
    type: str = TEXT
    read: Callable[[Any], Any] | None = None
    allowed: Mapping[Any, Any] | None = None
    meaning: Any = ""
    shown: bool = True

    def data(self, row: Any) -> Any:
        """The stable value: a code, a date, a number, a list of codes or ids."""
        return self.read(row) if self.read is not None else getattr(row, self.name)

    def value(self, row: Any) -> Any:
        """What a page shows: a coded value's label in the reader's language."""
        raw = self.data(row)
        if self.allowed is None:
            return raw
        if self.type == LABELS:
            return [self.allowed.get(code, code) for code in raw]
        return self.allowed.get(raw, raw)


@dataclass(frozen=True)
class PublicKind:
    """The public rows of one kind and their public fields.

    ``visible()`` is the rule, as a SQL condition on the kind's rows; ``rows()`` applies it
    within one municipality, in the kind's order, with what its pages show loaded.
    """

    name: str
    label: Any
    model: type[Any]
    visible: Callable[[], ColumnElement[bool]]
    order: Callable[[], tuple[Any, ...]]
    fields: tuple[PublicField, ...]
    load: Callable[[], tuple[Any, ...]] = tuple
    meaning: Any = ""
    shown_fields: tuple[PublicField, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "shown_fields", tuple(f for f in self.fields if f.shown))

    def rows(self, municipality_id: int) -> Select[Any]:
        return (select(self.model)
                .where(self.model.municipality_id == municipality_id, self.visible())
                .order_by(*self.order()).options(*self.load()))

    def values(self, row: Any) -> list[tuple[PublicField, Any]]:
        """``(field, value)`` of each field a page shows, in the declared order."""
        return [(f, f.value(row)) for f in self.shown_fields]

    def field(self, name: str) -> PublicField:
        return next(f for f in self.fields if f.name == name)

    def value(self, row: Any, name: str) -> Any:
        """One public field's value (a page that lays a field out itself)."""
        return self.field(name).value(row)


# The rules ------------------------------------------------------------------------------
#: Commitments out of draft: monitored, completed, and withdrawn (that it was withdrawn is
#: public, the reason is not). A withdrawn one has no live deadline (``is_live``), so no
#: calendar shows one.
PUBLIC_COMMITMENT_STATES = (MONITORED, COMPLETED, WITHDRAWN)
#: Subgroups approved by the group: active or completed (a proposed one is a draft).
PUBLIC_SUBGROUP_STATES = (MONITORED, COMPLETED)
#: Meetings with a date: scheduled ones (shown ahead: date, place, agenda, as OGP asks),
#: held ones and those whose minutes are approved. Withdrawn ones are not.
PUBLIC_MEETING_STATES = (DRAFT, MONITORED, COMPLETED)
#: The state in which a meeting's minutes, decisions and action items are public.
MINUTES_PUBLIC_STATE = COMPLETED


def commitment_is_public() -> ColumnElement[bool]:
    return Commitment.state.in_(PUBLIC_COMMITMENT_STATES)


def plan_is_public() -> ColumnElement[bool]:
    """A plan is public once one of its commitments is: a plan of drafts is a draft."""
    return exists().where(Commitment.plan_id == ActionPlan.id, commitment_is_public())


def milestone_is_public() -> ColumnElement[bool]:
    return Milestone.commitment.has(commitment_is_public())


def subgroup_is_public() -> ColumnElement[bool]:
    return Subgroup.state.in_(PUBLIC_SUBGROUP_STATES)


def meeting_is_public() -> ColumnElement[bool]:
    return Meeting.state.in_(PUBLIC_MEETING_STATES) & Meeting.date.is_not(None)


def minutes_are_public_clause() -> ColumnElement[bool]:
    return meeting_is_public() & (Meeting.state == MINUTES_PUBLIC_STATE)


def decision_is_public() -> ColumnElement[bool]:
    return Decision.meeting.has(minutes_are_public_clause())


def action_item_is_public() -> ColumnElement[bool]:
    return ActionItem.decision.has(decision_is_public())


# The same rules for a loaded row, where a page or a field asks of a related one.
def minutes_are_public(meeting: Meeting) -> bool:
    return meeting.state == MINUTES_PUBLIC_STATE and meeting.date is not None


def _public_commitment_id(commitment: Commitment | None) -> int | None:
    if commitment is None or commitment.state not in PUBLIC_COMMITMENT_STATES:
        return None
    return commitment.id


def _public_subgroup(meeting: Meeting) -> Subgroup | None:
    group = meeting.subgroup
    return group if group is not None and group.state in PUBLIC_SUBGROUP_STATES else None


# The kinds ------------------------------------------------------------------------------
def _key(name: str, label: Any, meaning: Any, read: Callable[[Any], Any] | None = None,
         ) -> PublicField:
    return PublicField(name, label, KEY, read, meaning=meaning, shown=False)


_ID = _key("id", _l("Id"), _l("The row's stable number in this tracker; it never changes."))
_COMMITMENT_STATES = {s: COMMITMENT_WORKFLOW.state_labels[s] for s in PUBLIC_COMMITMENT_STATES}
_SUBGROUP_STATES = {s: SUBGROUP_WORKFLOW.state_labels[s] for s in PUBLIC_SUBGROUP_STATES}
_MEETING_STATES = {s: MEETING_WORKFLOW.state_labels[s] for s in PUBLIC_MEETING_STATES}
_DONE = {True: _l("Done"), False: _l("Not done yet")}
_APPROVED = {True: _l("Approved"), False: _l("Not approved yet")}


def _time_range(meeting: Meeting) -> str:
    parts = [t.strftime("%H:%M") for t in (meeting.start_time, meeting.end_time) if t]
    return "–".join(parts)


PLANS = PublicKind(
    "plan", _l("Action plans"), ActionPlan, plan_is_public,
    lambda: (ActionPlan.period_start.desc(), ActionPlan.id), (
        _ID,
        PublicField("title", FIELD_LABELS["title"], meaning=_l("The action plan's title.")),
        PublicField("period_start", FIELD_LABELS["period_start"], DAY,
                    meaning=_l("The first day of the plan's period.")),
        PublicField("period_end", FIELD_LABELS["period_end"], DAY,
                    meaning=_l("The last day of the plan's period.")),
        PublicField("description", _l("Description"), LONG_TEXT,
                    meaning=_l("What the plan is about.")),
    ), meaning=_l("The municipality's OGP action plans that have a public commitment."))

COMMITMENTS = PublicKind(
    "commitment", _l("Commitments"), Commitment, commitment_is_public,
    lambda: (Commitment.plan_id, Commitment.number, Commitment.id), (
        _ID,
        _key("plan_id", FIELD_LABELS["plan_id"], _l("The id of the commitment's action plan.")),
        PublicField("number", FIELD_LABELS["number"], NUMBER,
                    meaning=_l("The commitment's number within its action plan.")),
        PublicField("title", FIELD_LABELS["title"], meaning=_l("The commitment's title.")),
        PublicField("state", _l("State"), LABEL, allowed=_COMMITMENT_STATES,
                    meaning=_l("Where the commitment stands in its workflow.")),
        PublicField("completion", _l("Completion level"), LABEL,
                    lambda c: c.completion.value, allowed=COMPLETION_LABELS,
                    meaning=_l("The IRM completion level, derived from the share of its "
                               "milestones done.")),
        PublicField("problem", FIELD_LABELS["problem"], LONG_TEXT,
                    meaning=_l("The problem the commitment addresses.")),
        PublicField("description", FIELD_LABELS["description"], LONG_TEXT,
                    meaning=_l("What the commitment will do.")),
        PublicField("ogp_values", FIELD_LABELS["ogp_values"], LABELS, allowed=OGP_VALUE_LABELS,
                    meaning=_l("The OGP values the commitment serves; any of the codes.")),
        PublicField("lead_unit", FIELD_LABELS["lead_unit_id"], TEXT,
                    lambda c: name_of(c.lead_unit_display) or "",
                    meaning=_l("The unit of the municipality that leads the commitment: its "
                               "name in the directory, or as the plan names it.")),
        PublicField("solution", FIELD_LABELS["solution"], LONG_TEXT,
                    meaning=_l("How the commitment will contribute to solving the problem.")),
        PublicField("value_relevance", FIELD_LABELS["value_relevance"], LONG_TEXT,
                    lambda c: "\n".join(relevance_lines(c.value_relevance)),
                    meaning=_l("Why each OGP value applies: one line per value, its code, a "
                               "colon and the sentence.")),
        PublicField("stakeholders_government", FIELD_LABELS["stakeholders_government"],
                    LONG_TEXT, lambda c: "\n".join(stakeholder_names(c.stakeholders_government)),
                    meaning=_l("Other government bodies supporting it, one per line.")),
        PublicField("stakeholders_other", FIELD_LABELS["stakeholders_other"], LONG_TEXT,
                    lambda c: "\n".join(stakeholder_names(c.stakeholders_other)),
                    meaning=_l("Civil society, private sector and multilateral organisations "
                               "supporting it, one per line.")),
        PublicField("budget_amount", FIELD_LABELS["budget_amount"], TEXT,
                    lambda c: "" if c.budget_amount is None else str(c.budget_amount),
                    meaning=_l("The budget, a decimal number with a point; empty when not "
                               "given.")),
        PublicField("budget_currency", FIELD_LABELS["budget_currency"], TEXT,
                    meaning=_l("The budget's currency, an ISO 4217 code.")),
        PublicField("budget_note", FIELD_LABELS["budget_note"], LONG_TEXT,
                    meaning=_l("A note on the budget: its sources, in-kind contributions.")),
        PublicField("programme_links", FIELD_LABELS["programme_links"], LONG_TEXT,
                    meaning=_l("Links to other government programmes or the national "
                               "strategy.")),
        PublicField("sdgs", FIELD_LABELS["sdgs"], LABELS,
                    lambda c: [str(number) for number in c.sdgs],
                    allowed={str(number): label for number, label in SDG_NAMES.items()},
                    meaning=_l("The Sustainable Development Goals it serves, by number "
                               "(1 to 17).")),
        PublicField("additional_info", FIELD_LABELS["additional_info"], LONG_TEXT,
                    meaning=_l("Any other information the template gives.")),
        PublicField("start_date", FIELD_LABELS["start_date"], DAY,
                    meaning=_l("When the work starts.")),
        PublicField("deadline", FIELD_LABELS["deadline"], DAY,
                    meaning=_l("When the commitment is due.")),
        PublicField("completion_evidence", FIELD_LABELS["completion_evidence"], LONG_TEXT,
                    meaning=_l("Evidence of completion: a note or a link.")),
    ),
    load=lambda: (joinedload(Commitment.lead_unit), joinedload(Commitment.plan),
                  selectinload(Commitment.milestones)),
    meaning=_l("The action plans' commitments, past draft."))

MILESTONES = PublicKind(
    "milestone", _l("Milestones"), Milestone, milestone_is_public,
    lambda: (Milestone.commitment_id, Milestone.deadline, Milestone.id), (
        _ID,
        _key("commitment_id", _l("Commitment"), _l("The id of the milestone's commitment.")),
        PublicField("title", FIELD_LABELS["title"], meaning=_l("What the milestone delivers.")),
        PublicField("deadline", FIELD_LABELS["deadline"], DAY,
                    meaning=_l("When the milestone is due.")),
        PublicField("done", FIELD_LABELS["done"], FLAG, allowed=_DONE,
                    meaning=_l("Whether the milestone is done.")),
        PublicField("done_at", FIELD_LABELS["done_at"], DAY,
                    meaning=_l("The day it was marked done.")),
        PublicField("evidence", FIELD_LABELS["evidence"], LONG_TEXT,
                    meaning=_l("Evidence that it is done: a note or a link.")),
    ), meaning=_l("The milestones of the public commitments."))

SUBGROUPS = PublicKind(
    "subgroup", _l("Subgroups"), Subgroup, subgroup_is_public,
    lambda: (Subgroup.name, Subgroup.id), (
        _ID,
        PublicField("name", _l("Name"), meaning=_l("The subgroup's name.")),
        PublicField("state", _l("State"), LABEL, allowed=_SUBGROUP_STATES,
                    meaning=_l("Whether the subgroup is active or has completed its work.")),
        PublicField("unit", _l("Unit"), TEXT, lambda g: g.unit.name if g.unit else "",
                    meaning=_l("The unit of the municipality the subgroup works with.")),
        PublicField("deliverable", _l("Deliverable"), LONG_TEXT,
                    meaning=_l("What the subgroup is to deliver.")),
        PublicField("deliverable_deadline", _l("Deliverable deadline"), DAY,
                    meaning=_l("When the deliverable is due.")),
        PublicField("deliverable_result", _l("Result"), LONG_TEXT,
                    meaning=_l("What the subgroup delivered.")),
        PublicField("commitment_ids", _l("Commitments"), KEYS,
                    lambda g: [i for c in g.commitments
                               if (i := _public_commitment_id(c)) is not None],
                    meaning=_l("The ids of the public commitments the subgroup works on."),
                    shown=False),
    ),
    load=lambda: (joinedload(Subgroup.unit), selectinload(Subgroup.commitments)),
    meaning=_l("The working group's thematic subgroups."))

MEETINGS = PublicKind(
    "meeting", _l("Meetings"), Meeting, meeting_is_public,
    lambda: (Meeting.date.desc(), Meeting.id.desc()), (
        _ID,
        _key("subgroup_id", _l("Subgroup"), _l("The id of the subgroup that met, if not "
                                                "the whole group."),
             lambda m: g.id if (g := _public_subgroup(m)) is not None else None),
        PublicField("number", MEETING_LABELS["number"], NUMBER,
                    meaning=_l("The meeting's number in its series.")),
        PublicField("date", MEETING_LABELS["date"], DAY, meaning=_l("The day of the meeting.")),
        PublicField("time", _l("Time"), TEXT, _time_range,
                    meaning=_l("Start and end time (HH:MM), in the municipality's time zone.")),
        PublicField("place", MEETING_LABELS["place"], meaning=_l("Where the group meets.")),
        PublicField("state", _l("State"), LABEL, allowed=_MEETING_STATES,
                    meaning=_l("Scheduled, held, or minutes approved.")),
        PublicField("subgroup", _l("Subgroup"), TEXT,
                    lambda m: g.name if (g := _public_subgroup(m)) is not None else "",
                    meaning=_l("The subgroup that met, if not the whole group.")),
        PublicField("agenda", _l("Agenda"), LABELS, lambda m: [a.title for a in m.agenda],
                    meaning=_l("The agenda items, in order.")),
        PublicField("minutes_approved", _l("Minutes approved"), FLAG, minutes_are_public,
                    allowed=_APPROVED, shown=False,
                    meaning=_l("Whether the minutes are approved (then they are public).")),
        PublicField("discussion", _l("Discussion"), LONG_TEXT,
                    lambda m: m.discussion if minutes_are_public(m) else "", shown=False,
                    meaning=_l("The minutes' record of the discussion, once approved.")),
    ),
    load=lambda: (joinedload(Meeting.subgroup), selectinload(Meeting.agenda)),
    meaning=_l("The group's meetings: scheduled ones ahead, held ones with their minutes "
               "once approved."))

# The minutes of a meeting whose minutes are approved: what the meeting decided, as the
# meeting's page shows it (the exports have decisions and action items as tables).
MINUTES = PublicKind(
    "minutes", _l("Minutes"), Meeting, minutes_are_public_clause,
    lambda: (Meeting.date.desc(), Meeting.id.desc()), (
        PublicField("discussion", _l("Discussion"), LONG_TEXT),
        PublicField("agenda_discussion", _l("Discussion of the agenda"), LABELS,
                    lambda m: [f"{a.title}: {a.discussion}" for a in m.agenda if a.discussion]),
        PublicField("decisions", _l("Decisions"), LABELS,
                    lambda m: [f"{d.number}. {d.text}" for d in m.decisions]),
        PublicField("action_items", _l("Action items"), LABELS, lambda m: [
            f"{item.title} — {item.owner_name} — {item.deadline.strftime('%d/%m/%Y')} — "
            f"{ACTION_STATE_LABELS.get(item.state, item.state)}"
            for d in m.decisions for item in d.action_items]),
    ),
    load=lambda: (
        joinedload(Meeting.subgroup), selectinload(Meeting.agenda),
        selectinload(Meeting.decisions).selectinload(Decision.action_items).options(
            joinedload(ActionItem.owner), joinedload(ActionItem.owner_unit),
            joinedload(ActionItem.owner_person))))

DECISIONS = PublicKind(
    "decision", _l("Decisions"), Decision, decision_is_public,
    lambda: (Decision.meeting_id, Decision.number, Decision.id), (
        _ID,
        _key("meeting_id", _l("Meeting"), _l("The id of the meeting that decided.")),
        PublicField("number", _l("Number"), NUMBER,
                    meaning=_l("The decision's number in its meeting's minutes.")),
        PublicField("text", _l("Decision"), LONG_TEXT, meaning=_l("What was decided.")),
    ), meaning=_l("The decisions recorded in approved minutes."))

ACTION_ITEMS = PublicKind(
    "action_item", _l("Action items"), ActionItem, action_item_is_public,
    lambda: (ActionItem.decision_id, ActionItem.id), (
        _ID,
        _key("decision_id", _l("Decision"), _l("The id of the decision that gave it.")),
        _key("commitment_id", _l("Commitment"),
             _l("The id of the public commitment it serves, if any."),
             lambda a: _public_commitment_id(a.commitment)),
        PublicField("title", FIELD_LABELS["title"], meaning=_l("What is to be done.")),
        PublicField("owner", _l("Owner"), TEXT, lambda a: a.owner_name,
                    meaning=_l("Who is to do it: a person's name or a unit.")),
        PublicField("deadline", FIELD_LABELS["deadline"], DAY, meaning=_l("When it is due.")),
        PublicField("state", _l("State"), LABEL, allowed=ACTION_STATE_LABELS,
                    meaning=_l("Open, done or cancelled.")),
    ),
    load=lambda: (joinedload(ActionItem.owner), joinedload(ActionItem.owner_unit),
                  joinedload(ActionItem.owner_person), joinedload(ActionItem.commitment)),
    meaning=_l("The action items that approved minutes' decisions gave."))

#: Every kind, for the tests that walk them.
KINDS: tuple[PublicKind, ...] = (PLANS, COMMITMENTS, MILESTONES, SUBGROUPS, MEETINGS, MINUTES,
                                 DECISIONS, ACTION_ITEMS)
#: The kinds an export writes, one table each, in this order.
TABLES: tuple[PublicKind, ...] = (PLANS, COMMITMENTS, MILESTONES, SUBGROUPS, MEETINGS,
                                  DECISIONS, ACTION_ITEMS)
#: The rule of each kind by its name (the board's and the audit trail's ``kind``).
BY_NAME: dict[str, PublicKind] = {kind.name: kind for kind in KINDS if kind is not MINUTES}


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
