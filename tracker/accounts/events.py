"""The security log (ASVS 16.3): one function writes every event, to the database's
append-only ``security_events`` and, as one JSON line, to the ``tracker.security`` logger
for the host's log system.

Each event names its kind (:class:`Event`), whose account it is about, who did it when not
that person (an administrator; ``None`` from the command line), and where the request came
from. Passwords, codes and tokens are never written, only what they were used for.
"""

from __future__ import annotations

import json
import logging
import sys
from enum import StrEnum
from typing import Any

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l

from ..database import utcnow
from ..extensions import db
from .models import SecurityEvent, User

log = logging.getLogger("tracker.security")


def init_logging() -> None:
    """The ``tracker.security`` logger writes each event, one JSON line, to standard error
    (gunicorn's error log; journald under systemd) whatever the host configured for other
    loggers: an INFO record would otherwise be dropped by Python's default WARNING level.
    A host that wants them elsewhere adds its own handler to this logger."""
    log.setLevel(logging.INFO)
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.propagate = False


class Event(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_CHANGE_FAILED = "password_change_failed"
    PASSWORD_RESET = "password_reset"
    MFA_ENROLLED = "mfa_enrolled"
    MFA_FAILED = "mfa_failed"
    MFA_RECOVERY_USED = "mfa_recovery_used"
    MFA_RESET = "mfa_reset"
    MFA_DISABLED = "mfa_disabled"
    TOKEN_ISSUED = "token_issued"
    TOKEN_REVOKED = "token_revoked"
    SESSION_ENDED = "session_ended"
    USER_CREATED = "user_created"
    ROLE_CHANGED = "role_changed"
    USER_DEACTIVATED = "user_deactivated"
    USER_ACTIVATED = "user_activated"
    REAUTH_FAILED = "reauth_failed"
    PERMISSION_DENIED = "permission_denied"
    CSRF_FAILED = "csrf_failed"
    TOKEN_REFUSED = "token_refused"
    CALENDAR_FEED_ISSUED = "calendar_feed_issued"
    CALENDAR_FEED_REVOKED = "calendar_feed_revoked"


#: What the administrators' page calls each kind.
EVENT_LABELS: dict[str, Any] = {
    Event.LOGIN: _l("Logged in"),
    Event.LOGIN_FAILED: _l("Login failed"),
    Event.LOGIN_THROTTLED: _l("Login refused: too many attempts"),
    Event.LOGOUT: _l("Logged out"),
    Event.PASSWORD_CHANGED: _l("Password changed"),
    Event.PASSWORD_CHANGE_FAILED: _l("Password change refused: wrong current password"),
    Event.PASSWORD_RESET: _l("Password reset by an administrator"),
    Event.MFA_ENROLLED: _l("Two-factor authentication turned on"),
    Event.MFA_FAILED: _l("Wrong two-factor code"),
    Event.MFA_RECOVERY_USED: _l("Recovery code used"),
    Event.MFA_RESET: _l("Two-factor authentication reset"),
    Event.MFA_DISABLED: _l("Two-factor authentication turned off"),
    Event.TOKEN_ISSUED: _l("API token issued"),
    Event.TOKEN_REVOKED: _l("API token revoked"),
    Event.SESSION_ENDED: _l("Session ended"),
    Event.USER_CREATED: _l("User created"),
    Event.ROLE_CHANGED: _l("Role changed"),
    Event.USER_DEACTIVATED: _l("User deactivated"),
    Event.USER_ACTIVATED: _l("User activated"),
    Event.REAUTH_FAILED: _l("Wrong password when confirming a change"),
    Event.PERMISSION_DENIED: _l("Permission refused"),
    Event.CSRF_FAILED: _l("Form refused: no valid anti-forgery token"),
    Event.TOKEN_REFUSED: _l("API token refused"),
    Event.CALENDAR_FEED_ISSUED: _l("Calendar feed address made"),
    Event.CALENDAR_FEED_REVOKED: _l("Calendar feed address revoked"),
}


def _client() -> tuple[str | None, str]:
    if not has_request_context():
        return None, ""
    return request.remote_addr, (request.user_agent.string or "")[:300]


def record(
    kind: Event,
    *,
    user: User | None = None,
    actor: User | None = None,
    email: str = "",
    **detail: Any,
) -> SecurityEvent:
    """Add one event to the log (written with the request's transaction) and log it."""
    remote_addr, agent = _client()
    event = SecurityEvent(
        at=utcnow(),
        kind=kind.value,
        user_id=user.id if user is not None else None,
        actor_id=actor.id if actor is not None and actor is not user else None,
        email=(email or (user.email if user is not None else ""))[:254],
        remote_addr=remote_addr,
        user_agent=agent,
        detail=detail or None,
    )
    db.session.add(event)
    log.info(json.dumps({
        "event": kind.value,
        "at": event.at.isoformat(),
        "user_id": event.user_id,
        "actor_id": event.actor_id,
        "email": event.email,
        "remote_addr": remote_addr,
        "user_agent": agent,
        **({"detail": detail} if detail else {}),
    }, ensure_ascii=False, default=str))
    return event
