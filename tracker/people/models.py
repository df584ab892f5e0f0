"""A person of the working group's records, with or without an account.

Years of paper protocols name chairs, secretaries and attendees who will never log in. The
meetings area refers to them through :class:`Person` so that their names are stored, shown,
printed and searched like everyone else's, and the same person is one row across meetings:
recognised by name and organisation (:func:`person_key`), merged by hand when the records
spell them two ways, and linked to an account or a staff entry once one exists.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..accounts.roles import MANAGERS, Role
from ..database import UTCDateTime, VersionedMixin, utcnow
from ..directory.models import StaffMember
from ..extensions import db
from ..municipalities.models import MunicipalScoped
from ..text import fold

_NOT_WORD = re.compile(r"[^\w]+")
NAME_LENGTH = 200
ORGANISATION_LENGTH = 300


def normal_name(text: str | None) -> str:
    """A name as compared: Mtavruli folded, punctuation and quotes gone, one space."""
    return " ".join(_NOT_WORD.sub(" ", fold(text or "")).split())


def person_key(name: str | None, organisation: str | None) -> str:
    """What identifies a person across meetings: the normal name and organisation."""
    return f"{normal_name(name)}|{normal_name(organisation)}"[:520]


class Person(MunicipalScoped, VersionedMixin, db.Model):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("municipality_id", "key", name="uq_people_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    organisation: Mapped[str] = mapped_column(String(ORGANISATION_LENGTH), default="")
    position: Mapped[str] = mapped_column(String(300), default="")
    key: Mapped[str] = mapped_column(String(520))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    staff_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship()
    staff_member: Mapped[StaffMember | None] = relationship()

    audit_type = "person"
    EDITABLE = ("name", "organisation", "position", "user_id", "staff_member_id")

    @property
    def has_account(self) -> bool:
        return self.user_id is not None

    @property
    def label(self) -> str:
        """How a person reads in a list: name, and organisation when there is one."""
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    @staticmethod
    def may_manage(user: User) -> bool:
        """Who keeps the people of the records tidy (merge, link, correct): the chair, an
        administrator and the secretary of the municipality."""
        return user.role in (*MANAGERS, Role.SECRETARY)

    @staticmethod
    def may_link_account(user: User) -> bool:
        """Who links a person of the records to an account: the chair or an administrator.
        The account then signs for the offices the person held in meetings still to be
        signed, so the secretary, who keeps those minutes, may not pick the co-signer."""
        return user.role in MANAGERS

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name}>"
