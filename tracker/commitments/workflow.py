"""The commitment workflow, declared on the shared engine (PRODUCT.md, "The state machines")."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import workflow as wf
from ..accounts.roles import MANAGERS
from .models import Commitment


def _all_milestones_done(c: Commitment, _comment: str) -> str | None:
    if not c.milestones:
        return _("At least one milestone is required.")
    open_count = sum(1 for m in c.milestones if not m.is_done)
    return _("%(n)d milestone(s) are not done yet.", n=open_count) if open_count else None


COMMITMENT_WORKFLOW = wf.Workflow(
    kind="commitment",
    state_labels=wf.state_labels(_l("Draft"), _l("Monitored"), _l("Completed")),
    transitions=(
        wf.forward(
            "monitor", wf.TO_MONITORED, _l("Approve for monitoring"), MANAGERS,
            wf.requires(lambda c: c.owner_id or c.owner_unit_id,
                        _l("A responsible owner (a person or a unit) is required.")),
            wf.requires(lambda c: c.lead_unit_id, _l("A lead unit is required.")),
            wf.requires(lambda c: c.start_date, _l("A start date is required.")),
            wf.requires(lambda c: c.deadline, _l("A deadline is required.")),
            wf.requires(lambda c: c.milestones, _l("At least one milestone is required.")),
        ),
        wf.forward(
            "complete", wf.TO_COMPLETED, _l("Mark completed"), MANAGERS,
            _all_milestones_done,
            wf.requires(lambda c: c.completion_evidence.strip(),
                        _l("Completion evidence is required.")),
        ),
        *wf.withdraw_and_reopen(MANAGERS),
    ),
)
