"""Organisation units. Minimal for now: name and place in the tree (the directory issue adds
functions, hotline and staff)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Unit(db.Model):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))

    audit_type = "unit"

    @classmethod
    def all_by_name(cls) -> list[Unit]:
        return list(db.session.execute(select(cls).order_by(cls.name)).scalars())

    def __repr__(self) -> str:
        return f"<Unit {self.name}>"
