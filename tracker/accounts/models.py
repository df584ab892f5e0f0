"""User accounts, API tokens and the record of login attempts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Select,
    String,
    func,
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
    # Renewed at logout and password change: a copied old session cookie stops working.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
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
        return f"{self.id}:{self.session_token}"

    # Passwords ------------------------------------------------------------------------
    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.renew_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def renew_session_token(self) -> None:
        self.session_token = secrets.token_hex(16)

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


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored (the token itself is 256 random bits)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens", lazy="joined")

    PREFIX = "ogp_"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User) -> tuple[ApiToken, str]:
        token = cls.PREFIX + secrets.token_urlsafe(32)
        row = cls(user=user, token_hash=cls.hash(token))
        db.session.add(row)
        return row, token

    @classmethod
    def lookup(cls, token: str) -> ApiToken | None:
        stmt = select(cls).where(cls.token_hash == cls.hash(token), cls.revoked_at.is_(None))
        return db.session.execute(stmt).scalar_one_or_none()


class LoginAttempt(db.Model):
    """Failed logins, kept in the database so throttling holds across worker processes."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    remote_addr: Mapped[str | None] = mapped_column(String(64))

    @classmethod
    def recent_failures(cls, email: str, since: datetime) -> tuple[int, datetime | None]:
        stmt = select(func.count(cls.id), func.min(cls.at)).where(
            cls.email == email, cls.at >= since
        )
        count, oldest = db.session.execute(stmt).one()
        return count, oldest
