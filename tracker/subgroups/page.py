"""What the subgroup page gathers from other areas: everything dated the group works
towards. Like the views, this sits above the meetings area it reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import gettext as _

from ..meetings.models import ActionItem
from .models import Subgroup


@dataclass(frozen=True)
class Deadline:
    due: date
    kind: str
    title: str
    url: str
    done: bool


def subgroup_deadlines(group: Subgroup, items: list[ActionItem]) -> list[Deadline]:
    """Everything dated the group works towards, soonest first: its deliverable, its live
    commitments and their open milestones, and the open action items of its meetings.
    Done and live are the items' own rule (tracker.workflow.dated)."""
    found: list[Deadline] = []
    if group.due:
        found.append(Deadline(group.due, _("Deliverable"), group.deliverable or group.name,
                              url_for("subgroups.detail", subgroup_id=group.id) + "#deliverable",
                              group.is_done))
    for c in group.commitments:
        if not c.is_live:
            continue
        url = url_for("commitments.detail", commitment_id=c.id)
        if c.due:
            found.append(Deadline(c.due, _("Commitment"), c.title, url, c.is_done))
        found += [Deadline(m.due, _("Milestone"), m.title, f"{url}#milestone-{m.id}", False)
                  for m in c.milestones if m.due and not m.is_done]
    for item in items:
        if item.is_live and not item.is_done:
            found.append(Deadline(
                item.deadline, _("Action item"), item.title,
                url_for("meetings.detail", meeting_id=item.decision.meeting_id)
                + f"#action-{item.id}",
                False,
            ))
    return sorted(found, key=lambda d: (d.done, d.due))
