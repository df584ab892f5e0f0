"""The administrator's pages for accounts: every user (deactivate, end sessions, reset a
password or a second factor) and the security log. Each action is an operation that checks
the permission itself; these views only ask and answer."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..database import get_or_404
from ..errors import PermissionDenied
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.operations import may_administer
from ..paging import Paging
from .events import EVENT_LABELS, Event
from .mfa import reset_mfa
from .models import User
from .operations import (
    activate_user,
    deactivate_user,
    end_everyones_sessions,
    end_user_sessions,
)
from .passwords import TEMPORARY_PASSWORD_LIFETIME, reset_password
from .queries import EventFilters, events_page, users_page
from .sessions import current

bp = Blueprint("users", __name__, url_prefix="/admin")


def _administrator() -> None:
    if not may_administer(current_user):
        raise PermissionDenied(_("Only the instance administrator manages accounts."))


@bp.get("/users")
def index():  # type: ignore[no-untyped-def]
    _administrator()
    q = str(request.args.get("q", "")).strip()[:200]
    page = users_page(q, Paging.from_args(request.args))
    names = {m.id: m.name for m in Municipality.ordered()}
    return render_template("accounts/users.html", page=page, q=q, municipality_names=names)


def _act(user_id: int, action: str) -> None:
    user = get_or_404(User, user_id)
    actor = current_user._get_current_object()
    if action == "deactivate":
        deactivate_user(user, actor=actor)
        flash(_("%(name)s can no longer log in; their sessions and API tokens have ended.",
                name=user.name), "success")
    elif action == "activate":
        activate_user(user, actor=actor)
        flash(_("%(name)s can log in again.", name=user.name), "success")
    elif action == "end-sessions":
        ended = end_user_sessions(user, actor=actor)
        flash(ngettext("%(num)d session of %(name)s ended.",
                       "%(num)d sessions of %(name)s ended.", ended, name=user.name),
              "success")
    elif action == "reset-mfa":
        reset_mfa(user, actor=actor)
        flash(_("Two-factor authentication of %(name)s was reset: they set it up again at "
                "their next login.", name=user.name), "success")
    db.session.commit()


@bp.post("/users/<int:user_id>/<any(deactivate, activate, 'end-sessions', 'reset-mfa'):action>")
def act(user_id: int, action: str):  # type: ignore[no-untyped-def]
    _administrator()
    _act(user_id, action)
    return redirect(url_for(".index", q=request.args.get("q") or None))


@bp.post("/users/end-all-sessions")
def end_all_sessions():  # type: ignore[no-untyped-def]
    _administrator()
    ended = end_everyones_sessions(actor=current_user._get_current_object(), keep=current())
    db.session.commit()
    flash(ngettext("%(num)d session ended; yours goes on.",
                   "%(num)d sessions ended; yours goes on.", ended), "success")
    return redirect(url_for(".index"))


@bp.post("/users/<int:user_id>/reset-password")
def password(user_id: int):  # type: ignore[no-untyped-def]
    """A temporary password, shown to the administrator once (to hand over by a channel
    of their choice); it opens only the page that replaces it."""
    _administrator()
    user = get_or_404(User, user_id)
    temporary = reset_password(user, actor=current_user._get_current_object())
    db.session.commit()
    return render_template("accounts/temporary_password.html", user=user, password=temporary,
                           days=TEMPORARY_PASSWORD_LIFETIME.days)


@bp.get("/security")
def security_events():  # type: ignore[no-untyped-def]
    _administrator()
    filters = EventFilters.from_args(request.args)
    page = events_page(filters, Paging.from_args(request.args, per_page=50))
    return render_template("accounts/security_events.html", page=page, filters=filters,
                           kinds=[(e.value, EVENT_LABELS[e]) for e in Event],
                           labels=EVENT_LABELS)
