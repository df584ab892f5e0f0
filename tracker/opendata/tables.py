"""The export's tables, read once per request from the disclosure rules, and the one way a
value is written as data (dates ISO 8601 in the municipality's time zone, codes not labels,
lists as lists)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..disclosure import rules
from ..extensions import db
from ..i18n import tracker_zone
from ..municipalities.models import Municipality

#: Each exported kind's file name (``<name>.csv``, ``<name>.json``, the workbook's sheet).
NAMES: dict[str, str] = {
    "plan": "plans", "commitment": "commitments", "milestone": "milestones",
    "subgroup": "subgroups", "meeting": "meetings", "decision": "decisions",
    "action_item": "action_items",
}
#: How a list is written in one CSV or spreadsheet cell.
LIST_SEPARATOR = "; "
#: The dictionary's name for each declared type (what a reader of the files needs).
TYPE_NAMES: dict[str, str] = {
    rules.TEXT: "string", rules.LONG_TEXT: "string", rules.NUMBER: "integer",
    rules.DAY: "date", rules.LABEL: "code", rules.LABELS: "list of codes",
    rules.FLAG: "boolean", rules.KEY: "integer (id)", rules.KEYS: "list of ids",
}


@dataclass(frozen=True)
class Table:
    """One kind's public rows as data: ``rows`` hold each field's value by name."""

    name: str
    kind: rules.PublicKind
    rows: list[dict[str, Any]]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.kind.fields]


def plain(field: rules.PublicField, value: Any) -> Any:
    """A field's value as data: a date as ``YYYY-MM-DD`` (a moment as its day where the
    municipality is), a code as its code, a list as a list, nothing as None."""
    if value is None:
        return None
    if field.type == rules.DAY:
        if isinstance(value, datetime):
            value = value.astimezone(tracker_zone()).date()
        return value.isoformat() if isinstance(value, date) else value
    if field.type in (rules.LABELS, rules.KEYS):
        return [str(v) if field.type == rules.LABELS else v for v in value]
    if field.type == rules.FLAG:
        return bool(value)
    if field.type in (rules.NUMBER, rules.KEY):
        return int(value)
    return str(value)


def read(kind: rules.PublicKind, municipality: Municipality) -> Table:
    found = db.session.execute(kind.rows(municipality.id)).unique().scalars()
    rows = [{f.name: plain(f, f.data(row)) for f in kind.fields} for row in found]
    return Table(NAMES[kind.name], kind, rows)


def read_all(municipality: Municipality) -> list[Table]:
    """Every exported table of ``municipality``, in the declared order."""
    return [read(kind, municipality) for kind in rules.TABLES]


def cell(value: Any) -> Any:
    """A data value in one spreadsheet or CSV cell: a list joined, a boolean as
    ``true``/``false``, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value
