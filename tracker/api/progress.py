"""Progress reports, requests for them and IRM assessments of a commitment over JSON.

``GET|POST /commitments/{id}/reports``: the reports, newest first (paged), and filing one
(JSON; evidence files are attached on the web page, read back by ``GET /evidence/{id}``).
``GET|POST /commitments/{id}/report-requests``: the open requests, and asking the owner for
a report; ``POST /report-requests/{id}/cancel``. ``GET|PUT /commitments/{id}/assessment``:
``{"assessment": <the current one or null>, "history": [every one, newest first]}``; a PUT
records a new assessment (the earlier ones stay as its history). Every write is the web
page's operation: the same checks, the same audit."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from ..commitments.models import Commitment
from ..database import get_or_404
from ..errors import ValidationFailed
from ..municipalities.scope import slug_of
from ..paging import Paging, page_of
from ..progress import operations as ops
from ..progress.evidence import CONTENT_TYPES
from ..progress.forms import (
    AssessmentForm,
    CancelRequestForm,
    ProgressReportForm,
    ReportRequestForm,
)
from ..progress.models import Assessment, ProgressReport, ReportRequest
from ..progress.queries import assessment_history, open_requests, reports_of
from ..progress.views import evidence_download
from .common import commit, form_from_json, iso, json_body, ref
from .meta import form_schema, op, path_id, register_spec

bp = Blueprint("progress", __name__)


def report_json(r: ProgressReport) -> dict[str, Any]:
    return {
        "id": r.id,
        "municipality": slug_of(r.municipality_id),
        "commitment_id": r.commitment_id,
        "author": ref(r.author),
        "reported_on": iso(r.reported_on),
        "text": r.text,
        "status": r.status,
        "reason": r.reason,
        "links": list(r.links or []),
        "milestone_ids": [m.id for m in r.milestones],
        "files": [{"id": f.id, "filename": f.filename, "content_type": f.content_type,
                   "size": f.size, "sha256": f.sha256} for f in r.files],
        "created_at": iso(r.created_at),
        "version": r.version,
    }


def request_json(r: ReportRequest) -> dict[str, Any]:
    state = "cancelled" if r.cancelled else "answered" if r.report_id else "open"
    return {
        "id": r.id,
        "municipality": slug_of(r.municipality_id),
        "commitment_id": r.commitment_id,
        "owner": ref(r.owner),
        "requested_by": ref(r.requested_by),
        "deadline": iso(r.deadline),
        "note": r.note,
        "state": state,
        "report_id": r.report_id,
        "created_at": iso(r.created_at),
        "version": r.version,
    }


def assessment_json(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.id,
        "commitment_id": a.commitment_id,
        "verifiable": a.verifiable,
        "relevance": list(a.relevance or []),
        "potential": a.potential,
        "completion": a.completion,
        "opened_government": a.opened_government,
        "source": a.source,
        "date": iso(a.assessed_on),
        "recorded_by": ref(a.recorded_by),
        "created_at": iso(a.created_at),
    }


def _list_of_text(body: dict[str, Any], name: str) -> None:
    value = body.get(name)
    if value is not None and not (isinstance(value, list)
                                  and all(isinstance(v, str) for v in value)):
        raise ValidationFailed({name: [_("Give a list of texts.")]})


@bp.get("/commitments/<int:commitment_id>/reports")
def reports(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id)
    rows = reports_of([commitment.id])[commitment.id]
    return page_of(rows, Paging.from_args(request.args)).as_json(report_json)


@bp.post("/commitments/<int:commitment_id>/reports")
def file_report(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id, for_update=True)
    body = json_body()
    _list_of_text(body, "links")
    if isinstance(body.get("links"), list):
        body = {**body, "links": "\n".join(body["links"])}
    form = form_from_json(lambda **kw: ProgressReportForm(commitment=commitment, **kw), body,
                          ignore=("files",))
    report = ops.file_report(commitment, current_user, form.data)
    commit()
    return report_json(report), 201


@bp.get("/commitments/<int:commitment_id>/report-requests")
def report_requests(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id)
    return {"items": [request_json(r) for r in open_requests(commitment.id)]}


@bp.post("/commitments/<int:commitment_id>/report-requests")
def request_report(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id, for_update=True)
    form = form_from_json(ReportRequestForm, json_body())
    row = ops.request_report(commitment, current_user, form.data)
    commit()
    return request_json(row), 201


@bp.post("/report-requests/<int:request_id>/cancel")
def cancel_request(request_id: int):  # type: ignore[no-untyped-def]
    row = get_or_404(ReportRequest, request_id, for_update=True)
    form = form_from_json(CancelRequestForm, json_body())
    ops.cancel_request(row, current_user, form.data)
    commit()
    return request_json(row)


@bp.get("/evidence/<int:file_id>")
def evidence(file_id: int):  # type: ignore[no-untyped-def]
    return evidence_download(file_id)


def _assessment_answer(commitment: Commitment) -> dict[str, Any]:
    history = assessment_history(commitment.id)
    return {"assessment": assessment_json(history[0]) if history else None,
            "history": [assessment_json(a) for a in history]}


@bp.get("/commitments/<int:commitment_id>/assessment")
def assessment(commitment_id: int):  # type: ignore[no-untyped-def]
    return _assessment_answer(get_or_404(Commitment, commitment_id))


@bp.put("/commitments/<int:commitment_id>/assessment")
def record_assessment(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id, for_update=True)
    body = dict(json_body())
    verifiable = body.get("verifiable")
    if "verifiable" in body:
        if not isinstance(verifiable, bool):
            raise ValidationFailed({"verifiable": [_("Give true or false.")]})
        body["verifiable"] = "yes" if verifiable else "no"
    _list_of_text(body, "relevance")
    if body.get("opened_government") is None and "opened_government" in body:
        body["opened_government"] = ""  # not assessed (yet)
    if "date" in body:
        body["assessed_on"] = body.pop("date")
    form = form_from_json(AssessmentForm, body)
    ops.record_assessment(commitment, current_user, form.data)
    commit()
    return _assessment_answer(commitment)


def _file_op() -> dict[str, Any]:
    """An evidence file, as an attachment of its checked type (never JSON)."""
    get = op("An evidence file of a progress report, as a download")
    binary = {"schema": {"type": "string", "format": "binary"}}
    get["responses"]["200"] = {
        "description": "The file, as an attachment, under the type its content was checked "
                       "to be",
        "content": {kind.split(";")[0]: binary for kind in sorted(set(CONTENT_TYPES.values()))},
    }
    return get


def progress_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    report = form_schema(ProgressReportForm, without=("files",))
    report["properties"]["links"] = {"type": "array", "items": {"type": "string",
                                                                "format": "uri"}}
    report["properties"]["milestone_ids"] = {"type": "array", "items": {"type": "integer"}}
    report["properties"]["status"] = {"type": "string",
                                      "enum": ["on_track", "delayed", "at_risk"]}
    assessment = form_schema(AssessmentForm)
    assessment["properties"]["verifiable"] = {"type": "boolean"}
    assessment["properties"]["date"] = assessment["properties"].pop("assessed_on")
    assessment["required"] = [("date" if n == "assessed_on" else n)
                              for n in assessment["required"]]
    asked = form_schema(ReportRequestForm)
    cancel = form_schema(CancelRequestForm)
    schemas = {"ProgressReportCreate": report, "AssessmentRecord": assessment,
               "ReportRequestCreate": asked, "ReportRequestCancel": cancel}
    paths = {
        "/commitments/{id}/reports": {
            "parameters": path_id(),
            "get": op("Progress reports of a commitment, newest first", paged=True),
            "post": op("File a progress report (reason required unless on_track; evidence "
                       "files are attached on the web page)", "ProgressReportCreate", 201),
        },
        "/commitments/{id}/report-requests": {
            "parameters": path_id(),
            "get": op("The open requests for a progress report on a commitment"),
            "post": op("Ask the commitment's owner for a progress report by a date (chair or "
                       "administrator)", "ReportRequestCreate", 201),
        },
        "/report-requests/{id}/cancel": {
            "parameters": path_id(),
            "post": op("Cancel an open request for a report (chair or administrator)",
                       "ReportRequestCancel"),
        },
        "/evidence/{id}": {
            "parameters": path_id(),
            "get": _file_op(),
        },
        "/commitments/{id}/assessment": {
            "parameters": path_id(),
            "get": op("The current IRM assessment ({\"assessment\": null} when none) and "
                      "its history"),
            "put": op("Record a new IRM assessment (the earlier ones stay as history)",
                      "AssessmentRecord"),
        },
    }
    return paths, schemas


register_spec(progress_spec)
