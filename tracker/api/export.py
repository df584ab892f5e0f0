"""The open data for logged-in members: the same files as the public site's
``/p/<slug>/data/`` (:mod:`tracker.opendata`), whatever the site's setting, for the
municipality the call works in."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from flask_babel import gettext as _

from ..errors import ValidationFailed
from ..municipalities import scope
from ..municipalities.web import URL_ARG
from ..opendata.files import FILES, NAME_ARGUMENT, serve
from .meta import MUNICIPALITY_QUERY, op, register_spec

bp = Blueprint("export", __name__)


@bp.get(f"/export/{NAME_ARGUMENT}")
def export(name: str) -> Response:
    """One file of the municipality's open data (``?municipality=`` when the caller has
    more than one)."""
    municipality = scope.current()
    if municipality is None:
        raise ValidationFailed({URL_ARG: [
            _("Name the municipality (its slug) whose data you want.")]})
    return serve(municipality, name)


def export_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    get = op("One file of a municipality's open data: a table as CSV or JSON, the XLSX "
             "workbook, the IRM export or the data dictionary (the same files as the "
             "public site's /p/{slug}/data/, whatever its setting)")
    types = sorted({f.content_type.split(";")[0] for f in FILES.values()})
    get["responses"]["200"] = {
        "description": "The file, as a download named with the municipality and the day",
        "content": {t: {"schema": {"type": "object"} if t == "application/json"
                        else {"type": "string", "format": "binary"}} for t in types},
    }
    get["parameters"] = [
        {"name": "name", "in": "path", "required": True,
         "schema": {"type": "string", "enum": sorted(FILES)}},
        MUNICIPALITY_QUERY,
    ]
    return {"/export/{name}": {"get": get}}, {}


register_spec(export_spec)
