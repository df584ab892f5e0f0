"""Web pages of the subgroups area."""

from __future__ import annotations

from flask import Blueprint

from . import models  # noqa: F401  (the area's tables)

bp = Blueprint("subgroups", __name__)
