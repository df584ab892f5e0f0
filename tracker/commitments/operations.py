"""Operations on plans, commitments and milestones.

Web views and the API call these and nothing else to change data: each checks permission,
checks the version the client saw, changes the rows, writes the audit entry and flushes.
The caller commits once per request.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..audit.operations import editable_values, record_creation, record_update
from ..database import check_version, claim_number, utcnow
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..workflow import fire
from .models import ActionPlan, Commitment, Milestone
from .template import template_values
from .workflow import COMMITMENT_WORKFLOW

PLAN_FIELDS = ("title", "period_start", "period_end", "description")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


def _check_unique_title(plan_id: int | None, title: str) -> None:
    stmt = select(ActionPlan.id).where(ActionPlan.title == title)
    if plan_id is not None:
        stmt = stmt.where(ActionPlan.id != plan_id)
    if db.session.execute(stmt).first():
        raise ValidationFailed({"title": [_("An action plan with this title already exists.")]})


def create_plan(actor: User, data: dict[str, Any]) -> ActionPlan:
    _require(ActionPlan.may_create(actor))
    values = editable_values(data, PLAN_FIELDS)
    _check_unique_title(None, values["title"])
    plan = ActionPlan(**values)
    db.session.add(plan)
    record_creation(plan, actor, list(PLAN_FIELDS))
    return plan


def update_plan(plan: ActionPlan, actor: User, data: dict[str, Any]) -> ActionPlan:
    _require(plan.may_edit(actor))
    check_version(plan, data.get("version"))
    values = editable_values(data, PLAN_FIELDS)
    if "title" in values:
        _check_unique_title(plan.id, values["title"])
    record_update(plan, actor, values)
    db.session.flush()
    return plan


#: The series the commitments of one plan are numbered in (see ``lock_series``).
COMMITMENTS_OF_PLAN = "commitments of a plan"


def next_commitment_number(plan_id: int) -> int:
    """The number a new commitment of the plan would get (also the form's suggestion)."""
    current = db.session.execute(
        select(func.max(Commitment.number)).where(Commitment.plan_id == plan_id)
    ).scalar()
    return (current or 0) + 1


def _check_number_free(plan_id: int, number: int, commitment_id: int | None) -> None:
    stmt = select(Commitment.id).where(Commitment.plan_id == plan_id, Commitment.number == number)
    if commitment_id is not None:
        stmt = stmt.where(Commitment.id != commitment_id)
    if db.session.execute(stmt).first():
        raise ValidationFailed(
            {"number": [_("This plan already has a commitment with number %(n)d.", n=number)]}
        )


def _claim_number(plan_id: int, number: int | None, commitment_id: int | None) -> int:
    """A commitment's number in its plan (:func:`~tracker.database.claim_number`)."""
    return claim_number(
        COMMITMENTS_OF_PLAN, plan_id, number, lambda: next_commitment_number(plan_id),
        lambda taken: _check_number_free(plan_id, taken, commitment_id),
    )


def create_commitment(actor: User, data: dict[str, Any]) -> Commitment:
    _require(Commitment.may_create(actor))
    values = editable_values(data, Commitment.EDITABLE)
    values["ogp_values"] = sorted(values.get("ogp_values") or [])
    values = template_values(values, values["ogp_values"])
    values["number"] = _claim_number(values["plan_id"], values.get("number"), None)
    commitment = Commitment(**values)
    db.session.add(commitment)
    record_creation(commitment, actor, list(Commitment.EDITABLE))
    return commitment


def update_commitment(commitment: Commitment, actor: User, data: dict[str, Any]) -> Commitment:
    _require(commitment.may_edit(actor))
    check_version(commitment, data.get("version"))
    values = editable_values(data, Commitment.EDITABLE)
    if "ogp_values" in values:
        values["ogp_values"] = sorted(values["ogp_values"] or [])
    values = template_values(values, values.get("ogp_values", commitment.ogp_values))
    if "value_relevance" not in values and "ogp_values" in values:
        # Unticking a value drops its sentence (a sentence is only for a ticked value).
        kept = {k: v for k, v in commitment.value_relevance.items() if k in values["ogp_values"]}
        if kept != commitment.value_relevance:
            values["value_relevance"] = kept
    if not actor.manages(commitment):
        # An owner reports progress and describes; re-planning (plan, number, owner, dates,
        # the budget's amount and currency) is the chair's.
        for field in Commitment.PLANNING_FIELDS:
            if field in values and values[field] != getattr(commitment, field):
                raise PermissionDenied(
                    _("Only the chair can change the owner, unit, dates or budget.")
                )
    if "number" in values and not values["number"]:
        raise ValidationFailed({"number": [_("This field is required.")]})
    plan_id = values.get("plan_id", commitment.plan_id)
    number = values.get("number", commitment.number)
    if (plan_id, number) != (commitment.plan_id, commitment.number):
        _claim_number(plan_id, number, commitment.id)
    record_update(commitment, actor, values)
    db.session.flush()
    return commitment


def transition_commitment(
    commitment: Commitment,
    actor: User,
    to: str,
    comment: str = "",
    version: int | str | None = None,
) -> Commitment:
    fire(COMMITMENT_WORKFLOW, commitment, actor, to, comment, version)
    return commitment


def add_milestone(commitment: Commitment, actor: User, data: dict[str, Any]) -> Milestone:
    _require(commitment.may_add_milestone(actor))
    values = editable_values(data, Milestone.EDITABLE)
    milestone = Milestone(commitment=commitment, **values)
    db.session.add(milestone)
    record_creation(milestone, actor, list(Milestone.EDITABLE))
    return milestone


def update_milestone(milestone: Milestone, actor: User, data: dict[str, Any]) -> Milestone:
    _require(milestone.may_edit(actor))
    check_version(milestone, data.get("version"))
    record_update(milestone, actor, editable_values(data, Milestone.EDITABLE))
    db.session.flush()
    return milestone


def mark_milestone_done(milestone: Milestone, actor: User, data: dict[str, Any]) -> Milestone:
    _require(milestone.may_mark_done(actor))
    check_version(milestone, data.get("version"))
    evidence = (data.get("evidence") or "").strip()
    if not evidence:
        raise ValidationFailed({"evidence": [_("Evidence is required to mark it done.")]})
    if milestone.done:
        raise ValidationFailed({"done": [_("This milestone is already done.")]})
    record_update(milestone, actor, {"done": True, "done_at": utcnow(), "evidence": evidence})
    db.session.flush()
    return milestone


def reopen_milestone(milestone: Milestone, actor: User, data: dict[str, Any]) -> Milestone:
    _require(milestone.may_mark_done(actor))
    check_version(milestone, data.get("version"))
    if not milestone.done:
        raise ValidationFailed({"done": [_("This milestone is not done.")]})
    record_update(milestone, actor, {"done": False, "done_at": None})
    db.session.flush()
    return milestone

