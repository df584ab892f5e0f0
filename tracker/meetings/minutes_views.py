"""Web routes for the parts of the minutes: attendees, agenda items and decisions, each
added, edited and removed on its own (built from ``forms.MINUTES_PARTS``), and signing.

Thin: load, validate the form, call the operation; the operation decides permission and
version. Only the GET of an edit form asks the meeting itself whether to show it.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..database import get_or_404
from ..errors import PermissionDenied
from ..forms import VersionForm, act, flash_errors, form_page, submit
from .blueprint import bp, to_meeting
from .forms import MINUTES_PARTS, MinutesPart, PaperSignatureForm
from .minutes import record_paper_signature, sign_minutes
from .models import Meeting


@bp.post("/meetings/<int:meeting_id>/sign")
def sign(meeting_id: int):  # type: ignore[no-untyped-def]
    """The current user signs in their one capacity: chair or secretary."""
    meeting = get_or_404(Meeting, meeting_id, for_update=True)
    form = VersionForm()
    if form.validate_on_submit() and submit(
        form, lambda: sign_minutes(meeting, current_user, form.version.data)
    ):
        if meeting.minutes_locked:
            flash(_("Both have signed: the minutes are approved and now read-only."), "success")
        else:
            flash(_("You signed the minutes."), "success")
    return to_meeting(meeting_id, "signatures")


@bp.post("/meetings/<int:meeting_id>/paper-signature")
def paper_signature(meeting_id: int):  # type: ignore[no-untyped-def]
    """Who keeps the minutes records that a chair or secretary without an account signed
    the paper protocol, and on which day."""
    meeting = get_or_404(Meeting, meeting_id, for_update=True)
    form = PaperSignatureForm()
    if form.validate_on_submit() and submit(
        form, lambda: record_paper_signature(meeting, current_user, form.capacity.data,
                                             form.signed_on.data, form.version.data)
    ):
        if meeting.minutes_locked:
            flash(_("Both have signed: the minutes are approved and now read-only."), "success")
        else:
            flash(_("The paper signature is recorded."), "success")
    flash_errors(form)
    return to_meeting(meeting_id, "signatures")


def _add_part(meeting_id: int, part: MinutesPart) -> Any:
    meeting = get_or_404(Meeting, meeting_id, for_update=True)
    form = part.form()
    if form.validate_on_submit() and submit(
        form, lambda: part.add(meeting, current_user, form.data)
    ):
        flash(str(part.added), "success")
    flash_errors(form)
    return to_meeting(meeting_id, part.anchor)


def _edit_part(part_id: int, part: MinutesPart) -> Any:
    writing = request.method == "POST"
    row = get_or_404(part.model, part_id, for_update=writing)
    meeting = get_or_404(Meeting, row.meeting_id, for_update=writing)
    if not writing and not meeting.may_record(current_user):
        raise PermissionDenied(meeting.lock_reason)
    form = part.form(obj=row)
    return form_page(
        form,
        lambda: part.update(row, current_user, form.data),
        _("The minutes were saved."),
        lambda _row: to_meeting(meeting.id, part.anchor),
        "meetings/part_form.html",
        meeting=meeting,
        heading=part.heading,
        cancel_url=url_for(".detail", meeting_id=meeting.id) + f"#{part.anchor}",
    )


def _remove_part(part_id: int, part: MinutesPart) -> Any:
    row = get_or_404(part.model, part_id, for_update=True)
    meeting_id = row.meeting_id
    get_or_404(Meeting, meeting_id, for_update=True)  # the minutes change: lock them too
    form = VersionForm()
    return act(
        form,
        lambda: part.remove(row, current_user, form.data),
        _("Removed from the minutes."),
        to_meeting(meeting_id, part.anchor),
    )


for _part in MINUTES_PARTS:
    bp.add_url_rule(
        f"/meetings/<int:meeting_id>/{_part.listing}",
        f"add_{_part.name}",
        partial(_add_part, part=_part),
        methods=["POST"],
    )
    bp.add_url_rule(
        f"/{_part.kind}/<int:part_id>/edit",
        f"edit_{_part.name}",
        partial(_edit_part, part=_part),
        methods=["GET", "POST"],
    )
    bp.add_url_rule(
        f"/{_part.kind}/<int:part_id>/delete",
        f"remove_{_part.name}",
        partial(_remove_part, part=_part),
        methods=["POST"],
    )
