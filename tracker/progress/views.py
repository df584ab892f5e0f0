"""Web pages of a commitment's progress: filing a report (with evidence files), asking for
one, the IRM assessment, the evidence download and the municipality's list of reports.
Thin: load, validate with the form, call the operation, render."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..commitments.kind import COMMITMENT
from ..commitments.models import COMPLETION_LABELS, OGP_VALUE_LABELS, Commitment
from ..database import get_or_404
from ..errors import NotFound
from ..forms import act, form_page
from ..inputs import accepts_upload, filters_for_page
from ..paging import Paging
from ..search.index import highlight
from . import operations as ops
from .evidence import MAX_FILE_BYTES, MAX_FILES, MAX_REQUEST_BYTES, Upload
from .forms import AssessmentForm, CancelRequestForm, ProgressReportForm, ReportRequestForm
from .models import (
    AssessedCompletion,
    EvidenceFile,
    OpenedGovernment,
    Potential,
    ProgressReport,
    ReportRequest,
    ReportStatus,
    may_assess,
    may_report,
    may_request_report,
)
from .page import assessment_context
from .queries import ReportFilters, list_reports

bp = Blueprint("progress", __name__)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {
        "REPORT_STATUS_LABELS": ReportStatus.labels(),
        "POTENTIAL_LABELS": Potential.labels(),
        "ASSESSED_COMPLETION_LABELS": AssessedCompletion.labels(),
        "OPENED_GOVERNMENT_LABELS": OpenedGovernment.labels(),
    }


def _commitment_url(commitment_id: int, anchor: str = "progress") -> str:
    return url_for("commitments.detail", commitment_id=commitment_id) + f"#{anchor}"


def _uploads() -> list[Upload]:
    return [Upload(f.filename or "", f.read(MAX_FILE_BYTES + 1))
            for f in request.files.getlist("files") if f.filename]


@bp.route("/commitments/<int:commitment_id>/reports/new", methods=["GET", "POST"])
@accepts_upload(MAX_REQUEST_BYTES)  # evidence files: larger than the tracker's other forms
def new_report(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = (get_or_404(Commitment, commitment_id, for_update=True)
                  if request.method == "POST" else COMMITMENT.get(commitment_id))
    form = ProgressReportForm(commitment=commitment)
    return form_page(
        form,
        lambda: ops.file_report(commitment, current_user, form.data, _uploads()),
        _("The progress report was filed."),
        lambda report: _commitment_url(commitment.id, f"report-{report.id}"),
        "progress/report_form.html",
        allowed=may_report(commitment, current_user),
        refusal=_("Only the commitment's owner or the chair can report its progress."),
        commitment=commitment, max_files=MAX_FILES,
        max_megabytes=MAX_FILE_BYTES // (1024 * 1024),
    )


@bp.route("/commitments/<int:commitment_id>/report-requests/new", methods=["GET", "POST"])
def new_request(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id, for_update=request.method == "POST")
    form = ReportRequestForm()
    return form_page(
        form,
        lambda: ops.request_report(commitment, current_user, form.data),
        _("The owner was asked for a progress report."),
        lambda _row: _commitment_url(commitment.id),
        "progress/request_form.html",
        allowed=may_request_report(commitment, current_user),
        refusal=_("Only the chair can ask for a progress report."),
        commitment=commitment,
    )


@bp.post("/report-requests/<int:request_id>/cancel")
def cancel_request(request_id: int):  # type: ignore[no-untyped-def]
    row = get_or_404(ReportRequest, request_id, for_update=True)
    form = CancelRequestForm()
    return act(form, lambda: ops.cancel_request(row, current_user, form.data),
               _("The request for a report was cancelled."), _commitment_url(row.commitment_id))


@bp.route("/commitments/<int:commitment_id>/assessment", methods=["GET", "POST"])
def assessment(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = (get_or_404(Commitment, commitment_id, for_update=True)
                  if request.method == "POST" else COMMITMENT.get(commitment_id))
    allowed = may_assess(commitment, current_user)
    context = dict(commitment=commitment, may_assess=allowed,
                   OGP_VALUE_LABELS=OGP_VALUE_LABELS, COMPLETION_LABELS=COMPLETION_LABELS,
                   **assessment_context(commitment))
    if request.method == "GET" and not allowed:
        # Whoever reads the commitment reads its assessment; the form is the chair's.
        return render_template("progress/assessment.html", form=None, **context)
    form = AssessmentForm()
    return form_page(
        form,
        lambda: ops.record_assessment(commitment, current_user, form.data),
        _("The IRM assessment was recorded."),
        lambda _row: url_for(".assessment", commitment_id=commitment.id),
        "progress/assessment.html",
        **context,
    )


@bp.get("/evidence/<int:file_id>")
def download(file_id: int):  # type: ignore[no-untyped-def]
    return evidence_download(file_id)


def evidence_download(file_id: int) -> Response:
    """The file as an attachment, never shown inline, under the content type its checked
    kind has (only those: evidence.CONTENT_TYPES) and the name it was saved under; the
    page's link and the API's ``GET /evidence/{id}`` alike."""
    evidence = get_or_404(EvidenceFile, file_id)
    if evidence.data is None:  # pragma: no cover - the column is NOT NULL
        raise NotFound()
    response = send_file(BytesIO(evidence.data), mimetype=evidence.content_type,
                         as_attachment=True, download_name=evidence.filename,
                         max_age=0, etag=evidence.sha256)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/reports/")
def reports():  # type: ignore[no-untyped-def]
    def parse(args: Any) -> tuple[ReportFilters, Paging]:
        return ReportFilters.from_args(args), Paging.from_args(args)

    (filters, paging), status = filters_for_page(parse, request.args)
    page, query = list_reports(filters, paging)
    snippets = ({r.id: highlight("\n".join(p for p in (r.text, r.reason) if p), query)
                 for r in page} if query.usable else {})
    return render_template("progress/reports.html", page=page, filters=filters, query=query,
                           snippets=snippets), status


@bp.get("/reports/<int:report_id>")
def report(report_id: int):  # type: ignore[no-untyped-def]
    row = get_or_404(ProgressReport, report_id)
    return redirect(_commitment_url(row.commitment_id, f"report-{row.id}"))
