"""The subgroup workflow: proposed → active → completed, declared on the shared engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from .. import workflow as wf
from ..accounts.roles import MANAGERS
from .models import Subgroup

if TYPE_CHECKING:
    from ..accounts.models import User


def _is_lead(g: Subgroup, user: User) -> bool:
    return g.lead_id is not None and g.lead_id == user.id


SUBGROUP_WORKFLOW = wf.Workflow(
    kind="subgroup",
    state_labels=wf.state_labels(_l("Proposed"), _l("Active"), _l("Completed")),
    transitions=(
        wf.forward(
            "activate", wf.TO_MONITORED, _l("Approve and activate"), MANAGERS,
            wf.requires(lambda g: g.lead_id, _l("A lead is required.")),
            wf.requires(lambda g: g.members, _l("At least one member is required.")),
            wf.requires(lambda g: g.commitments,
                        _l("At least one linked commitment is required.")),
            wf.requires(lambda g: g.deliverable_deadline,
                        _l("A deliverable deadline is required.")),
        ),
        wf.forward(
            "complete", wf.TO_COMPLETED, _l("Mark completed"), MANAGERS,
            wf.requires(lambda g: g.is_done, _l("The deliverable must be recorded.")),
            also_permitted=_is_lead,
        ),
        *wf.withdraw_and_reopen(MANAGERS),
    ),
)
