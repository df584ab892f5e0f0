"""The thematic subgroup, declared once as a tracked kind (see :mod:`tracker.workflow.kinds`)."""

from __future__ import annotations

from ..workflow.kinds import Kind
from .models import FIELD_LABELS, Subgroup
from .queries import load_subgroup
from .workflow import SUBGROUP_WORKFLOW

SUBGROUP = Kind(
    name=Subgroup.audit_type,
    model=Subgroup,
    workflow=SUBGROUP_WORKFLOW,
    collection="subgroups",
    blueprint="subgroups",
    id_arg="subgroup_id",
    loader=load_subgroup,
    field_labels=FIELD_LABELS,
)
