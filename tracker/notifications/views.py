"""The notifications' pages: the bell (in every page's header), the list with "mark read",
the preferences page under /account/, the unsubscribe page of the e-mails' signed links
(no login), and the outbox the administrator reads when no SMTP server is configured.

Every page but the unsubscribe one is the person's own (an account page, of the instance);
each notification links to its item.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import User
from ..errors import NotFound, PermissionDenied
from ..extensions import db
from ..forms import form_page
from ..i18n import local_today
from ..municipalities import scope
from ..paging import Paging, paginate
from . import messages, operations, queries
from .forms import PreferencesForm
from .kinds import EmailState, Kind
from .mail import read_unsubscribe_token
from .models import Notification, NotificationPreferences, OutboxMessage

bp = Blueprint("notifications", __name__)
#: The administrator's: e-mails written instead of sent, and those that failed.
outbox_bp = Blueprint("outbox", __name__, url_prefix="/admin")

PER_PAGE = 25


def _me() -> User:
    return current_user._get_current_object()


def init_app(app: Flask) -> None:
    """The blueprints, and the bell's number for the header (asked only by a page that
    shows the header to someone logged in: one COUNT)."""
    app.register_blueprint(bp)
    app.register_blueprint(outbox_bp)

    @app.context_processor
    def _bell() -> dict[str, Any]:
        def unread_notifications() -> int:
            if not current_user.is_authenticated:
                return 0
            return queries.unread_count(_me())

        return {"unread_notifications": unread_notifications}


@bp.get("/notifications")
def index() -> str:
    user = _me()
    page = queries.notifications_page(user, Paging.from_args(request.args, per_page=PER_PAGE))
    today = local_today()
    return render_template("notifications/list.html", page=page, today=today,
                           subject=messages.subject, headline=messages.headline,
                           kinds=Kind.labels())


@bp.post("/notifications/<int:notification_id>/read")
def read(notification_id: int) -> Any:
    """Mark one read; ``open`` goes on to its item."""
    user = _me()
    notification = queries.notification_of(user, notification_id)
    if notification is None:
        raise NotFound()
    operations.mark_read(notification, user)
    db.session.commit()
    if request.form.get("open"):
        return redirect(notification.url)
    return redirect(url_for("notifications.index"))


@bp.post("/notifications/read-all")
def read_all() -> Any:
    user = _me()
    ids = list(db.session.scalars(select(Notification.id).where(
        queries.visible_to(user), Notification.read_at.is_(None))))
    operations.mark_all_read(user, ids)
    db.session.commit()
    flash(_("Every notification is marked read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/account/notifications", methods=["GET", "POST"])
def preferences() -> Any:
    user = _me()
    stored = NotificationPreferences.of(user.id)
    form = PreferencesForm() if request.method == "POST" else PreferencesForm.of(stored)
    return form_page(
        form,
        lambda: operations.save_preferences(user, user, form.channels(),
                                            form.delivery.data == "digest"),
        _("Your notification settings are saved."),
        lambda _saved: url_for("notifications.preferences"),
        "notifications/preferences.html",
    )


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> Any:
    """An e-mail's link: a page with one button (a GET changes nothing: mail scanners open
    links), and the POST that turns the token's kinds off for the token's user — also what
    a mail program's one-click button sends (RFC 8058). No login: the signature is the
    proof. A token this server did not sign is a 404."""
    found = read_unsubscribe_token(token)
    user = db.session.get(User, found[0]) if found else None
    if found is None or user is None:
        raise NotFound()
    kinds = found[1]
    if request.method == "POST":
        operations.unsubscribe(user, kinds)
        db.session.commit()
        return render_template("notifications/unsubscribe.html", kinds=kinds, done=True,
                               token=token)
    return render_template("notifications/unsubscribe.html", kinds=kinds, done=False,
                           token=token)


# The administrator's outbox ---------------------------------------------------------------
def _admin_only() -> None:
    if not _me().is_admin:
        raise PermissionDenied()


@outbox_bp.get("/outbox")
def outbox() -> str:
    _admin_only()
    paging = Paging.from_args(request.args, per_page=PER_PAGE)
    page = paginate(select(OutboxMessage).order_by(OutboxMessage.id.desc()), paging)
    with scope.unrestricted():
        failed = list(db.session.scalars(
            select(Notification).where(Notification.email_state == EmailState.FAILED.value)
            .order_by(Notification.id.desc()).limit(100)))
        recipients = {u.id: u for u in db.session.scalars(
            select(User).where(User.id.in_(sorted({n.user_id for n in failed}))))}
    return render_template("notifications/outbox.html", page=page, failed=failed,
                           recipients=recipients, subject=messages.subject)


@outbox_bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int) -> str:
    _admin_only()
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound()
    return render_template("notifications/outbox_message.html", message=message)
