"""Reads of commitments' progress: the commitment page, the warnings and the
self-assessment report ask these, each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..extensions import db
from .models import Assessment, EvidenceFile, ProgressReport, ReportRequest


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


def last_report_dates(commitment_ids: Iterable[int]) -> dict[int, date]:
    """The date of each commitment's newest report (those with none are absent)."""
    ids = _ids(commitment_ids)
    if not ids:
        return {}
    stmt = (
        select(ProgressReport.commitment_id, func.max(ProgressReport.reported_on))
        .where(ProgressReport.commitment_id.in_(ids))
        .group_by(ProgressReport.commitment_id)
    )
    return {cid: day for cid, day in db.session.execute(stmt).all()}


def latest_statuses(commitment_ids: Iterable[int]) -> dict[int, str]:
    """The status of each commitment's newest report (reported_on, then id)."""
    ids = _ids(commitment_ids)
    if not ids:
        return {}
    ranked = (
        select(
            ProgressReport.commitment_id,
            ProgressReport.status,
            func.row_number().over(
                partition_by=ProgressReport.commitment_id,
                order_by=(ProgressReport.reported_on.desc(), ProgressReport.id.desc()),
            ).label("rank"),
        )
        .where(ProgressReport.commitment_id.in_(ids))
        .subquery()
    )
    stmt = select(ranked.c.commitment_id, ranked.c.status).where(ranked.c.rank == 1)
    return {cid: status for cid, status in db.session.execute(stmt).all()}


def open_requests(commitment_id: int) -> list[ReportRequest]:
    """The live, unanswered requests for a report on the commitment, soonest first."""
    stmt = (
        select(ReportRequest)
        .where(ReportRequest.commitment_id == commitment_id,
               ReportRequest.cancelled.is_(False), ReportRequest.report_id.is_(None))
        .options(selectinload(ReportRequest.owner).load_only(User.id, User.name))
        .order_by(ReportRequest.deadline, ReportRequest.id)
    )
    return list(db.session.scalars(stmt))
