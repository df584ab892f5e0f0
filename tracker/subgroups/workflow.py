"""The subgroup workflow: proposed → active → completed, declared on the shared engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from .models import Subgroup

if TYPE_CHECKING:
    from ..accounts.models import User


def _has_lead(g: Subgroup, _comment: str) -> str | None:
    return None if g.lead_id else _("A lead is required.")


def _has_member(g: Subgroup, _comment: str) -> str | None:
    return None if g.members else _("At least one member is required.")


def _has_commitment(g: Subgroup, _comment: str) -> str | None:
    return None if g.commitments else _("At least one linked commitment is required.")


def _has_deadline(g: Subgroup, _comment: str) -> str | None:
    return None if g.deliverable_deadline else _("A deliverable deadline is required.")


def _deliverable_recorded(g: Subgroup, _comment: str) -> str | None:
    return None if g.deliverable_result.strip() else _("The deliverable must be recorded.")


def _is_lead(g: Subgroup, user: User) -> bool:
    return g.lead_id is not None and g.lead_id == user.id


SUBGROUP_WORKFLOW = Workflow(
    kind="subgroup",
    state_labels={
        DRAFT: _l("Proposed"),
        MONITORED: _l("Active"),
        COMPLETED: _l("Completed"),
        WITHDRAWN: _l("Withdrawn"),
    },
    transitions=(
        Transition(
            name="activate",
            source=(DRAFT,),
            dest=MONITORED,
            roles=MANAGERS,
            label=_l("Approve and activate"),
            guards=(_has_lead, _has_member, _has_commitment, _has_deadline),
        ),
        Transition(
            name="complete",
            source=(MONITORED,),
            dest=COMPLETED,
            roles=MANAGERS,
            also_permitted=_is_lead,
            label=_l("Mark completed"),
            guards=(_deliverable_recorded,),
        ),
        *withdraw_and_reopen(MANAGERS),
    ),
)
