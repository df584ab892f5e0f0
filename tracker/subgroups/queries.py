"""Read-side queries for the subgroup pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import joinedload, selectinload

from ..commitments.models import Commitment
from ..extensions import db
from ..inputs import query_int
from ..workflow import STATES
from .models import Subgroup, subgroup_members


@dataclass
class SubgroupFilters:
    state: str | None = None
    unit_id: int | None = None
    member_id: int | None = None  # the lead or a member

    @classmethod
    def from_args(cls, args: Any) -> SubgroupFilters:
        state = args.get("state") or None
        return cls(
            state=state if state in STATES else None,
            unit_id=query_int(args, "unit"),
            member_id=query_int(args, "member"),
        )

    @property
    def active(self) -> bool:
        return bool(self.state or self.unit_id or self.member_id)


# What a row of a subgroup list shows (the page and the API).
LIST_LOADING = (
    joinedload(Subgroup.lead),
    joinedload(Subgroup.unit),
    selectinload(Subgroup.members),
    selectinload(Subgroup.commitments),
)


def list_subgroups(filters: SubgroupFilters | None = None) -> list[Subgroup]:
    """Every subgroup the filters keep (the page: a municipality has a handful)."""
    stmt = subgroups_query(filters or SubgroupFilters()).options(*LIST_LOADING)
    return list(db.session.execute(stmt).unique().scalars())


def subgroups_query(filters: SubgroupFilters) -> Select[tuple[Subgroup]]:
    """The filtered subgroups by name (the id breaks ties), for a page of them."""
    stmt = select(Subgroup).order_by(Subgroup.name, Subgroup.id)
    if filters.state:
        stmt = stmt.where(Subgroup.state == filters.state)
    if filters.unit_id:
        stmt = stmt.where(Subgroup.unit_id == filters.unit_id)
    if filters.member_id:
        stmt = stmt.where(
            (Subgroup.lead_id == filters.member_id)
            | exists()
            .where(subgroup_members.c.subgroup_id == Subgroup.id)
            .where(subgroup_members.c.user_id == filters.member_id)
        )
    return stmt


def subgroup_page() -> tuple[Any, ...]:
    """What a subgroup's page shows, loaded with it (see Kind.get)."""
    return (
        joinedload(Subgroup.lead),
        joinedload(Subgroup.unit),
        selectinload(Subgroup.members),
        selectinload(Subgroup.commitments).options(
            joinedload(Commitment.owner),
            joinedload(Commitment.owner_unit),
            selectinload(Commitment.milestones),
        ),
    )
