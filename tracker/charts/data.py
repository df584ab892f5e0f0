"""What each chart of a plan shows, as plain data: one function per chart.

The drawing (:mod:`.svg`) never touches the database, and these functions never draw, so
the numbers can be tested by themselves and the self-assessment report can reuse either
half. Each function runs a fixed number of queries whatever the plan's size (counts are
``GROUP BY`` in SQL, never a milestone loaded per commitment), and all of them work in the
plan's own municipality (:func:`in_plans_municipality`), so a coordinator who reads every
municipality still sees only this plan's meetings.

"Today" is always a parameter: the web and the API pass :func:`tracker.i18n.local_today`
(the working group's day in ``TRACKER_TIMEZONE``), tests pass a fixed day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select

from ..audit.models import AuditEntry
from ..commitments.models import (
    ActionPlan,
    Commitment,
    CompletionLevel,
    Milestone,
    completion_level,
)
from ..extensions import db
from ..i18n import tracker_zone
from ..meetings.models import Attendee, Meeting, OrgKind, Presence
from ..municipalities import scope
from ..municipalities.models import Municipality
from ..subgroups.models import Subgroup
from ..workflow import COMPLETED, DRAFT, WITHDRAWN

#: A plan longer than this is charted month by month rather than week by week.
WEEKLY_UP_TO_DAYS = 366
#: The attendance chart shows at most this many meetings (the latest ones).
MAX_MEETINGS = 60


@contextmanager
def in_plans_municipality(plan: ActionPlan) -> Iterator[None]:
    """Every query of a chart sees the plan's municipality only (the scope's one rule,
    not a ``where`` of ours): an API call of a user of several municipalities, or the report
    built from the command line, would otherwise count meetings of them all."""
    if scope.current_id() == plan.municipality_id:
        yield
        return
    with scope.entered(db.session.get(Municipality, plan.municipality_id)):
        yield


def local_day(moment: datetime) -> date:
    """The working group's day of a stored UTC moment."""
    return moment.astimezone(tracker_zone()).date()


# Completion -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CompletionBar:
    commitment_id: int
    number: int
    title: str
    done: int
    total: int

    @property
    def level(self) -> CompletionLevel:
        """The same IRM rule as ``Commitment.completion``, from the counts."""
        return completion_level(self.done, self.total)


@dataclass(frozen=True)
class CompletionData:
    plan_title: str
    bars: tuple[CompletionBar, ...]


def completion(plan: ActionPlan, today: date) -> CompletionData:
    """The plan's live commitments (a withdrawn one has no completion to show) with their
    milestones counted, done and in all: one ``GROUP BY`` query."""
    done = func.coalesce(func.sum(case((Milestone.done, 1), else_=0)), 0)
    stmt = (
        select(Commitment.id, Commitment.number, Commitment.title,
               func.count(Milestone.id), done)
        .outerjoin(Milestone, Milestone.commitment_id == Commitment.id)
        .where(Commitment.plan_id == plan.id, Commitment.is_live)
        .group_by(Commitment.id, Commitment.number, Commitment.title)
        .order_by(Commitment.number, Commitment.id)
    )
    with in_plans_municipality(plan):
        rows = db.session.execute(stmt).all()
    return CompletionData(
        plan.title,
        tuple(CompletionBar(ident, number, title, int(d), int(total))
              for ident, number, title, total, d in rows),
    )


# Timeline ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineMilestone:
    title: str
    deadline: date
    done: bool


@dataclass(frozen=True)
class TimelineRow:
    number: int
    title: str
    start: date | None
    end: date | None
    done: bool
    milestones: tuple[TimelineMilestone, ...] = ()


@dataclass(frozen=True)
class TimelineData:
    plan_title: str
    start: date  # the axis: the plan's period, widened to every date it shows
    end: date
    today: date
    rows: tuple[TimelineRow, ...]


def timeline(plan: ActionPlan, today: date) -> TimelineData:
    """The plan's live commitments from start date to deadline, and their milestones at
    their deadlines: two queries."""
    commitments = select(
        Commitment.id, Commitment.number, Commitment.title, Commitment.start_date,
        Commitment.deadline, Commitment.is_done,
    ).where(Commitment.plan_id == plan.id, Commitment.is_live).order_by(
        Commitment.number, Commitment.id)
    milestones = (
        select(Milestone.commitment_id, Milestone.title, Milestone.deadline, Milestone.done)
        .join(Commitment, Milestone.commitment_id == Commitment.id)
        .where(Commitment.plan_id == plan.id, Commitment.is_live)
        .order_by(Milestone.deadline, Milestone.id)
    )
    with in_plans_municipality(plan):
        by_commitment: dict[int, list[TimelineMilestone]] = defaultdict(list)
        for commitment_id, title, deadline, done in db.session.execute(milestones):
            by_commitment[commitment_id].append(TimelineMilestone(title, deadline, bool(done)))
        rows = tuple(
            TimelineRow(number, title, start, end, bool(done), tuple(by_commitment[ident]))
            for ident, number, title, start, end, done in db.session.execute(commitments)
        )
    days = [plan.period_start, plan.period_end]
    for row in rows:
        days += [d for d in (row.start, row.end) if d is not None]
        days += [m.deadline for m in row.milestones]
    return TimelineData(plan.title, min(days), max(days), today, rows)


# Overdue over time ------------------------------------------------------------------------
@dataclass(frozen=True)
class OverduePoint:
    day: date
    commitments: int
    milestones: int


@dataclass(frozen=True)
class OverdueData:
    plan_title: str
    step: str  # "week" or "month"
    today: date
    points: tuple[OverduePoint, ...]


def sample_days(start: date, end: date) -> tuple[str, list[date]]:
    """The days the series is counted on: every 7th day from ``start`` for a period up to
    a year (``WEEKLY_UP_TO_DAYS``), else the 1st of every month after ``start``; ``end``
    itself is always the last point. No days when ``end`` is before ``start``."""
    if end < start:
        return "week", []
    if (end - start).days <= WEEKLY_UP_TO_DAYS:
        step, days = "week", [start + timedelta(days=7 * k)
                              for k in range((end - start).days // 7 + 1)]
    else:
        step, days = "month", [start]
        year, month = start.year, start.month
        while True:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            first = date(year, month, 1)
            if first > end:
                break
            days.append(first)
    if days[-1] != end:
        days.append(end)
    return step, days


def state_on(day: date, current: str, transitions: list[tuple[date, str, str]]) -> str:
    """A commitment's state at the end of ``day``, from its audited transitions
    ``(local day, from_state, to_state)`` in the order they happened: the state the last
    one on or before ``day`` moved it to; before its first one, the state that one moved it
    from; with none recorded at all, the state it has now (a row made by an import or by
    hand has no history to contradict it)."""
    state: str | None = None
    for when, source, dest in transitions:
        if when > day:
            return state if state is not None else source
        state = dest
    return state if state is not None else current


def overdue(plan: ActionPlan, today: date) -> OverdueData:
    """How many of the plan's commitments and milestones were overdue on each sampled day
    of the plan's period up to ``today`` (the period's last day if the plan is over).

    The rule, for a day D (``sample_days``):

    - an item is *past its deadline* on D when its deadline is before D (as the board says
      "overdue": due before today), using the deadline it has now (a moved deadline is not
      replayed);
    - a *commitment* counts when it is past its deadline and its state at the end of D
      (:func:`state_on`, read off the audit trail's transitions) is neither ``completed``
      nor ``withdrawn``;
    - a *milestone* counts when it is past its deadline, its commitment was not withdrawn at
      the end of D, and it was not done by then: done with ``done_at`` on or before D (in
      ``TRACKER_TIMEZONE``). A milestone marked done without a recorded moment counts as
      done all along; one reopened since counts as never done (``done_at`` is cleared).

    Three queries (the commitments, their transitions, their milestones), then counting in
    Python over at most ~60 days × the plan's items.
    """
    end = min(today, plan.period_end)
    step, days = sample_days(plan.period_start, end)
    ids = select(Commitment.id).where(Commitment.plan_id == plan.id).scalar_subquery()
    with in_plans_municipality(plan):
        commitments = db.session.execute(
            select(Commitment.id, Commitment.deadline, Commitment.state)
            .where(Commitment.plan_id == plan.id)
        ).all()
        history: dict[int, list[tuple[date, str, str]]] = defaultdict(list)
        for object_id, at, source, dest in db.session.execute(
            select(AuditEntry.object_id, AuditEntry.at, AuditEntry.from_state,
                   AuditEntry.to_state)
            .where(AuditEntry.object_type == Commitment.audit_type,
                   AuditEntry.action == "transition", AuditEntry.object_id.in_(ids))
            .order_by(AuditEntry.id)
        ):
            history[object_id].append((local_day(at), source or DRAFT, dest or DRAFT))
        milestones = db.session.execute(
            select(Milestone.commitment_id, Milestone.deadline, Milestone.done,
                   Milestone.done_at)
            .join(Commitment, Milestone.commitment_id == Commitment.id)
            .where(Commitment.plan_id == plan.id)
        ).all()
    current = {ident: state for ident, _deadline, state in commitments}
    points = []
    for day in days:
        states = {ident: state_on(day, current[ident], history[ident]) for ident in current}
        late_commitments = sum(
            1 for ident, deadline, _state in commitments
            if deadline is not None and deadline < day
            and states[ident] not in (COMPLETED, WITHDRAWN)
        )
        late_milestones = sum(
            1 for commitment_id, deadline, done, done_at in milestones
            if deadline < day and states[commitment_id] != WITHDRAWN
            and not (done and (done_at is None or local_day(done_at) <= day))
        )
        points.append(OverduePoint(day, late_commitments, late_milestones))
    return OverdueData(plan.title, step, today, tuple(points))


# Attendance balance -----------------------------------------------------------------------
@dataclass(frozen=True)
class MeetingBalance:
    meeting_id: int
    number: int
    day: date
    group: str | None  # the subgroup's name; None for the working group's own meeting
    counts: dict[str, int] = field(default_factory=dict)  # present attendees per OrgKind

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class AttendanceData:
    plan_title: str
    start: date
    end: date
    meetings: tuple[MeetingBalance, ...]
    left_out: int = 0  # older meetings beyond MAX_MEETINGS


def attendance(plan: ActionPlan, today: date) -> AttendanceData:
    """The present attendees of each meeting of the plan's municipality (the working
    group's and its subgroups'), by the kind of their organisation, for the meetings dated
    within the plan's period and not after ``today`` (a meeting ahead has no attendance
    yet) that were held (``Meeting.was_held``, the rule the report's meeting record
    counts by). Absent and excused attendees are not counted:
    the balance is of who was at the table. Two queries: the meetings, then one
    ``GROUP BY`` of their attendees."""
    end = min(plan.period_end, today)
    meetings = (
        select(Meeting.id, Meeting.number, Meeting.date, Subgroup.name)
        .outerjoin(Subgroup, Meeting.subgroup_id == Subgroup.id)
        .where(Meeting.date >= plan.period_start, Meeting.date <= end, Meeting.was_held)
        .order_by(Meeting.date.desc(), Meeting.id.desc())
    )
    with in_plans_municipality(plan):
        total = db.session.execute(
            select(func.count()).select_from(meetings.order_by(None).subquery())
        ).scalar_one()
        rows = db.session.execute(meetings.limit(MAX_MEETINGS)).all() if total else []
        counts: dict[int, dict[str, int]] = {
            ident: {kind.value: 0 for kind in OrgKind} for ident, *_rest in rows
        }
        if rows:
            for meeting_id, kind, count in db.session.execute(
                select(Attendee.meeting_id, Attendee.org_kind, func.count())
                .where(Attendee.meeting_id.in_(list(counts)),
                       Attendee.presence == Presence.PRESENT.value)
                .group_by(Attendee.meeting_id, Attendee.org_kind)
            ):
                counts[meeting_id][kind] = counts[meeting_id].get(kind, 0) + int(count)
    balances = tuple(
        MeetingBalance(ident, number, day, group, counts[ident])
        for ident, number, day, group in reversed(rows)  # oldest first, as time runs
    )
    return AttendanceData(plan.title, plan.period_start, end, balances,
                          max(0, total - len(balances)))

