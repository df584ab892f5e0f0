"""Writing audit rows. Every operation that changes data calls one of these before flushing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from flask_babel import gettext as _

from ..accounts.models import User
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..text import clean_text
from .models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    # Related rows are recorded by their primary key.
    return getattr(value, "id", str(value))


def record(
    obj: Any,
    actor: User | None,
    action: str,
    *,
    changes: dict[str, Any] | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    comment: str | None = None,
) -> AuditEntry:
    if obj.id is None:
        db.session.flush()
    entry = AuditEntry(
        # The audited row's municipality: its history is read where the row is.
        municipality_id=getattr(obj, "municipality_id", None),
        actor_id=actor.id if actor is not None else None,
        object_type=obj.audit_type,
        object_id=obj.id,
        action=action,
        changes=changes,
        from_state=from_state,
        to_state=to_state,
        # Comments reach here from forms (already clean) and from the API's transition
        # requests, which carry no form: the one cleaner runs here for all of them.
        comment=clean_text(comment) if comment else None,
    )
    db.session.add(entry)
    return entry


def editable_values(data: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The fields an operation accepts from ``data`` (a form's or the API's), text trimmed.
    Fields absent from ``data`` are left out, so a partial update changes only what it names."""
    return {
        f: data[f].strip() if isinstance(data[f], str) else data[f] for f in fields if f in data
    }


def apply_changes(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set attributes and return ``{field: [old, new]}`` for the ones that really changed."""
    changes: dict[str, list[Any]] = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = [_jsonable(old), _jsonable(new)]
            setattr(obj, field, new)
    return changes


def record_creation(obj: Any, actor: User | None, fields: list[str]) -> AuditEntry:
    db.session.flush()
    changes = {f: [None, _jsonable(getattr(obj, f))] for f in fields}
    return record(obj, actor, "create", changes=changes, to_state=getattr(obj, "state", None))


def record_update(obj: Any, actor: User | None, values: dict[str, Any]) -> AuditEntry | None:
    """Apply ``values`` and audit the difference; an edit that changes nothing writes nothing."""
    changes = apply_changes(obj, values)
    if not changes:
        return None
    return record(obj, actor, "update", changes=changes)


def add_comment(obj: Any, actor: User, text: str) -> AuditEntry:
    """Comments sit in the same timeline as changes; every role of the object's
    municipality, observers included, may. The national coordinator writes nowhere."""
    if not actor.is_authenticated or not actor.may_comment(obj):
        raise PermissionDenied()
    text = clean_text(text).strip()
    if not text:
        raise ValidationFailed({"text": [_("The comment is empty.")]})
    return record(obj, actor, "comment", comment=text)
