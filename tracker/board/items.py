"""What the board shows, independent of where an item comes from.

Each area declares a :class:`BoardSource` for each dated kind it owns: the rows (filtered in
SQL), their ``due`` and ``is_done`` columns, what to load with them and how a row reads as a
:class:`BoardItem`. The board (:mod:`tracker.board.build`) counts and pages every source
the same way and knows no area's tables.

Where a deadline stands is declared once, in :data:`HORIZONS`: :func:`deadline_bucket`
answers for one date (every deadline chip) and :func:`bucket_case` is the same rule as a
SQL expression (the board's counts and pages), so the two cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, case, not_, or_
from sqlalchemy.orm import InstrumentedAttribute, joinedload, lazyload, load_only
from sqlalchemy.sql.base import ExecutableOption

from ..directory.queries import UnitScope
from ..errors import ValidationFailed
from ..inputs import parse_int
from ..labels import Labelled


class Bucket(Labelled):
    OVERDUE = "overdue", _l("Overdue")
    DUE_7 = "due_7", _l("Due within 7 days")
    DUE_30 = "due_30", _l("Due within 30 days")
    LATER = "later", _l("Later")
    DONE = "done", _l("Done")


BUCKET_LABELS = Bucket.labels()

#: The open buckets in order, each with the last day (counted from today) it holds; an
#: item due after the last horizon is ``LATER``, a done one ``DONE`` whatever its date.
HORIZONS: tuple[tuple[Bucket, int], ...] = (
    (Bucket.OVERDUE, -1),
    (Bucket.DUE_7, 7),
    (Bucket.DUE_30, 30),
)


def deadline_bucket(due: date, today: date, done: bool = False) -> Bucket:
    """Where a deadline stands today; the board and every deadline chip use this rule."""
    if done:
        return Bucket.DONE
    days = (due - today).days
    for bucket, last_day in HORIZONS:
        if days <= last_day:
            return bucket
    return Bucket.LATER


def bucket_case(due: ColumnElement[Any], done: ColumnElement[bool],
                today: date) -> ColumnElement[str]:
    """:func:`deadline_bucket` as SQL, from the same :data:`HORIZONS`."""
    return case(
        (done, Bucket.DONE.value),
        *((due <= today + timedelta(days=last_day), bucket.value)
          for bucket, last_day in HORIZONS),
        else_=Bucket.LATER.value,
    )


def bucket_days(bucket: Bucket, today: date) -> tuple[date | None, date | None]:
    """The deadlines an open bucket holds, first and last (None: unbounded), from the same
    :data:`HORIZONS`: a bucket is a range of dates, which an index on the deadline reads in
    order without looking at the rest."""
    first: date | None = None
    for open_bucket, last_day in HORIZONS:
        last = today + timedelta(days=last_day)
        if open_bucket == bucket:
            return first, last
        first = last + timedelta(days=1)
    return first, None


def shown(relationship: Any, *columns: Any) -> ExecutableOption:
    """Load a related row a board item names (an owner, a unit, a parent) with only the
    columns it shows, and nothing it relates to in turn (an account's memberships, a unit's
    functions): half the board's time went into loading what no item shows."""
    return joinedload(relationship).options(load_only(*columns), lazyload("*"))


@dataclass(frozen=True)
class BoardFilters:
    owner_id: int | None = None
    unit_id: int | None = None
    plan_id: int | None = None
    # The unit with its sub-units and their staff's accounts (set when unit_id is).
    scope: UnitScope | None = None

    def unit_condition(
        self, units: Sequence[ColumnElement[Any]], people: Sequence[ColumnElement[Any]] = ()
    ) -> ColumnElement[bool] | None:
        """An item belongs to the chosen unit if one of its unit columns is in the unit's
        subtree, or one of its person columns is someone working there."""
        if self.scope is None:
            return None
        return or_(
            *(column.in_(self.scope.unit_ids) for column in units),
            *(column.in_(self.scope.user_ids) for column in people),
        )


@dataclass(frozen=True)
class BoardItem:
    kind: str            # "commitment", "milestone", … (API value)
    kind_label: str
    id: int
    title: str
    due: date
    done: bool
    url: str
    owner_id: int | None = None
    owner_name: str | None = None
    unit_name: str | None = None
    context: str | None = None   # e.g. the commitment a milestone belongs to
    state: str | None = None
    municipality_id: int | None = None
    #: The unit that owns the item where no one person does (its head and staff answer).
    owner_unit_id: int | None = None

    @classmethod
    def of(cls, row: Any, kind: str, label: str, url: str, *, title: str | None = None,
           owner: Any = None, unit: Any = None, context: str | None = None,
           owner_name: str | None = None, owner_unit_id: int | None = None) -> BoardItem:
        """The board's line for a dated row: due, done and state are the row's own
        (tracker.workflow.dated); the rest is how its area names it. ``owner`` is an
        account; ``owner_name`` names an owner without one (a person of the records, the
        words of an imported protocol)."""
        return cls(
            kind=kind, kind_label=label, id=row.id, title=title or row.title, due=row.due,
            done=row.is_done, url=url, owner_id=owner.id if owner else None,
            owner_name=owner.name if owner else (owner_name or None),
            unit_name=unit.name if unit else None,
            context=context, state=getattr(row, "state", None),
            municipality_id=row.municipality_id, owner_unit_id=owner_unit_id,
        )

    def bucket(self, today: date) -> Bucket:
        return deadline_bucket(self.due, today, self.done)

    def days_left(self, today: date) -> int:
        return (self.due - today).days

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.due, self.kind, self.id)


@dataclass(frozen=True, order=True)
class Cursor:
    """A place in a bucket: the board orders items by deadline, then kind, then id (done
    ones newest first), so "after this item" is a keyset condition, not an offset that
    shifts when items are added."""

    due: date
    kind: str
    id: int

    PATTERN = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})\.([a-z_]{1,40})\.([0-9]{1,10})")

    def __str__(self) -> str:
        return f"{self.due.isoformat()}.{self.kind}.{self.id}"

    @classmethod
    def parse(cls, text: str, name: str = "after") -> Cursor:
        """The ``after`` parameter; anything but a cursor the board gave out is a 422."""
        match = cls.PATTERN.fullmatch(text.strip())
        try:
            ident = parse_int(match[3]) if match else None  # an id a row can have
            if match and ident is not None:
                return cls(date.fromisoformat(match[1]), match[2], ident)
        except ValueError:
            pass
        raise ValidationFailed({name: [_("Not a position in the board.")]})


@dataclass(frozen=True, eq=False)
class BoardSource:
    """One dated kind on the board, declared once by the area that owns it."""

    kind: str
    label: Any  # the kind in words (a lazy string, translated once a page)
    model: type[Any]
    #: The kind's live dated rows under the filters: ``select(Model)`` with its joins.
    rows: Callable[[BoardFilters], Select[Any]]
    due: InstrumentedAttribute[Any]
    done: ColumnElement[bool]
    #: What an item shows besides the row (its owner, unit, parent), loaded with the page.
    load: Sequence[ExecutableOption]
    #: The board's line for a loaded row, given the kind's label.
    item: Callable[[Any, str], BoardItem]

    def in_bucket(self, bucket: Bucket, today: date) -> ColumnElement[bool]:
        """This kind's items in ``bucket``: done ones, or open ones due in its dates."""
        if bucket == Bucket.DONE:
            return self.done
        first, last = bucket_days(bucket, today)
        return and_(
            not_(self.done),
            *([self.due >= first] if first else []),
            *([self.due <= last] if last else []),
        )

    def after(self, cursor: Cursor, newest_first: bool) -> ColumnElement[bool]:
        """The rows that come after ``cursor`` in the board's order."""
        later = self.due < cursor.due if newest_first else self.due > cursor.due
        if self.kind == cursor.kind:
            beyond = self.model.id < cursor.id if newest_first else self.model.id > cursor.id
            return or_(later, (self.due == cursor.due) & beyond)
        ahead = self.kind < cursor.kind if newest_first else self.kind > cursor.kind
        return or_(later, self.due == cursor.due) if ahead else later
