"""Web pages of the meetings area: the minutes archive, a meeting and its minutes, action
items, the printable protocol and the protocol import. Thin: ask, call an operation, render."""

from __future__ import annotations

import io
from functools import partial
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..accounts.models import User
from ..accounts.roles import Role
from ..audit.forms import CommentForm
from ..audit.operations import add_comment
from ..audit.timeline import timeline
from ..commitments.models import Commitment
from ..database import get_or_404
from ..directory.models import Unit
from ..forms import VersionForm, flash_errors, form_status, submit
from ..inputs import flash_ignored, parse_int, read_filters
from ..subgroups.models import Subgroup
from ..workflow import available
from ..workflow.forms import TransitionForm
from . import models  # noqa: F401  (the area's tables)
from . import operations as ops
from .archive import WORKING_GROUP, ArchiveFilters, search_archive
from .forms import (
    MINUTES_PARTS,
    ActionCloseForm,
    ActionItemForm,
    AgendaItemForm,
    AttendeeForm,
    DecisionForm,
    ImportReviewForm,
    ImportUploadForm,
    MeetingForm,
    MinutesPart,
    meeting_data,
)
from .importer import MAX_IMPORT_BYTES, ProtocolImportError, parse_protocol, read_upload
from .imports import find_duplicate, import_protocol, review_data
from .models import (
    ACTION_STATE_LABELS,
    FIELD_LABELS,
    ORG_KIND_LABELS,
    PRESENCE_LABELS,
    ActionItem,
    Decision,
    Meeting,
)
from .protocol import build_protocol, clock, docx_filename, protocol_docx
from .queries import (
    all_subgroups,
    commitment_choices,
    groups_for,
    load_meeting,
    may_create_any,
    meeting_history,
)
from .workflow import MEETING_WORKFLOW

bp = Blueprint("meetings", __name__)

REFERENCES = {
    "chair_id": (User, "name"),
    "secretary_id": (User, "name"),
    "owner_id": (User, "name"),
    "owner_unit_id": (Unit, "name"),
    "subgroup_id": (Subgroup, "name"),
    "commitment_id": (Commitment, "title"),
}


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {
        "MEETING_WORKFLOW": MEETING_WORKFLOW,
        "ORG_KIND_LABELS": ORG_KIND_LABELS,
        "PRESENCE_LABELS": PRESENCE_LABELS,
        "ACTION_STATE_LABELS": ACTION_STATE_LABELS,
    }


bp.add_app_template_filter(clock, "clock")


# The minutes archive --------------------------------------------------------------------------
@bp.get("/meetings/")
def index():  # type: ignore[no-untyped-def]
    """Search and filters; a malformed date is explained on the page (422), never a 500."""
    filters, ignored = read_filters(ArchiveFilters.from_args, request.args)
    errors = {name: ignored.pop(name) for name in ("from", "to") if name in ignored}
    flash_ignored(ignored)
    result = None if errors else search_archive(filters)
    return render_template(
        "meetings/index.html",
        result=result,
        filters=filters,
        errors=errors,
        raw_dates={"from": request.args.get("from", ""), "to": request.args.get("to", "")},
        subgroups=all_subgroups(),
        commitments=commitment_choices(),
        working_group=WORKING_GROUP,
        may_create=may_create_any(current_user),
    ), (422 if errors or ignored else 200)


# Meetings -------------------------------------------------------------------------------------
def _meeting_or_404(meeting_id: int) -> Meeting:
    meeting = load_meeting(meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _to_meeting(meeting_id: int, anchor: str = "") -> Any:
    return redirect(url_for(".detail", meeting_id=meeting_id) + (f"#{anchor}" if anchor else ""))


def _recording(meeting_id: int) -> Meeting:
    """The meeting whose minutes are to change (locked for a POST); refused (403, saying
    why) when the minutes are read-only or the user does not record this meeting's minutes."""
    meeting = get_or_404(Meeting, meeting_id, for_update=request.method == "POST")
    ops.require_record(meeting, current_user)
    return meeting


def _group_choices(current: Subgroup | None = None) -> dict[str, Any]:
    working_group, subgroups = groups_for(current_user, current)
    if not (working_group or subgroups):
        abort(403)
    return {"subgroups": subgroups, "working_group": working_group}


@bp.route("/meetings/new", methods=["GET", "POST"])
def new():  # type: ignore[no-untyped-def]
    choices = _group_choices()
    form = MeetingForm(**choices)
    if request.method == "GET":
        if current_user.role == Role.SECRETARY:
            form.secretary_id.data = current_user.id
        group = parse_int(request.args.get("subgroup", ""))
        if group is not None and str(group) in {str(v) for v, _label in form.subgroup_id.choices}:
            form.subgroup_id.data = group
    created: list[Meeting] = []
    if form.validate_on_submit() and submit(
        form, lambda: created.append(ops.create_meeting(current_user, meeting_data(form)))
    ):
        flash(_("The meeting was created."), "success")
        return _to_meeting(created[0].id)
    next_numbers = [
        (label, ops.next_meeting_number(int(value) if value else None))
        for value, label in form.subgroup_id.choices
    ]
    return render_template(
        "meetings/form.html", form=form, next_numbers=next_numbers
    ), form_status()


@bp.get("/meetings/<int:meeting_id>")
def detail(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = _meeting_or_404(meeting_id)
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        may_record=meeting.may_record(current_user),
        checks=available(MEETING_WORKFLOW, meeting, current_user),
        transition_form=TransitionForm(version=meeting.version),
        attendee_form=AttendeeForm(),
        agenda_form=AgendaItemForm(),
        decision_form=DecisionForm(),
        action_form=ActionItemForm(),
        close_form=ActionCloseForm(),
        comment_form=CommentForm(),
        history=timeline(meeting_history(meeting), FIELD_LABELS, REFERENCES),
        subjects={
            f"action_item-{item.id}": (_("Action item"), item.title, f"action-{item.id}")
            for decision in meeting.decisions for item in decision.action_items
        },
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = get_or_404(Meeting, meeting_id, for_update=request.method == "POST")
    ops.require_record(meeting, current_user)
    choices = _group_choices(meeting.subgroup)
    choices["working_group"] = choices["working_group"] or meeting.subgroup_id is None
    form = MeetingForm(obj=meeting, **choices)
    if form.validate_on_submit() and submit(
        form, lambda: ops.update_meeting(meeting, current_user, meeting_data(form))
    ):
        flash(_("The meeting was saved."), "success")
        return _to_meeting(meeting.id)
    return render_template("meetings/form.html", form=form, meeting=meeting), form_status()


@bp.post("/meetings/<int:meeting_id>/transition")
def transition(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = get_or_404(Meeting, meeting_id, for_update=True)
    form = TransitionForm()
    if form.validate_on_submit() and submit(
        form,
        lambda: ops.transition_meeting(
            meeting, current_user, form.to.data, form.comment.data or "", form.version.data
        ),
    ):
        flash(_("Moved to “%(state)s”.", state=MEETING_WORKFLOW.label(meeting.state)), "success")
    flash_errors(form)
    return _to_meeting(meeting_id)


@bp.post("/meetings/<int:meeting_id>/sign")
def sign(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = get_or_404(Meeting, meeting_id, for_update=True)
    if meeting.minutes_locked:
        # A 403 page like every other write to closed minutes; sign_minutes refuses too.
        ops.require_record(meeting, current_user)
    form = VersionForm()
    if form.validate_on_submit() and submit(
        form, lambda: ops.sign_minutes(meeting, current_user, form.version.data)
    ):
        if meeting.minutes_locked:
            flash(_("Both have signed: the minutes are approved and now read-only."), "success")
        else:
            flash(_("You signed the minutes."), "success")
    return _to_meeting(meeting_id, "signatures")


@bp.post("/meetings/<int:meeting_id>/comments")
def comment(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = get_or_404(Meeting, meeting_id)
    form = CommentForm()
    if form.validate_on_submit() and submit(
        form, lambda: add_comment(meeting, current_user, form.text.data)
    ):
        flash(_("Your comment was added."), "success")
    flash_errors(form)
    return _to_meeting(meeting_id, "history")


# Parts of the minutes: attendees, agenda items, decisions ---------------------------------------
def _add_part(meeting_id: int, part: MinutesPart) -> Any:
    meeting = _recording(meeting_id)
    form = part.form()
    if form.validate_on_submit() and submit(
        form, lambda: part.add(meeting, current_user, form.data)
    ):
        flash(str(part.added), "success")
    flash_errors(form)
    return _to_meeting(meeting_id, part.anchor)


def _edit_part(part_id: int, part: MinutesPart) -> Any:
    row = get_or_404(part.model, part_id)
    _recording(row.meeting_id)
    form = part.form(obj=row)
    if form.validate_on_submit() and submit(
        form, lambda: part.update(row, current_user, form.data)
    ):
        flash(_("The minutes were saved."), "success")
        return _to_meeting(row.meeting_id, part.anchor)
    return render_template(
        "meetings/part_form.html", form=form, meeting=row.meeting, heading=part.heading,
        cancel_url=url_for(".detail", meeting_id=row.meeting_id) + f"#{part.anchor}",
    ), form_status()


def _remove_part(part_id: int, part: MinutesPart) -> Any:
    row = get_or_404(part.model, part_id)
    meeting_id = row.meeting_id
    _recording(meeting_id)
    if submit(VersionForm(), lambda: part.remove(row, current_user)):
        flash(_("Removed from the minutes."), "success")
    return _to_meeting(meeting_id, part.anchor)


for _part in MINUTES_PARTS:
    bp.add_url_rule(f"/meetings/<int:meeting_id>/{_part.listing}", f"add_{_part.name}",
                    partial(_add_part, part=_part), methods=["POST"])
    bp.add_url_rule(f"/{_part.kind}/<int:part_id>/edit", f"edit_{_part.name}",
                    partial(_edit_part, part=_part), methods=["GET", "POST"])
    bp.add_url_rule(f"/{_part.kind}/<int:part_id>/delete", f"remove_{_part.name}",
                    partial(_remove_part, part=_part), methods=["POST"])


# Action items ---------------------------------------------------------------------------------
@bp.post("/decisions/<int:decision_id>/action-items")
def add_action_item(decision_id: int):  # type: ignore[no-untyped-def]
    decision = get_or_404(Decision, decision_id)
    _recording(decision.meeting_id)
    form = ActionItemForm()
    if form.validate_on_submit() and submit(
        form, lambda: ops.add_action_item(decision, current_user, form.data)
    ):
        flash(_("The action item was added."), "success")
    flash_errors(form)
    return _to_meeting(decision.meeting_id, f"decision-{decision.id}")


@bp.route("/action-items/<int:item_id>/edit", methods=["GET", "POST"])
def edit_action_item(item_id: int):  # type: ignore[no-untyped-def]
    item = get_or_404(ActionItem, item_id, for_update=request.method == "POST")
    meeting = item.decision.meeting
    ops.require_record(meeting, current_user)
    form = ActionItemForm(obj=item)
    if form.validate_on_submit() and submit(
        form, lambda: ops.update_action_item(item, current_user, form.data)
    ):
        flash(_("The action item was saved."), "success")
        return _to_meeting(meeting.id, f"action-{item.id}")
    return render_template(
        "meetings/part_form.html", form=form, meeting=meeting, heading=_("Edit action item"),
        cancel_url=url_for(".detail", meeting_id=meeting.id) + f"#action-{item.id}",
    ), form_status()


@bp.post("/action-items/<int:item_id>/close")
def close_action_item(item_id: int):  # type: ignore[no-untyped-def]
    """Done or cancelled, by its owner or the chair, also once the minutes are approved."""
    item = get_or_404(ActionItem, item_id, for_update=True)
    form = ActionCloseForm()
    if form.validate_on_submit() and submit(
        form, lambda: ops.close_action_item(item, current_user, form.data)
    ):
        flash(_("The action item is “%(state)s”.", state=ACTION_STATE_LABELS[item.state]),
              "success")
    flash_errors(form)
    return _to_meeting(item.decision.meeting_id, f"action-{item.id}")


@bp.post("/action-items/<int:item_id>/reopen")
def reopen_action_item(item_id: int):  # type: ignore[no-untyped-def]
    item = get_or_404(ActionItem, item_id, for_update=True)
    form = VersionForm()
    if form.validate_on_submit() and submit(
        form, lambda: ops.reopen_action_item(item, current_user, form.data)
    ):
        flash(_("The action item is open again."), "success")
    return _to_meeting(item.decision.meeting_id, f"action-{item.id}")


# The protocol document ------------------------------------------------------------------------
@bp.get("/meetings/<int:meeting_id>/protocol")
def protocol(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = _meeting_or_404(meeting_id)
    return render_template(
        "meetings/protocol.html", meeting=meeting, protocol=build_protocol(meeting)
    )


@bp.get("/meetings/<int:meeting_id>/protocol.docx")
def protocol_download(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = _meeting_or_404(meeting_id)
    return send_file(
        io.BytesIO(protocol_docx(build_protocol(meeting))),
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        as_attachment=True,
        download_name=docx_filename(meeting),
    )


# Importing a protocol -------------------------------------------------------------------------
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
        return render_template("meetings/import.html", form=form), 413
    if not form.validate_on_submit():
        return render_template("meetings/import.html", form=form), form_status()
    upload = form.protocol.data
    try:
        if upload is None or not getattr(upload, "filename", ""):
            raise ProtocolImportError(_("Choose the protocol file to upload."), reason="empty")
        parsed = parse_protocol(read_upload(upload.read(), upload.filename))
    except ProtocolImportError as error:
        form.protocol.errors = [error.message]
        return render_template("meetings/import.html", form=form), 422
    duplicate = find_duplicate(parsed.fingerprint)
    if duplicate is not None:
        return render_template("meetings/import.html", form=form, duplicate=duplicate), 409
    review = review_data(parsed, form.subgroup_id.data)
    review_form = ImportReviewForm.from_review(review, **choices)
    return render_template("meetings/import_review.html", form=review_form,
                           filename=upload.filename)


@bp.post("/meetings/import/review")
def import_save():  # type: ignore[no-untyped-def]
    choices = _group_choices()
    form = ImportReviewForm(**choices)
    created: list[Meeting] = []
    if form.validate_on_submit() and submit(
        form, lambda: created.append(import_protocol(current_user, form.import_data()))
    ):
        flash(_("The protocol was imported as meeting N%(number)d. Check it, then record the "
                "meeting as held.", number=created[0].number), "success")
        return _to_meeting(created[0].id)
    duplicate = find_duplicate(form.fingerprint.data) if form.fingerprint.data else None
    if duplicate is not None:
        return render_template(
            "meetings/import.html", form=ImportUploadForm(formdata=None, **choices),
            duplicate=duplicate,
        ), 409
    return render_template("meetings/import_review.html", form=form), 422
