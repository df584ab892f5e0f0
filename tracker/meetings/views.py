"""Web pages of the meetings area."""

from __future__ import annotations

from flask import Blueprint

from . import models  # noqa: F401  (the area's tables)

bp = Blueprint("meetings", __name__)


@bp.get("/meetings/<int:meeting_id>")
def detail(meeting_id: int):  # type: ignore[no-untyped-def]
    raise NotImplementedError  # the meeting page lands with the meetings UI
