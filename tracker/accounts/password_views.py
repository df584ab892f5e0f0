"""The page where a person changes their password (and, after an administrator's reset,
replaces the temporary one: the login wall lets them reach nothing else)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import ValidationFailed
from ..extensions import db
from ..forms import form_status, settle_refusal
from .forms import PasswordPageForm
from .passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, change_password

bp = Blueprint("passwords", __name__)


@bp.route("/account/password", methods=["GET", "POST"])
def change():  # type: ignore[no-untyped-def]
    user = current_user._get_current_object()
    form = PasswordPageForm()
    if form.validate_on_submit():
        try:
            change_password(user, form.current_password.data, form.new_password.data)
        except ValidationFailed as error:
            settle_refusal(error)
            for name, messages in error.fields.items():
                form[name].errors = [*form[name].errors, *messages]
        else:
            db.session.commit()
            flash(_("Your password has been changed. Your other sessions have been ended."),
                  "success")
            return redirect(url_for("municipalities.home"))
    return render_template(
        "accounts/password.html", form=form, must_change=user.must_change_password,
        min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH,
    ), form_status()
