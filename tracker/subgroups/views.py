"""Web pages of the subgroups area. Thin: ask, call an operation, render."""

from __future__ import annotations

from flask import (
    Blueprint,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import User
from ..audit.forms import CommentForm
from ..database import get_or_404
from ..directory.models import Unit
from ..forms import RowAction, form_page, register_row_actions
from ..inputs import filters_for_page, flash_ignored, query_int, read_filters
from ..meetings.models import ACTION_STATE_LABELS, Meeting
from ..meetings.queries import subgroup_action_items, subgroup_meetings
from ..meetings.workflow import MEETING_WORKFLOW
from ..workflow import MONITORED, available
from ..workflow.forms import TransitionForm
from ..workflow.views import register_kind_routes
from . import operations as ops
from .forms import RESULT_FIELDS, DeliverableForm, SubgroupForm
from .kind import SUBGROUP
from .models import Subgroup
from .page import subgroup_deadlines
from .queries import (
    SubgroupFilters,
    list_subgroups,
)
from .workflow import SUBGROUP_WORKFLOW

bp = Blueprint("subgroups", __name__, url_prefix="/subgroups")
register_kind_routes(bp, SUBGROUP)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"SUBGROUP_WORKFLOW": SUBGROUP_WORKFLOW}


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    filters, status = filters_for_page(SubgroupFilters.from_args, request.args)
    return render_template(
        "subgroups/list.html",
        subgroups=list_subgroups(filters),
        filters=filters,
        units=Unit.all_by_name(),
        people=User.all_active(),
        may_create=Subgroup.may_create(current_user),
    ), status


@bp.route("/new", methods=["GET", "POST"])
def new():  # type: ignore[no-untyped-def]
    form = SubgroupForm()
    del form.deliverable_result  # recorded once the group has worked
    if request.method == "GET":
        commitment, ignored = read_filters(
            lambda args: query_int(args, "commitment"), request.args
        )
        flash_ignored(ignored)
        form.commitment_ids.data = [commitment] if commitment else []
    return form_page(
        form,
        lambda: ops.create_subgroup(current_user, form.data),
        _("The subgroup was created."),
        lambda row: redirect(url_for(".detail", subgroup_id=row.id)),
        "subgroups/form.html",
        allowed=Subgroup.may_create(current_user),
    )


def new_meeting_url(group: Subgroup) -> str | None:
    """Where this user records a meeting of the group, if they may."""
    if group.is_closed or not Meeting.may_create(current_user, group):
        return None
    return url_for("meetings.new", subgroup=group.id)


@bp.get("/<int:subgroup_id>")
def detail(subgroup_id: int):  # type: ignore[no-untyped-def]
    group = SUBGROUP.get(subgroup_id)
    items = subgroup_action_items(group)
    return render_template(
        "subgroups/detail.html",
        group=group,
        meetings=subgroup_meetings(group),
        meeting_workflow=MEETING_WORKFLOW,
        action_state_labels=ACTION_STATE_LABELS,
        action_items=items,
        deadlines=subgroup_deadlines(group, items),
        checks=available(SUBGROUP_WORKFLOW, group, current_user),
        transition_form=TransitionForm(version=group.version),
        deliverable_form=DeliverableForm(formdata=None, obj=group),
        may_record_deliverable=group.state == MONITORED and group.may_edit(current_user),
        new_meeting_url=new_meeting_url(group),
        comment_form=CommentForm(),
        history=SUBGROUP.timeline(group),
    )


@bp.route("/<int:subgroup_id>/edit", methods=["GET", "POST"])
def edit(subgroup_id: int):  # type: ignore[no-untyped-def]
    group = get_or_404(Subgroup, subgroup_id, for_update=request.method == "POST")
    form = SubgroupForm(
        obj=group,
        member_ids=[u.id for u in group.members],
        commitment_ids=[c.id for c in group.commitments],
    )
    if not group.may_manage_membership(current_user):
        form.keep_only(RESULT_FIELDS)
    return form_page(
        form,
        lambda: ops.update_subgroup(group, current_user, form.data),
        _("The subgroup was saved."),
        lambda _row: redirect(url_for(".detail", subgroup_id=group.id)),
        "subgroups/form.html",
        group=group,
        allowed=group.may_edit(current_user),
    )


# The lead or a member records what the group delivered.
register_row_actions(
    bp, Subgroup, "/<int:subgroup_id>",
    lambda g: url_for(".detail", subgroup_id=g.id) + "#deliverable",
    RowAction("deliverable", "deliverable", DeliverableForm, ops.update_subgroup,
              lambda _g: _("The deliverable was recorded.")),
)
