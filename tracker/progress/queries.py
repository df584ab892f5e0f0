"""Reads of commitments' progress: the commitment page, the warnings and the
self-assessment report ask these, each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import false, func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..commitments.models import Commitment
from ..errors import ValidationFailed
from ..extensions import db
from ..paging import Page, Paging, paginate
from ..search.index import Query, parse_query
from .models import Assessment, EvidenceFile, ProgressReport, ReportRequest, ReportStatus
from .search import PROGRESS_INDEX


def _ids(commitment_ids: Iterable[int]) -> list[int]:
    return sorted(set(commitment_ids))


def reports_of(commitment_ids: Iterable[int]) -> dict[int, list[ProgressReport]]:
    """Each commitment's reports, newest first (reported_on, then id), with their
    milestones, files (without their bytes) and author loaded: four queries."""
    ids = _ids(commitment_ids)
    found: dict[int, list[ProgressReport]] = {i: [] for i in ids}
    if not ids:
        return found
    stmt = (
        select(ProgressReport)
        .where(ProgressReport.commitment_id.in_(ids))
        .options(
            selectinload(ProgressReport.milestones),
            selectinload(ProgressReport.files).defer(EvidenceFile.data),
            selectinload(ProgressReport.author).load_only(User.id, User.name),
        )
        .order_by(ProgressReport.reported_on.desc(), ProgressReport.id.desc())
    )
    for report in db.session.scalars(stmt):
        found[report.commitment_id].append(report)
    return found


def _newest_assessments(ids: list[int]):  # type: ignore[no-untyped-def]
    ranked = (
        select(
            Assessment.id,
            func.row_number().over(
                partition_by=Assessment.commitment_id,
                order_by=(Assessment.assessed_on.desc(), Assessment.id.desc()),
            ).label("rank"),
        )
        .where(Assessment.commitment_id.in_(ids))
        .subquery()
    )
    return select(Assessment).join(ranked, ranked.c.id == Assessment.id).where(
        ranked.c.rank == 1)


def current_assessments(commitment_ids: Iterable[int]) -> dict[int, Assessment]:
    """The newest assessment of each commitment that has one: one query."""
    ids = _ids(commitment_ids)
    if not ids:
        return {}
    return {a.commitment_id: a for a in db.session.scalars(_newest_assessments(ids))}


def assessment_history(commitment_id: int) -> list[Assessment]:
    """Every assessment recorded for the commitment, newest (the current one) first."""
    stmt = (
        select(Assessment)
        .where(Assessment.commitment_id == commitment_id)
        .options(selectinload(Assessment.recorded_by).load_only(User.id, User.name))
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
    )
    return list(db.session.scalars(stmt))


def newest_status() -> Any:
    """The status of each commitment's newest report (by date, then id), as a scalar
    subquery correlated to ``Commitment`` (NULL with none): the owner's judgement as it
    stands now. The early warnings select on it."""
    return (
        select(ProgressReport.status)
        .where(ProgressReport.commitment_id == Commitment.id)
        .order_by(ProgressReport.reported_on.desc(), ProgressReport.id.desc())
        .limit(1)
        .correlate(Commitment)
        .scalar_subquery()
    )


def open_requests(commitment_id: int, *, for_update: bool = False) -> list[ReportRequest]:
    """The live, unanswered requests for a report on the commitment, soonest first; locked
    (``for_update``) when a report filed now is to answer them, so that a cancel committed
    meanwhile is seen, not overwritten."""
    stmt = (
        select(ReportRequest)
        .where(ReportRequest.commitment_id == commitment_id, ReportRequest.is_live,
               ~ReportRequest.is_done)
        .options(selectinload(ReportRequest.owner).load_only(User.id, User.name))
        .order_by(ReportRequest.deadline, ReportRequest.id)
    )
    if for_update:
        stmt = stmt.with_for_update(of=ReportRequest)
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class ReportFilters:
    """The reports list's filters: a status and a search (the Georgian stems' index)."""

    status: str | None = None
    q: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> ReportFilters:
        status = args.get("status") or None
        if status is not None and status not in {s.value for s in ReportStatus}:
            raise ValidationFailed({"status": [_("There is no such status.")]})
        q = args.get("q") or ""
        return cls(status=status, q=q.strip()[:200] if isinstance(q, str) else "")


def list_reports(filters: ReportFilters, paging: Paging) -> tuple[Page[ProgressReport], Query]:
    """The municipality's progress reports under the filters: with a search, the best
    matches first (the index's one ranking rule), else the newest."""
    query = parse_query(filters.q)
    stmt = select(ProgressReport)
    if filters.status:
        stmt = stmt.where(ProgressReport.status == filters.status)
    newest = (ProgressReport.reported_on.desc(), ProgressReport.id.desc())
    if query.usable:
        ranked = PROGRESS_INDEX.ranked(query)
        stmt = stmt.join(ranked, ranked.c.object_id == ProgressReport.id).order_by(
            *PROGRESS_INDEX.order(ranked), *newest)
    elif filters.q:
        stmt = stmt.where(false())  # nothing searchable was typed: nothing found
    else:
        stmt = stmt.order_by(*newest)
    page = paginate(stmt, paging, load=(
        selectinload(ProgressReport.commitment).load_only(
            Commitment.id, Commitment.title, Commitment.number),
        selectinload(ProgressReport.author).load_only(User.id, User.name),
        selectinload(ProgressReport.files).defer(EvidenceFile.data),
        selectinload(ProgressReport.milestones),
    ))
    return page, query
