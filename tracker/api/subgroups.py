"""Thematic subgroups over JSON."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from ..database import get_or_404
from ..errors import ValidationFailed
from ..meetings.models import Meeting
from ..meetings.queries import subgroup_action_items, subgroup_meetings
from ..municipalities.scope import slug_of
from ..paging import paginate
from ..subgroups import operations as ops
from ..subgroups.forms import SubgroupForm
from ..subgroups.kind import SUBGROUP
from ..subgroups.models import Subgroup
from ..subgroups.queries import LIST_LOADING, SubgroupFilters, subgroups_query
from .common import commit, form_from_json, iso, json_body, patch_data, ref
from .kinds import register_kind_api
from .meta import form_schema, op, path_id, register_spec

bp = Blueprint("subgroups", __name__)


def subgroup_json(g: Subgroup, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": g.id,
        "municipality": slug_of(g.municipality_id),
        "name": g.name,
        "state": g.state,
        "state_label": SUBGROUP.workflow.label(g.state),
        "unit": ref(g.unit),
        "lead": ref(g.lead),
        "members": [ref(m) for m in g.members],
        "commitments": [
            {"id": c.id, "number": c.number, "title": c.title, "state": c.state}
            for c in g.commitments
        ],
        "deliverable": g.deliverable,
        "deliverable_deadline": iso(g.deliverable_deadline),
        "deliverable_result": g.deliverable_result,
        "version": g.version,
        "url": SUBGROUP.url(g),
    }
    if detail:
        data.update(
            meetings=[
                {"id": m.id, "number": m.number, "date": iso(m.date), "state": m.state}
                for m in subgroup_meetings(g)
            ],
            action_items=[
                {
                    "id": a.id,
                    "title": a.title,
                    "deadline": iso(a.deadline),
                    "state": a.state,
                    "owner": ref(a.owner),
                    "owner_unit": ref(a.owner_unit),
                    "meeting_id": a.decision.meeting_id,
                }
                for a in subgroup_action_items(g)
            ],
            transitions=SUBGROUP.transitions_json(g, current_user),
            permissions={
                "edit": g.may_edit(current_user),
                "manage_membership": g.may_manage_membership(current_user),
                "record_meeting": not g.is_closed and Meeting.may_create(current_user, g),
            },
            created_at=iso(g.created_at),
        )
    return data


def subgroup_detail(g: Subgroup) -> dict[str, Any]:
    return subgroup_json(g, detail=True)


def _create(body: dict[str, Any]) -> Subgroup:
    if "deliverable_result" in body:  # recorded once the group has worked
        raise ValidationFailed({"deliverable_result": [_("Unknown field.")]})
    form = form_from_json(SubgroupForm, body, ignore=("version",))
    return ops.create_subgroup(current_user, form.data)


register_kind_api(
    bp, SUBGROUP, subgroup_detail, create=_create,
    listing=lambda args, paging: paginate(
        subgroups_query(SubgroupFilters.from_args(args)), paging, load=LIST_LOADING
    ).as_json(subgroup_json),
)


@bp.patch("/subgroups/<int:subgroup_id>")
def update(subgroup_id: int):  # type: ignore[no-untyped-def]
    group = get_or_404(Subgroup, subgroup_id, for_update=True)
    body = json_body()
    ops.update_subgroup(group, current_user, patch_data(SubgroupForm, body, group))
    commit()
    return subgroup_detail(SUBGROUP.get(subgroup_id))


def subgroup_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    ids = {"type": "array", "items": {"type": ["integer", "string"]}}
    create_schema = form_schema(SubgroupForm, without=("version", "deliverable_result"))
    update_schema = form_schema(SubgroupForm)
    update_schema["required"] = ["version"]
    for schema in (create_schema, update_schema):
        schema["properties"].update(member_ids=ids, commitment_ids=ids)
    paths = {
        "/subgroups": {
            "get": op("List thematic subgroups by name (filters: state, unit, member)",
                      paged=True),
            "post": op("Create a subgroup (chair/admin)", "SubgroupCreate", 201),
        },
        "/subgroups/{id}": {
            "parameters": path_id(),
            "patch": op(
                "Update a subgroup (version required): the chair shapes it, its lead and "
                "members record the deliverable",
                "SubgroupUpdate",
            ),
        },
    }
    return paths, {"SubgroupCreate": create_schema, "SubgroupUpdate": update_schema}


register_spec(subgroup_spec)
