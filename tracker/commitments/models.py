"""Action plans, commitments and milestones.

Object-level permission questions ("may this user edit this commitment?") are answered here,
so that views, API and templates ask the same question of the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..accounts.roles import Role
from ..database import Money, UTCDateTime, VersionedMixin, utcnow
from ..directory.models import Unit
from ..extensions import db
from ..labels import Labelled
from ..municipalities.models import MunicipalScoped
from ..workflow import COMPLETED, WITHDRAWN, StatefulMixin, state_constraint
from .sdg import sdg_label


class OgpValue(Labelled):
    ACCESS_TO_INFORMATION = "access_to_information", _l("Access to information")
    CIVIC_PARTICIPATION = "civic_participation", _l("Civic participation")
    PUBLIC_ACCOUNTABILITY = "public_accountability", _l("Public accountability")
    TECHNOLOGY_AND_INNOVATION = "technology_and_innovation", _l("Technology and innovation")


OGP_VALUE_LABELS = OgpValue.labels()


class CompletionLevel(Labelled):
    """OGP Independent Reporting Mechanism's completion scale."""

    NOT_STARTED = "not_started", _l("Not started")
    LIMITED = "limited", _l("Limited")
    SUBSTANTIAL = "substantial", _l("Substantial")
    COMPLETE = "complete", _l("Complete")


COMPLETION_LABELS = CompletionLevel.labels()


# One label per field, used by the forms and by the history timeline.
FIELD_LABELS = {
    "title": _l("Title"),
    "period_start": _l("Period start"),
    "period_end": _l("Period end"),
    "plan_id": _l("Action plan"),
    "number": _l("Number"),
    "problem": _l("Problem addressed"),
    "description": _l("Description"),
    "ogp_values": _l("OGP values"),
    "lead_unit_id": _l("Lead unit"),
    "owner_id": _l("Responsible owner"),
    "owner_unit_id": _l("Responsible unit"),
    "lead_unit_text": _l("Lead unit as the plan names it (when it is not in the directory)"),
    "owner_text": _l("Responsible owner as the plan names them (when not in the directory)"),
    "solution": _l("How it will contribute to solving the problem"),
    "value_relevance": _l("Relevance to OGP values"),
    "stakeholders_government": _l("Supporting stakeholders: government"),
    "stakeholders_other": _l("Supporting stakeholders: civil society, private sector, "
                             "multilaterals"),
    "budget_amount": _l("Budget"),
    "budget_currency": _l("Currency"),
    "budget_note": _l("Budget note"),
    "programme_links": _l("Links to other government programmes or the national strategy"),
    "sdgs": _l("Sustainable Development Goals"),
    "additional_info": _l("Additional information"),
    "start_date": _l("Start date"),
    "deadline": _l("Deadline"),
    "completion_evidence": _l("Completion evidence"),
    "done": _l("Done"),
    "done_at": _l("Done on"),
    "evidence": _l("Evidence (a note or a link)"),
}


@dataclass(frozen=True)
class Named:
    """Who or what a commitment or milestone names in one role (its lead unit, its owner):
    the unit of the directory or the account it links, or — when it links none — the
    words the plan gave. ``linked`` tells the pages to add "not in the directory"."""

    name: str
    unit: Unit | None = None
    user: User | None = None

    @property
    def linked(self) -> bool:
        return self.unit is not None or self.user is not None


def named(user: User | None, unit: Unit | None, text: str) -> Named | None:
    """The one rule for what a role shows: the linked account, else the linked unit, else
    the text, else nothing."""
    if user is not None:
        return Named(user.name, user=user)
    if unit is not None:
        return Named(unit.name, unit=unit)
    return Named(text) if text else None


def name_of(value: Named | None) -> str | None:
    """The name alone (the API, the board, a printed report)."""
    return value.name if value is not None else None


def completion_level(done: int, total: int) -> CompletionLevel:
    """IRM levels from milestones: none done, under half, half or more, all."""
    if total == 0 or done == 0:
        return CompletionLevel.NOT_STARTED
    if done == total:
        return CompletionLevel.COMPLETE
    if done * 2 >= total:
        return CompletionLevel.SUBSTANTIAL
    return CompletionLevel.LIMITED


#: The template's fields added by issue 16 (migration 0010), in the template's order.
TEMPLATE_FIELDS = (
    "solution", "value_relevance", "stakeholders_government", "stakeholders_other",
    "budget_amount", "budget_currency", "budget_note", "programme_links", "sdgs",
    "additional_info",
)


# How the structured fields read in the history (tracker.audit.timeline): whatever was
# recorded, as names. A reader may fail on an odd recorded value; the timeline then shows it.
def _value_labels(codes: list[str]) -> list[str]:
    return [str(OGP_VALUE_LABELS.get(code, code)) for code in codes]  # type: ignore[call-overload]


def _relevance_lines(relevance: dict[str, str]) -> list[str]:
    return [f"{_value_labels([code])[0]}: {sentence}" for code, sentence in relevance.items()]


def _stakeholder_lines(entries: list[dict[str, Any]]) -> list[str]:
    return [str(entry["name"]) for entry in entries]


def _sdg_lines(numbers: list[int]) -> list[str]:
    return [sdg_label(number) for number in numbers]


def _amount(value: str) -> str:
    return format_decimal(Decimal(value))


class ActionPlan(MunicipalScoped, VersionedMixin, db.Model):
    __tablename__ = "action_plans"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period"),
        UniqueConstraint("municipality_id", "title", name="uq_action_plans_municipality_title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    period_start: Mapped[date]
    period_end: Mapped[date]
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    audit_type = "action_plan"

    @staticmethod
    def may_create(user: User) -> bool:
        return user.is_manager

    def may_edit(self, user: User) -> bool:
        return user.manages(self)


class Commitment(MunicipalScoped, StatefulMixin, VersionedMixin, db.Model):
    __tablename__ = "commitments"
    __table_args__ = (
        state_constraint(),
        CheckConstraint("deadline IS NULL OR start_date IS NULL OR deadline >= start_date",
                        name="dates"),
        UniqueConstraint("plan_id", "number", name="uq_commitments_plan_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="RESTRICT"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    problem: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    ogp_values: Mapped[list[str]] = mapped_column(JSON, default=list)
    lead_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    # The responsible owner is a person or, where no one person answers, a unit.
    owner_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    # The lead unit and the contact person as the plan names them, when they are not (yet)
    # a unit of the directory or a person with an account (migration 0011).
    lead_unit_text: Mapped[str] = mapped_column(String(300), default="", server_default="")
    owner_text: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # The rest of the OGP template (PRODUCT.md), in its order. A stakeholder is
    # {"unit_id": a unit of the directory or None, "name": its name (the unit's when given)}.
    solution: Mapped[str] = mapped_column(Text, default="")
    value_relevance: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    stakeholders_government: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    stakeholders_other: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    budget_amount: Mapped[Decimal | None] = mapped_column(Money)
    budget_currency: Mapped[str] = mapped_column(String(3), default="GEL")
    budget_note: Mapped[str] = mapped_column(Text, default="")
    programme_links: Mapped[str] = mapped_column(Text, default="")
    sdgs: Mapped[list[int]] = mapped_column(JSON, default=list)
    additional_info: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None]
    deadline: Mapped[date | None] = mapped_column(index=True)
    completion_evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[ActionPlan] = relationship()
    lead_unit: Mapped[Unit | None] = relationship(foreign_keys=[lead_unit_id])
    owner: Mapped[User | None] = relationship()
    owner_unit: Mapped[Unit | None] = relationship(foreign_keys=[owner_unit_id])
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="commitment",
        order_by="(Milestone.deadline, Milestone.id)",
    )

    audit_type = "commitment"
    audit_readers = {
        "ogp_values": _value_labels,
        "value_relevance": _relevance_lines,
        "stakeholders_government": _stakeholder_lines,
        "stakeholders_other": _stakeholder_lines,
        "budget_amount": _amount,
        "sdgs": _sdg_lines,
    }

    # Fields a person edits through the form / API; also the fields audited on creation.
    EDITABLE = (
        "plan_id", "number", "title", "problem", "description", "ogp_values", "lead_unit_id",
        "lead_unit_text", "owner_id", "owner_unit_id", "owner_text", "start_date", "deadline",
        "completion_evidence", *TEMPLATE_FIELDS,
    )

    # Re-planning fields: only the chair/admin may change them; an owner reports progress
    # and describes the commitment (the template's text, stakeholders, SDGs, the budget's
    # note) but does not re-plan its money: the budget's amount and currency are the chair's.
    PLANNING_FIELDS = (
        "plan_id", "number", "owner_id", "owner_unit_id", "owner_text", "lead_unit_id",
        "lead_unit_text", "start_date", "deadline", "budget_amount", "budget_currency",
    )

    @property
    def lead_unit_display(self) -> Named | None:
        """The lead unit as the pages show it: the directory's unit, else the plan's words."""
        return named(None, self.lead_unit, self.lead_unit_text)

    @property
    def owner_display(self) -> Named | None:
        """The responsible owner as the pages show it: the account, else the unit, else the
        plan's words (:func:`named`)."""
        return named(self.owner, self.owner_unit, self.owner_text)

    @property
    def contact_display(self) -> Named | None:
        """The contact person alone (the page shows the responsible unit on a line of its
        own): the account, else the plan's words."""
        return named(self.owner, None, self.owner_text)

    @property
    def is_closed(self) -> bool:
        return self.state in (COMPLETED, WITHDRAWN)

    # A dated item (tracker.workflow.dated): done once completed, dead once withdrawn.
    due = property(lambda self: self.deadline)
    is_done = hybrid_property(lambda self: self.state == COMPLETED)
    is_live = hybrid_property(lambda self: self.state != WITHDRAWN)

    @property
    def completion(self) -> CompletionLevel:
        done = sum(1 for m in self.milestones if m.done)
        return completion_level(done, len(self.milestones))

    # Permissions ----------------------------------------------------------------------
    @staticmethod
    def may_create(user: User) -> bool:
        return user.is_manager

    def may_edit(self, user: User) -> bool:
        if self.state == WITHDRAWN:
            return False
        return user.manages(self) or (
            user.role_for(self) == Role.MEMBER and self.owner_id == user.id
        )

    def may_add_milestone(self, user: User) -> bool:
        return not self.is_closed and self.may_edit(user)

    def __repr__(self) -> str:
        return f"<Commitment {self.id} {self.state}>"


class Milestone(MunicipalScoped, VersionedMixin, db.Model):
    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    owner_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    # The responsible as the plan names them, when not in the directory (migration 0011).
    owner_text: Mapped[str] = mapped_column(String(300), default="", server_default="")
    deadline: Mapped[date] = mapped_column(index=True)
    done: Mapped[bool] = mapped_column(default=False)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="milestones")
    owner: Mapped[User | None] = relationship()
    owner_unit: Mapped[Unit | None] = relationship()

    audit_type = "milestone"
    EDITABLE = ("title", "owner_id", "owner_unit_id", "owner_text", "deadline")

    @property
    def owner_display(self) -> Named | None:
        """Its owner as the pages show it (:func:`named`)."""
        return named(self.owner, self.owner_unit, self.owner_text)

    # A dated item (tracker.workflow.dated): live while its commitment is.
    due = property(lambda self: self.deadline)
    is_done = hybrid_property(lambda self: self.done)

    @hybrid_property
    def is_live(self) -> bool:
        return self.commitment.is_live

    @is_live.inplace.expression
    @classmethod
    def _is_live_expression(cls) -> ColumnElement[bool]:
        return cls.commitment.has(Commitment.is_live)

    def may_edit(self, user: User) -> bool:
        return self.commitment.may_add_milestone(user)

    def may_mark_done(self, user: User) -> bool:
        """Its owner, the commitment's owner, or the chair/admin."""
        if self.commitment.is_closed:
            return False
        if user.manages(self):
            return True
        return user.role_for(self) == Role.MEMBER and user.id in (
            self.owner_id, self.commitment.owner_id
        )
