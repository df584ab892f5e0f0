"""The caller's municipalities and the overview across them, over JSON."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request, url_for
from flask_login import current_user

from ..i18n import local_today
from ..municipalities.overview import SORT_KEYS, Sort, overview
from ..municipalities.web import my_municipalities
from ..paging import Paging, page_of
from .common import iso
from .meta import op, register_spec

bp = Blueprint("municipalities", __name__)


@bp.get("/municipalities")
def municipalities():  # type: ignore[no-untyped-def]
    """Every municipality the caller may read, with the role they hold there. Read whole
    (the request has already read them to know where it may go), answered a page at a time."""
    paging = Paging.from_args(request.args)
    return page_of(my_municipalities(), paging).as_json(lambda m: {
        "slug": m.slug,
        "name": m.name,
        "role": current_user.role_in(m.id),
        "public": m.public,
        "url": url_for("board.index", municipality=m.slug),
    })


@bp.get("/overview")
def overview_():  # type: ignore[no-untyped-def]
    """The overview page's figures; ``?sort=&dir=`` as on the page (422 for unknown ones),
    ``?municipality=`` narrows to one."""
    sort = Sort.from_args(request.args)
    today = local_today()
    return {
        "today": iso(today),
        "sort": {"column": sort.column, "dir": sort.direction},
        "items": [
            {**row.as_json(), "url": url_for("board.index", municipality=row.municipality.slug)}
            for row in overview(today, sort)
        ],
    }


def municipalities_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    sort_parameters = [
        {"name": "sort", "in": "query", "required": False,
         "schema": {"type": "string", "enum": list(SORT_KEYS), "default": "name"}},
        {"name": "dir", "in": "query", "required": False,
         "schema": {"type": "string", "enum": ["asc", "desc"], "default": "asc"}},
    ]
    paths = {
        "/municipalities": {
            "get": op("The caller's municipalities: slug, name, the caller's role there, "
                      "whether its public site is on", instance_wide=True, paged=True),
        },
        "/overview": {
            "get": {
                **op("Per municipality the caller reads: action plans, commitments by state, "
                     "completion levels of live commitments, overdue items (the board's rule), "
                     "last meeting held, minutes approved and pending"),
                "parameters": sort_parameters,
            },
        },
    }
    return paths, {}


register_spec(municipalities_spec)
