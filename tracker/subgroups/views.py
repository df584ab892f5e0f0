"""Web pages of the subgroups area. Thin: ask, call an operation, render."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import User
from ..audit.forms import CommentForm
from ..audit.operations import add_comment
from ..database import get_or_404
from ..directory.models import Unit
from ..forms import flash_errors, form_status, submit
from ..inputs import filters_for_page, flash_ignored, query_int, read_filters
from ..meetings.models import ACTION_STATE_LABELS, Meeting
from ..meetings.workflow import MEETING_WORKFLOW
from ..workflow import MONITORED, available
from ..workflow.forms import TransitionForm
from . import operations as ops
from .forms import RESULT_FIELDS, DeliverableForm, SubgroupForm
from .models import Subgroup
from .queries import (
    SubgroupFilters,
    list_subgroups,
    load_subgroup,
    subgroup_action_items,
    subgroup_deadlines,
    subgroup_meetings,
    subgroup_timeline,
)
from .workflow import SUBGROUP_WORKFLOW

bp = Blueprint("subgroups", __name__, url_prefix="/subgroups")


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
    if not Subgroup.may_create(current_user):
        abort(403)
    form = SubgroupForm()
    del form.deliverable_result  # recorded once the group has worked
    if request.method == "GET":
        commitment, ignored = read_filters(
            lambda args: query_int(args, "commitment"), request.args
        )
        flash_ignored(ignored)
        form.commitment_ids.data = [commitment] if commitment else []
    created: list[Subgroup] = []
    if form.validate_on_submit() and submit(
        form, lambda: created.append(ops.create_subgroup(current_user, form.data))
    ):
        flash(_("The subgroup was created."), "success")
        return redirect(url_for(".detail", subgroup_id=created[0].id))
    return render_template("subgroups/form.html", form=form), form_status()


def _group_or_404(subgroup_id: int) -> Subgroup:
    group = load_subgroup(subgroup_id)
    if group is None:
        abort(404)
    return group


def new_meeting_url(group: Subgroup) -> str | None:
    """Where this user records a meeting of the group, if they may."""
    if group.is_closed or not Meeting.may_create(current_user, group):
        return None
    return url_for("meetings.new", subgroup=group.id)


@bp.get("/<int:subgroup_id>")
def detail(subgroup_id: int):  # type: ignore[no-untyped-def]
    group = _group_or_404(subgroup_id)
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
        history=subgroup_timeline(group),
    )


@bp.route("/<int:subgroup_id>/edit", methods=["GET", "POST"])
def edit(subgroup_id: int):  # type: ignore[no-untyped-def]
    group = get_or_404(Subgroup, subgroup_id, for_update=request.method == "POST")
    if not group.may_edit(current_user):
        abort(403)
    form = SubgroupForm(
        obj=group,
        member_ids=[u.id for u in group.members],
        commitment_ids=[c.id for c in group.commitments],
    )
    if not group.may_manage_membership(current_user):
        form.keep_only(RESULT_FIELDS)
    if form.validate_on_submit() and submit(
        form, lambda: ops.update_subgroup(group, current_user, form.data)
    ):
        flash(_("The subgroup was saved."), "success")
        return redirect(url_for(".detail", subgroup_id=group.id))
    return render_template("subgroups/form.html", form=form, group=group), form_status()


@bp.post("/<int:subgroup_id>/deliverable")
def deliverable(subgroup_id: int):  # type: ignore[no-untyped-def]
    """The lead or a member records what the group delivered."""
    group = get_or_404(Subgroup, subgroup_id, for_update=True)
    if not group.may_edit(current_user):
        abort(403)
    form = DeliverableForm()
    if form.validate_on_submit() and submit(
        form, lambda: ops.update_subgroup(group, current_user, form.data)
    ):
        flash(_("The deliverable was recorded."), "success")
    flash_errors(form)
    return redirect(url_for(".detail", subgroup_id=subgroup_id) + "#deliverable")


@bp.post("/<int:subgroup_id>/transition")
def transition(subgroup_id: int):  # type: ignore[no-untyped-def]
    group = get_or_404(Subgroup, subgroup_id, for_update=True)
    form = TransitionForm()
    if form.validate_on_submit() and submit(
        form,
        lambda: ops.transition_subgroup(
            group, current_user, form.to.data, form.comment.data or "", form.version.data
        ),
    ):
        flash(_("Moved to “%(state)s”.", state=SUBGROUP_WORKFLOW.label(group.state)), "success")
    flash_errors(form)
    return redirect(url_for(".detail", subgroup_id=subgroup_id))


@bp.post("/<int:subgroup_id>/comments")
def comment(subgroup_id: int):  # type: ignore[no-untyped-def]
    group = get_or_404(Subgroup, subgroup_id)
    form = CommentForm()
    if form.validate_on_submit() and submit(
        form, lambda: add_comment(group, current_user, form.text.data)
    ):
        flash(_("Your comment was added."), "success")
    flash_errors(form)
    return redirect(url_for(".detail", subgroup_id=subgroup_id) + "#history")
