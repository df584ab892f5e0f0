"""The national coordinator's overview: how the work of each municipality stands.

One row per municipality the request may read, with its action plans, commitments by state,
their completion levels, overdue items, last meeting and minutes approved or pending. Each
figure is one ``GROUP BY municipality_id`` over the whole scope (the scope's loader criteria
decide which municipalities that is: nothing here names one), so the page costs the same
few queries for two municipalities or sixty.

No figure has a rule of its own: a commitment's completion level is
:func:`~tracker.commitments.models.completion_level`, an item is overdue by the board's
:func:`~tracker.board.items.deadline_bucket` applied to the dated items' own ``due``,
``is_done`` and ``is_live`` (:mod:`tracker.workflow.dated`), over the kinds the board shows.
This module sits with the aggregators (tests/test_layering.py): it reads every area.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, case, func, select

from ..board.items import Bucket, deadline_bucket
from ..commitments.models import (
    ActionPlan,
    Commitment,
    CompletionLevel,
    Milestone,
    completion_level,
)
from ..errors import ValidationFailed
from ..extensions import db
from ..meetings.models import ActionItem, Meeting
from ..subgroups.models import Subgroup
from ..workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN
from . import scope
from .models import Municipality

#: Commitments by state, in the order of their workflow.
STATES = (DRAFT, MONITORED, COMPLETED, WITHDRAWN)
#: The IRM completion scale, lowest first.
LEVELS = tuple(CompletionLevel)
#: The kinds of dated item the deadline board shows (tracker/board/sources.py), whose
#: overdue ones the overview counts.
DATED = (Commitment, Milestone, ActionItem, Subgroup)
#: A meeting held, its minutes not yet approved (pending), and one whose minutes are.
MINUTES_PENDING, MINUTES_APPROVED = MONITORED, COMPLETED


@dataclass
class Figures:
    """One municipality's row."""

    municipality: Municipality
    plans: int = 0
    commitments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    #: Completion levels of the commitments still live (a withdrawn one has none to report).
    completion: dict[CompletionLevel, int] = field(
        default_factory=lambda: dict.fromkeys(LEVELS, 0)
    )
    overdue: int = 0
    #: The date of the last meeting held (working group or subgroup).
    last_meeting: date | None = None
    minutes_approved: int = 0
    minutes_pending: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "municipality": self.municipality.slug,
            "name": self.municipality.name,
            "plans": self.plans,
            "commitments": dict(self.commitments),
            "completion": {level.value: n for level, n in self.completion.items()},
            "overdue": self.overdue,
            "last_meeting": self.last_meeting.isoformat() if self.last_meeting else None,
            "minutes": {"approved": self.minutes_approved, "pending": self.minutes_pending},
        }


# Sorting ------------------------------------------------------------------------------------
def _name_key(row: Figures) -> Any:
    return row.municipality.name.casefold()


#: Every column the overview sorts by (``?sort=``), and the value it sorts on.
SORT_KEYS: dict[str, Callable[[Figures], Any]] = {
    "name": _name_key,
    "plans": lambda row: row.plans,
    **{state: (lambda row, s=state: row.commitments[s]) for state in STATES},
    **{level.value: (lambda row, lv=level: row.completion[lv]) for level in LEVELS},
    "overdue": lambda row: row.overdue,
    # Never met sorts as the oldest meeting.
    "last_meeting": lambda row: row.last_meeting or date.min,
    "minutes_approved": lambda row: row.minutes_approved,
    "minutes_pending": lambda row: row.minutes_pending,
}
ASCENDING, DESCENDING = "asc", "desc"


@dataclass(frozen=True)
class Sort:
    """``?sort=COLUMN&dir=asc|desc``: by name, A to Z, unless the address says otherwise."""

    column: str = "name"
    direction: str = ASCENDING

    @property
    def descending(self) -> bool:
        return self.direction == DESCENDING

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> Sort:
        """An unknown column or direction is a 422 naming the parameter."""
        column = str(args.get("sort") or "name")
        direction = str(args.get("dir") or ASCENDING)
        errors: dict[str, list[str]] = {}
        if column not in SORT_KEYS:
            errors["sort"] = [_("Sort by one of: %(columns)s.", columns=", ".join(SORT_KEYS))]
        if direction not in (ASCENDING, DESCENDING):
            errors["dir"] = [_("Sort asc (ascending) or desc (descending).")]
        if errors:
            raise ValidationFailed(errors)
        return cls(column, direction)

    def link(self, column: str) -> dict[str, str]:
        """The query of a column heading's link: the column sorted the other way if it is
        the current one; else names A to Z and figures largest first."""
        if column == self.column:
            direction = ASCENDING if self.descending else DESCENDING
        else:
            direction = ASCENDING if column == "name" else DESCENDING
        return {"sort": column, "dir": direction}

    def aria(self, column: str) -> str | None:
        if column != self.column:
            return None
        return "descending" if self.descending else "ascending"

    def apply(self, rows: Iterable[Figures]) -> list[Figures]:
        # Ties by name, A to Z, whichever way the column goes (two sorts: Python's is stable).
        by_name = sorted(rows, key=_name_key)
        return sorted(by_name, key=SORT_KEYS[self.column], reverse=self.descending)


# The figures --------------------------------------------------------------------------------
def overview(today: date, sort: Sort = Sort()) -> list[Figures]:
    """Every municipality of the request's scope with its figures, in ``sort``'s order."""
    rows = {m.id: Figures(m) for m in Municipality.ordered(scope.readable_ids())}

    def row(municipality_id: int) -> Figures | None:
        # Readable rows belong to readable municipalities; the guard is for a municipality
        # created between the two queries.
        return rows.get(municipality_id)

    for mid, count in db.session.execute(
        select(ActionPlan.municipality_id, func.count(ActionPlan.id))
        .group_by(ActionPlan.municipality_id)
    ):
        if (r := row(mid)) is not None:
            r.plans = count

    for mid, state, count in db.session.execute(
        select(Commitment.municipality_id, Commitment.state, func.count(Commitment.id))
        .group_by(Commitment.municipality_id, Commitment.state)
    ):
        if (r := row(mid)) is not None and state in r.commitments:
            r.commitments[state] = count

    for mid, done, total, count in _milestone_progress():
        if (r := row(mid)) is not None:
            r.completion[completion_level(done, total)] += count

    for mid, count in _overdue(today).items():
        if (r := row(mid)) is not None:
            r.overdue = count

    for mid, state, count, last in db.session.execute(
        select(Meeting.municipality_id, Meeting.state, func.count(Meeting.id),
               func.max(Meeting.date))
        .where(Meeting.state.in_((MINUTES_PENDING, MINUTES_APPROVED)))
        .group_by(Meeting.municipality_id, Meeting.state)
    ):
        if (r := row(mid)) is None:
            continue
        if state == MINUTES_APPROVED:
            r.minutes_approved = count
        else:
            r.minutes_pending = count
        if last is not None and (r.last_meeting is None or last > r.last_meeting):
            r.last_meeting = last

    return sort.apply(rows.values())


def _milestone_progress() -> Iterable[tuple[int, int, int, int]]:
    """``(municipality, milestones done, milestones, how many live commitments)``: what
    :func:`completion_level` needs, counted per municipality and progress, not per
    commitment."""
    done = func.coalesce(func.sum(case((Milestone.done, 1), else_=0)), 0)
    per_commitment = (
        select(
            Commitment.municipality_id.label("municipality_id"),
            done.label("done"),
            func.count(Milestone.id).label("total"),
        )
        .outerjoin(Milestone, Milestone.commitment_id == Commitment.id)
        .where(Commitment.is_live)
        .group_by(Commitment.municipality_id, Commitment.id)
        .subquery()
    )
    stmt = select(
        per_commitment.c.municipality_id, per_commitment.c.done, per_commitment.c.total,
        func.count(),
    ).group_by(per_commitment.c.municipality_id, per_commitment.c.done, per_commitment.c.total)
    return [(mid, int(d), int(t), n) for mid, d, t, n in db.session.execute(stmt)]


def _due(model: Any) -> ColumnElement[Any]:
    """The column a dated model's ``due`` reads: its own definition, applied to the class
    as a hybrid property would (``due`` is a plain property on the models)."""
    attribute = model.due
    return attribute.fget(model) if isinstance(attribute, property) else attribute


def _overdue(today: date) -> Counter[int]:
    """Overdue items per municipality: the live dated items of the board's kinds, counted
    per municipality, deadline and done; the board's rule decides which are overdue."""
    counts: Counter[int] = Counter()
    for model in DATED:
        due = _due(model)
        done = model.is_done.label("done")
        stmt = (
            select(model.municipality_id, due, done, func.count())
            .where(model.is_live, due.is_not(None))
            .group_by(model.municipality_id, due, done)
        )
        for mid, day, is_done, count in db.session.execute(stmt):
            if deadline_bucket(day, today, bool(is_done)) == Bucket.OVERDUE:
                counts[mid] += count
    return counts
