"""Web pages of the bulk import: several protocols (or a .zip) at once, the review queue of
imported meetings still to be checked, and confirming one. Registered on the meetings
blueprint (``meetings.import_bulk``, ``meetings.import_queue``, ``meetings.confirm_import``).

The import page's script (static/js/bulk-import.js) posts one file a request, asking for
JSON, to show progress; without it the form posts every file at once and gets the report
as a page. Either way the files go through :class:`~.bulk_import.BulkImport`.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from ..errors import PermissionDenied
from ..forms import RowAction, VersionForm, register_row_actions, submit
from .blueprint import to_meeting
from .bulk_import import BulkImport, FileResult, summary
from .forms import BulkImportForm, ImportUploadForm, review_points
from .import_views import upload_page
from .importing import confirm_import
from .models import Meeting
from .queries import awaiting_review, may_create_any
from .views import _group_choices, bp


def wants_json() -> bool:
    """The page's script asks for JSON (``Accept: application/json``); a browser's own form
    post prefers HTML."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


@bp.post("/meetings/import/bulk")
def import_bulk():  # type: ignore[no-untyped-def]
    """Import the files posted (a .zip is unpacked), each in a savepoint of its own, and
    report per file; the request commits once."""
    choices = _group_choices()
    form = BulkImportForm(**choices)
    uploads: list[FileStorage] = []
    if form.validate_on_submit():
        uploads = [f for f in form.files.data or [] if getattr(f, "filename", "")]
        if not uploads:
            form.files.errors = [_("Choose the protocol files to upload.")]
    results: list[FileResult] = []
    if not uploads or not submit(
        form, lambda: results.extend(_import_all(uploads, form.subgroup_id.data))
    ):
        return _refused(form, choices)
    report = {"files": [report_row(result) for result in results],
              "summary": summary(results), "queue": url_for(".import_queue")}
    if wants_json():
        return jsonify(report)
    return render_template("meetings/import_report.html", **report)


def _import_all(uploads: list[FileStorage], subgroup_id: int | None) -> list[FileResult]:
    run = BulkImport(current_user, subgroup_id)
    for upload in uploads:
        run.add(upload.filename or "", upload.read())
    return run.results


def _refused(form: BulkImportForm, choices: dict[str, Any]) -> Any:
    if wants_json():
        errors = form.error_messages()
        message = " ".join(m for messages in errors.values() for m in messages)
        return jsonify({"error": {"code": "validation_failed",
                                  "message": message or _("The files could not be imported."),
                                  "fields": errors}}), 422
    return upload_page(ImportUploadForm(formdata=None, **choices), choices, bulk_form=form), 422


def report_row(result: FileResult) -> dict[str, Any]:
    """One file of the report as the page and its script show it."""
    details = review_points(result.review, result.number)
    if result.message:
        details.append(result.message)
    return {
        **result.as_json(),
        "label": str(result.status.label),
        "url": url_for(".detail", meeting_id=result.meeting_id) if result.meeting_id else None,
        "details": details,
    }


@bp.get("/meetings/import/queue")
def import_queue():  # type: ignore[no-untyped-def]
    """Imported meetings still to be checked, of the groups whose meetings the user records;
    each to be corrected on its own forms and confirmed."""
    if not may_create_any(current_user):
        raise PermissionDenied(_("Only who records meetings checks imported protocols."))
    meetings = awaiting_review(current_user)
    return render_template(
        "meetings/import_queue.html",
        meetings=meetings,
        points={m.id: review_points(m.import_review, m.number) for m in meetings},
    )


def _back(meeting: Meeting) -> Any:
    """To the queue when confirmed from it, else to the meeting's page."""
    if request.form.get("back") == "queue":
        return url_for(".import_queue")
    return to_meeting(meeting.id)


register_row_actions(
    bp, Meeting, "/meetings/<int:meeting_id>", _back,
    RowAction("confirm_import", "confirm-import", VersionForm,
              lambda meeting, actor, data: confirm_import(meeting, actor, data.get("version")),
              lambda meeting: _("Meeting N%(number)d: the import is confirmed as checked.",
                                number=meeting.number)),
)
