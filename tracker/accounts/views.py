from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ..extensions import db
from . import sessions
from .events import Event, record
from .forms import LanguageForm, LoginForm
from .operations import LoginFailed, authenticate, normalise_email, set_language
from .sessions import await_second_factor, complete_login
from .throttle import LoginThrottled, device_of, remember_device

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only ever redirect within this site after login."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("municipalities.home")


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("municipalities.home"))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        try:
            user = authenticate(email, form.password.data, request.remote_addr,
                                device_of(email))
        except (LoginFailed, LoginThrottled) as error:
            db.session.commit()  # keep the failed attempt: it is what throttling counts
            flash(error.message, "error")
            status = error.status
        else:
            target = _safe_next(form.next.data)
            if user.has_mfa:
                await_second_factor(user, target)
                db.session.commit()
                return redirect(url_for("mfa.verify"))
            complete_login(user)
            db.session.commit()
            response = redirect(target)
            remember_device(response, email)
            return response
    elif request.method == "POST":
        status = 422
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    row = sessions.current()
    if row is not None:
        sessions.end_session(row, "logout")
    record(Event.LOGOUT, user=current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.post("/language")
def language():  # type: ignore[no-untyped-def]
    form = LanguageForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            set_language(current_user, form.language.data)
            db.session.commit()
        else:
            session["language"] = form.language.data
    return redirect(_safe_next(form.next.data))
