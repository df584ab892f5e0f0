"""Thematic subgroups, their members and linked commitments."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..commitments.models import Commitment
from ..database import UTCDateTime, VersionedMixin, utcnow
from ..directory.models import Unit
from ..extensions import db
from ..municipalities.models import MunicipalScoped
from ..workflow import COMPLETED, WITHDRAWN, StatefulMixin, state_constraint

subgroup_members = Table(
    "subgroup_members",
    db.metadata,
    Column("subgroup_id", ForeignKey("subgroups.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

subgroup_commitments = Table(
    "subgroup_commitments",
    db.metadata,
    Column("subgroup_id", ForeignKey("subgroups.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "commitment_id", ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True,
        index=True,  # "which subgroups work on this commitment" (the archive's filter)
    ),
)

FIELD_LABELS = {
    "name": _l("Name"),
    "unit_id": _l("Executing unit"),
    "lead_id": _l("Lead"),
    "member_ids": _l("Members"),
    "commitment_ids": _l("Linked commitments"),
    "deliverable": _l("Deliverable"),
    "deliverable_deadline": _l("Deliverable deadline"),
    "deliverable_result": _l("Deliverable as delivered"),
}


class Subgroup(MunicipalScoped, StatefulMixin, VersionedMixin, db.Model):
    __tablename__ = "subgroups"
    __table_args__ = (
        state_constraint(),
        UniqueConstraint("municipality_id", "name", name="uq_subgroups_municipality_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    deliverable: Mapped[str] = mapped_column(Text, default="")
    deliverable_deadline: Mapped[date | None] = mapped_column(index=True)
    deliverable_result: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[Unit | None] = relationship()
    lead: Mapped[User | None] = relationship()
    members: Mapped[list[User]] = relationship(secondary=subgroup_members, order_by=User.name)
    commitments: Mapped[list[Commitment]] = relationship(
        secondary=subgroup_commitments, order_by=Commitment.number
    )

    audit_type = "subgroup"
    EDITABLE = (
        "name", "unit_id", "lead_id", "deliverable", "deliverable_deadline",
        "deliverable_result",
    )

    @property
    def is_closed(self) -> bool:
        return self.state in (COMPLETED, WITHDRAWN)

    # Its deliverable is a dated item (tracker.workflow.dated): done once recorded.
    due = property(lambda self: self.deliverable_deadline)
    is_done = hybrid_property(lambda self: self.deliverable_result != "")
    is_live = hybrid_property(lambda self: self.state != WITHDRAWN)

    def is_member(self, user: User) -> bool:
        """Its lead or one of its members (whatever their role: an observer may be listed)."""
        return user.id == self.lead_id or any(m.id == user.id for m in self.members)

    def works_in(self, user: User) -> bool:
        """A lead or member who may write: the group's items and its meetings' minutes.

        Roles bound membership: an observer listed in the group stays read-only.
        """
        return not user.reads_only(self) and self.is_member(user)

    @staticmethod
    def may_create(user: User) -> bool:
        return user.is_manager

    def may_edit(self, user: User) -> bool:
        if self.state == WITHDRAWN:
            return False
        return user.manages(self) or self.works_in(user)

    def may_manage_membership(self, user: User) -> bool:
        """Lead, members and links shape the group; the chair decides them."""
        return user.manages(self) and self.state != WITHDRAWN

    def __repr__(self) -> str:
        return f"<Subgroup {self.id} {self.state}>"
