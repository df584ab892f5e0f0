"""The subgroups area's contribution to the deadline board: each group's deliverable."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from ..board.items import BoardFilters, BoardItem
from ..commitments.models import Commitment
from ..extensions import db
from ..municipalities.scope import page_url
from .models import Subgroup, subgroup_commitments


def deliverable_items(filters: BoardFilters) -> Iterator[BoardItem]:
    stmt = (
        select(Subgroup)
        .where(Subgroup.deliverable_deadline.is_not(None), Subgroup.is_live)
        .options(joinedload(Subgroup.lead), joinedload(Subgroup.unit))
    )
    if filters.owner_id:
        stmt = stmt.where(Subgroup.lead_id == filters.owner_id)
    in_unit = filters.unit_condition((Subgroup.unit_id,), (Subgroup.lead_id,))
    if in_unit is not None:
        stmt = stmt.where(in_unit)
    if filters.plan_id:
        stmt = stmt.where(
            exists()
            .where(subgroup_commitments.c.subgroup_id == Subgroup.id)
            .where(subgroup_commitments.c.commitment_id == Commitment.id)
            .where(Commitment.plan_id == filters.plan_id)
        )
    label = _("Subgroup deliverable")
    for group in db.session.execute(stmt).scalars():
        url = page_url("subgroups.detail", group, subgroup_id=group.id)
        yield BoardItem.of(group, "subgroup", label, url, title=group.deliverable or group.name,
                           owner=group.lead, unit=group.unit, context=group.name)
