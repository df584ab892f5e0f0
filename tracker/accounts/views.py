from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, logout_user

from ..errors import ValidationFailed
from ..extensions import db
from ..forms import settle_refusal
from . import sessions
from .events import Event, record
from .forms import EndSessionsForm, LanguageForm, LoginForm
from .operations import LoginFailed, authenticate, end_my_sessions, normalise_email, set_language
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


# Your sessions ------------------------------------------------------------------------------
@bp.route("/account/sessions", methods=["GET", "POST"])
def sessions_page():  # type: ignore[no-untyped-def]
    """Where this account is logged in: device, address, start, last activity; end the
    ones ticked or all the others, with the password (ASVS 7.5.2)."""
    user = current_user._get_current_object()
    form = EndSessionsForm()
    status = 200
    if form.validate_on_submit():
        everything = request.form.get("action") == "others"
        try:
            ended = end_my_sessions(user, form.password.data,
                                    None if everything else form.chosen(),
                                    keep=sessions.current())
        except ValidationFailed as error:
            settle_refusal(error)
            form.password.errors = list(error.fields.get("password", [error.message]))
            status = 422
        else:
            db.session.commit()
            flash(ngettext("%(num)d session ended.", "%(num)d sessions ended.", ended),
                  "success")
            return redirect(url_for(".sessions_page"))
    elif request.method == "POST":
        status = 422
    return render_template(
        "accounts/sessions.html",
        rows=sessions.open_sessions(user),
        this=sessions.current(),
        device=device_label,
        form=form,
    ), status


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux"))


def device_label(user_agent: str) -> str:
    """"Firefox, Windows" from a User-Agent header: enough to recognise one's own devices
    (the full header is shown on hover)."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    return ", ".join(part for part in (browser, system) if part) or user_agent[:60]
