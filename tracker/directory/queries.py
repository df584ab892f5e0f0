"""Directory look-ups other areas use: a unit's subtree and who works in it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from .models import StaffMember, Unit


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
