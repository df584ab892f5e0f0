"""The caller's own notifications over JSON: ``GET /notifications`` (newest first, paged,
each with ``read``) and ``POST /notifications/{id}/read``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_login import current_user

from ..errors import NotFound
from ..i18n import local_today
from ..municipalities.scope import slug_of
from ..notifications import messages, operations, queries
from ..notifications.models import Notification
from ..paging import Paging
from .common import commit
from .meta import op, path_id, register_spec

bp = Blueprint("notifications", __name__)


def notification_json(n: Notification) -> dict[str, Any]:
    today = local_today()
    return {
        "id": n.id,
        "kind": n.kind,
        "subject_type": n.subject_type,
        "subject_id": n.subject_id,
        "municipality": slug_of(n.municipality_id) if n.municipality_id else None,
        "subject": messages.subject(n),
        "message": messages.headline(n, today),
        "context": n.context or None,
        "due": n.due.isoformat() if n.due else None,
        "url": n.url,
        "created_at": n.created_at.isoformat(),
        "read": n.read_at is not None,
        "read_at": n.read_at.isoformat() if n.read_at else None,
    }


@bp.get("/notifications")
def index():  # type: ignore[no-untyped-def]
    user = current_user._get_current_object()
    page = queries.notifications_page(user, Paging.from_args(request.args))
    return page.as_json(notification_json, unread=queries.unread_count(user))


@bp.post("/notifications/<int:notification_id>/read")
def read(notification_id: int):  # type: ignore[no-untyped-def]
    user = current_user._get_current_object()
    notification = queries.notification_of(user, notification_id)
    if notification is None:
        raise NotFound()
    operations.mark_read(notification, user)
    commit()
    return notification_json(notification)


NOTIFICATION: dict[str, Any] = {
    "type": "object",
    "required": ["id", "kind", "subject_type", "subject_id", "municipality", "subject",
                 "message", "url", "created_at", "read"],
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string", "description": "due_soon, overdue, escalation, assigned, "
                 "state_changed, minutes_to_sign, minutes_approved, minutes_pending"},
        "subject_type": {"type": "string"},
        "subject_id": {"type": "integer"},
        "municipality": {"type": ["string", "null"]},
        "subject": {"type": "string"},
        "message": {"type": "string"},
        "context": {"type": ["string", "null"]},
        "due": {"type": ["string", "null"], "format": "date"},
        "url": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "read": {"type": "boolean"},
        "read_at": {"type": ["string", "null"], "format": "date-time"},
    },
}


def notifications_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    listing = op("The caller's notifications, newest first, with `read` (and `unread`, "
                 "the bell's count)", paged=True)
    mark = op("Mark one of the caller's notifications read")
    mark["parameters"] = path_id("notification_id")
    mark["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Notification"}
    return ({"/notifications": {"get": listing},
             "/notifications/{notification_id}/read": {"post": mark}},
            {"Notification": NOTIFICATION})


register_spec(notifications_spec)
