"""Progress reports, their evidence files, report requests and IRM assessments.

Who may report, request or assess is answered here (``may_report``, ``may_request_report``,
``may_assess``), so the operations, the pages and the API ask the same code.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ColumnElement,
    ForeignKey,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..commitments.models import Commitment, Milestone
from ..database import UTCDateTime, VersionedMixin, utcnow
from ..extensions import db
from ..labels import Labelled
from ..municipalities.models import MunicipalScoped
from ..workflow import WITHDRAWN


class ReportStatus(Labelled):
    """The owner's judgement of where the commitment stands."""

    ON_TRACK = "on_track", _l("On track")
    DELAYED = "delayed", _l("Delayed")
    AT_RISK = "at_risk", _l("At risk")


class Potential(Labelled):
    """The IRM's potential impact."""

    UNCLEAR = "unclear", _l("Unclear")
    MODEST = "modest", _l("Modest")
    SUBSTANTIAL = "substantial", _l("Substantial")


class AssessedCompletion(Labelled):
    """The IRM's completion as assessed (beside the level the milestones give)."""

    NO_EVIDENCE = "no_evidence", _l("No evidence available")
    NOT_STARTED = "not_started", _l("Not started")
    LIMITED = "limited", _l("Limited")
    SUBSTANTIAL = "substantial", _l("Substantial")
    COMPLETE = "complete", _l("Complete")


class OpenedGovernment(Labelled):
    """The IRM's "did it open government?"."""

    WORSENED = "worsened", _l("Worsened")
    DID_NOT_CHANGE = "did_not_change", _l("Did not change")
    MARGINAL = "marginal", _l("Marginal")
    MAJOR = "major", _l("Major")
    OUTSTANDING = "outstanding", _l("Outstanding")


# Permissions on a commitment's progress ----------------------------------------------
def may_report(commitment: Commitment, user: User) -> bool:
    """Whoever may edit the commitment reports its progress: its owner (a member) or the
    chair/admin, while it is not withdrawn (``Commitment.may_edit``, the one rule)."""
    return bool(getattr(user, "is_authenticated", False) and commitment.may_edit(user))


def may_request_report(commitment: Commitment, user: User) -> bool:
    """The chair/admin asks for a report (not of a withdrawn commitment)."""
    return (getattr(user, "is_authenticated", False) and commitment.state != WITHDRAWN
            and user.manages(commitment))


def may_assess(commitment: Commitment, user: User) -> bool:
    """The chair or an administrator records what the IRM assessed."""
    return getattr(user, "is_authenticated", False) and user.manages(commitment)


progress_report_milestones = Table(
    "progress_report_milestones",
    db.metadata,
    Column("report_id", ForeignKey("progress_reports.id", ondelete="CASCADE"),
           primary_key=True),
    Column("milestone_id", ForeignKey("milestones.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class ProgressReport(MunicipalScoped, VersionedMixin, db.Model):
    __tablename__ = "progress_reports"
    __table_args__ = (CheckConstraint(ReportStatus.sql_check("status"), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"),
                                           index=True)
    reported_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    commitment: Mapped[Commitment] = relationship()
    author: Mapped[User] = relationship()
    milestones: Mapped[list[Milestone]] = relationship(
        secondary=progress_report_milestones, order_by="(Milestone.deadline, Milestone.id)"
    )
    files: Mapped[list[EvidenceFile]] = relationship(
        back_populates="report", order_by="EvidenceFile.id", cascade="all, delete-orphan",
        passive_deletes=True,
    )

    audit_type = "progress_report"
    # The fields audited on creation (the milestones as their ids).
    AUDITED = ("reported_on", "text", "status", "reason", "links", "commitment_id")


class EvidenceFile(MunicipalScoped, db.Model):
    """A file attached to a progress report, kept in the database (never served inline)."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("progress_reports.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[ProgressReport] = relationship(back_populates="files")


class ReportRequest(MunicipalScoped, VersionedMixin, db.Model):
    """The chair asks a commitment's owner for a progress report by a date: a dated item on
    the owner's board, answered by the next report filed on the commitment."""

    __tablename__ = "report_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"),
                                          index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    deadline: Mapped[date] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("progress_reports.id", ondelete="SET NULL"), index=True
    )
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)

    commitment: Mapped[Commitment] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    report: Mapped[ProgressReport | None] = relationship()

    audit_type = "report_request"
    AUDITED = ("commitment_id", "owner_id", "deadline", "note")

    # A dated item (tracker.workflow.dated): done once a report answers it, dead once
    # cancelled (or its commitment withdrawn).
    @hybrid_property
    def due(self) -> date:
        return self.deadline

    @hybrid_property
    def is_done(self) -> bool:
        return self.report_id is not None

    @is_done.inplace.expression
    @classmethod
    def _is_done_expression(cls) -> ColumnElement[bool]:
        return cls.report_id.is_not(None)

    @hybrid_property
    def is_live(self) -> bool:
        return not self.cancelled and self.commitment.is_live

    @is_live.inplace.expression
    @classmethod
    def _is_live_expression(cls) -> ColumnElement[bool]:
        return cls.cancelled.is_(False) & cls.commitment.has(Commitment.is_live)

    @property
    def is_open(self) -> bool:
        """Still waiting for a report: live and unanswered (the queries' condition)."""
        return bool(self.is_live and not self.is_done)


class Assessment(MunicipalScoped, db.Model):
    """One recorded IRM assessment; every record is kept, the newest by
    (assessed_on, id) is the commitment's current one."""

    __tablename__ = "irm_assessments"
    __table_args__ = (
        CheckConstraint(Potential.sql_check("potential"), name="potential"),
        CheckConstraint(AssessedCompletion.sql_check("completion"), name="completion"),
        CheckConstraint("opened_government IS NULL OR "
                        + OpenedGovernment.sql_check("opened_government"),
                        name="opened_government"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    verifiable: Mapped[bool] = mapped_column(Boolean)
    relevance: Mapped[list[str]] = mapped_column(JSON, default=list)
    potential: Mapped[str] = mapped_column(String(12))
    completion: Mapped[str] = mapped_column(String(12))
    opened_government: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(300), default="")
    assessed_on: Mapped[date]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    commitment: Mapped[Commitment] = relationship()
    recorded_by: Mapped[User] = relationship()

    audit_type = "irm_assessment"
    FIELDS = ("verifiable", "relevance", "potential", "completion", "opened_government",
              "source", "assessed_on")
