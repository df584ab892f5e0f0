"""Web pages of the subgroups area."""

from __future__ import annotations

from flask import Blueprint

from . import models  # noqa: F401  (the area's tables)

bp = Blueprint("subgroups", __name__)


@bp.get("/subgroups/<int:subgroup_id>")
def detail(subgroup_id: int):  # type: ignore[no-untyped-def]
    raise NotImplementedError  # the subgroup page lands with the subgroups UI
