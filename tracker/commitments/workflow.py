"""The commitment workflow, declared on the shared engine (PRODUCT.md, "The state machines")."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..accounts.roles import MANAGERS
from ..workflow import (
    COMPLETED,
    DRAFT,
    MONITORED,
    WITHDRAWN,
    Transition,
    Workflow,
    withdraw_and_reopen,
)
from .models import Commitment


def _has_owner(c: Commitment, _comment: str) -> str | None:
    if c.owner_id or c.owner_unit_id:
        return None
    return _("A responsible owner (a person or a unit) is required.")


def _has_lead_unit(c: Commitment, _comment: str) -> str | None:
    return None if c.lead_unit_id else _("A lead unit is required.")


def _has_start_date(c: Commitment, _comment: str) -> str | None:
    return None if c.start_date else _("A start date is required.")


def _has_deadline(c: Commitment, _comment: str) -> str | None:
    return None if c.deadline else _("A deadline is required.")


def _has_milestone(c: Commitment, _comment: str) -> str | None:
    return None if c.milestones else _("At least one milestone is required.")


def _all_milestones_done(c: Commitment, _comment: str) -> str | None:
    open_count = sum(1 for m in c.milestones if not m.done)
    if not c.milestones:
        return _("At least one milestone is required.")
    if open_count:
        return _("%(n)d milestone(s) are not done yet.", n=open_count)
    return None


def _has_evidence(c: Commitment, _comment: str) -> str | None:
    return None if c.completion_evidence.strip() else _("Completion evidence is required.")


COMMITMENT_WORKFLOW = Workflow(
    kind="commitment",
    state_labels={
        DRAFT: _l("Draft"),
        MONITORED: _l("Monitored"),
        COMPLETED: _l("Completed"),
        WITHDRAWN: _l("Withdrawn"),
    },
    transitions=(
        Transition(
            name="monitor",
            source=(DRAFT,),
            dest=MONITORED,
            roles=MANAGERS,
            label=_l("Approve for monitoring"),
            guards=(_has_owner, _has_lead_unit, _has_start_date, _has_deadline, _has_milestone),
        ),
        Transition(
            name="complete",
            source=(MONITORED,),
            dest=COMPLETED,
            roles=MANAGERS,
            label=_l("Mark completed"),
            guards=(_all_milestones_done, _has_evidence),
        ),
        *withdraw_and_reopen(MANAGERS),
    ),
)
