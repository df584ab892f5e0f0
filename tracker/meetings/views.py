"""Web pages of the meetings area: the minutes archive, a meeting's page, creating and
editing a meeting, the printable protocol and the protocol import. The parts of the minutes
and signing are in minutes_views.py, action items in action_item_views.py, on the same
blueprint. Thin: load, validate the form, call the operation (which decides permission and
version), render."""

from __future__ import annotations

import io
from typing import Any

from flask import (
    abort,
    flash,
    render_template,
    request,
    send_file,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.roles import Role
from ..audit.forms import CommentForm
from ..database import get_or_404
from ..forms import form_page, form_status, submit
from ..i18n import local_today
from ..inputs import flash_ignored, parse_int, read_filters
from ..subgroups.models import Subgroup
from ..workflow import available
from ..workflow.forms import TransitionForm
from ..workflow.views import register_kind_routes
from . import (  # noqa: F401  (their routes are on bp)
    action_item_views,
    minutes_views,
    models,
)
from . import operations as ops
from .archive import WORKING_GROUP, ArchiveFilters, search_archive
from .blueprint import bp
from .blueprint import to_meeting as _to_meeting
from .forms import (
    ActionCloseForm,
    ActionItemForm,
    AgendaItemForm,
    AttendeeForm,
    DecisionForm,
    MeetingForm,
    PaperSignatureForm,
    import_topic_labels,
    meeting_data,
    review_points,
)
from .kind import MEETING
from .minutes import may_record_paper_signature
from .models import (
    ACTION_STATE_LABELS,
    ORG_KIND_LABELS,
    PRESENCE_LABELS,
    Meeting,
)
from .protocol import build_protocol, clock, docx_filename, protocol_docx
from .queries import (
    all_subgroups,
    commitment_choices,
    groups_for,
    may_create_any,
)
from .workflow import MEETING_WORKFLOW

register_kind_routes(bp, MEETING, "/meetings")


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
        commitments=commitment_choices(filters.commitment_id),
        working_group=WORKING_GROUP,
        may_create=may_create_any(current_user),
    ), (422 if errors or ignored else 200)


# Meetings -------------------------------------------------------------------------------------
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
    meeting = MEETING.get(meeting_id)
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        may_record=meeting.may_record(current_user),
        checks=available(MEETING_WORKFLOW, meeting, current_user),
        transition_form=TransitionForm(version=meeting.version),
        paper_signatures=[
            capacity for capacity in ("chair", "secretary")
            if may_record_paper_signature(meeting, current_user, capacity)
        ],
        paper_form=PaperSignatureForm(version=meeting.version, signed_on=local_today()),
        import_points=review_points(meeting.import_review, meeting.number),
        attendee_form=AttendeeForm(),
        agenda_form=AgendaItemForm(),
        decision_form=DecisionForm(),
        action_form=ActionItemForm(),
        close_form=ActionCloseForm(),
        comment_form=CommentForm(),
        history=MEETING.timeline(meeting),
        history_labels={**ACTION_STATE_LABELS, **import_topic_labels()},
        subjects={
            f"action_item-{item.id}": (_("Action item"), item.title, f"action-{item.id}")
            for decision in meeting.decisions
            for item in decision.action_items
        },
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = get_or_404(Meeting, meeting_id, for_update=request.method == "POST")
    choices = _group_choices(meeting.subgroup)
    choices["working_group"] = choices["working_group"] or meeting.subgroup_id is None
    form = MeetingForm(obj=meeting, **choices)
    return form_page(
        form,
        lambda: ops.update_meeting(meeting, current_user, meeting_data(form)),
        _("The meeting was saved."),
        lambda _row: _to_meeting(meeting.id),
        "meetings/form.html",
        meeting=meeting,
        allowed=meeting.may_record(current_user), refusal=meeting.lock_reason,
    )


# The protocol document ------------------------------------------------------------------------
@bp.get("/meetings/<int:meeting_id>/protocol")
def protocol(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = MEETING.get(meeting_id)
    return render_template(
        "meetings/protocol.html", meeting=meeting, protocol=build_protocol(meeting)
    )


@bp.get("/meetings/<int:meeting_id>/protocol.docx")
def protocol_download(meeting_id: int):  # type: ignore[no-untyped-def]
    meeting = MEETING.get(meeting_id)
    return send_file(
        io.BytesIO(protocol_docx(build_protocol(meeting))),
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        as_attachment=True,
        download_name=docx_filename(meeting),
    )
