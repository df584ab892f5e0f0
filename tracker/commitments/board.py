"""The commitment area's contribution to the deadline board."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..board.items import BoardFilters, BoardItem
from ..extensions import db
from ..municipalities.scope import page_url
from .models import Commitment, Milestone


def _scope(stmt: Select[Any], filters: BoardFilters, owner: Any, owner_unit: Any) -> Select[Any]:
    if filters.owner_id:
        stmt = stmt.where(owner == filters.owner_id)
    in_unit = filters.unit_condition(
        (Commitment.lead_unit_id, Commitment.owner_unit_id, owner_unit), (owner,)
    )
    if in_unit is not None:
        stmt = stmt.where(in_unit)
    if filters.plan_id:
        stmt = stmt.where(Commitment.plan_id == filters.plan_id)
    return stmt


def commitment_items(filters: BoardFilters) -> Iterator[BoardItem]:
    stmt = (
        select(Commitment)
        .where(Commitment.deadline.is_not(None), Commitment.is_live)
        .options(joinedload(Commitment.owner), joinedload(Commitment.lead_unit))
    )
    label = _("Commitment")
    for c in db.session.execute(
        _scope(stmt, filters, Commitment.owner_id, Commitment.owner_unit_id)
    ).scalars():
        url = page_url("commitments.detail", c, commitment_id=c.id)
        yield BoardItem.of(c, "commitment", label, url, owner=c.owner, unit=c.lead_unit)


def milestone_items(filters: BoardFilters) -> Iterator[BoardItem]:
    stmt = (
        select(Milestone)
        .join(Milestone.commitment)
        .where(Milestone.is_live)
        .options(
            joinedload(Milestone.owner),
            joinedload(Milestone.commitment).joinedload(Commitment.lead_unit),
        )
    )
    label = _("Milestone")
    for m in db.session.execute(
        _scope(stmt, filters, Milestone.owner_id, Milestone.owner_unit_id)
    ).scalars():
        url = page_url("commitments.detail", m, commitment_id=m.commitment_id)
        url += f"#milestone-{m.id}"
        yield BoardItem.of(m, "milestone", label, url, owner=m.owner,
                           unit=m.commitment.lead_unit, context=m.commitment.title)
