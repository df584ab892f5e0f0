"""The meeting, declared once as a tracked kind (see :mod:`tracker.workflow.kinds`)."""

from __future__ import annotations

from ..workflow.kinds import Kind
from .models import FIELD_LABELS, Meeting
from .operations import transition_meeting
from .queries import load_meeting, meeting_history
from .workflow import MEETING_WORKFLOW

MEETING = Kind(
    name=Meeting.audit_type,
    model=Meeting,
    workflow=MEETING_WORKFLOW,
    collection="meetings",
    blueprint="meetings",
    id_arg="meeting_id",
    loader=load_meeting,
    history_of=meeting_history,
    field_labels=FIELD_LABELS,
    transition_operation=transition_meeting,
)
