"""The commitment area's contribution to the deadline board."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..board.items import BoardFilters, BoardItem
from ..extensions import db
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
        yield BoardItem(
            kind="commitment",
            kind_label=label,
            id=c.id,
            title=c.title,
            due=c.deadline,
            done=c.is_done,
            url=url_for("commitments.detail", commitment_id=c.id),
            owner_id=c.owner_id,
            owner_name=c.owner.name if c.owner else None,
            unit_name=c.lead_unit.name if c.lead_unit else None,
            state=c.state,
        )


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
        yield BoardItem(
            kind="milestone",
            kind_label=label,
            id=m.id,
            title=m.title,
            due=m.deadline,
            done=m.is_done,
            url=url_for("commitments.detail", commitment_id=m.commitment_id) + f"#milestone-{m.id}",
            owner_id=m.owner_id,
            owner_name=m.owner.name if m.owner else None,
            unit_name=m.commitment.lead_unit.name if m.commitment.lead_unit else None,
            context=m.commitment.title,
        )
