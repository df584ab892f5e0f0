"""What the plan grammar returns: plain dataclasses, printed as JSON by the CLI
(``import plan --json``), carried between the upload and the confirmation of the web review
(:func:`plan_as_json` / :func:`plan_from_json`) and saved by the commitments area."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal, InvalidOperation
from typing import Any

#: The template's fields of a commitment, by the names of the Commitment model (issue 16's
#: contract), in the template's order: what a review lists as read or not found.
TEMPLATE_FIELDS = (
    "number", "title", "start_date", "deadline", "lead_unit", "owner", "problem",
    "description", "solution", "ogp_values", "stakeholders_government", "stakeholders_other",
    "budget", "programme_links", "sdgs", "additional_info", "milestones",
)


@dataclass
class ParsedMilestone:
    title: str
    deadline: dt.date | None = None
    start_date: dt.date | None = None
    responsible_text: str = ""


@dataclass
class ParsedCommitment:
    """One commitment of the template. ``lead_unit`` and ``owner`` (the contact person) are
    the text the plan gives; matching them to the directory and the accounts is the saving
    side's; ``owner_contact`` is what the plan adds about that person (position, e-mail,
    phone). ``value_relevance`` maps an OGP value's code to the sentence saying why it
    applies; stakeholders are lists of names as written."""

    number: int | None = None
    title: str = ""
    start_date: dt.date | None = None
    deadline: dt.date | None = None
    lead_unit: str = ""
    owner: str = ""
    owner_contact: str = ""
    problem: str = ""
    description: str = ""
    solution: str = ""
    ogp_values: list[str] = field(default_factory=list)
    value_relevance: dict[str, str] = field(default_factory=dict)
    stakeholders_government: list[str] = field(default_factory=list)
    stakeholders_other: list[str] = field(default_factory=list)
    budget_amount: Decimal | None = None
    budget_currency: str = ""
    budget_note: str = ""
    programme_links: str = ""
    sdgs: list[int] = field(default_factory=list)
    additional_info: str = ""
    milestones: list[ParsedMilestone] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """The template's fields this commitment's text did not give."""
        found = {
            "budget": self.budget_amount is not None or bool(self.budget_note),
        }
        return [name for name in TEMPLATE_FIELDS
                if not found.get(name, getattr(self, name, None) not in (None, "", [], {}))]


@dataclass
class PlanProblem:
    """Something the grammar could not read, and where: ``commitment`` is the commitment's
    1-based place in the document (None: the plan's heading), ``code`` says what kind
    (``unknown_label``, ``bad_date``, ``milestone_no_date``, ``bad_budget``, ``no_title``,
    ``unknown_value``, ``bad_sdg``, ``no_commitments``, ``no_period``, ``no_title_plan``),
    ``text`` the words concerned, as written."""

    code: str
    text: str = ""
    commitment: int | None = None
    field: str = ""


@dataclass
class ParsedPlan:
    title: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    description: str = ""
    commitments: list[ParsedCommitment] = field(default_factory=list)
    problems: list[PlanProblem] = field(default_factory=list)


# JSON ----------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def plan_as_json(plan: ParsedPlan) -> dict[str, Any]:
    """The parse as JSON types: dates ISO, amounts as decimal strings; each commitment with
    the template fields it lacks (``missing``)."""
    data = _plain(asdict(plan))
    for commitment, parsed in zip(data["commitments"], plan.commitments, strict=True):
        commitment["missing"] = parsed.missing
    return data


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(str(value))


def _texts(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def plan_from_json(data: dict[str, Any]) -> ParsedPlan:
    """The parse back from :func:`plan_as_json` (a review's signed payload); ValueError or
    TypeError on anything out of shape."""
    commitments = []
    for raw in data.get("commitments") or []:
        known = {f.name for f in fields(ParsedCommitment)}
        values = {key: raw[key] for key in known if key in raw}
        amount = values.get("budget_amount")
        try:
            values["budget_amount"] = Decimal(str(amount)) if amount not in (None, "") else None
        except InvalidOperation as exc:
            raise ValueError("bad amount") from exc
        values["start_date"] = _date(values.get("start_date"))
        values["deadline"] = _date(values.get("deadline"))
        values["milestones"] = [
            ParsedMilestone(title=str(m["title"]), deadline=_date(m.get("deadline")),
                            start_date=_date(m.get("start_date")),
                            responsible_text=str(m.get("responsible_text") or ""))
            for m in values.get("milestones") or []
        ]
        for key in ("ogp_values", "stakeholders_government", "stakeholders_other"):
            values[key] = _texts(values.get(key))
        values["sdgs"] = [int(n) for n in values.get("sdgs") or []]
        values["value_relevance"] = {str(k): str(v) for k, v in
                                     dict(values.get("value_relevance") or {}).items()}
        number = values.get("number")
        values["number"] = int(number) if number is not None else None
        for key in ("title", "lead_unit", "owner", "owner_contact", "problem", "description",
                    "solution", "budget_currency", "budget_note", "programme_links",
                    "additional_info"):
            values[key] = str(values.get(key) or "")
        commitments.append(ParsedCommitment(**values))
    problems = [PlanProblem(code=str(p["code"]), text=str(p.get("text") or ""),
                            commitment=p.get("commitment"), field=str(p.get("field") or ""))
                for p in data.get("problems") or []]
    return ParsedPlan(title=str(data.get("title") or ""),
                      period_start=_date(data.get("period_start")),
                      period_end=_date(data.get("period_end")),
                      description=str(data.get("description") or ""),
                      commitments=commitments, problems=problems)
