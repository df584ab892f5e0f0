"""The commitment area's contribution to the deadline board: commitments and milestones."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..board.items import BoardFilters, BoardItem, BoardSource, shown
from ..directory.models import Unit
from ..municipalities.scope import page_url
from .models import Commitment, Milestone, name_of


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


def _commitments(filters: BoardFilters) -> Select[Any]:
    stmt = select(Commitment).where(Commitment.deadline.is_not(None), Commitment.is_live)
    return _scope(stmt, filters, Commitment.owner_id, Commitment.owner_unit_id)


def _commitment_item(c: Commitment, label: str) -> BoardItem:
    url = page_url("commitments.detail", c, commitment_id=c.id)
    return BoardItem.of(c, "commitment", label, url, owner=c.owner, unit=c.lead_unit_display,
                        owner_name=name_of(c.owner_display), owner_unit_id=c.owner_unit_id)


def _milestones(filters: BoardFilters) -> Select[Any]:
    stmt = select(Milestone).join(Milestone.commitment).where(Commitment.is_live)
    return _scope(stmt, filters, Milestone.owner_id, Milestone.owner_unit_id)


def _milestone_item(m: Milestone, label: str) -> BoardItem:
    url = page_url("commitments.detail", m, commitment_id=m.commitment_id)
    return BoardItem.of(m, "milestone", label, f"{url}#milestone-{m.id}",
                        owner=m.owner, unit=m.commitment.lead_unit_display,
                        owner_name=name_of(m.owner_display), context=m.commitment.title,
                        owner_unit_id=m.owner_unit_id)


COMMITMENTS = BoardSource(
    kind="commitment", label=_l("Commitment"), model=Commitment, rows=_commitments,
    due=Commitment.deadline, done=Commitment.is_done,
    load=(shown(Commitment.owner, User.name), shown(Commitment.owner_unit, Unit.name),
          shown(Commitment.lead_unit, Unit.name)),
    item=_commitment_item,
)

MILESTONES = BoardSource(
    kind="milestone", label=_l("Milestone"), model=Milestone, rows=_milestones,
    due=Milestone.deadline, done=Milestone.is_done,
    load=(
        shown(Milestone.owner, User.name),
        shown(Milestone.owner_unit, Unit.name),
        joinedload(Milestone.commitment)
        .load_only(Commitment.title, Commitment.lead_unit_id, Commitment.lead_unit_text,
                   Commitment.state)
        .options(shown(Commitment.lead_unit, Unit.name)),
    ),
    item=_milestone_item,
)
