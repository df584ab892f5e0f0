"""The person's own API tokens: listed (never the token), created (the token shown on that
one answer only), revoked."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..errors import NotFound
from ..extensions import db
from ..forms import form_status, submit
from .forms import TokenForm
from .models import ApiToken
from .tokens import issue_token, revoke_token, tokens_of

bp = Blueprint("tokens", __name__)

STATES = {"valid": _l("Valid"), "expired": _l("Expired"), "revoked": _l("Revoked")}


@bp.route("/account/tokens", methods=["GET", "POST"])
def index():  # type: ignore[no-untyped-def]
    user = current_user._get_current_object()
    form = TokenForm()
    issued: list[tuple[ApiToken, str]] = []
    if form.validate_on_submit() and submit(form, lambda: issued.append(
            issue_token(user, form.name.data, days=form.days.data, actor=user))):
        row, secret = issued[0]
        form = TokenForm(formdata=None)
        response = render_template("accounts/tokens.html", form=form, tokens=tokens_of(user),
                                   states=STATES, issued=row, secret=secret)
        # The one answer that carries the token: kept by no cache, the browser's included.
        return response, 200, {"Cache-Control": "no-store"}
    return render_template("accounts/tokens.html", form=form, tokens=tokens_of(user),
                           states=STATES, issued=None, secret=None), form_status()


@bp.post("/account/tokens/<int:token_id>/revoke")
def revoke(token_id: int):  # type: ignore[no-untyped-def]
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != current_user.id:
        # Someone else's token is not shown here, nor said to exist (administrators use
        # `user revoke-token`; a reset or deactivation on the users page revokes them all).
        raise NotFound()
    revoke_token(row, actor=current_user._get_current_object())
    db.session.commit()
    flash(_("The token “%(name)s” has been revoked: it no longer works.", name=row.name),
          "success")
    return redirect(url_for("tokens.index"))
