"""Web pages of the protocol import: upload, review, save. Registered on the meetings
blueprint (endpoints ``meetings.import_upload`` and ``meetings.import_save``)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..forms import form_status, submit
from ..importing.minutes import (
    MAX_IMPORT_BYTES,
    ProtocolImportError,
    parse_protocol,
    read_protocol_upload,
)
from .forms import BulkImportForm, ImportReviewForm, ImportUploadForm
from .importing import find_duplicate, fingerprint_of, import_protocol, review_data
from .models import Meeting
from .views import _group_choices, bp


def upload_page(form: ImportUploadForm, choices: dict[str, Any], **context: Any) -> str:
    """The import page: one protocol to review (``form``), or several at once (its second
    form, ``bulk_form``: see bulk_views)."""
    context.setdefault("bulk_form", BulkImportForm(formdata=None, **choices))
    return render_template("meetings/import.html", form=form, **context)


@bp.route("/meetings/import", methods=["GET", "POST"])
def import_upload():  # type: ignore[no-untyped-def]
    """Upload, then review: nothing is saved until the secretary has checked the fields."""
    choices = _group_choices()
    try:
        form = ImportUploadForm(**choices)
    except RequestEntityTooLarge:
        # Without CSRF (tests) the body is first read here; with it, the error page says it.
        form = ImportUploadForm(formdata=None, **choices)
        form.protocol.errors = [_("The file is larger than %(size)s MB.",
                                  size=MAX_IMPORT_BYTES // (1024 * 1024))]
        return upload_page(form, choices), 413
    if not form.validate_on_submit():
        return upload_page(form, choices), form_status()
    upload = form.protocol.data
    try:
        if upload is None or not getattr(upload, "filename", ""):
            raise ProtocolImportError(_("Choose the protocol file to upload."), reason="empty")
        parsed = parse_protocol(read_protocol_upload(upload.read(), upload.filename))
    except ProtocolImportError as error:
        form.protocol.errors = [error.message]
        return upload_page(form, choices), 422
    duplicate = find_duplicate(parsed.fingerprint)
    if duplicate is not None:
        return upload_page(form, choices, duplicate=duplicate), 409
    review = review_data(parsed, form.subgroup_id.data)
    review_form = ImportReviewForm.from_review(review, **choices)
    return render_template("meetings/import_review.html", form=review_form,
                           filename=upload.filename)


@bp.post("/meetings/import/review")
def import_save():  # type: ignore[no-untyped-def]
    """Save the reviewed fields; a protocol imported before (by what it says, whatever the
    form sends) is shown as the meeting it became, with 409."""
    choices = _group_choices()
    form = ImportReviewForm(**choices)
    if not form.validate_on_submit():
        return render_template("meetings/import_review.html", form=form), 422
    data = form.import_data()
    created: list[Meeting] = []
    if submit(form, lambda: created.append(import_protocol(current_user, data))):
        flash(_("The protocol was imported as meeting N%(number)d. Check it, then record the "
                "meeting as held.", number=created[0].number), "success")
        return redirect(url_for(".detail", meeting_id=created[0].id))
    duplicate = find_duplicate(fingerprint_of(data))
    if duplicate is not None:
        return upload_page(ImportUploadForm(formdata=None, **choices), choices,
                           duplicate=duplicate), 409
    return render_template("meetings/import_review.html", form=form), 422
