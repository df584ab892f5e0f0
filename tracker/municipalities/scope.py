"""The municipalities a request may see, applied to every ORM statement in one place.

A request starts restricted to the municipalities its user may read (none for a visitor).
A web page under ``/m/<slug>/`` *enters* that municipality; an API call enters the
municipality of the row it loads by id, or the one a create names. Once entered, every
query sees that municipality only and every new row belongs to it. Outside a request
(the CLI, migrations, the demo) nothing is restricted until a command enters one.

Two SQLAlchemy session events do the work, so no view, query or operation repeats a
``where``: ``do_orm_execute`` adds ``municipality_id IN (…)`` to every statement that
touches a :class:`~.models.MunicipalScoped` model (joins, subqueries, counts, bulk updates
and relationship loads included), and ``before_flush`` stamps new rows. An id of another
municipality's row is then simply not found: a 404, never a 403.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import g, has_app_context, has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import MANYTOONE, ORMExecuteState, Session, with_loader_criteria

from ..database import ROW_LOADED
from ..errors import NotFound, ValidationFailed
from ..extensions import db
from .models import Municipality, MunicipalScoped

_KEY = "_tracker_municipality_scope"


@dataclass(frozen=True)
class Scope:
    #: Ids of the municipalities visible; ``None``: every one (instance-level work).
    readable: frozenset[int] | None = None
    #: The municipality entered: the only one visible, and the one new rows belong to.
    municipality: Municipality | None = None


UNRESTRICTED = Scope()
#: A request sees nothing until it is restricted to its user's municipalities.
NOTHING = Scope(readable=frozenset())


def _scope() -> Scope:
    if not has_app_context():
        return UNRESTRICTED
    return g.get(_KEY, NOTHING if has_request_context() else UNRESTRICTED)


def _set(scope: Scope) -> None:
    setattr(g, _KEY, scope)


def readable_ids() -> frozenset[int] | None:
    return _scope().readable


def current() -> Municipality | None:
    """The municipality entered, if any."""
    return _scope().municipality


def current_id() -> int | None:
    municipality = current()
    return municipality.id if municipality is not None else None


def restrict(ids: Iterable[int] | None) -> None:
    """See only these municipalities (``None``: all) and enter none."""
    _set(Scope(readable=None if ids is None else frozenset(ids)))


def enter(municipality: Municipality) -> None:
    """Work in ``municipality``: see only it, write into it. One the request may not
    read is not found."""
    readable = readable_ids()
    if readable is not None and municipality.id not in readable:
        raise NotFound()
    _set(Scope(readable=frozenset({municipality.id}), municipality=municipality))


@contextmanager
def entered(municipality: Municipality) -> Iterator[Municipality]:
    """``enter`` for a block (the CLI, the demo, tests' factories), then back."""
    before = _scope()
    enter(municipality)
    try:
        yield municipality
    finally:
        _set(before)


@contextmanager
def unrestricted() -> Iterator[None]:
    """Every municipality's rows for a block, whatever the request or command entered
    (``restrict(None)``), then back: work on the whole instance, such as rebuilding the
    search indexes, which know no municipality."""
    if not has_app_context():  # nothing is restricted outside one
        yield
        return
    before = _scope()
    restrict(None)
    try:
        yield
    finally:
        _set(before)


def settle(row: Any) -> None:
    """A row loaded by id decides the municipality of a request that has not entered one
    (an API call on ``/commitments/7`` works in commitment 7's municipality)."""
    if current() is None and isinstance(row, MunicipalScoped):
        enter(db.session.get(Municipality, row.municipality_id))


ROW_LOADED.append(settle)


def slug_of(municipality_id: int) -> str:
    """The slug of a municipality by id (one query a request loads them all: they are few).
    What every row's JSON carries as ``municipality``, and what its page's URL starts with."""
    if not has_app_context():  # pragma: no cover - always called within one
        raise RuntimeError("slug_of needs an application context")
    here = current()
    if here is not None and here.id == municipality_id:
        return here.slug
    slugs: dict[int, str] | None = g.get("_tracker_municipality_slugs")
    if slugs is None or municipality_id not in slugs:
        rows = db.session.execute(select(Municipality.id, Municipality.slug))
        slugs = {ident: slug for ident, slug in rows}
        g._tracker_municipality_slugs = slugs
    return slugs[municipality_id]


def page_url(endpoint: str, row: Any, **values: Any) -> str:
    """The URL of a page about ``row``, in ``row``'s municipality (an API list spans
    several; a page's own links fill the slug in by themselves)."""
    return url_for(endpoint, municipality=slug_of(row.municipality_id), **values)


# The two events ------------------------------------------------------------------------------
@event.listens_for(Session, "do_orm_execute")
def _only_readable(state: ORMExecuteState) -> None:
    if state.is_column_load or not (state.is_select or state.is_update or state.is_delete):
        return
    readable = readable_ids()
    if readable is None:
        return
    ids = tuple(sorted(readable))
    state.statement = state.statement.options(
        with_loader_criteria(
            MunicipalScoped,
            lambda cls: cls.municipality_id.in_(ids),
            include_aliases=True,
        )
    )


def _parents_municipality(row: Any) -> int | None:
    """The municipality of the rows ``row`` hangs from (a milestone's commitment, a
    commitment's plan and lead unit), among those already loaded; two different ones are a
    bug that would tie one municipality's data to another's."""
    state = inspect(row)
    found: set[int] = set()
    for relationship in state.mapper.relationships:
        if relationship.direction is not MANYTOONE:
            continue
        parent = state.dict.get(relationship.key)
        if isinstance(parent, MunicipalScoped) and parent.municipality_id is not None:
            found.add(parent.municipality_id)
    if len(found) > 1:
        raise RuntimeError(f"a {type(row).__name__} would join rows of two municipalities")
    return found.pop() if found else None


@event.listens_for(Session, "before_flush")
def _stamp_new_rows(session: Session, _context: Any, _instances: Any) -> None:
    """A new row belongs to the municipality it is written in, which is that of the rows it
    hangs from; a row written nowhere is refused."""
    for row in session.new:
        if not isinstance(row, MunicipalScoped) or row.municipality_id is not None:
            continue
        municipality = current()
        inherited = _parents_municipality(row)
        if municipality is not None and inherited not in (None, municipality.id):
            raise RuntimeError(
                f"a {type(row).__name__} of another municipality was written in "
                f"{municipality.slug}"
            )
        if inherited is not None:
            row.municipality_id = inherited
            continue
        if municipality is None:
            if row.municipality_optional:
                continue
            if has_request_context():  # a person did not say where (an API create)
                raise ValidationFailed({"municipality": [
                    _("Name the municipality (its slug) this belongs to.")
                ]})
            raise RuntimeError(
                f"a {type(row).__name__} was written outside any municipality: "
                "enter one first (scope.enter / scope.entered)"
            )
        row.municipality_id = municipality.id
