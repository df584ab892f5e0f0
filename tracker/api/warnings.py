"""``GET /warnings``: the early warnings as JSON (tracker/warnings), paged like every list.

The list is every rule's warnings in the rules' order (``?rule=`` one rule's), each saying
what is wrong (``message``) and what to do (``action``) in the caller's language, and where
(``url``); ``counts`` gives every rule's count whichever page is asked. Like every list it
spans the caller's municipalities, and ``?municipality=`` narrows it to one.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_babel import gettext as _

from ..errors import ValidationFailed
from ..municipalities.scope import slug_of
from ..paging import Paging
from ..warnings.queries import EarlyWarning, counts, rule_page, warnings_page
from ..warnings.rules import RULES, RULES_BY_CODE, Severity, Today
from .common import iso
from .meta import PAGE_QUERIES, op, register_spec

bp = Blueprint("warnings", __name__)


def warning_json(warning: EarlyWarning, today: Today) -> dict[str, Any]:
    rule = warning.rule
    return {
        "rule": rule.code,
        "severity": rule.severity.value,
        "kind": rule.kind,
        "id": warning.id,
        "municipality": slug_of(warning.municipality_id),
        "title": warning.name,
        "context": warning.context,
        "message": rule.title_for(today),
        "action": str(rule.action),
        "url": warning.url,
    }


@bp.get("/warnings")
def index():  # type: ignore[no-untyped-def]
    code = str(request.args.get("rule") or "").strip()
    if code and code not in RULES_BY_CODE:
        raise ValidationFailed({"rule": [_("There is no such warning.")]})
    paging = Paging.from_args(request.args)
    today = Today.current()
    counted = counts(today)
    page = (rule_page(RULES_BY_CODE[code], today, paging) if code
            else warnings_page(today, paging, counted))
    return {
        "warnings": [warning_json(w, today) for w in page.items],
        "counts": counted,
        "today": iso(today.day),
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
    }


WARNING: dict[str, Any] = {
    "type": "object",
    "required": ["rule", "severity", "kind", "id", "municipality", "title", "context",
                 "message", "action", "url"],
    "properties": {
        "rule": {"type": "string", "enum": [rule.code for rule in RULES]},
        "severity": {"type": "string", "enum": [s.value for s in Severity]},
        "kind": {"type": "string", "description": "commitment, subgroup or action_item"},
        "id": {"type": "integer", "description": "The id of the item the warning is about"},
        "municipality": {"type": "string"},
        "title": {"type": "string", "description": "The item's name"},
        "context": {"type": ["string", "null"],
                    "description": "Where the item is (an action item's meeting)"},
        "message": {"type": "string", "description": "What is wrong, in the caller's language"},
        "action": {"type": "string", "description": "What to do, in the caller's language"},
        "url": {"type": "string", "description": "The item's page"},
    },
}


def warnings_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    listing = op("Early warnings: every rule's offending items, by rule, with what to do; "
                 "`counts` per rule")
    listing["parameters"] = [
        *PAGE_QUERIES,
        {"name": "rule", "in": "query", "required": False,
         "schema": {"type": "string", "enum": [rule.code for rule in RULES]},
         "description": "Only this rule's warnings"},
    ]
    listing["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Warnings"}
    schema = {
        "type": "object",
        "required": ["warnings", "counts", "today", "total", "page", "per_page", "pages"],
        "properties": {
            "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Warning"}},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"},
                       "description": "Every rule's count (0: the rule is met)"},
            "today": {"type": "string", "format": "date"},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
        },
    }
    return {"/warnings": {"get": listing}}, {"Warning": WARNING, "Warnings": schema}


register_spec(warnings_spec)
