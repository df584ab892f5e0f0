"""JSON in, JSON out: request bodies into forms, rows into dictionaries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, FieldList, FormField, SelectMultipleField, StringField

from ..audit.models import AuditEntry
from ..errors import ValidationFailed
from ..extensions import db
from ..forms import TrackerForm
from ..inputs import InvalidJson
from ..workflow.forms import TransitionForm


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidJson(_("The request body must be a JSON object."))
    return body


def _as_form_values(field: Any, value: Any) -> list[str]:
    """JSON values become the strings a browser would send: booleans for checkboxes, lists
    (of text or whole numbers) for multi-choice fields, scalars for the rest."""
    if value is None:
        # null is "empty", as a browser sends a cleared field: for text that is "", never
        # a None the operation would try to store in a NOT NULL column.
        return [""] if isinstance(field, StringField) else []
    if isinstance(field, BooleanField):
        if isinstance(value, bool):
            return ["y"] if value else []
    elif isinstance(field, SelectMultipleField):
        if isinstance(value, list) and all(
            isinstance(v, str) or (isinstance(v, int) and not isinstance(v, bool)) for v in value
        ):
            return [str(v) for v in value]
    elif not isinstance(value, bool) and isinstance(value, int | float | str):
        return [str(value)]
    raise ValidationFailed({field.name: [_("This value has the wrong type.")]})


def _pairs(field: Any, name: str, value: Any) -> list[tuple[str, str]]:
    """A JSON value as the inputs a browser would post under ``name``: a group of fields
    (an object) as ``name-key``, rows (an array) as ``name-0-key``, the rest as is."""
    if isinstance(field, FormField):
        if value is None:
            return []
        if not isinstance(value, dict):
            raise ValidationFailed({name: [_("This value has the wrong type.")]})
        subfields = {sub.short_name: sub for sub in field.form}
        unknown = sorted(set(value) - set(subfields))
        if unknown:
            raise ValidationFailed({f"{name}.{key}": [_("Unknown field.")] for key in unknown})
        return [pair for key, sub in subfields.items() if key in value
                for pair in _pairs(sub, f"{name}{field.separator}{key}", value[key])]
    if isinstance(field, FieldList):
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValidationFailed({name: [_("This value has the wrong type.")]})
        row = field.entries[0] if field.entries else field.append_entry()
        return [pair for index, item in enumerate(value)
                for pair in _pairs(row, f"{name}{field._separator}{index}", item)]
    return [(name, v) for v in _as_form_values(field, value)]


def _stored_pairs(field: Any) -> list[tuple[str, str]]:
    """The inputs that would post a field's stored value again (a partial update)."""
    if isinstance(field, FormField | FieldList):
        return [pair for sub in field for pair in _stored_pairs(sub)]
    return [(field.name, v) for v in _stored_values(field)]


def form_from_json(
    form_class: type[TrackerForm],
    body: dict[str, Any],
    *,
    obj: Any = None,
    ignore: tuple[str, ...] = (),
) -> TrackerForm:
    """Validate a JSON body with the web form, so both paths share every rule.

    With ``obj`` the body is a partial update: fields it leaves out keep their stored
    values. Unknown fields are refused rather than silently dropped.
    """
    template = form_class(formdata=None, obj=obj, meta={"csrf": False})
    fields = {name for name in template._fields if name not in ignore}
    # ``municipality`` says where a create goes: the request's scope reads it.
    unknown = sorted(set(body) - fields - set(ignore) - {"municipality"})
    if unknown:
        raise ValidationFailed({name: [_("Unknown field.")] for name in unknown})
    pairs: list[tuple[str, str]] = []
    for name in fields:
        field = template._fields[name]
        if name in body:
            pairs.extend(_pairs(field, name, body[name]))
        elif obj is not None and name != "version":
            # The version must come from the client: filling it in would defeat the check.
            pairs.extend(_stored_pairs(field))
    form = form_class(formdata=MultiDict(pairs), meta={"csrf": False})
    if not form.validate():
        raise ValidationFailed(form.error_messages())
    return form


def patch_data(form_class: type[TrackerForm], body: dict[str, Any], obj: Any) -> dict[str, Any]:
    """A PATCH body validated against the stored values; only the fields it names change."""
    form = form_from_json(form_class, body, obj=obj)
    return {name: value for name, value in form.data.items() if name in body}


def _stored_values(field: Any) -> list[str]:
    data = field.data
    if data is None:
        return []
    if isinstance(data, list):
        return [str(v) for v in data]
    if isinstance(data, bool):
        return ["y"] if data else []
    if isinstance(data, date):
        return [data.isoformat()]
    return [str(data)]


def delete_version() -> Any:
    """The version a DELETE names: ``?version=N``, or ``{"version": N}`` as its body. The
    operation compares it with the stored one (a DELETE has no form to carry it)."""
    version = request.args.get("version")
    if version is None and request.get_data():
        version = json_body().get("version")
    return version


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def ref(obj: Any, attribute: str = "name") -> dict[str, Any] | None:
    if obj is None:
        return None
    return {"id": obj.id, attribute: getattr(obj, attribute)}


def commit() -> None:
    db.session.commit()


def transition_request(body: dict[str, Any]) -> tuple[str, str, Any]:
    """``{"to": STATE, "comment": TEXT, "version": N?}``, the same for every kind. JSON's
    types are checked here; the comment goes through the web's ``TransitionForm``, so it is
    cleaned and bounded by the same rule on both paths."""
    errors: dict[str, list[str]] = {}
    if not isinstance(body.get("to"), str) or not body["to"]:
        errors["to"] = [_("Give the target state as text.")]
    version = body.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        errors["version"] = [_("This value has the wrong type.")]
    if errors:
        raise ValidationFailed(errors)
    form = form_from_json(TransitionForm, {k: v for k, v in body.items() if k != "version"},
                          ignore=("version",))
    return form.to.data, form.comment.data or "", version


def audit_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": iso(entry.at),
        "actor": ref(entry.actor),
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "action": entry.action,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "changes": entry.changes,
        "comment": entry.comment,
    }
