"""The commitment, declared once as a tracked kind (see :mod:`tracker.workflow.kinds`)."""

from __future__ import annotations

from ..audit.models import AuditEntry
from ..workflow.kinds import Kind, entries_of
from .models import FIELD_LABELS, Commitment, Milestone
from .queries import commitment_page
from .workflow import COMMITMENT_WORKFLOW


def commitment_history(commitment: Commitment) -> list[AuditEntry]:
    """The commitment's own entries and its milestones', in order."""
    return entries_of(
        (Commitment.audit_type, [commitment.id]),
        (Milestone.audit_type, [m.id for m in commitment.milestones]),
    )


COMMITMENT = Kind(Commitment, COMMITMENT_WORKFLOW, "commitments", FIELD_LABELS,
                  page=commitment_page, history_of=commitment_history)
