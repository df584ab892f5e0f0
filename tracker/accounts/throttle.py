"""Login throttling that a stranger cannot turn into a lock-out (ASVS 6.3.1, 6.1.x).

Failures (wrong password or second-factor code) are counted, in a sliding window
(``LOGIN_FAILURE_WINDOW``, 15 minutes), three ways:

* per client address, all accounts together, from unknown browsers
  (``LOGIN_MAX_FAILURES_PER_ADDRESS``, 20): one address spraying guesses over many accounts
  is stopped;
* per account, from browsers the account's owner has not logged in from
  (``LOGIN_MAX_FAILURES``, 5): a guesser from anywhere gets five tries a window;
* per account and *device*: a browser where the owner logged in before carries a signed
  device cookie (OWASP's "device cookies"); its failures count only against itself. So a
  stranger who spends the account's five tries does not lock out the owner, who logs in
  from their own browser as always; a stolen laptop gets five tries, not more.

The count and the record of a failure are one step: on PostgreSQL an advisory lock per
account and per address queues concurrent attempts (forty parallel guesses get five
tries, not nine); SQLite's writing requests hold the database's write lock throughout.
The table is the database's, so every worker and every server shares the count.
"""

from __future__ import annotations

import math
import secrets
import zlib
from datetime import datetime, timedelta

from flask import Response, current_app, request
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import ColumnElement, delete, func, select

from ..database import lock_series, utcnow
from ..errors import DomainError
from ..extensions import db
from .models import LoginAttempt, secret_hash

DEVICE_MAX_AGE = 365 * 24 * 3600


class LoginThrottled(DomainError):
    status = 429
    code = "login_throttled"


def device_cookie_name() -> str:
    return "__Host-device" if current_app.config.get("SESSION_COOKIE_SECURE") else "device"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="tracker.device")


def device_of(email: str) -> str | None:
    """The hash of this browser's device nonce if its cookie is valid and was issued to
    ``email``'s login; else ``None`` (an unknown browser)."""
    raw = request.cookies.get(device_cookie_name())
    if not raw:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("e") != email or not data.get("n"):
        return None
    return secret_hash(str(data["n"]))


def remember_device(response: Response, email: str) -> None:
    """Mark this browser as one ``email``'s owner logged in from (after a full login)."""
    value = _serializer().dumps({"e": email, "n": secrets.token_urlsafe(16)})
    response.set_cookie(
        device_cookie_name(), value, max_age=DEVICE_MAX_AGE, path="/", httponly=True,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")), samesite="Lax")


def _queue(email: str, remote_addr: str | None) -> None:
    """PostgreSQL: wait for the other attempts on this account and from this address to
    commit, so the count below includes them (always account first: no deadlock)."""
    lock_series("login-account", zlib.crc32(email.encode()) & 0x7FFFFFFF)
    lock_series("login-address", zlib.crc32((remote_addr or "").encode()) & 0x7FFFFFFF)


def _failures(where: ColumnElement[bool], since: datetime) -> tuple[int, datetime | None]:
    return db.session.execute(
        select(func.count(LoginAttempt.id), func.min(LoginAttempt.at))
        .where(where, LoginAttempt.at >= since)
    ).one()  # type: ignore[return-value]


def check(email: str, remote_addr: str | None, device: str | None) -> None:
    """Refuse (429) before any password is checked when this attempt is over a limit."""
    _queue(email, remote_addr)
    window: timedelta = current_app.config["LOGIN_FAILURE_WINDOW"]
    now = utcnow()
    since = now - window
    if device is not None:
        # A browser the owner logged in from answers only for its own failures: neither a
        # stranger at the same address (a city hall's one public address) nor one guessing
        # this account from elsewhere locks the owner out.
        limits = [((LoginAttempt.email == email) & (LoginAttempt.device == device),
                   current_app.config["LOGIN_MAX_FAILURES"])]
    else:
        limits = [((LoginAttempt.email == email) & LoginAttempt.device.is_(None),
                   current_app.config["LOGIN_MAX_FAILURES"])]
        if remote_addr:
            limits.append(((LoginAttempt.remote_addr == remote_addr)
                           & LoginAttempt.device.is_(None),
                           current_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]))
    for where, limit in limits:
        count, oldest = _failures(where, since)
        if count >= limit and oldest is not None:
            minutes = max(1, math.ceil((oldest + window - now).total_seconds() / 60))
            raise LoginThrottled(
                _("Too many failed login attempts. Try again in %(minutes)d minutes.",
                  minutes=minutes),
                retry_after=minutes * 60,
            )


def failed(email: str, remote_addr: str | None, device: str | None) -> None:
    """Count a failure; failures older than a day count for nothing and are dropped (the
    security log keeps every attempt)."""
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.email == email, LoginAttempt.at < utcnow() - timedelta(days=1)))
    db.session.add(LoginAttempt(email=email, remote_addr=remote_addr, device=device))
