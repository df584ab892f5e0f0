"""A plan's charts as SVG images (:mod:`tracker.charts`): ``GET /plans/{id}/charts/
{name}.svg``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from ..charts import NAME_ARGUMENT, NAMES
from ..charts.views import plan_chart
from .meta import op, path_id, register_spec

bp = Blueprint("charts", __name__)


@bp.get(f"/plans/<int:plan_id>/charts/{NAME_ARGUMENT}.svg")
def chart(plan_id: int, name: str) -> Response:
    """The same image as the plan page's; an unknown name is a 404 in the JSON shape."""
    return plan_chart(plan_id, name)


def charts_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    get = op("A chart of an action plan as a static SVG image (no script; Georgian labels "
             "in the caller's language): completion level per commitment, a timeline of "
             "commitments and milestones against today, overdue items over time, "
             "attendance by kind of organisation per meeting")
    get["responses"]["200"] = {
        "description": "The chart (valid XML, role=img with a title and a description)",
        "content": {"image/svg+xml": {"schema": {"type": "string"}}},
    }
    get["parameters"] = [
        {"name": "name", "in": "path", "required": True,
         "schema": {"type": "string", "enum": list(NAMES)}},
    ]
    return {"/plans/{id}/charts/{name}.svg": {"parameters": path_id(), "get": get}}, {}


register_spec(charts_spec)
