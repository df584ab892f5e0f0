"""User accounts and their credentials: passwords, sessions, API tokens, second factors,
the record of failed logins and the security event log."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    Select,
    String,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import UTCDateTime, VersionedMixin, utcnow
from ..extensions import db
from ..municipalities import scope
from ..municipalities.models import Membership
from .roles import INSTANCE_ROLES, LANGUAGES, MANAGERS, READ_ONLY_ROLES, Role

ROLE_CHECK = "instance_role IN ({})".format(", ".join(f"'{r.value}'" for r in INSTANCE_ROLES))
LANGUAGE_CHECK = "language IN ({})".format(", ".join(f"'{code}'" for code in LANGUAGES))


_DUMMY_HASH: str | None = None


class User(VersionedMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(ROLE_CHECK, name="role"),
        CheckConstraint(LANGUAGE_CHECK, name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: ``admin`` or ``coordinator`` across the instance; other roles are held per
    #: municipality (:class:`Membership`).
    instance_role: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5), default="ka")
    password_hash: Mapped[str] = mapped_column(String(255))
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set by an administrator's reset: the temporary password opens only the page that
    #: replaces it.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    #: The TOTP shared secret (base32) once enrolment is confirmed; ``None``: no second factor.
    mfa_secret: Mapped[str | None] = mapped_column(String(64))
    mfa_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last TOTP time step accepted: a code is good once (ASVS 6.5.1), not for its 30 s.
    mfa_last_step: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", lazy="raise")
    memberships: Mapped[list[Membership]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by=Membership.id
    )

    # Flask-Login protocol -------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What Flask-Login keeps in the cookie: the login's session token (set by
        :func:`tracker.accounts.sessions.start_session`), never the user id alone."""
        token: str | None = getattr(self, "_session_token", None)
        if token is None:
            raise RuntimeError("log in through accounts.sessions.start_session")
        return token

    # Passwords ------------------------------------------------------------------------
    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.password_changed_at = utcnow()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @staticmethod
    def check_nobody(password: str) -> bool:
        """Check ``password`` against a hash of the users' kind and cost, for an e-mail with
        no account: refusing it takes as long as a wrong password (ASVS 6.3.8)."""
        global _DUMMY_HASH
        if _DUMMY_HASH is None:
            _DUMMY_HASH = generate_password_hash(secrets.token_hex(16))
        check_password_hash(_DUMMY_HASH, password)
        return False

    @property
    def has_mfa(self) -> bool:
        return self.mfa_secret is not None

    # Roles: per municipality ----------------------------------------------------------
    def role_in(self, municipality_id: int | None) -> str | None:
        """This user's role in a municipality: the administrator's everywhere; else the
        one granted there; else the national coordinator's (reads, writes nowhere)."""
        if self.instance_role == Role.ADMIN:
            return Role.ADMIN.value
        for membership in self.memberships:
            if membership.municipality_id == municipality_id:
                return membership.role
        return self.instance_role

    def role_for(self, row: Any) -> str | None:
        """The role that decides what this user may do with ``row`` (its municipality's)."""
        return self.role_in(row.municipality_id)

    def manages(self, row: Any) -> bool:
        """Chair or administrator where ``row`` is: approves, edits anything."""
        return self.role_for(row) in MANAGERS

    def reads_only(self, row: Any) -> bool:
        """An observer reads everything and comments (PRODUCT.md); whatever they are named
        (a subgroup's member, an action item's owner, a meeting's officer) they write
        nothing. The national coordinator, and anyone without a role there, neither."""
        role = self.role_for(row)
        return role is None or role in READ_ONLY_ROLES

    def may_comment(self, row: Any) -> bool:
        """Every role of the row's municipality comments, observers included (PRODUCT.md);
        the national coordinator, who writes nowhere, and anyone without a role there do
        not."""
        return self.role_for(row) not in (None, Role.COORDINATOR)

    @property
    def role(self) -> str | None:
        """The role in the municipality the request works in (the pages', the header's)."""
        return self.role_in(scope.current_id())

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGERS

    @property
    def is_read_only(self) -> bool:
        return self.role is None or self.role in READ_ONLY_ROLES

    @property
    def is_admin(self) -> bool:
        return self.instance_role == Role.ADMIN

    @property
    def readable_municipality_ids(self) -> frozenset[int] | None:
        """The municipalities this user may read; ``None``: every one."""
        if self.instance_role in (Role.ADMIN, Role.COORDINATOR):
            return None
        return frozenset(m.municipality_id for m in self.memberships)

    @classmethod
    def in_scope(cls) -> ColumnElement[bool]:
        """Users are of the whole instance; the people *of* a municipality are those with a
        role in it. The one rule for every list of people (pickers, owners, members,
        attendees matched on import): those of the municipalities the request sees."""
        if (entered := scope.current_id()) is not None:
            return cls.memberships.any(Membership.municipality_id == entered)
        readable = scope.readable_ids()
        if readable is None:
            return true()
        return cls.memberships.any(Membership.municipality_id.in_(sorted(readable)))

    @classmethod
    def active_query(cls) -> Select[tuple[User]]:
        """The active people of the request's municipalities by name (the id breaks ties)."""
        return select(cls).where(cls.active.is_(True), cls.in_scope()).order_by(cls.name, cls.id)

    @classmethod
    def all_active(cls) -> list[User]:
        return list(db.session.execute(cls.active_query()).scalars())

    def __repr__(self) -> str:
        return f"<User {self.email}>"


def secret_hash(secret: str) -> str:
    """SHA-256 of a random secret (session and API tokens, recovery codes). Enough for
    values of 80+ random bits, which no dictionary holds; passwords use scrypt instead."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(db.Model):
    """A named bearer token; only its SHA-256 is stored (the token itself is 256 random
    bits). It stops working at ``expires_at`` or when revoked."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens", lazy="joined")

    PREFIX = "ogp_"

    hash = staticmethod(secret_hash)

    @classmethod
    def issue(cls, user: User, name: str, expires_at: datetime) -> tuple[ApiToken, str]:
        """A new row and its token (which only the caller ever sees)."""
        token = cls.PREFIX + secrets.token_urlsafe(32)
        row = cls(user=user, name=name, token_hash=cls.hash(token), created_at=utcnow(),
                  expires_at=expires_at)
        db.session.add(row)
        return row, token

    @classmethod
    def lookup(cls, token: str) -> ApiToken | None:
        """The token if it is valid now: neither revoked nor expired."""
        stmt = select(cls).where(
            cls.token_hash == cls.hash(token),
            cls.revoked_at.is_(None),
            or_(cls.expires_at.is_(None), cls.expires_at > utcnow()),
        )
        return db.session.execute(stmt).scalar_one_or_none()

    @property
    def valid(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > utcnow())

    @property
    def state(self) -> str:
        """``valid``, ``revoked`` or ``expired`` (revoked wins: it was someone's decision)."""
        if self.revoked_at is not None:
            return "revoked"
        return "valid" if self.valid else "expired"


class LoginAttempt(db.Model):
    """Failed logins (a wrong password or second-factor code), kept in the database so the
    throttle (:mod:`tracker.accounts.throttle`) holds across worker processes and servers.
    ``device`` is the hash of the browser's device cookie when it carried a valid one for
    this account: those failures count against that browser only."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at"),
        Index("ix_login_attempts_addr_at", "remote_addr", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    device: Mapped[str | None] = mapped_column(String(64))


class UserSession(db.Model):
    """One login: created when a person authenticates (so the token is new every time,
    ASVS 7.2.4), ended by logout, by the person from another device, by an administrator,
    by a password change or deactivation, or by time — ``expires_at`` (absolute) and
    ``last_seen_at`` plus the idle timeout. The cookie holds the token; the table its hash."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_open", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: logout | ended | password | deactivated | admin | mfa
    end_reason: Mapped[str | None] = mapped_column(String(20))
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    remote_addr: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship(lazy="joined")


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app; shown once, stored hashed."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SecurityEvent(db.Model):
    """The security log (ASVS 16.3): who logged in or failed to, from where, what changed
    in accounts and credentials, and which requests were refused. Append-only like the
    audit trail: the database refuses UPDATE and DELETE (see migration 0006). Written by
    :func:`tracker.accounts.events.record` only."""

    __tablename__ = "security_events"
    __table_args__ = (
        Index("ix_security_events_kind_at", "kind", "at"),
        Index("ix_security_events_user_at", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    #: Whose account the event is about (``None``: an e-mail nobody has).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    #: Who did it, when not the user themself (an administrator, ``None`` for the CLI).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    email: Mapped[str] = mapped_column(String(254), default="")
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")
