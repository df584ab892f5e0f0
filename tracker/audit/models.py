"""Audit entries: who changed what, when (UTC), from what to what, and why.

The table is append-only: database triggers (see the migration) refuse UPDATE and DELETE,
so not even a bug in this application can rewrite history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..municipalities.models import MunicipalScoped


class AuditEntry(MunicipalScoped, db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id", "id"),)

    # The user and municipality records of the instance are audited outside any municipality.
    municipality_optional = True
    municipality_id: Mapped[int | None] = mapped_column(  # type: ignore[assignment]
        ForeignKey("municipalities.id", ondelete="RESTRICT"), index=True
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    # create | update | transition | comment
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    # {field: [old, new]} for create/update.
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship(lazy="joined")

    @classmethod
    def history(cls, object_type: str, object_id: int) -> list[AuditEntry]:
        stmt = (
            select(cls)
            .where(cls.object_type == object_type, cls.object_id == object_id)
            .order_by(cls.id)
        )
        return list(db.session.execute(stmt).scalars())
