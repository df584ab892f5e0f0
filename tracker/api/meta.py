"""``/api/v1/openapi.json``: request schemas are generated from the same forms that validate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
)

from ..forms import TrackerForm, optional_int
from ..inputs import MAX_ID
from ..meetings.archive import PER_PAGE as ARCHIVE_PER_PAGE
from ..municipalities.models import SLUG_PATTERN
from ..paging import DEFAULT_PER_PAGE, MAX_PER_PAGE
from ..workflow import STATES

bp = Blueprint("meta", __name__)

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object"},
                "reasons": {"type": "array", "items": {"type": "string"}},
            },
        }
    },
}


def _field_schema(field: Field) -> dict[str, Any]:
    if isinstance(field, FormField):
        # A group of fields (tracker.forms.GroupField): a JSON object of them.
        return {"type": ["object", "null"], "additionalProperties": False, "properties": {
            sub.short_name: _field_schema(sub) for sub in field.form}}
    if isinstance(field, FieldList):
        # Rows (tracker.forms.RowsField): a JSON array of what one row is.
        row = field.entries[0] if field.entries else field.append_entry()
        return {"type": ["array", "null"], "items": _field_schema(row)}
    if isinstance(field, SelectMultipleField):
        return {"type": "array", "items": {"type": "string"}}
    if isinstance(field, DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, IntegerField):
        return {"type": "integer", "minimum": -MAX_ID, "maximum": MAX_ID}
    if isinstance(field, BooleanField):
        return {"type": "boolean"}
    if isinstance(field, SelectField):
        if field.coerce in (int, optional_int):
            return {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ID}
        # A fixed vocabulary (a unit's kind, an attendee's presence): its codes, as text.
        codes = [str(value) for value, _label in field.choices or ()]
        return {"type": ["string", "null"], "enum": [*codes, None]}
    if isinstance(field, HiddenField) and field.name == "version":
        return {"type": "integer"}
    # null is accepted for text, and stored as empty (api.common._as_form_values).
    schema: dict[str, Any] = {"type": ["string", "null"]}
    for validator in field.validators:
        if getattr(validator, "max", -1) and getattr(validator, "max", -1) > 0:
            schema["maxLength"] = validator.max
    return schema


def form_schema(form_class: type[TrackerForm], *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    form = form_class(formdata=None, meta={"csrf": False})
    declared = getattr(form, "JSON_SCHEMAS", {})
    properties = {
        name: declared.get(name) or _field_schema(field)
        for name, field in form._fields.items() if name not in without
    }
    required = [
        name
        for name, field in form._fields.items()
        if name not in without and any(getattr(v, "field_flags", {}).get("required")
                                       for v in field.validators)
    ]
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


def op(
    summary: str,
    body: str | None = None,
    ok: int = 200,
    *,
    instance_wide: bool = False,
    paged: bool = False,
) -> dict[str, Any]:
    """One operation. ``instance_wide``: a list of the instance's own (the caller's
    municipalities) that ``?municipality=`` does not narrow (see :func:`_in_municipalities`).
    ``paged``: a list answered a page at a time (:mod:`tracker.paging`), with the shared
    ``page``/``per_page`` parameters and the ``Page`` response."""
    answer: dict[str, Any] = {"$ref": "#/components/schemas/Page"} if paged else {}
    op: dict[str, Any] = {
        "summary": summary,
        "responses": {
            str(ok): {"description": "OK"} if ok == 204 else {
                "description": "OK", "content": {"application/json": {"schema": answer}}
            },
            "default": {
                "description": "Error (400, 401, 403, 404, 409, 422)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        },
    }
    if instance_wide:
        op[INSTANCE_WIDE] = True
    if paged:
        op["parameters"] = list(PAGE_QUERIES)
    if body:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}},
        }
    return op


def path_id(name: str = "id") -> list[dict[str, Any]]:
    """Ids are bounded by the URL converter (tracker.inputs.IdConverter): others are 404."""
    schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    return [{"name": name, "in": "path", "required": True, "schema": schema}]


# A DELETE names the version the client saw here (or in a JSON body {"version": N}): the
# operation refuses it without one (422) or with an old one (409).
VERSION_QUERY: dict[str, Any] = {
    "name": "version", "in": "query", "required": False, "schema": {"type": "integer"},
    "description": "For DELETE: the version the client saw (or a JSON body {\"version\": N}).",
}


# Every list is paged (tracker/paging.py): one definition of its two parameters and of its
# answer, which every list refers to. ``per_page`` over the maximum is a 422, not clamped.
PAGE_PARAMETERS: dict[str, Any] = {
    "page": {
        "name": "page", "in": "query", "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID, "default": 1},
        "description": "The page, from 1. A page past the last is empty (with the total).",
    },
    "per_page": {
        "name": "per_page", "in": "query", "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                   "default": DEFAULT_PER_PAGE},
        "description": f"Items per page: at most {MAX_PER_PAGE} (more is a 422). Without "
                       f"it, {DEFAULT_PER_PAGE} (the minutes archive and search: "
                       f"{ARCHIVE_PER_PAGE}).",
    },
}
PAGE_QUERIES: tuple[dict[str, Any], ...] = tuple(
    {"$ref": f"#/components/parameters/{name}"} for name in PAGE_PARAMETERS
)
PAGE: dict[str, Any] = {
    "type": "object",
    "required": ["items", "total", "page", "per_page", "pages"],
    "properties": {
        "items": {"type": "array", "items": {"type": "object"}},
        "total": {"type": "integer", "minimum": 0, "description": "Items in the whole list"},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "pages": {"type": "integer", "minimum": 1,
                  "description": "Pages in the whole list (1 when it is empty)"},
    },
}


# Municipalities (tracker/municipalities/web.py): a list covers every municipality the
# caller reads and ``?municipality=SLUG`` narrows it to one; a create names where it goes
# in its body (needed when the caller has more than one). One parameter component, which
# every list refers to.
MUNICIPALITY_PARAMETER: dict[str, Any] = {
    "name": "municipality", "in": "query", "required": False,
    "schema": {"type": "string", "pattern": SLUG_PATTERN},
    "description": "Only this municipality (its slug); without it, every municipality the "
                   "caller may read. One that is not the caller's is 404.",
}
MUNICIPALITY_QUERY: dict[str, Any] = {"$ref": "#/components/parameters/municipality"}
MUNICIPALITY_FIELD: dict[str, Any] = {
    "type": "string", "pattern": SLUG_PATTERN,
    "description": "The municipality (slug) the new object belongs to; needed when the "
                   "caller has a role in more than one. One that is not the caller's is a "
                   "422 naming this field.",
}
INSTANCE_WIDE = "x-instance-wide"


def _in_municipalities(paths: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Document ``municipality`` once for every area: the query parameter on each list (a
    GET of a path without a path parameter, unless marked instance-wide), the body field
    on each create (a POST to such a path)."""
    for path, item in paths.items():
        if "{" in path:
            continue
        listing = item.get("get")
        if listing is not None and not listing.get(INSTANCE_WIDE):
            listing["parameters"] = [*listing.get("parameters", []), MUNICIPALITY_QUERY]
        create = item.get("post")
        body = (create or {}).get("requestBody", {}).get("content", {}).get("application/json")
        if body is not None and not create.get(INSTANCE_WIDE):
            name = body["schema"]["$ref"].rsplit("/", 1)[1]
            schema = schemas[name]
            schemas[name] = {
                **schema, "properties": {**schema["properties"], "municipality": MUNICIPALITY_FIELD}
            }


# Each area adds a function returning (paths, schemas); the document is their union.
SPECS: list[Callable[[], tuple[dict[str, Any], dict[str, Any]]]] = []


def register_spec(spec: Callable[[], tuple[dict[str, Any], dict[str, Any]]]) -> None:
    SPECS.append(spec)


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "Error": ERROR,
        "Page": PAGE,
        "Transition": {
            "type": "object",
            "required": ["to"],
            "additionalProperties": False,
            "properties": {
                "to": {"type": "string", "enum": list(STATES)},
                "comment": {"type": "string"},
                "version": {"type": "integer"},
            },
        },
        "Comment": {
            "type": "object",
            "required": ["text"],
            "additionalProperties": False,
            "properties": {"text": {"type": "string", "minLength": 1}},
        },
    }
    for spec in SPECS:
        area_paths, area_schemas = spec()
        for path, item in area_paths.items():
            paths.setdefault(path, {}).update(item)
        schemas.update(area_schemas)
    _in_municipalities(paths, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "OGP Action-Plan Tracker API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie",
                            "name": current_app.config["SESSION_COOKIE_NAME"]},
            },
            "schemas": schemas,
            "parameters": {"municipality": MUNICIPALITY_PARAMETER, **PAGE_PARAMETERS},
        },
        "paths": paths,
    }
