"""The progress reports' search index: their text and reason in Georgian stems."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..search.index import SearchIndex
from .models import ProgressReport


def report_document(report: ProgressReport) -> str:
    """What the reports' search finds: what was done and why it is late."""
    return "\n".join(p for p in (report.text, report.reason) if p)


def all_report_documents(session: Session) -> Iterator[tuple[int, str]]:
    stmt = select(ProgressReport.id, ProgressReport.text, ProgressReport.reason)
    for report_id, text, reason in session.execute(stmt.execution_options(yield_per=500)):
        yield report_id, "\n".join(p for p in (text, reason) if p)


PROGRESS_INDEX = SearchIndex("progress_search", all_report_documents)
