"""Turning audit rows into a readable timeline (names instead of ids, labels for fields).

What a recorded value *is* comes from the audited model itself, never from the value's
shape: a field is a reference when its column is a foreign key (``owner_unit_id`` → the
unit's name), a list of references when the model has the matching relationship
(``member_ids`` → ``members``), a date when its column is a date, and read by the model's
own reader when it declares one for a structured value (``audit_readers``: a JSON list of
goals' numbers as their names, a list of stakeholders as their names). Anything else is
shown as the text it was — a title typed as ``2026-02-31`` stays that text; a dict or a
list of dicts as readable lines. The audit log cannot be
edited, so a rule that guessed from the shape and failed would break a page for good.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, Time, inspect, select

from ..extensions import db
from ..inputs import MAX_ID
from .models import AuditEntry


@dataclass(frozen=True)
class FieldKind:
    """How one audited field of one model reads: a reference to ``target`` (one id or a
    list of ids), a date/time, or plain text."""

    target: type | None = None
    many: bool = False
    moment: type | None = None  # date, datetime or time
    #: The model's own reading of a structured value (``audit_readers``), value → text.
    reader: Any = None


PLAIN = FieldKind()


def display_column(model: type) -> Any:
    """The column that names a row of ``model`` in a timeline: ``name`` or ``title``."""
    for attribute in ("display_name_column", "name", "title"):
        column = getattr(model, attribute, None)
        if column is not None and hasattr(column, "expression"):
            return column
    return model.id


@cache
def _audited_models() -> dict[str, type]:
    return {
        mapper.class_.audit_type: mapper.class_
        for mapper in db.Model.registry.mappers
        if isinstance(getattr(mapper.class_, "audit_type", None), str)
    }


@cache
def field_kinds(audit_type: str) -> dict[str, FieldKind]:
    """Read off the model's columns and relationships (once per process)."""
    model = _audited_models().get(audit_type)
    if model is None:
        return {}
    mapper = inspect(model)
    kinds: dict[str, FieldKind] = {}
    table_classes = {
        m.local_table.name: m.class_ for m in db.Model.registry.mappers if m.local_table is not None
    }
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        foreign = next(iter(column.foreign_keys), None)
        if foreign is not None:
            target = table_classes.get(foreign.column.table.name)
            if target is not None:
                kinds[prop.key] = FieldKind(target=target)
            continue
        column_type = column.type
        impl = getattr(column_type, "impl", column_type)
        if isinstance(impl, DateTime):
            kinds[prop.key] = FieldKind(moment=datetime)
        elif isinstance(impl, Date):
            kinds[prop.key] = FieldKind(moment=date)
        elif isinstance(impl, Time):
            kinds[prop.key] = FieldKind(moment=time)
    for relationship in mapper.relationships:
        if relationship.uselist:
            singular = relationship.key.removesuffix("s")
            kinds[f"{singular}_ids"] = FieldKind(target=relationship.mapper.class_, many=True)
    for name, reader in getattr(model, "audit_readers", {}).items():
        kinds[name] = FieldKind(reader=reader)
    return kinds


def _revive(kind: FieldKind, value: Any) -> Any:
    """A recorded ISO text back into a date, when the field is one; else the value itself."""
    if kind.moment is None or not isinstance(value, str):
        return value
    try:
        return kind.moment.fromisoformat(value)  # type: ignore[attr-defined]
    except ValueError:
        return value


@dataclass
class Change:
    field: str
    label: str
    old: Any
    new: Any


#: What each recorded action reads as in a history; an action recorded before its label
#: existed shows as it was recorded rather than breaking the page.
ACTION_LABELS: dict[str, Any] = {
    "create": _l("created"),
    "update": _l("changed"),
    "transition": _l("changed the state"),
    "comment": _l("commented"),
    "sign": _l("signed"),
    "paper_sign": _l("recorded a signature given on paper"),
    "merge": _l("merged"),
    "confirm_import": _l("confirmed that the imported protocol was checked"),
}


@dataclass
class TimelineEntry:
    entry: AuditEntry
    changes: list[Change]

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.entry.action, self.entry.action))


def _is_id(value: Any) -> bool:
    """A value that can name a row: an int (not a bool) within the ids a row can have; a
    larger one cannot even be bound as a parameter on SQLite."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def _ids(value: Any) -> Iterable[int]:
    values = value if isinstance(value, list) else [value]
    return (v for v in values if _is_id(v))


def _changes(entry: AuditEntry) -> dict[str, Any]:
    """The entry's ``{field: [old, new]}``; anything else recorded there shows nothing."""
    return entry.changes if isinstance(entry.changes, dict) else {}


_SCALAR = (str, int, float, bool, date, time, type(None))


def _readable(value: Any) -> str:
    """A dict or a list of them as lines people read: "key: value" for a dict, a row's
    ``name`` for a list of rows that have one; anything deeper as its JSON text."""
    if isinstance(value, dict):
        return "\n".join(f"{key}: {v if isinstance(v, _SCALAR) else _readable(v)}"
                         for key, v in value.items())
    if isinstance(value, list):
        return "\n".join(
            str(v.get("name")) if isinstance(v, dict) and v.get("name")
            else str(v) if isinstance(v, _SCALAR) else _readable(v)
            for v in value
        )
    return json.dumps(value, ensure_ascii=False, default=str)


def _plain(value: Any) -> Any:
    """A value the page can show as it is (text, number, yes/no, a moment, a flat list of
    those); anything else recorded (a dict, a list of dicts) as readable lines."""
    if isinstance(value, _SCALAR):
        return value
    if isinstance(value, list) and all(isinstance(v, _SCALAR) for v in value):
        return value
    return _readable(value)


def timeline(entries: Iterable[AuditEntry], labels: Mapping[str, Any]) -> list[TimelineEntry]:
    """Entries with their changes labelled, references named (one query per referenced
    model) and dates as dates."""
    entries = list(entries)
    wanted: dict[type, set[int]] = defaultdict(set)
    for entry in entries:
        kinds = field_kinds(entry.object_type)
        for name, values in _changes(entry).items():
            kind = kinds.get(name, PLAIN)
            if kind.target is not None and isinstance(values, list):
                for value in values:
                    wanted[kind.target].update(_ids(value))
    names: dict[type, dict[int, str]] = {}
    for model, ids in wanted.items():
        column = display_column(model)
        rows = db.session.execute(select(model.id, column).where(model.id.in_(ids)))
        names[model] = {row[0]: str(row[1]) for row in rows}

    def show(kind: FieldKind, value: Any) -> Any:
        if kind.reader is not None and value is not None:
            try:
                return _plain(kind.reader(value))
            except Exception:
                return _plain(value)
        if kind.target is not None:
            known = names.get(kind.target, {})
            if kind.many and isinstance(value, list):
                return _plain([known.get(v, f"#{v}") if _is_id(v) else v for v in value])
            if _is_id(value):
                return known.get(value, f"#{value}")
            return _plain(value)
        return _plain(_revive(kind, value))

    result = []
    for entry in entries:
        kinds = field_kinds(entry.object_type)
        changes = []
        for name, values in _changes(entry).items():
            kind = kinds.get(name, PLAIN)
            old, new = values if isinstance(values, list) and len(values) == 2 else (None, values)
            changes.append(Change(name, str(labels.get(name, name)), show(kind, old),
                                  show(kind, new)))
        result.append(TimelineEntry(entry, changes))
    return result
