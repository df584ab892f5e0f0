"""The meeting, declared once as a tracked kind (see :mod:`tracker.workflow.kinds`)."""

from __future__ import annotations

from ..workflow.kinds import Kind
from .models import FIELD_LABELS, Meeting
from .operations import transition_meeting
from .queries import load_meeting, meeting_history
from .workflow import MEETING_WORKFLOW

MEETING = Kind(Meeting, MEETING_WORKFLOW, "meetings", FIELD_LABELS, loader=load_meeting,
               history_of=meeting_history, transition_operation=transition_meeting)
