"""The self-assessment report of a plan and the end-of-commitment assessment of a
commitment as .docx over the API: the same documents as the web pages' downloads
(:mod:`tracker.selfassessment`), for whoever may read the plan."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from ..accounts.roles import LANGUAGES
from ..commitments.models import ActionPlan, Commitment
from ..database import get_or_404
from ..selfassessment.document import build_end_of_commitment, build_self_assessment
from ..selfassessment.views import DOCX, LANG_ARG, chosen_language, docx_response
from .meta import op, path_id, register_spec

bp = Blueprint("selfassessment", __name__)


@bp.get("/plans/<int:plan_id>/self-assessment.docx")
def plan_report(plan_id: int) -> Response:
    plan = get_or_404(ActionPlan, plan_id)
    return docx_response(build_self_assessment(plan, lang=chosen_language(request.args)))


@bp.get("/commitments/<int:commitment_id>/end-of-commitment.docx")
def end_of_commitment(commitment_id: int) -> Response:
    commitment = get_or_404(Commitment, commitment_id)
    return docx_response(
        build_end_of_commitment(commitment, lang=chosen_language(request.args)))


def _download(summary: str) -> dict[str, Any]:
    get = op(summary)
    get["responses"]["200"] = {
        "description": "The .docx, as an attachment (an ASCII file name, and the name in "
                       "the document's language as filename*)",
        "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
    }
    get["parameters"] = [{
        "name": LANG_ARG, "in": "query", "required": False,
        "schema": {"type": "string", "enum": list(LANGUAGES)},
        "description": "The document's language; without it, the caller's.",
    }]
    return get


def selfassessment_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    return {
        "/plans/{id}/self-assessment.docx": {
            "parameters": path_id(),
            "get": _download(
                "The action plan's OGP self-assessment report as .docx: introduction and "
                "completion summary, the co-creation and meeting record (attendance balance, "
                "decisions), and each commitment's template, completion, milestones, "
                "progress reports, IRM assessment and next steps; dated the day generated"),
        },
        "/commitments/{id}/end-of-commitment.docx": {
            "parameters": path_id(),
            "get": _download("OGP Local's end-of-commitment assessment of a commitment, "
                             "as .docx"),
        },
    }, {}


register_spec(selfassessment_spec)
