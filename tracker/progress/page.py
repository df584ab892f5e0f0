"""What the commitment page shows of its progress: the reports in a timeline merged with
the commitment's changes of state, the open requests for a report, the IRM assessment
beside the completion its milestones give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..accounts.models import User
from ..commitments.models import Commitment
from ..i18n import tracker_zone
from .forms import CancelRequestForm
from .models import ProgressReport, may_assess, may_report, may_request_report
from .queries import assessment_history, open_requests, reports_of


@dataclass(frozen=True)
class ProgressEvent:
    """One line of the progress timeline: a report, or a change of the commitment's state
    (``entry``, an audit timeline entry)."""

    day: date
    report: ProgressReport | None = None
    entry: Any = None

    @property
    def sort_key(self) -> tuple[date, int, int]:
        if self.report is not None:
            return (self.day, 1, self.report.id)
        return (self.day, 0, self.entry.entry.id)


def progress_timeline(reports: list[ProgressReport], history: list[Any]) -> list[ProgressEvent]:
    """Reports and state changes, newest first."""
    events = [ProgressEvent(r.reported_on, report=r) for r in reports]
    for item in history:
        entry = item.entry
        if entry.action == "transition" and entry.object_type == Commitment.audit_type:
            events.append(ProgressEvent(entry.at.astimezone(tracker_zone()).date(), entry=item))
    return sorted(events, key=lambda e: e.sort_key, reverse=True)


def assessment_context(commitment: Commitment) -> dict[str, Any]:
    history = assessment_history(commitment.id)
    current = history[0] if history else None
    derived = commitment.completion
    return {
        "assessment": current,
        "assessment_history": history,
        "derived_completion": derived,
        "completion_differs": current is not None and current.completion != derived.value,
    }


def progress_context(commitment: Commitment, user: User, history: list[Any]) -> dict[str, Any]:
    """The commitment page's progress section (a fixed number of queries)."""
    reports = reports_of([commitment.id])[commitment.id]
    return {
        "progress_timeline": progress_timeline(reports, history),
        "report_requests": open_requests(commitment.id),
        "may_report": may_report(commitment, user),
        "may_request_report": may_request_report(commitment, user),
        "may_assess": may_assess(commitment, user),
        "cancel_form": CancelRequestForm(),
        **assessment_context(commitment),
    }
