"""The board at any size: exact counts and one page per bucket, in a fixed number of queries.

For each source the board asks two questions of the database, whatever the data size:

- how many of its items stand in each bucket (one ``GROUP BY`` over the bucket rule, no
  rows loaded), so every count is exact;
- the first ``limit + 1`` items of each wanted bucket in the board's order (one query: a
  window ``row_number()`` per bucket picks the ids, and the rows come with what they show,
  eagerly loaded). The extra item tells whether there is more; the last item shown is the
  cursor of the next page.

Every bucket runs most urgent first (deadline, then kind, then id); ``done`` runs newest
first, so its first page is the recent completions and older ones are a "more" away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from ..extensions import db
from .items import BoardFilters, BoardItem, BoardSource, Bucket, Cursor, bucket_case

#: Items per bucket on a page, unless the caller asks for another number (``per_page``, up
#: to :data:`tracker.paging.MAX_PER_PAGE`).
PAGE_SIZE = 50


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


def _first_items(
    source: BoardSource,
    filters: BoardFilters,
    today: date,
    wanted: Collection[Bucket],
    after: Cursor | None,
    limit: int,
) -> list[BoardItem]:
    """Up to ``limit`` items of each wanted bucket (after ``after``, when paging one)."""
    bucket = bucket_case(source.due, source.done, today)
    stmt = source.rows(filters).where(bucket.in_([b.value for b in wanted]))
    if after is not None:
        (only,) = wanted
        stmt = stmt.where(source.after(after, _newest_first(only)))
    ident = source.model.id
    urgent = func.row_number().over(partition_by=bucket, order_by=(source.due, ident))
    newest = func.row_number().over(partition_by=bucket,
                                    order_by=(source.due.desc(), ident.desc()))
    ranked = stmt.with_only_columns(
        ident.label("id"), bucket.label("bucket"), urgent.label("urgent"),
        newest.label("newest"), maintain_column_froms=True,
    ).subquery()
    rank = case((ranked.c.bucket == Bucket.DONE.value, ranked.c.newest), else_=ranked.c.urgent)
    page = (
        select(source.model)
        .join(ranked, ranked.c.id == ident)
        .where(rank <= limit)
        .options(*source.load)
    )
    return [source.item(row) for row in db.session.scalars(page).unique()]


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
    ``bucket``, only that bucket's items, from ``after`` on."""
    wanted = [bucket] if bucket else list(Bucket)
    counts: Counter[str] = Counter()
    found: list[BoardItem] = []
    for source in sources:
        counts.update(_counts(source, filters, today))
        found.extend(_first_items(source, filters, today, wanted, after, limit + 1))
    board = Board(
        today=today,
        counts={b: counts[b.value] for b in Bucket},
        buckets={b: BucketPage(count=counts[b.value]) for b in wanted},
    )
    for item in found:
        board.buckets[item.bucket(today)].items.append(item)
    for name, page in board.buckets.items():
        page.items.sort(key=lambda i: i.cursor, reverse=_newest_first(name))
        if len(page.items) > limit:
            del page.items[limit:]
            page.next = page.items[-1].cursor
    return board
