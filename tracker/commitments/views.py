"""Web pages for plans, commitments and milestones. Thin: ask, call an operation, render."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import User
from ..audit.forms import CommentForm
from ..database import get_or_404
from ..directory.models import Unit
from ..forms import RowAction, VersionForm, form_page, register_row_actions
from ..inputs import filters_for_page
from ..meetings.queries import action_items_for_commitment
from ..paging import Paging
from ..progress.page import progress_context
from ..workflow import available
from ..workflow.forms import TransitionForm
from ..workflow.views import register_kind_routes
from . import operations as ops
from .forms import CommitmentForm, MilestoneDoneForm, MilestoneForm, PlanForm
from .kind import COMMITMENT
from .models import (
    COMPLETION_LABELS,
    OGP_VALUE_LABELS,
    ActionPlan,
    Commitment,
    Milestone,
)
from .queries import CommitmentFilters, list_commitments, list_plans
from .sdg import SDG_BY_NUMBER
from .workflow import COMMITMENT_WORKFLOW

bp = Blueprint("commitments", __name__)
register_kind_routes(bp, COMMITMENT, "/commitments")


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {
        "COMMITMENT_WORKFLOW": COMMITMENT_WORKFLOW,
        "OGP_VALUE_LABELS": OGP_VALUE_LABELS,
        "COMPLETION_LABELS": COMPLETION_LABELS,
        "SDG_BY_NUMBER": SDG_BY_NUMBER,
    }


# Plans -------------------------------------------------------------------------------------
@bp.get("/plans/")
def plans():  # type: ignore[no-untyped-def]
    return render_template("commitments/plans.html", plans=list_plans())


@bp.route("/plans/new", methods=["GET", "POST"])
def new_plan():  # type: ignore[no-untyped-def]
    form = PlanForm()
    return form_page(
        form,
        lambda: ops.create_plan(current_user, form.data),
        _("The action plan was created."),
        lambda _row: redirect(url_for(".plans")),
        "commitments/plan_form.html",
        allowed=ActionPlan.may_create(current_user),
    )


#: The plan page's charts, in order (served by tracker/charts as images under the plan).
PLAN_CHARTS = ("completion", "timeline", "overdue", "attendance")


@bp.get("/plans/<int:plan_id>")
def plan(plan_id: int):  # type: ignore[no-untyped-def]
    """A plan with its charts, which people would rather look at than read."""
    return render_template("commitments/plan.html", plan=get_or_404(ActionPlan, plan_id),
                           charts=PLAN_CHARTS)


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
def edit_plan(plan_id: int):  # type: ignore[no-untyped-def]
    plan = get_or_404(ActionPlan, plan_id, for_update=request.method == "POST")
    form = PlanForm(obj=plan)
    return form_page(
        form,
        lambda: ops.update_plan(plan, current_user, form.data),
        _("The action plan was saved."),
        lambda _row: redirect(url_for(".plans")),
        "commitments/plan_form.html",
        plan=plan,
        allowed=plan.may_edit(current_user),
    )


# Commitments -------------------------------------------------------------------------------
def _list_request(args: Mapping[str, Any]) -> tuple[CommitmentFilters, Paging]:
    return CommitmentFilters.from_args(args), Paging.from_args(args)


@bp.get("/commitments/")
def index():  # type: ignore[no-untyped-def]
    (filters, paging), status = filters_for_page(_list_request, request.args)
    return render_template(
        "commitments/list.html",
        commitments=list_commitments(filters, paging),
        filters=filters,
        plans=list_plans(),
        units=Unit.all_by_name(),
        people=User.all_active(),
        may_create=Commitment.may_create(current_user),
    ), status


@bp.route("/commitments/new", methods=["GET", "POST"])
def new():  # type: ignore[no-untyped-def]
    form = CommitmentForm()
    if request.method == "GET" and form.plan_id.choices:
        plan_id = int(form.plan_id.choices[0][0])
        form.plan_id.data = plan_id
        form.number.data = ops.next_commitment_number(plan_id)
    if request.method == "GET":
        form.add_blank_rows()
    return form_page(
        form,
        lambda: ops.create_commitment(current_user, form.data),
        _("The commitment was created."),
        lambda row: redirect(url_for(".detail", commitment_id=row.id)),
        "commitments/form.html",
        allowed=Commitment.may_create(current_user),
    )


@bp.get("/commitments/<int:commitment_id>")
def detail(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = COMMITMENT.get(commitment_id)
    history = COMMITMENT.timeline(commitment)
    return render_template(
        "commitments/detail.html",
        commitment=commitment,
        checks=available(COMMITMENT_WORKFLOW, commitment, current_user),
        transition_form=TransitionForm(version=commitment.version),
        milestone_form=MilestoneForm(),
        done_form=MilestoneDoneForm(),
        comment_form=CommentForm(),
        history=history,
        action_items=action_items_for_commitment(commitment.id),
        **progress_context(commitment, current_user, history),
    )


@bp.route("/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
def edit(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id, for_update=request.method == "POST")
    form = CommitmentForm(obj=commitment)
    if not current_user.is_manager:
        for field in Commitment.PLANNING_FIELDS:
            if field in form:  # not every planning field has a form field (owner_unit_id)
                delattr(form, field)
    if request.method == "GET":
        form.add_blank_rows()
    return form_page(
        form,
        lambda: ops.update_commitment(commitment, current_user, form.data),
        _("The commitment was saved."),
        lambda _row: redirect(url_for(".detail", commitment_id=commitment.id)),
        "commitments/form.html",
        commitment=commitment,
        allowed=commitment.may_edit(current_user),
    )


# Milestones --------------------------------------------------------------------------------
def _milestones_of(commitment_id: int) -> str:
    return url_for(".detail", commitment_id=commitment_id) + "#milestones"


register_row_actions(
    bp, Commitment, "/commitments/<int:commitment_id>", lambda c: _milestones_of(c.id),
    RowAction("add_milestone", "milestones", MilestoneForm, ops.add_milestone,
              lambda _c: _("The milestone was added.")),
)
register_row_actions(
    bp, Milestone, "/milestones/<int:milestone_id>", lambda m: _milestones_of(m.commitment_id),
    RowAction("milestone_done", "done", MilestoneDoneForm, ops.mark_milestone_done,
              lambda _m: _("The milestone is marked done.")),
    RowAction("milestone_undone", "undone", VersionForm, ops.reopen_milestone,
              lambda _m: _("The milestone is open again.")),
)


@bp.route("/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
def edit_milestone(milestone_id: int):  # type: ignore[no-untyped-def]
    milestone = get_or_404(Milestone, milestone_id, for_update=request.method == "POST")
    form = MilestoneForm(obj=milestone)
    return form_page(
        form,
        lambda: ops.update_milestone(milestone, current_user, form.data),
        _("The milestone was saved."),
        lambda _row: redirect(
            url_for(".detail", commitment_id=milestone.commitment_id) + "#milestones"
        ),
        "commitments/milestone_form.html",
        milestone=milestone,
        allowed=milestone.may_edit(current_user),
    )
