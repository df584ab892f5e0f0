"""Web pages of the meetings area."""

from __future__ import annotations

from flask import Blueprint

from . import models  # noqa: F401  (the area's tables)

bp = Blueprint("meetings", __name__)
