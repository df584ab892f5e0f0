"""The people of the records over JSON: list and search, one person with their meetings and
action items, create, correct or link (PATCH with the version), merge. Validation through
the web's forms, changes through the people's operations."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_login import current_user

from ..database import get_or_404
from ..errors import NotFound
from ..municipalities.scope import page_url, slug_of
from ..paging import Paging, page_of
from ..people import operations as ops
from ..people.forms import MergeForm, PersonForm
from ..people.models import Person
from ..people.queries import (
    Record,
    appearances,
    load_person,
    owned_action_items,
    people_page,
    person_history,
    records_of,
)
from .common import audit_json, commit, form_from_json, iso, json_body, patch_data, ref
from .meta import form_schema, op, path_id, register_spec

bp = Blueprint("people", __name__)


def record_json(record: Record) -> dict[str, int]:
    return {"chaired": record.chaired, "secretary": record.kept,
            "attended": record.attended, "action_items": record.action_items}


def person_json(p: Person, record: Record | None = None) -> dict[str, Any]:
    staff = p.staff_member
    return {
        "id": p.id,
        "municipality": slug_of(p.municipality_id),
        "name": p.name,
        "organisation": p.organisation,
        "position": p.position,
        "user": ref(p.user),
        "staff_member": None if staff is None else {
            "id": staff.id, "name": staff.name, "unit_id": staff.unit_id,
        },
        "record": record_json(record or Record()),
        "version": p.version,
        "url": page_url("people.detail", p, person_id=p.id),
    }


def person_detail(p: Person) -> dict[str, Any]:
    data = person_json(p, records_of([p.id]).get(p.id))
    data.update(
        meetings=[
            {
                "id": a.meeting.id,
                "number": a.meeting.number,
                "date": iso(a.meeting.date),
                "state": a.meeting.state,
                "chair": a.chair,
                "secretary": a.secretary,
                "attendance": [{"id": row.id, "presence": row.presence, "remote": row.remote}
                               for row in a.attendance],
                "url": page_url("meetings.detail", a.meeting, meeting_id=a.meeting.id),
            }
            for a in appearances(p)
        ],
        action_items=[
            {"id": item.id, "title": item.title, "deadline": iso(item.deadline),
             "state": item.state, "meeting_id": item.decision.meeting_id}
            for item in owned_action_items(p)
        ],
        permissions={"manage": Person.may_manage(current_user)},
        created_at=iso(p.created_at),
    )
    return data


def _load(person_id: int) -> Person:
    person = load_person(person_id)
    if person is None:
        raise NotFound()
    return person


@bp.get("/people")
def people():  # type: ignore[no-untyped-def]
    """Everyone of the records the caller reads; ``?q=`` keeps the names (or organisations)
    that contain it."""
    q = request.args.get("q", "")[:200]
    page = people_page(q, Paging.from_args(request.args))
    return page.as_json(lambda row: person_json(row.person, row.record), query=q)


@bp.post("/people")
def create():  # type: ignore[no-untyped-def]
    form = form_from_json(PersonForm, json_body(), ignore=("version",))
    person = ops.create_person(current_user, form.data)
    commit()
    return person_detail(_load(person.id)), 201


@bp.get("/people/<int:person_id>")
def person(person_id: int):  # type: ignore[no-untyped-def]
    return person_detail(_load(person_id))


@bp.patch("/people/<int:person_id>")
def update(person_id: int):  # type: ignore[no-untyped-def]
    """Correct the name, link (or unlink, with null) an account or a staff entry."""
    row = get_or_404(Person, person_id, for_update=True)
    ops.update_person(row, current_user, patch_data(PersonForm, json_body(), row))
    commit()
    return person_detail(_load(person_id))


@bp.get("/people/<int:person_id>/history")
def history(person_id: int):  # type: ignore[no-untyped-def]
    paging = Paging.from_args(request.args)
    return page_of(person_history(_load(person_id)), paging).as_json(audit_json)


@bp.post("/people/<int:person_id>/merge")
def merge(person_id: int):  # type: ignore[no-untyped-def]
    """``{"into_id": N, "version": V}``: this person (at version V) is merged into N, which
    is answered."""
    other = get_or_404(Person, person_id, for_update=True)
    form = form_from_json(MergeForm, json_body())
    keep = get_or_404(Person, form.into_id.data, for_update=True)
    kept = ops.merge_people(keep, other, current_user, form.version.data)
    commit()
    return person_detail(_load(kept.id))


def people_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    update_schema = form_schema(PersonForm)
    update_schema["required"] = ["version"]
    merge_schema = form_schema(MergeForm)
    merge_schema["required"] = ["into_id", "version"]
    schemas = {
        "PersonCreate": form_schema(PersonForm, without=("version",)),
        "PersonUpdate": update_schema,
        "PersonMerge": merge_schema,
    }
    q = {"name": "q", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Only people whose name or organisation contains this."}
    listing = op("People of the records by name, each with how often the minutes name "
                 "them", paged=True)
    listing["parameters"] = [q, *listing["parameters"]]
    paths = {
        "/people": {
            "get": listing,
            "post": op("Add a person of the records (chair, secretary, admin)",
                       "PersonCreate", 201),
        },
        "/people/{id}": {
            "parameters": path_id(),
            "get": op("A person with their meetings and action items"),
            "patch": op("Correct a person or link an account or a staff entry (version "
                        "required)", "PersonUpdate"),
        },
        "/people/{id}/history": {"parameters": path_id(),
                                 "get": op("Audit entries of a person", paged=True)},
        "/people/{id}/merge": {
            "parameters": path_id(),
            "post": op("Merge this person into another (into_id); the other is answered",
                       "PersonMerge"),
        },
    }
    return paths, schemas


register_spec(people_spec)
