"""Read-side queries for the commitment pages and the API (filters live here, not in views)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, raiseload, selectinload

from ..extensions import db
from ..inputs import query_int
from ..paging import Page, Paging, paginate
from ..search.index import parse_query
from ..text import strip_controls
from ..workflow import STATES
from .models import ActionPlan, Commitment, Milestone
from .search import COMMITMENT_INDEX


@dataclass
class CommitmentFilters:
    state: str | None = None
    owner_id: int | None = None
    unit_id: int | None = None
    plan_id: int | None = None
    text: str | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> CommitmentFilters:
        state = args.get("state") or None
        return cls(
            state=state if state in STATES else None,
            owner_id=query_int(args, "owner"),
            unit_id=query_int(args, "unit"),
            plan_id=query_int(args, "plan"),
            text=strip_controls(args.get("q") or "").strip()[:200] or None,
        )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# What a row of a commitment list shows (the page and the API), loaded with the page.
LIST_LOADING = (
    joinedload(Commitment.owner),
    joinedload(Commitment.owner_unit),
    joinedload(Commitment.lead_unit),
    joinedload(Commitment.plan),
    selectinload(Commitment.milestones),
    raiseload("*"),  # a list page must never lazy-load per row
)


def commitments_query(filters: CommitmentFilters) -> Select[tuple[Commitment]]:
    """The filtered commitments in the list's order (plan, number; the id breaks ties)."""
    stmt = select(Commitment).order_by(Commitment.plan_id, Commitment.number, Commitment.id)
    if filters.state:
        stmt = stmt.where(Commitment.state == filters.state)
    if filters.owner_id:
        stmt = stmt.where(Commitment.owner_id == filters.owner_id)
    if filters.unit_id:
        stmt = stmt.where(Commitment.lead_unit_id == filters.unit_id)
    if filters.plan_id:
        stmt = stmt.where(Commitment.plan_id == filters.plan_id)
    if filters.text:
        # A part of the title as typed, or a word of the template in any of its forms
        # (the Georgian stems of tracker/commitments/search.py).
        pattern = f"%{_escape_like(filters.text)}%"
        found = [Commitment.title.ilike(pattern, escape="\\"),
                 Commitment.description.ilike(pattern, escape="\\"),
                 Commitment.problem.ilike(pattern, escape="\\")]
        query = parse_query(filters.text)
        if query.usable:
            ranked = COMMITMENT_INDEX.ranked(query)
            found.append(Commitment.id.in_(select(ranked.c.object_id)))
        stmt = stmt.where(or_(*found))
    return stmt


def list_commitments(filters: CommitmentFilters, paging: Paging) -> Page[Commitment]:
    """One page of the filtered commitments: a count and the page, whatever their number."""
    return paginate(commitments_query(filters), paging, load=LIST_LOADING)


def commitment_page() -> tuple[Any, ...]:
    """What a commitment's page shows, loaded with it (see Kind.get)."""
    return (
        joinedload(Commitment.owner),
        joinedload(Commitment.owner_unit),
        joinedload(Commitment.lead_unit),
        joinedload(Commitment.plan),
        selectinload(Commitment.milestones).options(
            joinedload(Milestone.owner), joinedload(Milestone.owner_unit)
        ),
    )


def plans_query() -> Select[tuple[ActionPlan]]:
    return select(ActionPlan).order_by(ActionPlan.period_start.desc(), ActionPlan.id)


def list_plans() -> list[ActionPlan]:
    """Every plan (a municipality has a handful: the filters offer them all)."""
    return list(db.session.execute(plans_query()).scalars())
