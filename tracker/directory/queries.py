"""Directory look-ups: a unit's subtree and who works in it (other areas use these), the
tree, search, a unit's page and the import preview."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import Select, literal, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..audit.models import AuditEntry
from ..extensions import db
from ..paging import Page, Paging, paginate
from ..search.index import Query, highlights, parse_query
from .models import StaffMember, Unit
from .operations import UNIT_INDEX


@dataclass(frozen=True)
class UnitScope:
    """A unit with its sub-units, and the user accounts of the staff working there."""

    unit_ids: tuple[int, ...]
    user_ids: tuple[int, ...]


def subtree_ids(unit_id: int) -> list[int]:
    tree = select(Unit.id).where(Unit.id == unit_id).cte("unit_tree", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return list(db.session.execute(select(tree.c.id)).scalars())


def unit_scope(unit_id: int) -> UnitScope:
    units = subtree_ids(unit_id)
    users = db.session.execute(
        select(StaffMember.user_id).where(
            StaffMember.unit_id.in_(units), StaffMember.user_id.is_not(None)
        )
    ).scalars()
    return UnitScope(tuple(units), tuple(u for u in users if u is not None))


# Pages and the API --------------------------------------------------------------------------
@dataclass(frozen=True)
class TreeRow:
    unit: Unit
    depth: int


def unit_tree() -> list[TreeRow]:
    """Every unit in tree order (parents before their sub-units, siblings by name), with
    its staff loaded: two queries for the whole directory."""
    units = list(
        db.session.execute(
            select(Unit).options(selectinload(Unit.staff)).order_by(Unit.name)
        ).scalars()
    )
    children: dict[int | None, list[Unit]] = defaultdict(list)
    known = {u.id for u in units}
    for unit in units:
        children[unit.parent_id if unit.parent_id in known else None].append(unit)
    rows: list[TreeRow] = []
    seen: set[int] = set()

    def visit(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            if unit.id in seen:
                continue
            seen.add(unit.id)
            rows.append(TreeRow(unit, depth))
            visit(unit.id, depth + 1)

    visit(None, 0)
    return rows


@dataclass
class UnitHit:
    unit: Unit
    snippets: list[Markup] = field(default_factory=list)


@dataclass
class UnitSearch:
    query: Query
    hits: list[UnitHit]

    @property
    def message(self) -> str | None:
        return self.query.message


MAX_HITS = 50


def _matching_units(query: Query) -> Select[tuple[Unit]]:
    """Units matching a usable query, best first by the index's rule (then by name; the id
    breaks ties)."""
    ranked = UNIT_INDEX.ranked(query)
    return (
        select(Unit)
        .join(ranked, ranked.c.object_id == Unit.id)
        .order_by(*UNIT_INDEX.order(ranked), Unit.name, Unit.id)
    )


def search_units(raw: str, limit: int = MAX_HITS) -> UnitSearch:
    """Units whose name, functions or people match a word of ``raw`` in any Georgian case
    form, those with more of the words first (the minutes archive's stems and ranking).
    Any text in, never an error out."""
    query = parse_query((raw or "")[:500])
    if not query.usable:
        return UnitSearch(query, [])
    stmt = _matching_units(query).options(selectinload(Unit.staff)).limit(limit)
    units = db.session.execute(stmt).scalars().all()
    return UnitSearch(query, [UnitHit(u, unit_snippets(u, query)) for u in units])


def search_units_page(raw: str, paging: Paging) -> tuple[Query, Page[UnitHit]]:
    """A page of :func:`search_units`' hits, for the API (with a count of them all)."""
    query = parse_query((raw or "")[:500])
    if not query.usable:
        return query, Page([], 0, paging)
    page = paginate(_matching_units(query), paging, load=(selectinload(Unit.staff),))
    return query, page.map(lambda u: UnitHit(u, unit_snippets(u, query)))


def units_query() -> Select[tuple[Unit]]:
    """Every unit by name (the id breaks ties)."""
    return select(Unit).order_by(Unit.name, Unit.id)


def unit_snippets(unit: Unit, query: Query, limit: int = 3) -> list[Markup]:
    sources = [unit.name, *unit.functions]
    sources += [f"{p.name} — {p.position}".strip(" —") for p in unit.staff]
    return highlights(sources, query, limit)


def load_unit(unit_id: int) -> Unit | None:
    stmt = (
        select(Unit)
        .where(Unit.id == unit_id)
        .options(
            selectinload(Unit.staff).joinedload(StaffMember.user),
            selectinload(Unit.children).selectinload(Unit.staff),
            joinedload(Unit.parent),
        )
    )
    return db.session.execute(stmt).scalar_one_or_none()


# Deeper than any municipality's tree; bounds the walk up should the data hold a cycle.
MAX_DEPTH = 64


def ancestors(unit: Unit) -> list[Unit]:
    """The units above ``unit``, the top one first: one recursive query whatever the depth
    (following ``parent`` would be a query a level)."""
    if unit.parent_id is None:
        return []
    above = (
        select(Unit.id, Unit.parent_id, literal(1).label("depth"))
        .where(Unit.id == unit.parent_id)
        .cte("above", recursive=True)
    )
    above = above.union_all(
        select(Unit.id, Unit.parent_id, above.c.depth + 1)
        .where(Unit.id == above.c.parent_id, above.c.depth < MAX_DEPTH)
    )
    rows = db.session.execute(
        select(Unit).join(above, above.c.id == Unit.id).order_by(above.c.depth)
    ).scalars()
    chain: list[Unit] = []
    for row in rows:
        if row in chain or row is unit:
            break
        chain.append(row)
    return list(reversed(chain))


def unit_history(unit: Unit) -> list[AuditEntry]:
    """The unit's own entries and those of the people working there now (a removed
    person's departure is an entry of the unit)."""
    staff_ids = [p.id for p in unit.staff]
    stmt = (
        select(AuditEntry)
        .where(
            or_(
                (AuditEntry.object_type == Unit.audit_type) & (AuditEntry.object_id == unit.id),
                (AuditEntry.object_type == StaffMember.audit_type)
                & AuditEntry.object_id.in_(staff_ids),
            )
        )
        .order_by(AuditEntry.id)
    )
    return list(db.session.execute(stmt).scalars())


def unit_named(name: str) -> Unit | None:
    return db.session.execute(select(Unit).where(Unit.name == name)).scalar_one_or_none()


@dataclass
class ImportPreview:
    """What saving a parsed page would do: create a unit or update the one of that name,
    and which people it adds, updates or leaves alone (not on the page: kept)."""

    existing: Unit | None
    staff_new: list[str]
    staff_known: list[str]
    staff_not_on_page: list[str]

    @property
    def creates(self) -> bool:
        return self.existing is None


def import_preview(parsed: Any) -> ImportPreview:
    existing = unit_named(parsed.name)
    known = {p.name for p in existing.staff} if existing else set()
    listed = [p.name for p in parsed.staff]
    return ImportPreview(
        existing=existing,
        staff_new=[name for name in listed if name not in known],
        staff_known=[name for name in listed if name in known],
        staff_not_on_page=sorted(known - set(listed)),
    )
