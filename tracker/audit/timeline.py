"""Turning audit rows into a readable timeline (names instead of ids, labels for fields)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from ..extensions import db
from .models import AuditEntry

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*")


def _revive_moment(value: Any) -> Any:
    """Audit rows keep dates as ISO text; the timeline shows them as dates again."""
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
        if _ISO_MOMENT.fullmatch(value):
            return datetime.fromisoformat(value)
    return value


@dataclass
class Change:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class TimelineEntry:
    entry: AuditEntry
    changes: list[Change]


def timeline(
    entries: Iterable[AuditEntry],
    labels: Mapping[str, Any],
    references: Mapping[str, tuple[type, str]],
) -> list[TimelineEntry]:
    """``references`` maps a foreign-key field to (model, attribute to show), so that
    "owner_id: 3 → 7" reads as two people's names. Names are loaded in one query per model."""
    entries = list(entries)
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        for field, values in (entry.changes or {}).items():
            if field in references:
                wanted[field].update(v for v in values if isinstance(v, int))
    names: dict[str, dict[int, str]] = {}
    for field, ids in wanted.items():
        model, attribute = references[field]
        rows = db.session.execute(
            select(model.id, getattr(model, attribute)).where(model.id.in_(ids))
        )
        names[field] = {row[0]: row[1] for row in rows}

    def show(field: str, value: Any) -> Any:
        if field in names and isinstance(value, int):
            return names[field].get(value, f"#{value}")
        return _revive_moment(value)

    result = []
    for entry in entries:
        changes = [
            Change(field, str(labels.get(field, field)), show(field, old), show(field, new))
            for field, (old, new) in (entry.changes or {}).items()
        ]
        result.append(TimelineEntry(entry, changes))
    return result
