"""The plan page's charts, served as images under the plan: ``/m/<slug>/plans/<id>/
charts/<name>.svg``. The page (``commitments/plan.html``) only names these URLs, so the
commitments area does not depend on this aggregator."""

from __future__ import annotations

from flask import Blueprint, Response

from ..commitments.models import ActionPlan
from ..database import get_or_404
from ..errors import NotFound
from . import NAME_ARGUMENT, NAMES, render

bp = Blueprint("charts", __name__)

#: An SVG opened by itself is a document: it may run nothing and load nothing.
SVG_POLICY = ("default-src 'none'; script-src 'none'; style-src 'none'; img-src 'none'; "
              "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")


def svg_response(text: str) -> Response:
    """An SVG answer with the headers that keep it an image (web and API alike)."""
    response = Response(text, mimetype="image/svg+xml")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SVG_POLICY
    return response


def plan_chart(plan_id: int, name: str) -> Response:
    """Whoever reads the plan reads its charts: another municipality's plan is not found,
    and so is a chart of no such name."""
    if name not in NAMES:
        raise NotFound()
    return svg_response(render(get_or_404(ActionPlan, plan_id), name))


@bp.get(f"/plans/<int:plan_id>/charts/{NAME_ARGUMENT}.svg")
def chart(plan_id: int, name: str) -> Response:
    return plan_chart(plan_id, name)
