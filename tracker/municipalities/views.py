"""The instance's own pages: the way in (``/``) and the overview across municipalities."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from .web import my_municipalities

bp = Blueprint("municipalities", __name__)


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    """One municipality: straight to its board; several (or none yet): the overview."""
    mine = my_municipalities()
    if len(mine) == 1:
        return redirect(url_for("board.index", municipality=mine[0].slug))
    return redirect(url_for("municipalities.overview"))


@bp.get("/overview")
def overview():  # type: ignore[no-untyped-def]
    return render_template("municipalities/overview.html", municipalities=my_municipalities())
