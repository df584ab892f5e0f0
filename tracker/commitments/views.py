"""Web pages for plans, commitments and milestones. Thin: ask, call an operation, render."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import User
from ..audit.forms import CommentForm
from ..audit.operations import add_comment
from ..audit.timeline import timeline
from ..database import get_or_404
from ..directory.models import Unit
from ..forms import VersionForm, flash_errors, form_status, submit
from ..inputs import filters_for_page
from ..meetings.queries import action_items_for_commitment
from ..workflow import available
from ..workflow.forms import TransitionForm
from . import operations as ops
from .forms import CommitmentForm, MilestoneDoneForm, MilestoneForm, PlanForm
from .models import (
    COMPLETION_LABELS,
    FIELD_LABELS,
    OGP_VALUE_LABELS,
    ActionPlan,
    Commitment,
    Milestone,
)
from .queries import (
    CommitmentFilters,
    commitment_history,
    list_commitments,
    list_plans,
    load_commitment,
)
from .workflow import COMMITMENT_WORKFLOW

bp = Blueprint("commitments", __name__)

REFERENCES = {
    "owner_id": (User, "name"),
    "lead_unit_id": (Unit, "name"),
    "plan_id": (ActionPlan, "title"),
}


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {
        "COMMITMENT_WORKFLOW": COMMITMENT_WORKFLOW,
        "OGP_VALUE_LABELS": OGP_VALUE_LABELS,
        "COMPLETION_LABELS": COMPLETION_LABELS,
    }


# Plans -------------------------------------------------------------------------------------
@bp.get("/plans/")
def plans():  # type: ignore[no-untyped-def]
    return render_template("commitments/plans.html", plans=list_plans())


@bp.route("/plans/new", methods=["GET", "POST"])
def new_plan():  # type: ignore[no-untyped-def]
    if not current_user.is_manager:
        abort(403)
    form = PlanForm()
    if form.validate_on_submit() and submit(form, lambda: ops.create_plan(current_user, form.data)):
        flash(_("The action plan was created."), "success")
        return redirect(url_for(".plans"))
    return render_template("commitments/plan_form.html", form=form), form_status()


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
def edit_plan(plan_id: int):  # type: ignore[no-untyped-def]
    plan = get_or_404(ActionPlan, plan_id, for_update=request.method == "POST")
    if not plan.may_edit(current_user):
        abort(403)
    form = PlanForm(obj=plan)
    if form.validate_on_submit() and submit(
        form, lambda: ops.update_plan(plan, current_user, form.data)
    ):
        flash(_("The action plan was saved."), "success")
        return redirect(url_for(".plans"))
    return render_template("commitments/plan_form.html", form=form, plan=plan), form_status()


# Commitments -------------------------------------------------------------------------------
@bp.get("/commitments/")
def index():  # type: ignore[no-untyped-def]
    filters, status = filters_for_page(CommitmentFilters.from_args, request.args)
    return render_template(
        "commitments/list.html",
        commitments=list_commitments(filters),
        filters=filters,
        plans=list_plans(),
        units=Unit.all_by_name(),
        people=User.all_active(),
        may_create=Commitment.may_create(current_user),
    ), status


@bp.route("/commitments/new", methods=["GET", "POST"])
def new():  # type: ignore[no-untyped-def]
    if not Commitment.may_create(current_user):
        abort(403)
    form = CommitmentForm()
    if request.method == "GET" and form.plan_id.choices:
        plan_id = int(form.plan_id.choices[0][0])
        form.plan_id.data = plan_id
        form.number.data = ops.next_commitment_number(plan_id)
    created: list[Commitment] = []
    if form.validate_on_submit() and submit(
        form, lambda: created.append(ops.create_commitment(current_user, form.data))
    ):
        flash(_("The commitment was created."), "success")
        return redirect(url_for(".detail", commitment_id=created[0].id))
    return render_template("commitments/form.html", form=form), form_status()


def _commitment_or_404(commitment_id: int) -> Commitment:
    commitment = load_commitment(commitment_id)
    if commitment is None:
        abort(404)
    return commitment


@bp.get("/commitments/<int:commitment_id>")
def detail(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = _commitment_or_404(commitment_id)
    return render_template(
        "commitments/detail.html",
        commitment=commitment,
        checks=available(COMMITMENT_WORKFLOW, commitment, current_user),
        transition_form=TransitionForm(version=commitment.version),
        milestone_form=MilestoneForm(),
        done_form=MilestoneDoneForm(),
        comment_form=CommentForm(),
        history=timeline(commitment_history(commitment), FIELD_LABELS, REFERENCES),
        action_items=action_items_for_commitment(commitment.id),
    )


@bp.route("/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
def edit(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id, for_update=request.method == "POST")
    if not commitment.may_edit(current_user):
        abort(403)
    form = CommitmentForm(obj=commitment)
    if not current_user.is_manager:
        for field in Commitment.PLANNING_FIELDS:
            if field in form:  # not every planning field has a form field (owner_unit_id)
                delattr(form, field)
    if form.validate_on_submit() and submit(
        form, lambda: ops.update_commitment(commitment, current_user, form.data)
    ):
        flash(_("The commitment was saved."), "success")
        return redirect(url_for(".detail", commitment_id=commitment.id))
    return render_template(
        "commitments/form.html", form=form, commitment=commitment
    ), form_status()


@bp.post("/commitments/<int:commitment_id>/transition")
def transition(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id, for_update=True)
    form = TransitionForm()
    if form.validate_on_submit() and submit(
        form,
        lambda: ops.transition_commitment(
            commitment, current_user, form.to.data, form.comment.data or "", form.version.data
        ),
    ):
        flash(
            _("Moved to “%(state)s”.", state=COMMITMENT_WORKFLOW.label(commitment.state)),
            "success",
        )
    flash_errors(form)
    return redirect(url_for(".detail", commitment_id=commitment_id))


@bp.post("/commitments/<int:commitment_id>/comments")
def comment(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id)
    form = CommentForm()
    if form.validate_on_submit() and submit(
        form, lambda: add_comment(commitment, current_user, form.text.data)
    ):
        flash(_("Your comment was added."), "success")
    flash_errors(form)
    return redirect(url_for(".detail", commitment_id=commitment_id) + "#history")


# Milestones --------------------------------------------------------------------------------
@bp.post("/commitments/<int:commitment_id>/milestones")
def add_milestone(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id, for_update=True)
    if not commitment.may_add_milestone(current_user):
        abort(403)
    form = MilestoneForm()
    if form.validate_on_submit() and submit(
        form, lambda: ops.add_milestone(commitment, current_user, form.data)
    ):
        flash(_("The milestone was added."), "success")
    flash_errors(form)
    return redirect(url_for(".detail", commitment_id=commitment_id) + "#milestones")


@bp.route("/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
def edit_milestone(milestone_id: int):  # type: ignore[no-untyped-def]
    milestone = get_or_404(Milestone, milestone_id, for_update=request.method == "POST")
    if not milestone.may_edit(current_user):
        abort(403)
    form = MilestoneForm(obj=milestone)
    if form.validate_on_submit() and submit(
        form, lambda: ops.update_milestone(milestone, current_user, form.data)
    ):
        flash(_("The milestone was saved."), "success")
        return redirect(url_for(".detail", commitment_id=milestone.commitment_id) + "#milestones")
    return render_template(
        "commitments/milestone_form.html", form=form, milestone=milestone
    ), form_status()


@bp.post("/milestones/<int:milestone_id>/done")
def milestone_done(milestone_id: int):  # type: ignore[no-untyped-def]
    milestone = get_or_404(Milestone, milestone_id, for_update=True)
    form = MilestoneDoneForm()
    if form.validate_on_submit() and submit(
        form, lambda: ops.mark_milestone_done(milestone, current_user, form.data)
    ):
        flash(_("The milestone is marked done."), "success")
    flash_errors(form)
    return redirect(url_for(".detail", commitment_id=milestone.commitment_id) + "#milestones")


@bp.post("/milestones/<int:milestone_id>/undone")
def milestone_undone(milestone_id: int):  # type: ignore[no-untyped-def]
    milestone = get_or_404(Milestone, milestone_id, for_update=True)
    form = VersionForm()
    if form.validate_on_submit() and submit(
        form, lambda: ops.reopen_milestone(milestone, current_user, form.data)
    ):
        flash(_("The milestone is open again."), "success")
    return redirect(url_for(".detail", commitment_id=milestone.commitment_id) + "#milestones")
