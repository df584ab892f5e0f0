"""The subgroups area's contribution to the deadline board: each group's deliverable."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, select

from ..accounts.models import User
from ..board.items import BoardFilters, BoardItem, BoardSource, shown
from ..commitments.models import Commitment
from ..directory.models import Unit
from ..municipalities.scope import page_url
from .models import Subgroup, subgroup_commitments


def _deliverables(filters: BoardFilters) -> Select[Any]:
    stmt = select(Subgroup).where(Subgroup.deliverable_deadline.is_not(None), Subgroup.is_live)
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
    return stmt


def _deliverable(group: Subgroup, label: str) -> BoardItem:
    url = page_url("subgroups.detail", group, subgroup_id=group.id)
    return BoardItem.of(group, "subgroup", label, url,
                        title=group.deliverable or group.name,
                        owner=group.lead, unit=group.unit, context=group.name)


DELIVERABLES = BoardSource(
    kind="subgroup", label=_l("Subgroup deliverable"), model=Subgroup, rows=_deliverables,
    due=Subgroup.deliverable_deadline, done=Subgroup.is_done,
    load=(shown(Subgroup.lead, User.name), shown(Subgroup.unit, Unit.name)),
    item=_deliverable,
)
