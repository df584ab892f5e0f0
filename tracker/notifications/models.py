"""The notifications' tables.

:class:`Notification` is at once the in-app notification and the record that it was sent:
one row per (subject, kind, recipient, version) under a unique key. The version is what
makes a message a new one: a deadline's date (a moved deadline re-arms its reminders), the
audit entry an event came from, the ISO week of a digest. Recording is an insert that does
nothing on a conflict, so a second run — or two at once on two servers — records and sends
nothing twice.

Its e-mail moves ``pending`` → ``sending`` (claimed by one run: :attr:`claim`) → ``sent``,
or back to ``pending`` with a later :attr:`next_attempt_at` after a failure, and ``failed``
after the last attempt: reported, never dropped. ``none`` is in the app only, ``digest`` in
the person's next weekly digest.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..municipalities.models import MunicipalScoped
from .kinds import Channel, EmailState, Kind


class Notification(MunicipalScoped, db.Model):
    """One message to one person about one thing. A digest belongs to no municipality."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id", "kind", "user_id", "version",
                         name="uq_notifications_key"),
        CheckConstraint(Kind.sql_check("kind"), name="kind"),
        CheckConstraint(EmailState.sql_check("email_state"), name="email_state"),
        # The bell: a person's unread ones.
        Index("ix_notifications_user_read", "user_id", "read_at"),
        # The sender: what is waiting, oldest first.
        Index("ix_notifications_email", "email_state", "next_attempt_at"),
    )

    municipality_optional = True
    municipality_id: Mapped[int | None] = mapped_column(  # type: ignore[assignment]
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    #: What it is about: a board kind (``commitment``, ``milestone``, ``action_item``,
    #: ``subgroup``), ``meeting``, or ``user`` (a digest).
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]
    version: Mapped[str] = mapped_column(String(40))
    #: What the message names, as it was when recorded (the item may change or go).
    title: Mapped[str] = mapped_column(String(300), default="")
    context: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    due: Mapped[date | None]
    #: Facts a kind's message needs (a state's from and to, a meeting's number).
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Shown under the bell (a digest is e-mail only).
    in_app: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    email_state: Mapped[str] = mapped_column(String(10), default=EmailState.NONE.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The run that is sending it (a random token), and since when: a run that died while
    #: sending leaves it to be claimed again once the claim is old.
    claim: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User] = relationship(lazy="raise")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def may_read(self, user: User) -> bool:
        """Only its recipient marks it read (another's is not even found)."""
        return self.user_id == user.id

    def __repr__(self) -> str:
        return f"<Notification {self.kind} {self.subject_type}-{self.subject_id} to {self.user_id}>"


class NotificationPreferences(db.Model):
    """A person's choices: a channel per kind (absent: e-mail) and whether their e-mail
    comes as a weekly digest instead of single messages."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    #: ``{kind: channel}`` for the kinds the person changed.
    channels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    digest: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def channel(self, kind: str) -> Channel:
        value = (self.channels or {}).get(str(kind))
        return Channel(value) if value in Channel._value2member_map_ else Channel.EMAIL

    @classmethod
    def of(cls, user_id: int) -> NotificationPreferences:
        """The stored preferences, or the defaults (not added to the session)."""
        found = db.session.get(cls, user_id)
        return found if found is not None else cls(user_id=user_id, channels={}, digest=False)

    @classmethod
    def for_users(cls, user_ids: set[int]) -> dict[int, NotificationPreferences]:
        """Everyone's at once (one query), defaults for those who chose nothing."""
        rows = db.session.scalars(select(cls).where(cls.user_id.in_(sorted(user_ids))))
        stored = {row.user_id: row for row in rows}
        return {uid: stored.get(uid) or cls(user_id=uid, channels={}, digest=False)
                for uid in user_ids}


class OutboxMessage(db.Model):
    """An e-mail written instead of sent: no SMTP server is configured (``make run``). The
    administrator reads them on /admin/outbox."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NotifyCursor(db.Model):
    """How far the audit trail has been read for events (the id of the last entry that is
    surely committed: see :func:`tracker.notifications.rules.events`). One row."""

    __tablename__ = "notify_cursor"

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(default=0)
