"""The meeting workflow: scheduled → held → minutes approved, on the shared engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..accounts.roles import MANAGERS, Role
from ..workflow import (
    COMPLETED,
    DRAFT,
    MONITORED,
    WITHDRAWN,
    Transition,
    Workflow,
    withdraw_and_reopen,
)
from .models import Meeting

if TYPE_CHECKING:
    from ..accounts.models import User


def _has_date(m: Meeting, _comment: str) -> str | None:
    return None if m.date else _("The date is required.")


def _has_chair(m: Meeting, _comment: str) -> str | None:
    return None if m.chair_id else _("Who chaired the meeting is required.")


def _has_secretary(m: Meeting, _comment: str) -> str | None:
    return None if m.secretary_id else _("The secretary is required.")


def _has_attendees(m: Meeting, _comment: str) -> str | None:
    return None if m.present else _("At least one attendee must be marked present.")


def _has_agenda(m: Meeting, _comment: str) -> str | None:
    return None if m.agenda else _("At least one agenda item is required.")


def _has_decisions(m: Meeting, _comment: str) -> str | None:
    return None if m.decisions else _("The decisions must be recorded.")


def _signed_by_chair(m: Meeting, _comment: str) -> str | None:
    return None if m.chair_signed_at else _("The chair has not signed the minutes yet.")


def _signed_by_secretary(m: Meeting, _comment: str) -> str | None:
    return None if m.secretary_signed_at else _("The secretary has not signed the minutes yet.")


def _records_this_meeting(m: Meeting, user: User) -> bool:
    """The meeting's own chair and secretary, and a subgroup's lead and members."""
    return user.id in (m.chair_id, m.secretary_id) or (
        m.subgroup is not None and m.subgroup.works_in(user)
    )


def _signed_this_meeting(m: Meeting, user: User) -> bool:
    return user.id in (m.chair_id, m.secretary_id)


RECORDERS = frozenset({*MANAGERS, Role.SECRETARY})

MEETING_WORKFLOW = Workflow(
    kind="meeting",
    state_labels={
        DRAFT: _l("Scheduled"),
        MONITORED: _l("Held"),
        COMPLETED: _l("Minutes approved"),
        WITHDRAWN: _l("Withdrawn"),
    },
    transitions=(
        Transition(
            name="hold",
            source=(DRAFT,),
            dest=MONITORED,
            roles=RECORDERS,
            also_permitted=_records_this_meeting,
            label=_l("Record as held"),
            guards=(_has_date, _has_chair, _has_secretary, _has_attendees, _has_agenda),
        ),
        Transition(
            name="approve",
            source=(MONITORED,),
            dest=COMPLETED,
            roles=RECORDERS,
            also_permitted=_signed_this_meeting,
            label=_l("Approve the minutes"),
            guards=(_has_decisions, _signed_by_chair, _signed_by_secretary),
        ),
        *withdraw_and_reopen(MANAGERS),
    ),
)
