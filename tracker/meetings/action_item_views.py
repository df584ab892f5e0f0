"""Web routes for action items: added and edited with the minutes, closed by their owner
or the chair (also once the minutes are approved), reopened by the chair.

Thin: load, validate the form, call the operation; the operation decides permission and
version. Only the GET of the edit form asks the meeting itself whether to show it.
"""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..database import get_or_404
from ..forms import RowAction, VersionForm, act, form_page, register_row_actions
from . import action_items as ops
from .blueprint import bp, to_meeting
from .forms import ActionCloseForm, ActionItemForm
from .models import ACTION_STATE_LABELS, ActionItem, Decision, Meeting


@bp.post("/decisions/<int:decision_id>/action-items")
def add_action_item(decision_id: int):  # type: ignore[no-untyped-def]
    decision = get_or_404(Decision, decision_id)
    get_or_404(Meeting, decision.meeting_id, for_update=True)  # its minutes change
    form = ActionItemForm()
    return act(
        form,
        lambda: ops.add_action_item(decision, current_user, form.data),
        _("The action item was added."),
        to_meeting(decision.meeting_id, f"decision-{decision.id}"),
    )


@bp.route("/action-items/<int:item_id>/edit", methods=["GET", "POST"])
def edit_action_item(item_id: int):  # type: ignore[no-untyped-def]
    item = get_or_404(ActionItem, item_id, for_update=request.method == "POST")
    meeting = item.decision.meeting
    form = ActionItemForm(obj=item)
    return form_page(
        form,
        lambda: ops.update_action_item(item, current_user, form.data),
        _("The action item was saved."),
        lambda _row: to_meeting(meeting.id, f"action-{item.id}"),
        "meetings/part_form.html",
        meeting=meeting,
        heading=_("Edit action item"),
        cancel_url=url_for(".detail", meeting_id=meeting.id) + f"#action-{item.id}",
        allowed=meeting.may_record(current_user), refusal=meeting.lock_reason,
    )


register_row_actions(
    bp, ActionItem, "/action-items/<int:item_id>",
    lambda item: to_meeting(item.decision.meeting_id, f"action-{item.id}"),
    # Done or cancelled, by its owner or the chair, also once the minutes are approved.
    RowAction("close_action_item", "close", ActionCloseForm, ops.close_action_item,
              lambda item: _("The action item is “%(state)s”.",
                             state=ACTION_STATE_LABELS[item.state])),
    RowAction("reopen_action_item", "reopen", VersionForm, ops.reopen_action_item,
              lambda _item: _("The action item is open again.")),
)
