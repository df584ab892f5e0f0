"""Action plans, commitments and milestones over JSON."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from ..commitments import operations as ops
from ..commitments.forms import CommitmentForm, MilestoneDoneForm, MilestoneForm
from ..commitments.kind import COMMITMENT
from ..commitments.models import ActionPlan, Commitment, Milestone, name_of
from ..commitments.queries import CommitmentFilters, list_commitments, plans_query
from ..database import get_or_404
from ..errors import ValidationFailed
from ..municipalities.scope import slug_of
from ..paging import Paging, paginate
from .common import commit, form_from_json, iso, json_body, patch_data, ref
from .kinds import register_kind_api, register_rows_api
from .meta import form_schema, op, path_id, register_spec

bp = Blueprint("commitments", __name__)


def milestone_json(m: Milestone) -> dict[str, Any]:
    return {
        "id": m.id,
        "municipality": slug_of(m.municipality_id),
        "commitment_id": m.commitment_id,
        "title": m.title,
        "owner": ref(m.owner),
        "owner_unit": ref(m.owner_unit),
        "owner_text": m.owner_text,
        "owner_name": name_of(m.owner_display),
        "deadline": iso(m.deadline),
        "done": m.done,
        "done_at": iso(m.done_at),
        "evidence": m.evidence,
        "version": m.version,
    }


def commitment_json(c: Commitment, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": c.id,
        "municipality": slug_of(c.municipality_id),
        "plan": ref(c.plan, "title"),
        "number": c.number,
        "title": c.title,
        "state": c.state,
        "state_label": COMMITMENT.workflow.label(c.state),
        "completion_level": c.completion.value,
        "owner": ref(c.owner),
        "owner_unit": ref(c.owner_unit),
        "owner_text": c.owner_text,
        "owner_name": name_of(c.owner_display),
        "lead_unit": ref(c.lead_unit),
        "lead_unit_text": c.lead_unit_text,
        "lead_unit_name": name_of(c.lead_unit_display),
        "start_date": iso(c.start_date),
        "deadline": iso(c.deadline),
        "version": c.version,
        "url": COMMITMENT.url(c),
    }
    if detail:
        data.update(
            problem=c.problem,
            description=c.description,
            ogp_values=c.ogp_values,
            solution=c.solution,
            value_relevance=c.value_relevance,
            stakeholders_government=c.stakeholders_government,
            stakeholders_other=c.stakeholders_other,
            budget_amount=None if c.budget_amount is None else float(c.budget_amount),
            budget_currency=c.budget_currency,
            budget_note=c.budget_note,
            programme_links=c.programme_links,
            sdgs=c.sdgs,
            additional_info=c.additional_info,
            completion_evidence=c.completion_evidence,
            milestones=[milestone_json(m) for m in c.milestones],
            transitions=COMMITMENT.transitions_json(c, current_user),
            created_at=iso(c.created_at),
        )
    return data


def commitment_detail(c: Commitment) -> dict[str, Any]:
    return commitment_json(c, detail=True)


def _create(body: dict[str, Any]) -> Commitment:
    form = form_from_json(CommitmentForm, body, ignore=("version",))
    return ops.create_commitment(current_user, form.data)


register_kind_api(
    bp, COMMITMENT, commitment_detail, create=_create,
    listing=lambda args, paging: list_commitments(
        CommitmentFilters.from_args(args), paging
    ).as_json(commitment_json),
)


def plan_json(p: ActionPlan) -> dict[str, Any]:
    return {
        "id": p.id,
        "municipality": slug_of(p.municipality_id),
        "title": p.title,
        "period_start": iso(p.period_start),
        "period_end": iso(p.period_end),
        "version": p.version,
    }


@bp.get("/plans")
def plans():  # type: ignore[no-untyped-def]
    return paginate(plans_query(), Paging.from_args(request.args)).as_json(plan_json)


@bp.patch("/commitments/<int:commitment_id>")
def update(commitment_id: int):  # type: ignore[no-untyped-def]
    commitment = get_or_404(Commitment, commitment_id, for_update=True)
    body = json_body()
    ops.update_commitment(commitment, current_user, patch_data(CommitmentForm, body, commitment))
    commit()
    return commitment_detail(COMMITMENT.get(commitment_id))


register_rows_api(
    bp, name="milestone", parent=(Commitment, "commitments", "milestones"), model=Milestone,
    path="milestones", to_json=milestone_json, form=MilestoneForm, add=ops.add_milestone,
)


@bp.patch("/milestones/<int:milestone_id>")
def update_milestone(milestone_id: int):  # type: ignore[no-untyped-def]
    """Edit title/owner/deadline, or report progress with ``done`` (+ ``evidence``)."""
    milestone = get_or_404(Milestone, milestone_id, for_update=True)
    body = json_body()
    done = body.pop("done", None)
    if done not in (None, True, False):
        raise ValidationFailed({"done": [_("Give true or false.")]})
    if done is True:
        form = form_from_json(MilestoneDoneForm, body)
        ops.mark_milestone_done(milestone, current_user, form.data)
    elif done is False:
        ops.reopen_milestone(milestone, current_user, body)
    else:
        ops.update_milestone(milestone, current_user, patch_data(MilestoneForm, body, milestone))
    commit()
    return milestone_json(milestone)


def commitment_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    """The commitment area's paths and schemas."""
    commitment_update = form_schema(CommitmentForm)
    commitment_update["required"] = ["version"]
    milestone_update = form_schema(MilestoneForm)
    milestone_update["properties"].update(done={"type": "boolean"}, evidence={"type": "string"})
    milestone_update["required"] = ["version"]
    schemas = {
        "CommitmentCreate": form_schema(CommitmentForm, without=("version",)),
        "CommitmentUpdate": commitment_update,
        "MilestoneCreate": form_schema(MilestoneForm, without=("version",)),
        "MilestoneUpdate": milestone_update,
        "MilestoneDone": form_schema(MilestoneDoneForm),
    }
    paths = {
        "/plans": {"get": op("List action plans, latest first", paged=True)},
        "/commitments": {
            "get": op("List commitments by plan and number (filters: state, owner, unit, "
                      "plan, q)", paged=True),
            "post": op("Create a commitment", "CommitmentCreate", 201),
        },
        "/commitments/{id}": {
            "parameters": path_id(),
            "patch": op("Update a commitment (version required)", "CommitmentUpdate"),
        },
        "/commitments/{id}/milestones": {
            "parameters": path_id(),
            "get": op("Milestones of a commitment", paged=True),
            "post": op("Add a milestone", "MilestoneCreate", 201),
        },
        "/milestones/{id}": {
            "parameters": path_id(),
            "get": op("A milestone"),
            "patch": op("Edit a milestone or mark it done", "MilestoneUpdate"),
        },
        "/milestones/{id}/history": {"parameters": path_id(),
                                     "get": op("Audit entries", paged=True)},
        "/users": {"get": op("Active users", paged=True)},
    }
    return paths, schemas


register_spec(commitment_spec)
