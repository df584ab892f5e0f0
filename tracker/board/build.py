"""The board at any size: exact counts and one page per bucket, in a fixed number of queries.

For each source the board asks two questions of the database, whatever the data size:

- how many of its items stand in each bucket (one ``GROUP BY`` over the bucket rule, no
  rows loaded), so every count is exact;
- where the first ``limit + 1`` items of each wanted bucket stand in the board's order (one
  query: each bucket is a range of deadlines, read in order with a ``LIMIT``);

and, once the places of all sources are merged, loads the rows shown (one query a source,
with what they show eagerly loaded). The extra item tells whether there is more; the last
item shown is the cursor of the next page.

Every bucket runs most urgent first (deadline, then kind, then id); ``done`` runs newest
first, so its first page is the recent completions and older ones are a "more" away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, literal, select, union_all

from ..extensions import db
from .items import BoardFilters, BoardItem, BoardSource, Bucket, Cursor, bucket_case

#: Items per bucket on a page, unless the caller asks for another number (``per_page``, up
#: to :data:`tracker.paging.MAX_PER_PAGE`).
PAGE_SIZE = 25


@dataclass
class BucketPage:
    """One bucket: its exact count, the items of this page, and where the next one starts."""

    count: int = 0
    items: list[BoardItem] = field(default_factory=list)
    next: Cursor | None = None


@dataclass
class Board:
    today: date
    #: Every bucket's exact count, whichever buckets this page shows.
    counts: dict[Bucket, int]
    #: The buckets this page shows (all, or the one being paged), in the board's order.
    buckets: dict[Bucket, BucketPage]


def _newest_first(bucket: Bucket | str) -> bool:
    return bucket == Bucket.DONE


@dataclass(frozen=True)
class _Key:
    """An item's place on the board, before its row is loaded."""

    cursor: Cursor
    bucket: Bucket
    source: BoardSource


def _counts(source: BoardSource, filters: BoardFilters, today: date) -> Counter[str]:
    # Grouped over a subquery: PostgreSQL would not see the CASE of the select list and a
    # second copy in GROUP BY (with their own parameters) as the same expression.
    buckets = (
        source.rows(filters)
        .with_only_columns(bucket_case(source.due, source.done, today).label("bucket"),
                           maintain_column_froms=True)
        .subquery()
    )
    stmt = select(buckets.c.bucket, func.count()).group_by(buckets.c.bucket)
    return Counter({bucket: n for bucket, n in db.session.execute(stmt)})


def _first_keys(
    source: BoardSource,
    filters: BoardFilters,
    today: date,
    wanted: Collection[Bucket],
    after: Cursor | None,
    limit: int,
) -> list[_Key]:
    """The places of the first ``limit`` items of each wanted bucket (after ``after``, when
    paging one): ids and deadlines only, no row loaded. One statement: for each bucket its
    range of deadlines in order with a ``LIMIT`` (read along the deadline index, however
    many items there are), the buckets joined by ``UNION ALL``."""
    ident = source.model.id
    parts = []
    for bucket in wanted:
        newest = _newest_first(bucket)
        stmt = source.rows(filters).where(source.in_bucket(bucket, today))
        if after is not None:
            stmt = stmt.where(source.after(after, newest))
        order = (source.due.desc(), ident.desc()) if newest else (source.due, ident)
        ranked = (
            stmt.with_only_columns(ident.label("id"), source.due.label("due"),
                                   literal(bucket.value).label("bucket"),
                                   maintain_column_froms=True)
            .order_by(*order)
            .limit(limit)
            .subquery()
        )
        parts.append(select(ranked.c.id, ranked.c.due, ranked.c.bucket))
    stmt = parts[0] if len(parts) == 1 else union_all(*parts)
    return [
        _Key(Cursor(due, source.kind, row_id), Bucket(name), source)
        for row_id, due, name in db.session.execute(stmt)
    ]


def _load(source: BoardSource, ids: Collection[int]) -> dict[int, BoardItem]:
    """The chosen rows of one source with what they show, in one query, as board items."""
    stmt = select(source.model).where(source.model.id.in_(ids)).options(*source.load)
    label = str(source.label)  # translated once, not once an item
    return {row.id: source.item(row, label) for row in db.session.scalars(stmt).unique()}


def build_board(
    sources: Iterable[BoardSource],
    filters: BoardFilters,
    today: date,
    *,
    limit: int = PAGE_SIZE,
    bucket: Bucket | None = None,
    after: Cursor | None = None,
) -> Board:
    """Every bucket's count, and the first ``limit`` items of every bucket — or, with
    ``bucket``, only that bucket's items, from ``after`` on.

    Each source gives the places of its first ``limit + 1`` items a bucket; merged, the
    first ``limit + 1`` of each bucket are loaded (the extra one says there is more), one
    query a source."""
    wanted = [bucket] if bucket else list(Bucket)
    counts: Counter[str] = Counter()
    keys: list[_Key] = []
    for source in sources:
        counts.update(_counts(source, filters, today))
        keys.extend(_first_keys(source, filters, today, wanted, after, limit + 1))

    board = Board(
        today=today,
        counts={b: counts[b.value] for b in Bucket},
        buckets={b: BucketPage(count=counts[b.value]) for b in wanted},
    )
    chosen: dict[Bucket, list[_Key]] = {b: [] for b in wanted}
    for key in keys:
        chosen[key.bucket].append(key)
    for name, bucket_keys in chosen.items():
        bucket_keys.sort(key=lambda k: k.cursor, reverse=_newest_first(name))
        del bucket_keys[limit + 1:]

    loaded: dict[tuple[str, int], BoardItem] = {}
    by_source: dict[BoardSource, list[int]] = {}
    for key in (k for bucket_keys in chosen.values() for k in bucket_keys):
        by_source.setdefault(key.source, []).append(key.cursor.id)
    for source, ids in by_source.items():
        loaded.update(((source.kind, i), item) for i, item in _load(source, ids).items())

    for name, bucket_keys in chosen.items():
        page = board.buckets[name]
        page.items = [loaded[(k.cursor.kind, k.cursor.id)] for k in bucket_keys[:limit]
                      if (k.cursor.kind, k.cursor.id) in loaded]
        if len(bucket_keys) > limit:
            page.next = bucket_keys[limit - 1].cursor
    return board
