"""The two-factor pages: settings and enrolment (``mfa.setup``, ``mfa.confirm``) and the
login's second step (``mfa.verify``). The rules are in :mod:`tracker.accounts.mfa`."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..errors import ValidationFailed
from ..extensions import db
from ..forms import TrackerForm, settle_refusal
from . import mfa
from .auth import mfa_required
from .models import User
from .sessions import complete_login, pending_second_factor
from .throttle import LoginThrottled, device_of, remember_device

bp = Blueprint("mfa", __name__)

#: What the settings page's password form may ask for.
ACTIONS = ("restart", "codes", "disable")


class CodeForm(TrackerForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=64)])


class PasswordForm(TrackerForm):
    password = PasswordField(_l("Your password"),
                             validators=[DataRequired(), Length(max=200)])


class ConfirmForm(CodeForm, PasswordForm):
    """The first code from the app, and the password (re-authentication, ASVS 7.5.1)."""


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _settings(code_form: ConfirmForm | None = None, password_form: PasswordForm | None = None,
              status: int = 200):  # type: ignore[no-untyped-def]
    """The settings page: the state of the second factor, and the QR code of an enrolment
    under way (one is started for whoever has no factor yet, so the page always offers it)."""
    user = _me()
    secret = mfa.pending_secret(user)
    if secret is None and not user.has_mfa:
        secret = mfa.begin_enrolment(user)
    enrolment = None
    if secret is not None:
        enrolment = {
            "qr": mfa.qr_svg(mfa.provisioning_uri(user, secret)),
            "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
            "issuer": mfa.ISSUER,
        }
    return render_template(
        "accounts/mfa_setup.html",
        user=user,
        required=mfa_required(user),
        enrolment=enrolment,
        recovery_left=mfa.unused_recovery_codes(user) if user.has_mfa else 0,
        code_form=code_form or ConfirmForm(formdata=None),
        password_form=password_form or PasswordForm(formdata=None),
    ), status


def _recovery_codes(codes: list[str], heading: str):  # type: ignore[no-untyped-def]
    return render_template("accounts/mfa_recovery_codes.html", codes=codes, heading=heading)


@bp.route("/account/two-factor", methods=["GET", "POST"])
def setup():  # type: ignore[no-untyped-def]
    """GET: the settings. POST (password required): set up again, new recovery codes, or
    turn it off (``action``)."""
    if request.method == "GET":
        return _settings()
    user = _me()
    form = PasswordForm()
    action = request.form.get("action")
    if action not in ACTIONS or not user.has_mfa:
        return redirect(url_for("mfa.setup"))
    if not form.validate():
        return _settings(password_form=form, status=422)
    try:
        if action == "restart":
            mfa.start_again(user, form.password.data)
            return redirect(url_for("mfa.setup"))
        if action == "codes":
            codes = mfa.regenerate_recovery_codes(user, form.password.data)
            db.session.commit()
            return _recovery_codes(codes, _("New recovery codes"))
        mfa.disable(user, form.password.data, required=mfa_required(user))
    except ValidationFailed as error:
        settle_refusal(error)
        form.password.errors = list(error.fields.get("password", [error.message]))
        return _settings(password_form=form, status=422)
    db.session.commit()
    flash(_("Two-factor authentication is off."), "info")
    return redirect(url_for("mfa.setup"))


@bp.post("/account/two-factor/confirm")
def confirm():  # type: ignore[no-untyped-def]
    """The first code from the app: the second factor is on; its recovery codes shown once."""
    form = ConfirmForm()
    if not form.validate():
        return _settings(code_form=form, status=422)
    try:
        codes = mfa.confirm_enrolment(_me(), form.code.data, form.password.data)
    except ValidationFailed as error:
        settle_refusal(error)
        for name in ("code", "password"):
            getattr(form, name).errors = list(error.fields.get(name, []))
        if not error.fields:
            form.code.errors = [error.message]
        return _settings(code_form=form, status=422)
    db.session.commit()
    return _recovery_codes(codes, _("Two-factor authentication is on"))


@bp.route("/login/two-factor", methods=["GET", "POST"])
def verify():  # type: ignore[no-untyped-def]
    """The login's second step, for whoever gave the right password on this browser in the
    last few minutes (:func:`~tracker.accounts.sessions.await_second_factor`)."""
    pending = pending_second_factor()
    if pending is None:
        if current_user.is_authenticated:
            return redirect(url_for("municipalities.home"))
        flash(_("The login has expired. Enter your email and password again."), "error")
        return redirect(url_for("accounts.login"))
    user, target = pending
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        email = user.email
        try:
            method = mfa.second_factor(user, form.code.data, request.remote_addr,
                                       device_of(email))
        except (mfa.SecondFactorFailed, LoginThrottled) as error:
            db.session.commit()  # the failure is what the throttle counts
            flash(error.message, "error")
            status = error.status
        else:
            complete_login(user, mfa=method)
            db.session.commit()
            if method == "recovery":
                flash(_("You used a recovery code; %(n)d are left. If you lost your phone, "
                        "set up two-factor authentication again.",
                        n=mfa.unused_recovery_codes(user)), "info")
            response = redirect(target or url_for("municipalities.home"))
            remember_device(response, email)
            return response
    elif request.method == "POST":
        status = 422
    return render_template("accounts/mfa_verify.html", form=form), status
