"""What the public feeds show, one rule a kind (issue 13: "one declared rule per kind").

Each function answers, as a SQL condition on the kind's rows, "may a visitor see this
row?"; the calendar and the Atom feed ask nothing else. Nothing in a draft (a commitment or
a subgroup not yet approved), nothing withdrawn, and a decision's action items only once
the meeting's minutes are approved. A scheduled meeting is public: OGP asks that meetings
be announced ahead. The public site's own rule (``tracker/public/rules.py``, built
alongside) is meant to replace these bodies when the two meet.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement

from ..commitments.models import Commitment, Milestone
from ..meetings.models import ActionItem, Decision, Meeting
from ..subgroups.models import Subgroup
from ..workflow import COMPLETED, DRAFT, MONITORED

#: The states in which an approved item is shown: past draft, not withdrawn.
APPROVED = (MONITORED, COMPLETED)


def public_commitments() -> ColumnElement[bool]:
    """A commitment approved for monitoring or completed."""
    return Commitment.state.in_(APPROVED)


def public_milestones() -> ColumnElement[bool]:
    """A milestone of a public commitment."""
    return Milestone.commitment.has(public_commitments())


def public_subgroups() -> ColumnElement[bool]:
    """An active or completed subgroup (a proposed one is a draft)."""
    return Subgroup.state.in_(APPROVED)


def public_meetings() -> ColumnElement[bool]:
    """Every meeting but a cancelled one: scheduled ones too, announced ahead."""
    return Meeting.state.in_((DRAFT, MONITORED, COMPLETED))


def approved_minutes() -> ColumnElement[bool]:
    """A meeting whose minutes are approved: its decisions and action items are public."""
    return Meeting.state == COMPLETED


def public_action_items() -> ColumnElement[bool]:
    """An action item of a decision of a meeting whose minutes are approved."""
    return ActionItem.decision.has(Decision.meeting.has(approved_minutes()))


#: The rule of each board kind (:class:`~tracker.board.items.BoardSource` ``kind``).
PUBLIC_DEADLINES: dict[str, Callable[[], ColumnElement[bool]]] = {
    "commitment": public_commitments,
    "milestone": public_milestones,
    "action_item": public_action_items,
    "subgroup": public_subgroups,
}
