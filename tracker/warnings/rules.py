"""The early-warning rules, one declaration each.

Why a declared list: the page, the header's count, the board's panel and the API all walk
:data:`RULES`, so a rule added here appears everywhere at once, counted and paged by the
same queries (:mod:`.queries`). A rule is

- ``code`` (the API's ``rule``) and ``severity``;
- ``kind``: what a warning is about (``commitment``, ``subgroup``, ``action_item``);
- ``title``: what is wrong, in words (``%(days)d`` is filled in from the settings) and
  ``action``: what to do about it — both translated;
- ``rows``: the offending rows as SQL, ``select(Model).where(…)`` for a :class:`Today` —
  never rows filtered in Python, so counting and paging stay one query each;
- ``load``: what a warning shows besides the row, loaded with the page;
- ``name``, ``context`` and ``link``: how one row reads and where its warning points.

Withdrawn rows never warn (a withdrawn commitment or subgroup, a cancelled action item, an
action item of a withdrawn meeting): each rule says so in its SQL. The municipality needs no
condition: every statement is scoped (tracker/municipalities/scope.py).

Two rules read the progress reports (``tracker/progress/``): *no progress report in
``report_days`` days* (a monitored commitment whose newest report — or, with none, its start
date — is older than ``Today.report_days``, from ``TRACKER_WARN_REPORT_DAYS``) and
*milestones overdue while the commitment is on track* (a monitored commitment whose newest
report's status is "on track" while one of its open milestones is past its deadline).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import joinedload, load_only
from sqlalchemy.sql.base import ExecutableOption

from ..commitments.models import Commitment, Milestone
from ..i18n import local_today, tracker_zone
from ..labels import Labelled
from ..meetings.models import ActionItem, ActionState, Decision, Meeting
from ..municipalities.scope import page_url
from ..progress.models import ProgressReport, ReportStatus
from ..progress.queries import newest_status
from ..subgroups.models import Subgroup
from ..workflow import DRAFT, MONITORED, WITHDRAWN


class Severity(Labelled):
    """How urgent a warning is: ``high`` blocks the work or hides a slipped deadline."""

    HIGH = "high", _l("Urgent")
    MEDIUM = "medium", _l("Needs attention")


SEVERITY_LABELS = Severity.labels()


@dataclass(frozen=True)
class Today:
    """What the rules are asked against: the working group's day (``TRACKER_TIMEZONE``) and
    the settings' horizons. Tests pass another day to see a rule a season from now."""

    day: date
    subgroup_days: int = 60
    report_days: int = 60

    @classmethod
    def current(cls) -> Today:
        config = current_app.config
        return cls(local_today(), config["TRACKER_WARN_SUBGROUP_DAYS"],
                   config["TRACKER_WARN_REPORT_DAYS"])

    def days_ago(self, days: int) -> date:
        return self.day - timedelta(days=days)

    def start_of(self, day: date) -> datetime:
        """Midnight of ``day`` in the working group's zone, as UTC (for created-at times)."""
        return datetime(day.year, day.month, day.day, tzinfo=tracker_zone()).astimezone(UTC)


@dataclass(frozen=True, eq=False)
class Rule:
    """One early warning, declared once (see the module's docstring)."""

    code: str
    severity: Severity
    kind: str
    model: type[Any]
    title: Any     # lazy string; may use %(days)d
    action: Any    # lazy string
    rows: Callable[[Today], Select[Any]]
    name: Callable[[Any], str]
    link: Callable[[Any], str]
    context: Callable[[Any], str | None] = lambda _row: None
    load: Sequence[ExecutableOption] = ()
    #: The setting (a field of :class:`Today`) ``%(days)d`` in the title is.
    days: str | None = None

    def title_for(self, today: Today) -> str:
        """The title in the reader's language, with the setting's number of days in it."""
        text = str(self.title)
        return text if self.days is None else text % {"days": getattr(today, self.days)}


# How rows read and where they point --------------------------------------------------------
def _commitment_name(c: Commitment) -> str:
    return f"{c.number}. {c.title}"


def _commitment_link(c: Commitment) -> str:
    return page_url("commitments.detail", c, commitment_id=c.id)


def _milestones_link(c: Commitment) -> str:
    return _commitment_link(c) + "#milestones"


def _subgroup_link(s: Subgroup) -> str:
    return page_url("subgroups.detail", s, subgroup_id=s.id)


def _action_item_link(item: ActionItem) -> str:
    return page_url("meetings.detail", item,
                    meeting_id=item.decision.meeting_id) + f"#action-{item.id}"


def _action_item_context(item: ActionItem) -> str:
    return _("Meeting N%(number)d, decision %(decision)d",
             number=item.decision.meeting.number, decision=item.decision.number)


_COMMITMENT_SHOWN = (load_only(Commitment.number, Commitment.title,
                               Commitment.municipality_id),)
# A commitment that names its lead unit or owner only in the plan's words (migration 0011)
# still warns; the warning says what the plan names, to link it to the directory.
_COMMITMENT_NAMES_SHOWN = (load_only(Commitment.number, Commitment.title,
                                     Commitment.municipality_id, Commitment.lead_unit_text,
                                     Commitment.owner_text),)


def _lead_unit_named(c: Commitment) -> str | None:
    if not c.lead_unit_text:
        return None
    return _("The plan names “%(name)s”, which is not in the directory: link it.",
             name=c.lead_unit_text)


def _owner_named(c: Commitment) -> str | None:
    if not c.owner_text:
        return None
    return _("The plan names “%(name)s”, who has no account: link a person or a unit.",
             name=c.owner_text)


_ACTION_ITEM_SHOWN = (
    load_only(ActionItem.title, ActionItem.decision_id, ActionItem.municipality_id),
    joinedload(ActionItem.decision).load_only(Decision.number, Decision.meeting_id)
    .joinedload(Decision.meeting).load_only(Meeting.number, Meeting.municipality_id),
)


# The offending rows ------------------------------------------------------------------------
def _monitored() -> Select[Any]:
    return select(Commitment).where(Commitment.state == MONITORED)


def _open_milestone() -> Any:
    return exists().where(Milestone.commitment_id == Commitment.id, Milestone.done.is_(False))


def _without_owner(_today: Today) -> Select[Any]:
    return _monitored().where(Commitment.owner_id.is_(None),
                              Commitment.owner_unit_id.is_(None))


def _without_lead_unit(_today: Today) -> Select[Any]:
    return _monitored().where(Commitment.lead_unit_id.is_(None))


def _without_open_milestone(_today: Today) -> Select[Any]:
    return _monitored().where(~_open_milestone())


def _deadline_passed(today: Today) -> Select[Any]:
    """Any commitment but a withdrawn one: a completed one cannot have open milestones
    (completing needs all done), so this is the draft and the monitored in practice."""
    return select(Commitment).where(
        Commitment.is_live, Commitment.deadline < today.day, _open_milestone()
    )


def _no_recent_report(today: Today) -> Select[Any]:
    """Running for ``report_days`` — started that long ago, or, with no start date (taken
    away after approval), created that long ago — with no report dated since then; a
    report dated in the future counts as recent, it is still a report."""
    since = today.days_ago(today.report_days)
    recent = exists().where(ProgressReport.commitment_id == Commitment.id,
                            ProgressReport.reported_on >= since)
    running = or_(Commitment.start_date < since,
                  and_(Commitment.start_date.is_(None),
                       Commitment.created_at < today.start_of(since)))
    return _monitored().where(running, ~recent)


def _overdue_while_on_track(today: Today) -> Select[Any]:
    overdue = exists().where(Milestone.commitment_id == Commitment.id,
                             Milestone.done.is_(False), Milestone.deadline < today.day)
    return _monitored().where(newest_status() == ReportStatus.ON_TRACK.value, overdue)


def _report_link(c: Commitment) -> str:
    return page_url("progress.new_report", c, commitment_id=c.id)


def _subgroup_silent(today: Today) -> Select[Any]:
    """An active subgroup with no meeting held since ``subgroup_days`` ago and none
    scheduled from today on. One that has not existed that long is given the time to meet
    first: it warns only if it was created before then, or has a meeting dated before then
    (a group whose older protocols were imported is as old as its first meeting)."""
    since = today.days_ago(today.subgroup_days)
    ours = Meeting.subgroup_id == Subgroup.id
    held = exists().where(ours, Meeting.was_held, Meeting.date >= since)
    scheduled = exists().where(ours, Meeting.state == DRAFT, Meeting.date >= today.day)
    older = exists().where(ours, Meeting.state != WITHDRAWN, Meeting.date < since)
    return select(Subgroup).where(
        Subgroup.state == MONITORED,
        or_(Subgroup.created_at < today.start_of(since), older),
        ~held, ~scheduled,
    )


def _action_item_without_owner(_today: Today) -> Select[Any]:
    """An open action item with no owner of any kind (an account, a unit, a person of the
    records, or the words an imported protocol gave), of a meeting that was not withdrawn."""
    return (
        select(ActionItem)
        .join(ActionItem.decision)
        .join(Decision.meeting)
        .where(
            ActionItem.state == ActionState.OPEN.value,
            and_(ActionItem.owner_id.is_(None), ActionItem.owner_unit_id.is_(None),
                 ActionItem.owner_person_id.is_(None), ActionItem.owner_text == ""),
            Meeting.state != WITHDRAWN,
        )
    )


# The rules, in the order the page and the API list them ------------------------------------
RULES: tuple[Rule, ...] = (
    Rule(
        code="commitment_no_owner", severity=Severity.HIGH, kind="commitment",
        model=Commitment,
        title=_l("A monitored commitment has no responsible owner"),
        action=_l("Name a responsible owner, a person or a unit, on the commitment's page "
                  "(Edit): reminders and progress reports go to them."),
        rows=_without_owner, name=_commitment_name, link=_commitment_link,
        context=_owner_named, load=_COMMITMENT_NAMES_SHOWN,
    ),
    Rule(
        code="commitment_no_lead_unit", severity=Severity.HIGH, kind="commitment",
        model=Commitment,
        title=_l("A monitored commitment has no lead unit"),
        action=_l("Choose the lead implementing unit on the commitment's page (Edit). Where "
                  "the plan names a unit that is not in the directory, add it to the "
                  "directory and link it to the commitment."),
        rows=_without_lead_unit, name=_commitment_name, link=_commitment_link,
        context=_lead_unit_named, load=_COMMITMENT_NAMES_SHOWN,
    ),
    Rule(
        code="commitment_no_open_milestone", severity=Severity.MEDIUM, kind="commitment",
        model=Commitment,
        title=_l("A monitored commitment has no open milestone"),
        action=_l("Add the next milestone with its deadline; if the work is finished, "
                  "record the completion evidence and mark the commitment completed."),
        rows=_without_open_milestone, name=_commitment_name, link=_milestones_link,
        load=_COMMITMENT_SHOWN,
    ),
    Rule(
        code="commitment_no_report", severity=Severity.MEDIUM, kind="commitment",
        model=Commitment, days="report_days",
        title=_l("A monitored commitment has had no progress report in %(days)d days"),
        action=_l("File a progress report (what was done, whether it is on track, the "
                  "evidence); the chair can ask the owner for one."),
        rows=_no_recent_report, name=_commitment_name, link=_report_link,
        load=_COMMITMENT_SHOWN,
    ),
    Rule(
        code="commitment_overdue_on_track", severity=Severity.HIGH, kind="commitment",
        model=Commitment,
        title=_l("Milestones are overdue while the latest progress report says “on track”"),
        action=_l("Mark the milestones that are done, or file a new progress report that "
                  "says the commitment is delayed or at risk, and why."),
        rows=_overdue_while_on_track, name=_commitment_name, link=_milestones_link,
        load=_COMMITMENT_SHOWN,
    ),
    Rule(
        code="commitment_deadline_passed", severity=Severity.HIGH, kind="commitment",
        model=Commitment,
        title=_l("The commitment's deadline has passed with milestones still open"),
        action=_l("Mark the milestones that are done, with their evidence; for the rest, "
                  "agree a new deadline with the chair or record why they were not met."),
        rows=_deadline_passed, name=_commitment_name, link=_milestones_link,
        load=_COMMITMENT_SHOWN,
    ),
    Rule(
        code="subgroup_no_meeting", severity=Severity.MEDIUM, kind="subgroup",
        model=Subgroup, days="subgroup_days",
        title=_l("An active subgroup has not met in %(days)d days"),
        action=_l("Schedule the subgroup's next meeting; if its work is over, record its "
                  "deliverable and complete the subgroup."),
        rows=_subgroup_silent, name=lambda s: s.name, link=_subgroup_link,
        load=(load_only(Subgroup.name, Subgroup.municipality_id),),
    ),
    Rule(
        code="action_item_no_owner", severity=Severity.MEDIUM, kind="action_item",
        model=ActionItem,
        title=_l("An open action item has no owner"),
        action=_l("Name who carries it out, a person or a unit, in the meeting's minutes; "
                  "if it is no longer needed, cancel it."),
        rows=_action_item_without_owner, name=lambda item: item.title,
        link=_action_item_link, context=_action_item_context, load=_ACTION_ITEM_SHOWN,
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
