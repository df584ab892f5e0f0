"""The IRM-shaped export: one row per public commitment with the fields an Independent
Reporting Mechanism researcher fills — the OGP values, lead and supporting institutions,
start and end dates, completion level, milestones with their evidence — read from the same
tables as every other file (so from the disclosure rules), with the coded values as labels
in the file's language, as a researcher reads them (the data dictionary lists the codes).
A column that is a commitment's field means what the field means."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..disclosure import rules
from ..municipalities.models import Municipality
from .tables import LIST_SEPARATOR, Table


@dataclass(frozen=True)
class Source:
    """What one commitment's row is read from."""

    municipality: Municipality
    plans: dict[int, dict[str, Any]]
    milestones: dict[int, list[dict[str, Any]]]


@dataclass(frozen=True)
class Column:
    name: str
    label: Any
    meaning: Any
    read: Callable[[Source, dict[str, Any]], Any]
    type: str = rules.TEXT


def _label(field: str) -> Callable[[Source, dict[str, Any]], Any]:
    """A coded field of a commitment as its label(s) in the current language."""
    declared = rules.COMMITMENTS.field(field)
    allowed = declared.allowed or {}

    def read(_source: Source, row: dict[str, Any]) -> str:
        value = row[field]
        codes = value if isinstance(value, list) else [value]
        return LIST_SEPARATOR.join(str(allowed.get(code, code)) for code in codes)
    return read


def _milestone_line(number: int, m: dict[str, Any]) -> str:
    parts = [f"{number}. {m['title']}", f"{_l('Deadline')}: {m['deadline'] or ''}"]
    if m["done"]:
        parts.append(f"{_l('Done on')}: {m['done_at'] or ''}")
    if m["evidence"]:
        parts.append(f"{_l('Evidence')}: {m['evidence']}")
    return " | ".join(parts)


def _milestones(source: Source, row: dict[str, Any]) -> str:
    return "\n".join(_milestone_line(n, m)
                     for n, m in enumerate(source.milestones.get(row["id"], []), 1))


def _public_page(source: Source, row: dict[str, Any]) -> str:
    if not source.municipality.public:
        return ""
    return url_for("public.commitment", slug=source.municipality.slug,
                   commitment_id=row["id"], _external=True)


def _plan(key: str) -> Callable[[Source, dict[str, Any]], Any]:
    return lambda source, row: source.plans.get(row["plan_id"], {}).get(key) or ""


def _field(name: str, source: str, label: Any = None, *, read: Any = None) -> Column:
    """A column that is a commitment's public field: its meaning (and, unless the IRM names
    it otherwise, its label and type) the field's own."""
    declared = rules.COMMITMENTS.field(source)
    return Column(name, label or declared.label, declared.meaning,
                  read or (lambda s, r: r[source]),
                  rules.TEXT if declared.allowed else declared.type)


COLUMNS: tuple[Column, ...] = (
    Column("commitment_id", _l("Id"), _l("The commitment's id (as in commitments.csv)."),
           lambda s, r: r["id"], rules.KEY),
    Column("action_plan", _l("Action plan"), rules.PLANS.field("title").meaning,
           _plan("title")),
    Column("plan_start", _l("Period start"), rules.PLANS.field("period_start").meaning,
           _plan("period_start"), rules.DAY),
    Column("plan_end", _l("Period end"), rules.PLANS.field("period_end").meaning,
           _plan("period_end"), rules.DAY),
    _field("number", "number"),
    _field("title", "title"),
    _field("problem", "problem"),
    _field("description", "description"),
    _field("ogp_values", "ogp_values", read=_label("ogp_values")),
    _field("lead_institution", "lead_unit", _l("Lead institution")),
    _field("supporting_institutions", "stakeholders_other", _l("Supporting institutions"),
           read=lambda s, r: "\n".join(t for t in (r["stakeholders_government"],
                                                    r["stakeholders_other"]) if t)),
    _field("start_date", "start_date"),
    _field("end_date", "deadline", _l("End date")),
    _field("state", "state", read=_label("state")),
    _field("completion_level", "completion", read=_label("completion")),
    Column("milestones_total", _l("Milestones"), _l("How many milestones it has."),
           lambda s, r: len(s.milestones.get(r["id"], [])), rules.NUMBER),
    Column("milestones_done", _l("Milestones done"), _l("How many of them are done."),
           lambda s, r: sum(1 for m in s.milestones.get(r["id"], []) if m["done"]),
           rules.NUMBER),
    Column("milestones", _l("Milestones and evidence"),
           _l("One line per milestone: its title, deadline, the day it was done and its "
              "evidence."), _milestones, rules.LONG_TEXT),
    _field("completion_evidence", "completion_evidence"),
    Column("public_page", _l("Public page"),
           _l("Its page on the public site (empty while the site is off)."), _public_page),
)


def rows(municipality: Municipality, tables: list[Table]) -> list[list[Any]]:
    """The IRM export's rows, one per public commitment, in the commitments' order."""
    by_name = {t.name: t for t in tables}
    milestones: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in by_name["milestones"].rows:
        milestones[m["commitment_id"]].append(m)
    source = Source(municipality, {p["id"]: p for p in by_name["plans"].rows}, milestones)
    return [[column.read(source, row) for column in COLUMNS]
            for row in by_name["commitments"].rows]
