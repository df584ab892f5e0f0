"""What the board shows, independent of where an item comes from.

Each area contributes a *source*: a function from :class:`BoardFilters` to board items,
filtered in SQL. The board only sorts items into buckets; it knows no area's tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, or_

from ..directory.queries import UnitScope
from ..labels import Labelled


class Bucket(Labelled):
    OVERDUE = "overdue", _l("Overdue")
    DUE_7 = "due_7", _l("Due within 7 days")
    DUE_30 = "due_30", _l("Due within 30 days")
    LATER = "later", _l("Later")
    DONE = "done", _l("Done")


BUCKET_LABELS = Bucket.labels()


def deadline_bucket(due: date, today: date, done: bool = False) -> Bucket:
    """Where a deadline stands today; the board and every deadline chip use this rule."""
    if done:
        return Bucket.DONE
    days = (due - today).days
    if days < 0:
        return Bucket.OVERDUE
    if days <= 7:
        return Bucket.DUE_7
    if days <= 30:
        return Bucket.DUE_30
    return Bucket.LATER


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

    @classmethod
    def of(cls, row: Any, kind: str, label: str, url: str, *, title: str | None = None,
           owner: Any = None, unit: Any = None, context: str | None = None,
           owner_name: str | None = None) -> BoardItem:
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
            municipality_id=row.municipality_id,
        )

    def bucket(self, today: date) -> Bucket:
        return deadline_bucket(self.due, today, self.done)

    def days_left(self, today: date) -> int:
        return (self.due - today).days


Source = Callable[[BoardFilters], Iterable[BoardItem]]


@dataclass
class Board:
    today: date
    buckets: dict[Bucket, list[BoardItem]] = field(default_factory=dict)

    @property
    def counts(self) -> dict[Bucket, int]:
        return {bucket: len(items) for bucket, items in self.buckets.items()}


def build_board(sources: Iterable[Source], filters: BoardFilters, today: date) -> Board:
    board = Board(today=today, buckets={bucket: [] for bucket in Bucket})
    for source in sources:
        for item in source(filters):
            board.buckets[item.bucket(today)].append(item)
    for bucket, items in board.buckets.items():
        # Done: most recent deadline first; everything else: most urgent first.
        items.sort(key=lambda i: (i.due, i.kind, i.id), reverse=bucket == Bucket.DONE)
    return board
