"""Web pages of the action-plan import: upload, review, confirm (chair or admin). Registered
on the commitments blueprint (``commitments.plan_import`` and ``commitments.plan_import_save``).

The review shows what was read, per commitment and field, what it matched in the directory
and among the people, what could not be read, and what saving would do (a dry run of the
same operation). What was read travels to the confirmation signed (itsdangerous, the app's
secret, valid for an hour), like the protocol review's form carries its fields: nothing is
kept on the server between the two steps, and a changed payload is refused.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import DomainError, PermissionDenied
from ..extensions import db
from ..forms import form_status
from ..importing.plan import (
    ParsedPlan,
    PlanImportError,
    parse_plan,
    plan_as_json,
    read_plan_upload,
)
from ..importing.plan.model import plan_from_json
from ..importing.reader import MAX_UPLOAD_BYTES
from .forms import PlanImportConfirmForm, PlanImportUploadForm
from .importing import CREATE, SKIP, UNCHANGED, UPDATE, save_plan
from .models import FIELD_LABELS, OGP_VALUE_LABELS, ActionPlan, Commitment
from .views import bp

_SALT = "plan-import"
_MAX_AGE = 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _allowed() -> None:
    if not (ActionPlan.may_create(current_user) and Commitment.may_create(current_user)):
        raise PermissionDenied()


def _review(parsed: ParsedPlan, filename: str, **context: Any) -> str:
    preview = None
    refusal = None
    try:
        preview = save_plan(parsed, current_user, dry_run=True)
    except PermissionDenied:
        raise
    except DomainError as error:
        refusal = error
    db.session.rollback()
    form = PlanImportConfirmForm(formdata=None,
                                 payload=_serializer().dumps(plan_as_json(parsed)))
    return render_template("commitments/plan_import_review.html", parsed=parsed, form=form,
                           preview=preview, refusal=refusal, filename=filename,
                           problem_message=problem_message, field_label=field_label,
                           value_labels=OGP_VALUE_LABELS, **context)


@bp.route("/plans/import", methods=["GET", "POST"])
def plan_import():  # type: ignore[no-untyped-def]
    """Upload, then review: nothing is saved until the chair has checked what was read."""
    _allowed()
    try:
        form = PlanImportUploadForm()
    except RequestEntityTooLarge:
        form = PlanImportUploadForm(formdata=None)
        form.plan_file.errors = [_("The file is larger than %(size)s MB.",
                                   size=MAX_UPLOAD_BYTES // (1024 * 1024))]
        return render_template("commitments/plan_import.html", form=form), 413
    if not form.validate_on_submit():
        return render_template("commitments/plan_import.html", form=form), form_status()
    upload = form.plan_file.data
    try:
        if upload is None or not getattr(upload, "filename", ""):
            raise PlanImportError(_("Choose the action plan file to upload."), reason="empty")
        parsed = parse_plan(read_plan_upload(upload.read(), upload.filename))
    except PlanImportError as error:
        form.plan_file.errors = [error.message]
        return render_template("commitments/plan_import.html", form=form), 422
    return _review(parsed, upload.filename)


@bp.post("/plans/import/confirm")
def plan_import_save():  # type: ignore[no-untyped-def]
    """Save what the review showed: the plan and its commitments, in draft."""
    _allowed()
    form = PlanImportConfirmForm()
    parsed = None
    if form.validate_on_submit():
        try:
            parsed = plan_from_json(_serializer().loads(form.payload.data or "",
                                                        max_age=_MAX_AGE))
        except (BadSignature, ValueError, TypeError, KeyError):
            parsed = None
    if parsed is None:
        flash(_("The review has expired or was changed. Upload the action plan again."),
              "error")
        return render_template("commitments/plan_import.html",
                               form=PlanImportUploadForm(formdata=None)), 422
    try:
        result = save_plan(parsed, current_user)
        db.session.commit()
    except PermissionDenied:
        db.session.rollback()
        raise
    except DomainError as error:
        db.session.rollback()
        return _review(parsed, "", refusal_on_save=error), error.status
    flash(_("The action plan was imported: %(created)d commitments created, %(updated)d "
            "updated, %(unchanged)d already as the document says, %(skipped)d left as they "
            "were (not drafts).", created=result.count(CREATE), updated=result.count(UPDATE),
            unchanged=result.count(UNCHANGED), skipped=result.count(SKIP)), "success")
    return redirect(url_for(".index", plan=result.plan_id))


# How the review reads ------------------------------------------------------------------------
def problem_message(code: str) -> str:
    messages = {
        "unknown_label": _("A row whose label is not one of the template's (kept in the "
                           "additional information)"),
        "bad_date": _("A date that could not be read"),
        "milestone_no_date": _("A milestone without a date"),
        "milestone_no_title": _("A milestone row without a title"),
        "bad_budget": _("A budget that could not be read"),
        "no_title": _("A commitment without a title"),
        "unknown_value": _("OGP values that could not be recognised"),
        "bad_sdg": _("Sustainable Development Goals that could not be read (numbers 1 to "
                     "17)"),
        "no_period": _("The plan's period could not be read"),
        "no_plan_title": _("The plan's title could not be read"),
    }
    return messages.get(code, code)


def field_label(name: str) -> str:
    labels = {
        "lead_unit": _("Lead implementing agency"), "owner": _("Contact person"),
        "budget": _("Budget"), "milestones": _("Milestones"),
        "start_date": FIELD_LABELS["start_date"], "deadline": FIELD_LABELS["deadline"],
    }
    if name in labels:
        return str(labels[name])
    return str(FIELD_LABELS.get(name, name))
