"""One way every list is bounded: ``?page=`` (1-based) and ``?per_page=`` in, a :class:`Page`
out, as ``{"items", "total", "page", "per_page", "pages"}`` over JSON and as the pager macro
(``templates/macros/widgets.html``) on a page.

Why one mechanism: a list that loads every row gets slower and heavier with the data (the
commitment list answered 27 requests/s at city size and 2.9 at ten times that). A page is
one ``COUNT`` and one ``LIMIT``/``OFFSET`` query (plus the eager loads of what its rows
show), the same number whatever the size of the table. The order always ends with the
primary key, so rows that tie on the list's own order (two commitments with the same
number) keep one order from page to page: walking the pages sees each row exactly once.

``per_page`` above :data:`MAX_PER_PAGE` is refused (422 naming the parameter) rather than
clamped: a client asking for 1,000 and silently getting 200 would believe it had them all.
A page past the last one is not an error: it is empty, with the true total.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask_babel import gettext as _
from sqlalchemy import Select, func, inspect, select
from sqlalchemy.orm.interfaces import ORMOption

from .errors import ValidationFailed
from .extensions import db
from .inputs import query_int

T = TypeVar("T")
U = TypeVar("U")

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


def per_page_arg(args: Mapping[str, Any], default: int = DEFAULT_PER_PAGE) -> int:
    """``per_page`` from the query string: ``default`` when absent; not a whole number or
    below 1, a 422 naming it; over :data:`MAX_PER_PAGE`, a 422 saying the maximum. (The
    board pages its buckets by cursor, but sizes them by this same rule.)"""
    size = query_int(args, "per_page")
    if size is not None and size > MAX_PER_PAGE:
        raise ValidationFailed(
            {"per_page": [_("At most %(maximum)d items per page.", maximum=MAX_PER_PAGE)]}
        )
    return size or default


@dataclass(frozen=True)
class Paging:
    """Which slice of a list a request asks for."""

    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_args(
        cls, args: Mapping[str, Any], *, per_page: int = DEFAULT_PER_PAGE
    ) -> Paging:
        """``page`` and ``per_page`` from the query string (``per_page`` is the list's own
        default when absent). Not a whole number, or below 1: a 422 naming the parameter;
        ``per_page`` over :data:`MAX_PER_PAGE`: a 422 saying the maximum."""
        return cls(query_int(args, "page") or 1, per_page_arg(args, per_page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Page(Generic[T]):
    """One page of a list and where it stands in the whole."""

    items: list[T]
    total: int
    paging: Paging

    @property
    def page(self) -> int:
        return self.paging.page

    @property
    def per_page(self) -> int:
        return self.paging.per_page

    @property
    def pages(self) -> int:
        """At least 1: an empty list is one empty page."""
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        """The position (1-based) of the page's first item in the whole list."""
        return self.paging.offset + 1

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        return Page([convert(item) for item in self.items], self.total, self.paging)

    def as_json(self, to_json: Callable[[T], Any], **extra: Any) -> dict[str, Any]:
        """The API's shape of every list; ``extra`` keys (a search's ``message``) beside."""
        return {
            "items": [to_json(item) for item in self.items],
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            **extra,
        }


def _primary_key(stmt: Select[Any]) -> list[Any]:
    entity = stmt.column_descriptions[0].get("entity")
    if entity is None:
        raise TypeError("paginate() needs a select() of a mapped class")
    return list(inspect(entity).primary_key)


def paginate(
    stmt: Select[Any],
    paging: Paging,
    *,
    load: Sequence[ORMOption] = (),
    count: Select[Any] | None = None,
) -> Page[Any]:
    """``stmt`` (a filtered, ordered ``select(Model)`` without loader options) as one page:
    one ``COUNT`` query, then the page's rows with ``load`` (what each row shows, eagerly),
    in the statement's order with the primary key last. ``count`` replaces the derived
    count when the caller has a cheaper one."""
    total = db.session.execute(
        count if count is not None
        else select(func.count()).select_from(stmt.order_by(None).subquery())
    ).scalar_one()
    if total <= paging.offset:
        return Page([], total, paging)  # past the last page: nothing to load
    rows = db.session.execute(
        stmt.order_by(*_primary_key(stmt)).options(*load)
        .limit(paging.per_page).offset(paging.offset)
    ).unique().scalars()
    return Page(list(rows), total, paging)


def page_of(items: Sequence[T], paging: Paging) -> Page[T]:
    """A list already read whole (in a fixed number of queries: the rows of one object,
    such as its history or a meeting's attendees) cut to the requested page, so that its
    answer has the shape of every other list."""
    return Page(list(items[paging.offset:paging.offset + paging.per_page]), len(items), paging)
