"""Meetings of the working group or of a subgroup, their minutes and action items."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..accounts.roles import MANAGERS, Role
from ..commitments.models import Commitment
from ..database import UTCDateTime, VersionedMixin, utcnow
from ..directory.models import Unit
from ..extensions import db
from ..labels import Labelled
from ..municipalities.models import MunicipalScoped
from ..people.models import Person
from ..subgroups.models import Subgroup
from ..workflow import COMPLETED, MONITORED, WITHDRAWN, StatefulMixin, state_constraint


class OrgKind(Labelled):
    GOVERNMENT = "government", _l("Government")
    CIVIL_SOCIETY = "civil_society", _l("Civil society")
    DONOR = "donor", _l("Donor")
    OTHER = "other", _l("Other")


ORG_KIND_LABELS = OrgKind.labels()


class Presence(Labelled):
    PRESENT = "present", _l("Present")
    ABSENT = "absent", _l("Absent")
    EXCUSED = "excused", _l("Excused")


PRESENCE_LABELS = Presence.labels()


class ActionState(Labelled):
    OPEN = "open", _l("Open")
    DONE = "done", _l("Done")
    CANCELLED = "cancelled", _l("Cancelled")


ACTION_STATE_LABELS = ActionState.labels()

FIELD_LABELS = {
    "number": _l("Number"),
    "subgroup_id": _l("Group"),
    "place": _l("Place"),
    "date": _l("Date"),
    "start_time": _l("Start time"),
    "end_time": _l("End time"),
    "chair_id": _l("Chaired by"),
    "secretary_id": _l("Secretary"),
    "chair_person_id": _l("Chaired by (no account)"),
    "secretary_person_id": _l("Secretary (no account)"),
    "person_id": _l("Person"),
    "owner_person_id": _l("Owner (no account)"),
    "owner_text": _l("Owner as written"),
    "remote": _l("Took part remotely"),
    "authority": _l("Authority"),
    "discussion": _l("Discussion"),
    "chair_signed_at": _l("Signed by the chair"),
    "secretary_signed_at": _l("Signed by the secretary"),
    "signer": _l("Signed on paper by"),
    "title": _l("Title"),
    "text": _l("Text"),
    "owner_id": _l("Owner"),
    "owner_unit_id": _l("Owner unit"),
    "deadline": _l("Deadline"),
    "commitment_id": _l("Commitment"),
    "state": _l("State"),
    "note": _l("Note"),
    "name": _l("Name"),
    "organisation": _l("Organisation"),
    "org_kind": _l("Kind of organisation"),
    "presence": _l("Attendance"),
    "attendee": _l("Attendee"),
    "agenda_item": _l("Agenda item"),
    "agenda_title": _l("Agenda item"),
    "agenda_discussion": _l("Discussion of an agenda item"),
    "decision": _l("Decision"),
}


class Meeting(MunicipalScoped, StatefulMixin, VersionedMixin, db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        state_constraint(),
        CheckConstraint("end_time IS NULL OR start_time IS NULL OR end_time >= start_time",
                        name="times"),
        UniqueConstraint("subgroup_id", "number", name="uq_meetings_subgroup_number"),
        # The working group's own meetings (no subgroup) are numbered among themselves.
        Index("uq_meetings_group_number", "municipality_id", "number", unique=True,
              sqlite_where=text("subgroup_id IS NULL"),
              postgresql_where=text("subgroup_id IS NULL")),
        UniqueConstraint("municipality_id", "import_fingerprint",
                         name="uq_meetings_municipality_import_fingerprint"),
        # The archive joins the search index's matches to the meetings of the request's
        # municipalities and orders them by date: answered from this index alone, without
        # reading the meetings' rows (their minutes).
        Index("ix_meetings_archive", "municipality_id", "id", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subgroup_id: Mapped[int | None] = mapped_column(
        ForeignKey("subgroups.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[int]
    place: Mapped[str] = mapped_column(String(300), default="")
    date: Mapped[date | None] = mapped_column(index=True)
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    secretary_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )
    # A chair or secretary without an account (an imported protocol's, a guest's): the
    # person of the records. At most one of the two columns of an office is set.
    chair_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    secretary_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    authority: Mapped[str] = mapped_column(Text, default="")
    discussion: Mapped[str] = mapped_column(Text, default="")
    chair_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    secretary_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # sha256 of an imported protocol's normalised text: the same protocol is imported once.
    import_fingerprint: Mapped[str | None] = mapped_column(String(64))
    # What a bulk import could not read or had to change (missing fields, a protocol number
    # already taken…), for the secretary's review queue; None once confirmed.
    # Python's None is SQL NULL (not JSON null), so "awaiting review" is ``IS NOT NULL``.
    import_review: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    subgroup: Mapped[Subgroup | None] = relationship()
    chair: Mapped[User | None] = relationship(foreign_keys=[chair_id])
    secretary: Mapped[User | None] = relationship(foreign_keys=[secretary_id])
    chair_person: Mapped[Person | None] = relationship(foreign_keys=[chair_person_id])
    secretary_person: Mapped[Person | None] = relationship(foreign_keys=[secretary_person_id])
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendee.id"
    )
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Decision.number"
    )

    audit_type = "meeting"
    EDITABLE = (
        "subgroup_id", "number", "place", "date", "start_time", "end_time", "chair_id",
        "secretary_id", "chair_person_id", "secretary_person_id", "authority", "discussion",
    )

    # Chair and secretary --------------------------------------------------------------
    def officer(self, capacity: str) -> User | Person | None:
        """Who holds the office (``"chair"`` or ``"secretary"``): the account, or else the
        person of the records."""
        return getattr(self, capacity) or getattr(self, f"{capacity}_person")

    def officer_name(self, capacity: str) -> str:
        holder = self.officer(capacity)
        return holder.name if holder is not None else ""

    def officer_user_id(self, capacity: str) -> int | None:
        """The account that signs for the office: the chair's own, or the one the person of
        the records was linked to since."""
        holder = self.officer(capacity)
        if isinstance(holder, Person):
            return holder.user_id
        return holder.id if holder is not None else None

    def officer_without_account(self, capacity: str) -> Person | None:
        """A named officer nobody can sign for online: their paper signature is recorded."""
        holder = self.officer(capacity)
        return holder if isinstance(holder, Person) and holder.user_id is None else None

    @property
    def chair_name(self) -> str:
        return self.officer_name("chair")

    @property
    def secretary_name(self) -> str:
        return self.officer_name("secretary")

    @property
    def officers_coincide(self) -> bool:
        """One person named as both (rows made before the rule): nobody signs then."""
        chair, secretary = self.officer("chair"), self.officer("secretary")
        if chair is None or secretary is None:
            return False
        if chair is secretary:
            return True
        users = (self.officer_user_id("chair"), self.officer_user_id("secretary"))
        return users[0] is not None and users[0] == users[1]

    # Minutes ---------------------------------------------------------------------------
    @property
    def minutes_locked(self) -> bool:
        """Approved (or withdrawn) minutes are read-only until the chair reopens them."""
        return self.state in (COMPLETED, WITHDRAWN)

    @property
    def signed_by_both(self) -> bool:
        return self.chair_signed_at is not None and self.secretary_signed_at is not None

    @hybrid_property
    def was_held(self) -> bool:
        """The meeting took place: held (its minutes being recorded) or approved. A draft
        dated in the past is one nobody recorded; a withdrawn one did not take place. The
        meeting record of the self-assessment report, its attendance chart and the silent
        subgroups' warning count these."""
        return self.state in (MONITORED, COMPLETED)

    @was_held.inplace.expression
    @classmethod
    def _was_held_expression(cls) -> ColumnElement[bool]:
        return cls.state.in_((MONITORED, COMPLETED))

    @property
    def present(self) -> list[Attendee]:
        return [a for a in self.attendees if a.presence == Presence.PRESENT]

    @property
    def balance(self) -> dict[str, int]:
        """Present attendees per kind of organisation: is civil society at the table?"""
        counts = {kind.value: 0 for kind in OrgKind}
        for attendee in self.present:
            counts[attendee.org_kind] += 1
        return counts

    @property
    def has_quorum(self) -> bool:
        """More than half of the listed members are present. Members are the attendees with
        an account; an imported protocol often names nobody with one, and then everyone
        listed counts."""
        members = [a for a in self.attendees if a.user_id is not None] or self.attendees
        if not members:
            return False
        present = sum(1 for a in members if a.presence == Presence.PRESENT)
        return present * 2 > len(members)

    # Permissions -------------------------------------------------------------------------
    def _in_group(self, user: User) -> bool:
        return self.subgroup is not None and self.subgroup.works_in(user)

    @property
    def lock_reason(self) -> str | None:
        """Why nobody may change the minutes now, for people; None while they are open."""
        if self.state == WITHDRAWN:
            return _("This meeting was withdrawn; its minutes are read-only.")
        if self.state == COMPLETED:
            return _("The minutes are approved and read-only. The chair can reopen them.")
        return None

    def may_record(self, user: User) -> bool:
        """Create and edit minutes: the secretary and chair, or the subgroup's own people
        (an observer among them stays read-only)."""
        if self.minutes_locked:
            return False
        return self._keeps_minutes(user)

    def _keeps_minutes(self, user: User) -> bool:
        return user.role_for(self) in (*MANAGERS, Role.SECRETARY) or self._in_group(user)

    def may_confirm_import(self, user: User) -> bool:
        """Confirm that an imported protocol was checked: who keeps these minutes. The flag
        is about how the minutes came in, not what they say, so approved minutes (which the
        chair may have approved from paper meanwhile) can still be confirmed."""
        return self._keeps_minutes(user)

    @staticmethod
    def may_create(user: User, subgroup: Subgroup | None = None) -> bool:
        if user.role in (*MANAGERS, Role.SECRETARY):
            return True
        return subgroup is not None and subgroup.works_in(user) and not subgroup.is_closed

    def signing_capacity(self, user: User) -> str | None:
        """The one signature ``user`` gives: ``"chair"`` or ``"secretary"``, or None.

        Chair and secretary are two people (the operations refuse one person as both), so
        approval always takes two people's separate acts; a row where they coincide (made
        before the rule) gives no capacity at all rather than both.
        """
        if self.officer("chair") is None or self.officers_coincide:
            return None
        if not self.may_be_officer(user):
            return None
        for capacity in ("chair", "secretary"):
            if user.id == self.officer_user_id(capacity):
                return capacity
        return None

    @staticmethod
    def may_be_officer(user: User) -> bool:
        """Chair and secretary sign the minutes: an observer, who writes nothing, is neither
        (a row naming one, made before the rule, gives them no signature)."""
        return not user.is_read_only

    def may_sign(self, user: User) -> bool:
        return self.state == MONITORED and self.signing_capacity(user) is not None

    def __repr__(self) -> str:
        return f"<Meeting {self.id} N{self.number} {self.state}>"


class Attendee(MunicipalScoped, VersionedMixin, db.Model):
    __tablename__ = "attendees"
    __table_args__ = (
        CheckConstraint(OrgKind.sql_check("org_kind"), name="org_kind"),
        CheckConstraint(Presence.sql_check("presence"), name="presence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    # The person of the records an imported or typed-in name stands for.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[str] = mapped_column(String(300), default="")
    org_kind: Mapped[str] = mapped_column(String(20), default=OrgKind.GOVERNMENT.value)
    presence: Mapped[str] = mapped_column(String(10), default=Presence.PRESENT.value)
    remote: Mapped[bool] = mapped_column(default=False, server_default=text("false"))

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    user: Mapped[User | None] = relationship()
    person: Mapped[Person | None] = relationship()

    audit_type = "attendee"

    @property
    def display_name(self) -> str:
        return (self.name or (self.user.name if self.user else "")
                or (self.person.name if self.person else "") or self.organisation)


class AgendaItem(MunicipalScoped, VersionedMixin, db.Model):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    discussion: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")


class Decision(MunicipalScoped, VersionedMixin, db.Model):
    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("meeting_id", "number", name="uq_decisions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")
    action_items: Mapped[list[ActionItem]] = relationship(
        back_populates="decision", order_by="ActionItem.id"
    )

    audit_type = "decision"


class ActionItem(MunicipalScoped, VersionedMixin, db.Model):
    """Work a decision assigns: tracked on the board until done or cancelled."""

    __tablename__ = "action_items"
    __table_args__ = (CheckConstraint(ActionState.sql_check("state"), name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    owner_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    # An owner without an account, or (imported) the responsible as the protocol wrote it
    # when it matched no unit and no person.
    owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    owner_text: Mapped[str] = mapped_column(String(300), default="", server_default="")
    deadline: Mapped[date] = mapped_column(index=True)
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(String(10), default=ActionState.OPEN.value, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision: Mapped[Decision] = relationship(back_populates="action_items")
    owner: Mapped[User | None] = relationship()
    owner_unit: Mapped[Unit | None] = relationship()
    owner_person: Mapped[Person | None] = relationship()
    commitment: Mapped[Commitment | None] = relationship()

    audit_type = "action_item"
    EDITABLE = ("title", "owner_id", "owner_unit_id", "owner_person_id", "owner_text",
                "deadline", "commitment_id")

    @property
    def owner_name(self) -> str:
        """Who owns it, however it is recorded: account, unit, person, or the words."""
        for holder in (self.owner, self.owner_unit, self.owner_person):
            if holder is not None:
                return holder.name
        return self.owner_text

    @property
    def is_open(self) -> bool:
        return self.state == ActionState.OPEN

    # A dated item (tracker.workflow.dated): done when done, dead once cancelled.
    due = property(lambda self: self.deadline)
    is_done = hybrid_property(lambda self: self.state == ActionState.DONE)
    is_live = hybrid_property(lambda self: self.state != ActionState.CANCELLED)

    def may_close(self, user: User) -> bool:
        """Its owner or the chair mark it done or cancel it (PRODUCT.md)."""
        return self.is_open and (
            user.manages(self) or (user.id == self.owner_id and not user.reads_only(self))
        )

    def may_reopen(self, user: User) -> bool:
        return not self.is_open and user.manages(self)
