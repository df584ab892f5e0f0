from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..extensions import db
from .forms import LanguageForm, LoginForm
from .operations import LoginFailed, LoginThrottled, authenticate, end_sessions, set_language

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
        try:
            user = authenticate(form.email.data, form.password.data, request.remote_addr)
        except (LoginFailed, LoginThrottled) as error:
            db.session.commit()  # keep the failed attempt: it is what throttling counts
            flash(error.message, "error")
            status = error.status
        else:
            db.session.commit()
            session.clear()
            session.permanent = True
            login_user(user)
            return redirect(_safe_next(form.next.data))
    elif request.method == "POST":
        status = 422
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    end_sessions(current_user)
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
