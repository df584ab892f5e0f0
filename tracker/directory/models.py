"""The organisation directory: units of the municipality as a tree, and their staff."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..accounts.roles import Role
from ..database import VersionedMixin
from ..extensions import db
from ..labels import Labelled
from ..municipalities.models import MunicipalScoped


class UnitKind(Labelled):
    MUNICIPALITY = "municipality", _l("Municipality")
    SERVICE = "service", _l("Service")
    DEPARTMENT = "department", _l("Department")
    DIVISION = "division", _l("Division")
    AGENCY = "agency", _l("Agency")
    OTHER = "other", _l("Other")


UNIT_KIND_LABELS = UnitKind.labels()



class Unit(MunicipalScoped, VersionedMixin, db.Model):
    __tablename__ = "units"
    __table_args__ = (
        CheckConstraint(UnitKind.sql_check("kind"), name="kind"),
        UniqueConstraint("municipality_id", "name", name="uq_units_municipality_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default=UnitKind.DEPARTMENT.value)
    # Phones are stored in E.164 (+995…) and shown in local form.
    hotline: Mapped[str | None] = mapped_column(String(20))
    functions: Mapped[list[str]] = mapped_column(JSON, default=list)

    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.name")
    staff: Mapped[list[StaffMember]] = relationship(
        back_populates="unit",
        order_by="(StaffMember.is_head.desc(), StaffMember.position_order, StaffMember.name)",
        cascade="all, delete-orphan",
    )

    audit_type = "unit"
    EDITABLE = ("name", "parent_id", "kind", "hotline", "functions")

    @classmethod
    def all_by_name(cls) -> list[Unit]:
        return list(db.session.execute(select(cls).order_by(cls.name)).scalars())

    @staticmethod
    def may_manage(user: User) -> bool:
        return user.role == Role.ADMIN

    @property
    def heads(self) -> list[StaffMember]:
        return [s for s in self.staff if s.is_head]

    def __repr__(self) -> str:
        return f"<Unit {self.name}>"


class StaffMember(MunicipalScoped, VersionedMixin, db.Model):
    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(300), default="")
    rank: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    is_head: Mapped[bool] = mapped_column(default=False)
    position_order: Mapped[int] = mapped_column(default=0)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    unit: Mapped[Unit] = relationship(back_populates="staff")
    user: Mapped[User | None] = relationship()

    __table_args__ = (
        # One staff entry per account in a municipality; another municipality may list the
        # same person (someone who works for two cities).
        UniqueConstraint("municipality_id", "user_id",
                         name="uq_staff_members_municipality_user_id"),
    )

    audit_type = "staff_member"
    EDITABLE = ("name", "position", "rank", "category", "phone", "email", "is_head", "user_id")

    def __repr__(self) -> str:
        return f"<StaffMember {self.name}>"
