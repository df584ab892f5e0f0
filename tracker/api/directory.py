"""Units, their staff, directory search, and users. Reading is for everyone; changing
units and staff is for the administrator."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..database import get_or_404
from ..directory import operations as ops
from ..directory.forms import StaffForm, UnitForm
from ..directory.models import UNIT_KIND_LABELS, StaffMember, Unit
from ..directory.queries import load_unit, search_units_page, unit_history, units_query
from ..errors import NotFound, ValidationFailed
from ..importing.unit_page import format_phone_local
from ..municipalities import scope
from ..municipalities.scope import page_url, slug_of
from ..paging import Paging, page_of, paginate
from .common import audit_json, commit, delete_version, form_from_json, json_body, ref
from .meta import VERSION_QUERY, form_schema, op, path_id, register_spec

bp = Blueprint("directory", __name__)


def _local(phone: str | None) -> str | None:
    return format_phone_local(phone) if phone else None


def staff_json(p: StaffMember) -> dict[str, Any]:
    return {
        "id": p.id,
        "municipality": slug_of(p.municipality_id),
        "unit_id": p.unit_id,
        "name": p.name,
        "position": p.position,
        "rank": p.rank,
        "category": p.category,
        "phone": p.phone,
        "phone_local": _local(p.phone),
        "email": p.email,
        "is_head": p.is_head,
        "user": ref(p.user),
        "version": p.version,
    }


def unit_json(u: Unit, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": u.id,
        "municipality": slug_of(u.municipality_id),
        "name": u.name,
        "parent_id": u.parent_id,
        "kind": u.kind,
        "kind_label": str(UNIT_KIND_LABELS.get(u.kind, u.kind)),
        "hotline": u.hotline,
        "hotline_local": _local(u.hotline),
        "version": u.version,
        "url": page_url("directory.detail", u, unit_id=u.id),
    }
    if detail:
        data.update(
            parent=ref(u.parent),
            functions=list(u.functions or []),
            staff=[staff_json(p) for p in u.staff],
            children=[ref(c) for c in u.children],
        )
    return data


def _load(unit_id: int) -> Unit:
    unit = load_unit(unit_id)
    if unit is None:
        raise NotFound()
    return unit


def _wrong_type(name: str) -> ValidationFailed:
    return ValidationFailed({name: [_("This value has the wrong type.")]})


def _unit_body() -> dict[str, Any]:
    """Functions come as a list of texts (or as one text, a function a line)."""
    body = json_body()
    functions = body.get("functions")
    if isinstance(functions, list):
        if not all(isinstance(f, str) for f in functions):
            raise _wrong_type("functions")
        body["functions"] = "\n".join(f.replace("\n", " ") for f in functions)
    return body


def _changed(form: Any, body: dict[str, Any]) -> dict[str, Any]:
    """The fields the body names, as the operations take them."""
    return {name: value for name, value in form.values().items() if name in body}


# Units ---------------------------------------------------------------------------------------
@bp.get("/units")
def units():  # type: ignore[no-untyped-def]
    if "q" in request.args:
        return search()
    return paginate(units_query(), Paging.from_args(request.args)).as_json(unit_json)


@bp.get("/units/search")
def search():  # type: ignore[no-untyped-def]
    q = request.args.get("q", "")
    query, page = search_units_page(q, Paging.from_args(request.args))
    return page.as_json(
        lambda hit: {**unit_json(hit.unit), "snippets": [str(s) for s in hit.snippets]},
        query=q[:500], message=query.message,
    )


@bp.post("/units")
def create_unit():  # type: ignore[no-untyped-def]
    form = form_from_json(UnitForm, _unit_body(), ignore=("version",))
    unit = ops.create_unit(current_user, form.values())  # type: ignore[attr-defined]
    commit()
    return unit_json(_load(unit.id), detail=True), 201


@bp.get("/units/<int:unit_id>")
def unit(unit_id: int):  # type: ignore[no-untyped-def]
    return unit_json(_load(unit_id), detail=True)


@bp.patch("/units/<int:unit_id>")
def update_unit(unit_id: int):  # type: ignore[no-untyped-def]
    unit = get_or_404(Unit, unit_id, for_update=True)
    body = _unit_body()
    form = form_from_json(UnitForm, body, obj=unit)
    ops.update_unit(unit, current_user, _changed(form, body))
    commit()
    return unit_json(_load(unit_id), detail=True)


@bp.get("/units/<int:unit_id>/history")
def unit_history_(unit_id: int):  # type: ignore[no-untyped-def]
    paging = Paging.from_args(request.args)
    return page_of(unit_history(_load(unit_id)), paging).as_json(audit_json)


# Staff ---------------------------------------------------------------------------------------
@bp.get("/units/<int:unit_id>/staff")
def staff(unit_id: int):  # type: ignore[no-untyped-def]
    """The unit's staff, read with the unit (a fixed number of queries)."""
    paging = Paging.from_args(request.args)
    return page_of(_load(unit_id).staff, paging).as_json(staff_json)


@bp.post("/units/<int:unit_id>/staff")
def add_staff(unit_id: int):  # type: ignore[no-untyped-def]
    unit = get_or_404(Unit, unit_id, for_update=True)
    form = form_from_json(StaffForm, json_body(), ignore=("version",))
    person = ops.add_staff(unit, current_user, form.values())  # type: ignore[attr-defined]
    commit()
    return staff_json(person), 201


@bp.get("/staff/<int:staff_id>")
def staff_member(staff_id: int):  # type: ignore[no-untyped-def]
    return staff_json(get_or_404(StaffMember, staff_id))


@bp.patch("/staff/<int:staff_id>")
def update_staff(staff_id: int):  # type: ignore[no-untyped-def]
    person = get_or_404(StaffMember, staff_id, for_update=True)
    body = json_body()
    form = form_from_json(StaffForm, body, obj=person)
    ops.update_staff(person, current_user, _changed(form, body))
    commit()
    return staff_json(person)


@bp.delete("/staff/<int:staff_id>")
def remove_staff(staff_id: int):  # type: ignore[no-untyped-def]
    """The version the client saw comes as ``?version=N`` (or in a JSON body)."""
    person = get_or_404(StaffMember, staff_id, for_update=True)
    ops.remove_staff(person, current_user, {"version": delete_version()})
    commit()
    return "", 204


# Users ---------------------------------------------------------------------------------------
@bp.get("/users")
def users():  # type: ignore[no-untyped-def]
    """The people of the municipalities the caller reads, each with their role in each
    (``roles``: slug → role) and ``role`` where the call works (null across several)."""
    readable = scope.readable_ids()
    page = paginate(User.active_query(), Paging.from_args(request.args),
                    load=(selectinload(User.memberships),))
    return page.as_json(lambda u: {
        "id": u.id, "name": u.name, "role": u.role, "version": u.version,
        "roles": {slug_of(m.municipality_id): m.role for m in u.memberships
                  if readable is None or m.municipality_id in readable},
    })


def directory_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    lines = {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}
    unit_create = form_schema(UnitForm, without=("version",))
    unit_update = form_schema(UnitForm)
    unit_update["required"] = ["version"]
    for schema in (unit_create, unit_update):
        schema["properties"]["functions"] = lines
    staff_update = form_schema(StaffForm)
    staff_update["required"] = ["version"]
    schemas = {
        "UnitCreate": unit_create,
        "UnitUpdate": unit_update,
        "StaffCreate": form_schema(StaffForm, without=("version",)),
        "StaffUpdate": staff_update,
    }
    paths = {
        "/units": {
            "get": op("Organisation units by name (with ?q= a search, as /units/search)",
                      paged=True),
            "post": op("Create a unit (admin)", "UnitCreate", 201),
        },
        "/units/search": {
            "get": op("Search units by name, function or person, in any Georgian case form",
                      paged=True),
        },
        "/units/{id}": {
            "parameters": path_id(),
            "get": op("A unit with its functions, staff and sub-units"),
            "patch": op("Update a unit (admin, version required)", "UnitUpdate"),
        },
        "/units/{id}/history": {"parameters": path_id(),
                                "get": op("Audit entries of a unit", paged=True)},
        "/units/{id}/staff": {
            "parameters": path_id(),
            "get": op("Staff of a unit", paged=True),
            "post": op("Add a staff member (admin)", "StaffCreate", 201),
        },
        "/staff/{id}": {
            "parameters": [*path_id(), VERSION_QUERY],
            "get": op("A staff member"),
            "patch": op("Update a staff member or link their account (admin)", "StaffUpdate"),
            "delete": op("Remove a staff member (admin; ?version= required)", ok=204),
        },
    }
    return paths, schemas


register_spec(directory_spec)
