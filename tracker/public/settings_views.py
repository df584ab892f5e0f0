"""The switch of the public site on a page of the municipality (``/m/<slug>/public-site``):
its chair or an administrator turns it on or off; everyone who reads the municipality sees
whether it is on and its address."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import ValidationFailed
from ..extensions import db
from ..municipalities import scope
from ..municipalities.operations import may_publish, set_public
from ..opendata.files import FILES

bp = Blueprint("public_settings", __name__, url_prefix="/public-site")


@bp.get("/")
def index() -> Any:
    municipality = scope.current()
    return render_template("public/settings.html", municipality=municipality,
                           may_publish=may_publish(current_user, municipality),
                           export_files=sorted(FILES))


@bp.post("/")
def switch() -> Any:
    municipality = scope.current()
    choice = request.form.get("public")
    if choice not in ("on", "off"):
        raise ValidationFailed({"public": [_("Choose on or off.")]})
    on = choice == "on"
    set_public(municipality, on, actor=current_user)
    db.session.commit()
    flash(_("The public site is on.") if on else _("The public site is off."), "success")
    return redirect(url_for(".index"))
