"""API tokens: named, each with an expiry, listed (never shown again) and revocable by their
owner or an administrator. A new token leaves the others as they are: a script and a
spreadsheet each get their own, and revoking one stops only that one.

Only the token's SHA-256 is stored (:class:`~.models.ApiToken`); the secret is returned once
by :func:`issue_token` and is written nowhere, the security log included.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..database import stamp, utcnow
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..municipalities.operations import may_administer
from .events import Event, record
from .models import ApiToken, User
from .sessions import TOUCH_EVERY

#: The longest a token may be issued for (days).
MAX_TOKEN_DAYS = 365
#: The lengths offered on the tokens page (the configured default is added to them).
DAY_CHOICES = (7, 30, 90, 180, 365)
NAME_MAX = 100


def default_days() -> int:
    return min(int(current_app.config["TRACKER_TOKEN_DAYS"]), MAX_TOKEN_DAYS)


def issue_token(user: User, name: str, *, days: int | None = None,
                actor: User | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user``, named ``name`` (what it is for: "reports script"), valid
    for ``days`` (default ``TRACKER_TOKEN_DAYS``, at most :data:`MAX_TOKEN_DAYS`). Issued by
    the user themself, an administrator or the command line (``actor`` ``None``). Returns the
    row and the token, which is shown once and stored nowhere."""
    if actor is not None and actor.id != user.id and not may_administer(actor):
        raise PermissionDenied()
    errors: dict[str, list[str]] = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = [_("Name the token: what will use it?")]
    elif len(name) > NAME_MAX:
        errors["name"] = [_("The name may be at most %(n)d characters long.", n=NAME_MAX)]
    if days is None:
        days = default_days()
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_TOKEN_DAYS:
        errors["days"] = [_("A token is valid for 1 to %(n)d days.", n=MAX_TOKEN_DAYS)]
    if errors:
        raise ValidationFailed(errors)
    row, secret = ApiToken.issue(user, name, utcnow() + timedelta(days=days))
    db.session.flush()
    record(Event.TOKEN_ISSUED, user=user, actor=actor, token_id=row.id, name=name,
           expires_at=row.expires_at.isoformat() if row.expires_at else None)
    return row, secret


def may_revoke(actor: User | None, row: ApiToken) -> bool:
    """The token's owner and the administrator (``None``: the command line)."""
    return actor is None or actor.id == row.user_id or may_administer(actor)


def revoke_token(row: ApiToken, *, actor: User | None) -> None:
    """The token stops working now (it stays listed, as revoked). Revoking it again changes
    nothing and logs nothing."""
    if not may_revoke(actor, row):
        raise PermissionDenied()
    if row.revoked_at is not None:
        return
    row.revoked_at = utcnow()
    record(Event.TOKEN_REVOKED, user=row.user, actor=actor, token_id=row.id, name=row.name)
    db.session.flush()


def tokens_of(user: User) -> list[ApiToken]:
    """Every token ``user`` was issued, revoked and expired ones included, newest first."""
    return list(db.session.execute(
        select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).scalars())


def user_for_token(token: str) -> User | None:
    """The active user whose valid token this is (the API's Bearer login), or nobody. Notes
    when the token was used, at most once a minute (a GET stays a read)."""
    row = ApiToken.lookup(token)
    if row is None or not row.user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        stamp(row, "last_used_at", now)
    return row.user


def revoke_all(user: User, reason: str, *, actor: User | None) -> int:
    """Revoke every valid API token of ``user`` (deactivation, an administrator's password
    or two-factor reset: a token must not outlive the credentials it was issued under).
    Logged once, with how many."""
    now = utcnow()
    rows = db.session.execute(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ).scalars().all()
    for row in rows:
        row.revoked_at = now
    if rows:
        record(Event.TOKEN_REVOKED, user=user, actor=actor, count=len(rows), reason=reason)
    return len(rows)
