"""The meeting, declared once as a tracked kind (see :mod:`tracker.workflow.kinds`)."""

from __future__ import annotations

from ..workflow.kinds import Kind
from .models import FIELD_LABELS, Meeting
from .operations import transition_meeting
from .queries import meeting_history, meeting_page
from .workflow import MEETING_WORKFLOW

MEETING = Kind(Meeting, MEETING_WORKFLOW, "meetings", FIELD_LABELS, page=meeting_page,
               history_of=meeting_history, transition_operation=transition_meeting)
