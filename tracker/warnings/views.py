"""The warnings page (``/m/<slug>/warnings/``), the header's count and the board's panel.

Every member of a municipality reads its warnings: the page is under ``/m/<slug>/`` like
every other, so scoping and "not yours: 404" come from tracker/municipalities/web.py. The
counts are asked once a request (:func:`request_counts`), however many places show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import ValidationFailed
from ..inputs import filters_for_page
from ..municipalities import scope
from ..paging import Paging
from .queries import counts, first_of_each, rule_page
from .rules import RULES, RULES_BY_CODE, SEVERITY_LABELS, Rule, Today

bp = Blueprint("warnings", __name__)

#: Warnings of a rule shown on the page before "show all" pages through that rule alone.
FIRST = 10
#: Warnings a page when paging through one rule.
PER_PAGE = 50

_COUNTS = "_tracker_warning_counts"


def request_counts() -> dict[str, int]:
    """Every rule's count where the request works, one query a request (the header, the
    board's panel and the page share it)."""
    if _COUNTS not in g:
        setattr(g, _COUNTS, counts(Today.current()))
    return getattr(g, _COUNTS)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class WarningsQuery:
    """What the page asks for: every rule's first warnings, or one rule a page at a time."""

    rule: Rule | None
    paging: Paging

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> WarningsQuery:
        rule = None
        if code := str(args.get("rule") or "").strip():
            rule = RULES_BY_CODE.get(code)
            if rule is None:
                raise ValidationFailed({"rule": [_("There is no such warning.")]})
        return cls(rule, Paging.from_args(args, per_page=PER_PAGE))


@bp.get("/warnings/")
def index():  # type: ignore[no-untyped-def]
    query, status = filters_for_page(WarningsQuery.from_args, request.args)
    today = Today.current()
    counted = request_counts()
    if query.rule is not None:
        page = rule_page(query.rule, today, query.paging)
        shown = {query.rule.code: page.items}
        rules: tuple[Rule, ...] = (query.rule,)
    else:
        page = None
        shown = first_of_each(today, counted, FIRST)
        rules = RULES
    return render_template(
        "warnings/index.html", rules=rules, counted=counted, shown=shown,
        met=[rule for rule in RULES if not counted.get(rule.code)],
        page=page, query=query, today=today, first=FIRST, severities=SEVERITY_LABELS,
    ), status


def init_app(app: Flask) -> None:
    """The header's count of warnings, on every page of a municipality."""

    @app.context_processor
    def _warning_count() -> dict[str, Any]:
        def warning_count() -> int:
            if not current_user.is_authenticated or scope.current() is None:
                return 0
            return sum(request_counts().values())

        return {"warning_count": warning_count, "warning_counts": request_counts,
                "WARNING_RULES": RULES}
