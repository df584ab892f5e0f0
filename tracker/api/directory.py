"""Units and users (read-only here; the directory issue adds writes)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..accounts.models import User
from ..directory.models import Unit
from .meta import op, register_spec

bp = Blueprint("directory", __name__)


@bp.get("/units")
def units():  # type: ignore[no-untyped-def]
    return {
        "items": [
            {"id": u.id, "name": u.name, "parent_id": u.parent_id} for u in Unit.all_by_name()
        ]
    }


@bp.get("/users")
def users():  # type: ignore[no-untyped-def]
    return {
        "items": [
            {"id": u.id, "name": u.name, "role": u.role, "version": u.version}
            for u in User.all_active()
        ]
    }


def directory_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    return {"/units": {"get": op("Organisation units")}}, {}


register_spec(directory_spec)
