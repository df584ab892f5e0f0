"""The subgroup workflow: proposed → active → completed, declared on the shared engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from ..accounts.roles import MANAGERS
from ..workflow import (
    COMPLETED,
    DRAFT,
    MONITORED,
    Workflow,
    forward,
    requires,
    state_labels,
    withdraw_and_reopen,
)
from .models import Subgroup

if TYPE_CHECKING:
    from ..accounts.models import User


def _is_lead(g: Subgroup, user: User) -> bool:
    return g.lead_id is not None and g.lead_id == user.id


SUBGROUP_WORKFLOW = Workflow(
    kind="subgroup",
    state_labels=state_labels(_l("Proposed"), _l("Active"), _l("Completed")),
    transitions=(
        forward(
            "activate", (DRAFT, MONITORED), _l("Approve and activate"), MANAGERS,
            requires(lambda g: g.lead_id, _l("A lead is required.")),
            requires(lambda g: g.members, _l("At least one member is required.")),
            requires(lambda g: g.commitments, _l("At least one linked commitment is required.")),
            requires(lambda g: g.deliverable_deadline, _l("A deliverable deadline is required.")),
        ),
        forward(
            "complete", (MONITORED, COMPLETED), _l("Mark completed"), MANAGERS,
            requires(lambda g: g.is_done, _l("The deliverable must be recorded.")),
            also_permitted=_is_lead,
        ),
        *withdraw_and_reopen(MANAGERS),
    ),
)
