"""How a notification reads, in the reader's language: its subject (what it is about) and
its headline (what happened), for the bell, the list, the API and the e-mails alike.

Numbers of days go through ``ngettext``: Georgian has one form for every number
("1 დღე", "3 დღე"), English two.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..board.sources import SOURCES
from ..commitments.workflow import COMMITMENT_WORKFLOW
from .kinds import Kind
from .models import Notification

#: What each subject is called: the board's kinds in its own words, and meetings.
SUBJECT_LABELS: dict[str, Any] = {source.kind: source.label for source in SOURCES} | {
    "meeting": _l("Meeting"),
}


def subject(n: Notification) -> str:
    """What it is about: "Action item: prepare the report", "Meeting N5"."""
    if n.subject_type == "meeting":
        name = _("Meeting N%(number)d", number=int((n.data or {}).get("number", 0)))
        return f"{name} — {n.title}" if n.title else name
    label = SUBJECT_LABELS.get(n.subject_type, n.subject_type)
    return f"{label}: {n.title}"


def days_left(days: int) -> str:
    if days == 0:
        return _("Due today")
    return ngettext("%(num)d day left until the deadline",
                    "%(num)d days left until the deadline", days)


def days_overdue(days: int) -> str:
    return ngettext("%(num)d day past the deadline", "%(num)d days past the deadline", days)


def headline(n: Notification, today: date) -> str:
    """What happened, as of ``today`` (a reminder read three days later counts from then)."""
    data: dict[str, Any] = n.data or {}
    kind = Kind(n.kind)
    if kind == Kind.DUE_SOON and n.due is not None:
        left = (n.due - today).days
        return days_left(left) if left >= 0 else days_overdue(-left)
    if kind in (Kind.OVERDUE, Kind.ESCALATION) and n.due is not None:
        text = days_overdue(max((today - n.due).days, 1))
        if kind == Kind.ESCALATION:
            text = _("Long overdue: %(days)s", days=text)
        return text
    if kind == Kind.ASSIGNED:
        if n.subject_type == "action_item":
            return _("A decision gave you this action item")
        return _("You are now its owner")
    if kind == Kind.STATE_CHANGED:
        return _("State changed: %(before)s → %(after)s",
                 before=COMMITMENT_WORKFLOW.label(str(data.get("from"))),
                 after=COMMITMENT_WORKFLOW.label(str(data.get("to"))))
    if kind == Kind.MINUTES_TO_SIGN:
        return _("The minutes are ready for your signature")
    if kind == Kind.MINUTES_APPROVED:
        return _("The minutes are approved")
    if kind == Kind.MINUTES_PENDING and n.due is not None:
        return ngettext("Held %(num)d day ago; the minutes are not yet approved",
                        "Held %(num)d days ago; the minutes are not yet approved",
                        (today - n.due).days)
    return str(kind.label)
