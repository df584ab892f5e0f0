"""The commitment area's contribution to the deadline board."""

from __future__ import annotations

from collections.abc import Iterator

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..board.items import BoardFilters, BoardItem
from ..extensions import db
from ..workflow import COMPLETED, WITHDRAWN
from .models import Commitment, Milestone


def _scope(stmt, filters: BoardFilters, owner_column):  # type: ignore[no-untyped-def]
    if filters.owner_id:
        stmt = stmt.where(owner_column == filters.owner_id)
    if filters.unit_id:
        stmt = stmt.where(Commitment.lead_unit_id == filters.unit_id)
    if filters.plan_id:
        stmt = stmt.where(Commitment.plan_id == filters.plan_id)
    return stmt


def commitment_items(filters: BoardFilters) -> Iterator[BoardItem]:
    stmt = (
        select(Commitment)
        .where(Commitment.deadline.is_not(None), Commitment.state != WITHDRAWN)
        .options(joinedload(Commitment.owner), joinedload(Commitment.lead_unit))
    )
    label = _("Commitment")
    for c in db.session.execute(_scope(stmt, filters, Commitment.owner_id)).scalars():
        yield BoardItem(
            kind="commitment",
            kind_label=label,
            id=c.id,
            title=c.title,
            due=c.deadline,
            done=c.state == COMPLETED,
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
        .where(Commitment.state != WITHDRAWN)
        .options(
            joinedload(Milestone.owner),
            joinedload(Milestone.commitment).joinedload(Commitment.lead_unit),
        )
    )
    label = _("Milestone")
    for m in db.session.execute(_scope(stmt, filters, Milestone.owner_id)).scalars():
        yield BoardItem(
            kind="milestone",
            kind_label=label,
            id=m.id,
            title=m.title,
            due=m.deadline,
            done=m.done,
            url=url_for("commitments.detail", commitment_id=m.commitment_id)
            + f"#milestone-{m.id}",
            owner_id=m.owner_id,
            owner_name=m.owner.name if m.owner else None,
            unit_name=m.commitment.lead_unit.name if m.commitment.lead_unit else None,
            context=m.commitment.title,
        )
