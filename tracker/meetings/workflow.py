"""The meeting workflow: scheduled → held → minutes approved, on the shared engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from .. import workflow as wf
from ..accounts.roles import MANAGERS, Role
from .models import Meeting

if TYPE_CHECKING:
    from ..accounts.models import User


def _records_this_meeting(m: Meeting, user: User) -> bool:
    """The meeting's own chair and secretary, and a subgroup's lead and members."""
    return user.id in _officer_accounts(m) or (
        m.subgroup is not None and m.subgroup.works_in(user)
    )


def _officer_accounts(m: Meeting) -> set[int]:
    return {uid for c in ("chair", "secretary") if (uid := m.officer_user_id(c)) is not None}


def _signed_this_meeting(m: Meeting, user: User) -> bool:
    return user.id in _officer_accounts(m)


RECORDERS = frozenset({*MANAGERS, Role.SECRETARY})

MEETING_WORKFLOW = wf.Workflow(
    kind="meeting",
    state_labels=wf.state_labels(_l("Scheduled"), _l("Held"), _l("Minutes approved")),
    transitions=(
        wf.forward(
            "hold", wf.TO_MONITORED, _l("Record as held"), RECORDERS,
            wf.requires(lambda m: m.date, _l("The date is required.")),
            wf.requires(lambda m: m.officer("chair"), _l("Who chaired the meeting is required.")),
            wf.requires(lambda m: m.officer("secretary"), _l("The secretary is required.")),
            wf.requires(lambda m: m.present, _l("At least one attendee must be marked present.")),
            wf.requires(lambda m: m.agenda, _l("At least one agenda item is required.")),
            also_permitted=_records_this_meeting,
        ),
        wf.forward(
            "approve", wf.TO_COMPLETED, _l("Approve the minutes"), RECORDERS,
            wf.requires(lambda m: m.decisions, _l("The decisions must be recorded.")),
            wf.requires(lambda m: m.chair_signed_at,
                        _l("The chair has not signed the minutes yet.")),
            wf.requires(lambda m: m.secretary_signed_at,
                        _l("The secretary has not signed the minutes yet.")),
            also_permitted=_signed_this_meeting,
        ),
        *wf.withdraw_and_reopen(MANAGERS),
    ),
)
