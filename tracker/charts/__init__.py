"""Charts of an action plan, drawn on the server as static SVG (issue 15, item 5).

``render(plan, name)`` is the one entry point: the plan page's images, the API's
``/plans/{id}/charts/{name}.svg`` and the self-assessment report all call it. Each chart is
two halves: :mod:`.data` computes what it shows (plain dataclasses, a fixed number of
queries) and :mod:`.svg` draws it (data in, text out), so either can be reused or tested
alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ..commitments.models import ActionPlan
from ..i18n import local_today
from . import data, svg

#: name → (what it shows, how it is drawn), in the order the plan page shows them.
CHARTS: dict[str, tuple[Callable[[ActionPlan, date], Any], Callable[[Any], str]]] = {
    "completion": (data.completion, svg.completion),
    "timeline": (data.timeline, svg.timeline),
    "overdue": (data.overdue, svg.overdue),
    "attendance": (data.attendance, svg.attendance),
}
NAMES = tuple(CHARTS)
#: The routes' argument: a chart of no such name is not routed at all (a 404).
NAME_ARGUMENT = "<any({}):name>".format(", ".join(f"'{name}'" for name in NAMES))


def render(plan: ActionPlan, name: str, today: date | None = None) -> str:
    """The chart ``name`` (one of :data:`NAMES`) of ``plan`` as SVG text, in the current
    locale; ``today`` defaults to the working group's day (``TRACKER_TIMEZONE``). Needs an
    application context; raises ``KeyError`` for an unknown name."""
    compute, draw = CHARTS[name]
    return draw(compute(plan, today or local_today()))
