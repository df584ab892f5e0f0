"""Server-side sessions: one ``user_sessions`` row per login.

The browser's (signed) Flask session cookie holds only the login's random token; the row
holds its hash, when it started, was last seen, must end, and how it ended. So a token is
new at every authentication (ASVS 7.2.4), a session has an absolute lifetime and an idle
timeout checked on the server (7.3.1, 7.3.2), and a person can see and end their other
sessions, an administrator all of someone's (7.4.5, 7.5.2). Ended is ended: re-activating
an account or restoring an old cookie revives nothing.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app, g, has_request_context, request, session
from flask_login import login_user
from sqlalchemy import ColumnElement, and_, select, update

from ..database import stamp, utcnow
from ..extensions import db
from .events import Event, record
from .models import User, UserSession, secret_hash

#: ``last_seen_at`` is written at most this often: a page view is not a database write.
TOUCH_EVERY = timedelta(minutes=1)


def _lifetime() -> timedelta:
    return current_app.config["SESSION_ABSOLUTE_LIFETIME"]


def _idle() -> timedelta:
    return current_app.config["SESSION_IDLE_TIMEOUT"]


def start_session(user: User) -> UserSession:
    """Log ``user`` in on this browser: a new session row and a new cookie. Whatever the
    browser's session held before (a half-done second-factor step, the language of the
    login page) is dropped first, so nothing set before authentication is trusted after."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = UserSession(
        user=user,
        token_hash=secret_hash(token),
        created_at=now,
        last_seen_at=now,
        expires_at=now + _lifetime(),
        user_agent=(request.user_agent.string or "")[:300] if has_request_context() else "",
        remote_addr=request.remote_addr if has_request_context() else None,
    )
    db.session.add(row)
    db.session.flush()
    _end_beyond_limit(user, keep=row)
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    session.permanent = True
    user._session_token = token  # type: ignore[attr-defined]  # read by User.get_id
    login_user(user)
    g.user_session = row
    return row


def _end_beyond_limit(user: User, keep: UserSession) -> None:
    """At most ``SESSION_MAX_PER_USER`` open sessions (ASVS 7.1.2): a login beyond it ends
    the least recently active ones, logged like any other end."""
    limit: int = current_app.config["SESSION_MAX_PER_USER"]
    rows = [row for row in open_sessions(user) if row.id != keep.id]
    for row in rows[limit - 1:]:
        end_session(row, "limit")


def is_open(row: UserSession, now: datetime | None = None) -> bool:
    """Not ended, not past its absolute end, not idle too long (for a row in hand;
    :func:`open_clause` says the same in SQL)."""
    now = now or utcnow()
    return (row.ended_at is None and now < row.expires_at
            and now - row.last_seen_at < _idle())


def open_clause(now: datetime | None = None) -> ColumnElement[bool]:
    """:func:`is_open` as a condition on ``user_sessions``: every list and count of open
    sessions (yours, the users page, ending them) uses it."""
    now = now or utcnow()
    return and_(UserSession.ended_at.is_(None), UserSession.expires_at > now,
                UserSession.last_seen_at > now - _idle())


def load(token: str) -> User | None:
    """The user of an open session with this token (Flask-Login's user loader), or nobody.
    Marks the session seen (at most once a minute)."""
    row = db.session.execute(
        select(UserSession).where(UserSession.token_hash == secret_hash(token))
    ).scalar_one_or_none()
    now = utcnow()
    if row is None or not is_open(row, now) or not row.user.active:
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        stamp(row, "last_seen_at", now)
    g.user_session = row
    row.user._session_token = token  # type: ignore[attr-defined]
    return row.user


def current() -> UserSession | None:
    """The session of this request's login (``None`` for API tokens and visitors)."""
    return g.get("user_session")


def open_sessions(user: User) -> list[UserSession]:
    """``user``'s sessions that still let someone in, newest activity first."""
    return list(db.session.execute(
        select(UserSession)
        .where(UserSession.user_id == user.id, open_clause())
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ).scalars())


def end_session(row: UserSession, reason: str, *, actor: User | None = None) -> None:
    """End one session (logout, or from another device); logged."""
    if row.ended_at is not None:
        return
    row.ended_at = utcnow()
    row.end_reason = reason
    record(Event.SESSION_ENDED, user=row.user, actor=actor, session_id=row.id, reason=reason)


def end_all(user: User, reason: str, *, actor: User | None = None,
            keep: UserSession | None = None) -> int:
    """End every open session of ``user`` but ``keep`` (the one asking, when a person ends
    their others or changes their password). Returns how many ended; logged once."""
    stmt = (
        update(UserSession)
        .where(UserSession.user_id == user.id, open_clause())
        .values(ended_at=utcnow(), end_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep.id)
    ended = db.session.execute(stmt).rowcount or 0
    if ended:
        record(Event.SESSION_ENDED, user=user, actor=actor, count=ended, reason=reason)
    return ended


# Logging in: the password, then (for those who have one) the second factor ---------------
PENDING_KEY = "second_factor"
#: How long the second-factor step waits after a correct password.
PENDING_FOR = timedelta(minutes=5)


def complete_login(user: User, **detail: object) -> UserSession:
    """The last step of every login (password alone, or password and second factor)."""
    row = start_session(user)
    record(Event.LOGIN, user=user, session_id=row.id, **detail)
    return row


def await_second_factor(user: User, next_url: str) -> None:
    """The password was right and ``user`` has a second factor: remember who is half-way
    (in the signed cookie, for :data:`PENDING_FOR`), log nobody in yet."""
    session.clear()
    session[PENDING_KEY] = {"user": user.id, "at": utcnow().timestamp(), "next": next_url}


def pending_second_factor() -> tuple[User, str] | None:
    """Who passed the password step on this browser, and where they were going; ``None``
    when nobody did or it was too long ago."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    started = pending.get("at")
    if not isinstance(started, (int, float)) or utcnow().timestamp() - started > \
            PENDING_FOR.total_seconds():
        session.pop(PENDING_KEY, None)
        return None
    user = db.session.get(User, pending.get("user"))
    if user is None or not user.active:
        return None
    return user, str(pending.get("next") or "")
