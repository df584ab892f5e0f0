"""The reports' pages and downloads: the self-assessment report from the plans page, the
end-of-commitment assessment from a commitment's page. Anyone who may read the plan may
generate them; another municipality's plan is simply not found (the scoping)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from ..accounts.roles import LANGUAGES
from ..commitments.models import ActionPlan, Commitment
from ..database import get_or_404
from ..errors import ValidationFailed
from ..text import strip_controls
from .document import Report, build_end_of_commitment, build_self_assessment
from .docx import report_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANG_ARG = "lang"

bp = Blueprint("selfassessment", __name__)


def chosen_language(args: Any) -> str | None:
    """``?lang=ka|en``: the document's language, whatever the reader's own (the English
    report for a donor); without it, the request's language. Another value is refused."""
    lang = args.get(LANG_ARG)
    if lang is None or lang == "":
        return None
    if lang not in LANGUAGES:
        raise ValidationFailed({LANG_ARG: [_("Choose one of: %(codes)s.",
                                             codes=", ".join(LANGUAGES))]})
    return str(lang)


def docx_response(report: Report) -> Response:
    """The Word file as a download: an ASCII name for every browser and the name in the
    document's language (RFC 5987) for those that read it."""
    response = Response(report_docx(report), mimetype=DOCX)
    utf8 = quote(strip_controls(report.filename_utf8).replace("/", "-"), safe="")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{report.filename}"; filename*=UTF-8\'\'{utf8}')
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _page(report: Report, back: str, back_label: str, download: str) -> str:
    return render_template("selfassessment/report.html", report=report, back=back,
                           back_label=back_label, download=download,
                           charts={figure: [Markup(svg) for svg in svgs]  # nosec B704  # our SVG, escaped
                                   for figure, svgs in report.charts.items()})


@bp.get("/plans/<int:plan_id>/self-assessment")
def plan_report(plan_id: int):  # type: ignore[no-untyped-def]
    plan = get_or_404(ActionPlan, plan_id)
    lang = chosen_language(request.args)
    return _page(build_self_assessment(plan, lang=lang), url_for("commitments.plans"),
                 _("Back to the action plans"),
                 url_for(".plan_report_docx", plan_id=plan.id, lang=lang))


@bp.get("/plans/<int:plan_id>/self-assessment.docx")
def plan_report_docx(plan_id: int):  # type: ignore[no-untyped-def]
    plan = get_or_404(ActionPlan, plan_id)
    return docx_response(build_self_assessment(plan, lang=chosen_language(request.args)))


@bp.get("/commitments/<int:commitment_id>/end-of-commitment")
def end_of_commitment(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id)
    lang = chosen_language(request.args)
    return _page(build_end_of_commitment(commitment, lang=lang),
                 url_for("commitments.detail", commitment_id=commitment.id),
                 _("Back to the commitment"),
                 url_for(".end_of_commitment_docx", commitment_id=commitment.id, lang=lang))


@bp.get("/commitments/<int:commitment_id>/end-of-commitment.docx")
def end_of_commitment_docx(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id)
    return docx_response(
        build_end_of_commitment(commitment, lang=chosen_language(request.args)))
