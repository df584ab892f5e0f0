"""The thematic subgroup, declared once as a tracked kind (see :mod:`tracker.workflow.kinds`)."""

from __future__ import annotations

from ..workflow.kinds import Kind
from .models import FIELD_LABELS, Subgroup
from .queries import subgroup_page
from .workflow import SUBGROUP_WORKFLOW

SUBGROUP = Kind(Subgroup, SUBGROUP_WORKFLOW, "subgroups", FIELD_LABELS, page=subgroup_page)
