"""The personal calendar feed's token: one a person, revocable, renewable.

The feed's URL must be shown again on the person's page and in ``GET /api/v1/me`` (a phone
calendar is set up long after the URL was made), yet the database must not hold it. So the
row keeps a random ``nonce``; the token is HMAC-SHA-256 of the nonce under ``SECRET_KEY``
(the server can rebuild it, a copy of the database alone cannot) and only the token's
SHA-256 (:func:`~tracker.accounts.models.secret_hash`) is looked up. Renewing draws a new
nonce, so the old URL stops working; revoking deletes the row.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from flask import current_app, url_for
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User, secret_hash
from ..database import UTCDateTime, utcnow
from ..extensions import db


class CalendarFeed(db.Model):
    """A person's "my deadlines" feed: at most one, so renewing replaces the URL."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    nonce: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()

    @staticmethod
    def token_for(nonce: str) -> str:
        """The token a nonce stands for (256 bits, URL-safe hex)."""
        key = current_app.config["SECRET_KEY"].encode()
        return hmac.new(key, b"calendar-feed:" + nonce.encode(), hashlib.sha256).hexdigest()

    @property
    def token(self) -> str:
        return self.token_for(self.nonce)

    @classmethod
    def of(cls, user: User) -> CalendarFeed | None:
        return db.session.execute(select(cls).where(cls.user_id == user.id)).scalar_one_or_none()

    @classmethod
    def lookup(cls, token: str) -> CalendarFeed | None:
        """The feed of a token, if it is a current one (64 hex digits, else not asked)."""
        if len(token) != 64 or any(c not in "0123456789abcdef" for c in token):
            return None
        stmt = select(cls).where(cls.token_hash == secret_hash(token))
        return db.session.execute(stmt).scalar_one_or_none()

    def renew(self) -> None:
        """A new nonce, so a new token; the old one no longer matches any row."""
        self.nonce = secrets.token_hex(32)
        self.token_hash = secret_hash(self.token)
        self.created_at = utcnow()


def feed_url(user_id: int) -> str | None:
    """The URL of a person's feed, if they have one (their page and ``GET /api/v1/me``)."""
    feed = db.session.execute(
        select(CalendarFeed).where(CalendarFeed.user_id == user_id)).scalar_one_or_none()
    if feed is None:
        return None
    return url_for("feeds.personal_calendar", token=feed.token, _external=True)
