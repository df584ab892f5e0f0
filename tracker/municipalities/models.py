"""Municipalities, the roles people hold in them, and the mixin of their data."""

from __future__ import annotations

import re
from datetime import datetime
from typing import ClassVar

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from ..accounts.roles import MUNICIPAL_ROLES
from ..database import UTCDateTime, VersionedMixin, utcnow
from ..extensions import db

MEMBERSHIP_ROLE_CHECK = "role IN ({})".format(", ".join(f"'{r.value}'" for r in MUNICIPAL_ROLES))
#: A slug: 1 to 40 latin lower-case letters, digits and inner hyphens (the OpenAPI pattern
#: and the one check, :data:`SLUG`, are this one expression).
SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"
SLUG = re.compile(SLUG_PATTERN.strip("^$"))


class Municipality(VersionedMixin, db.Model):
    """A city or municipality with its own working group, plans, meetings and directory."""

    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The municipality in URLs (``/m/<slug>/``), the CLI and the API; latin, lower case.
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    #: Its public transparency site is switched on (PRODUCT.md; off by default).
    public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    audit_type = "municipality"

    @classmethod
    def by_slug(cls, slug: str) -> Municipality | None:
        """None for what cannot be a slug, without asking the database (a NUL in a query
        string is an error in PostgreSQL, not a miss)."""
        if not SLUG.fullmatch(slug):
            return None
        return db.session.execute(select(cls).where(cls.slug == slug)).scalar_one_or_none()

    @classmethod
    def ordered(cls, ids: frozenset[int] | None = None) -> list[Municipality]:
        """Every municipality (``ids`` None) or those of ``ids``, by name."""
        stmt = select(cls).order_by(cls.name)
        if ids is not None:
            stmt = stmt.where(cls.id.in_(sorted(ids)))
        return list(db.session.execute(stmt).scalars())

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class Membership(db.Model):
    """A user's role in one municipality (chair in one, observer in another)."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "municipality_id", name="uq_memberships_user_municipality"),
        CheckConstraint(MEMBERSHIP_ROLE_CHECK, name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))


class MunicipalScoped:
    """A row of one municipality's data. Queries see only the rows of the request's
    municipalities, and a new row belongs to the municipality it is written in: both by
    :mod:`tracker.municipalities.scope`, never by hand."""

    #: Rows written outside any municipality (instance-level audit entries) may have none.
    municipality_optional: ClassVar[bool] = False

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="RESTRICT"), index=True
    )
