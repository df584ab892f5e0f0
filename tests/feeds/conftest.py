"""A municipality with one item of each kind in each state that matters to the feeds, each
with a unique marker in its title, so a test can tell what a public feed leaked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

import pytest

from tracker.extensions import db
from tracker.i18n import local_today
from tracker.municipalities.models import Municipality
from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

from ..factories import Factory


def publish(factory: Factory, on: bool = True) -> None:
    """Switch the factory's municipality's public site on (or off)."""
    with factory.app.app_context():
        municipality = db.session.get(Municipality, factory.municipality().id)
        municipality.public = on
        db.session.commit()


@dataclass
class World:
    #: (kind, id) of what a visitor may see, with its date.
    public: dict[tuple[str, int], date] = field(default_factory=dict)
    #: Markers only private items carry (their titles, a withdrawal's reason).
    secrets: list[str] = field(default_factory=list)
    scheduled_meeting: int = 0
    approved_meeting: int = 0
    public_commitment: int = 0


@pytest.fixture
def world(factory: Factory, make_commitment, make_subgroup, make_meeting) -> World:
    with factory.app.app_context():  # the rows stay attached: their relations are read
        return _world(factory, make_commitment, make_subgroup, make_meeting)


def _world(factory: Factory, make_commitment, make_subgroup, make_meeting) -> World:
    today = local_today()
    w = World()
    shown = make_commitment(state=MONITORED, title="ვალდებულება SHOWN-COMMITMENT",
                            deadline=today + timedelta(days=40))
    w.public_commitment = shown.id
    w.public[("commitment", shown.id)] = shown.deadline
    for milestone in shown.milestones:
        w.public[("milestone", milestone.id)] = milestone.deadline
    done = make_commitment(state=COMPLETED, title="SHOWN-COMPLETED")
    w.public[("commitment", done.id)] = done.deadline
    for milestone in done.milestones:
        w.public[("milestone", milestone.id)] = milestone.deadline

    draft = make_commitment(state=DRAFT, ready=True, title="SECRET-DRAFT-COMMITMENT")
    withdrawn = make_commitment(state=WITHDRAWN, ready=True, title="SECRET-WITHDRAWN")
    w.secrets += [draft.title, withdrawn.title, "Withdrawn by the factory"]
    w.secrets += [f"milestone-{m.id}" for m in (*draft.milestones, *withdrawn.milestones)]

    active = make_subgroup(MONITORED, members=[factory.user("member")],
                           name="SHOWN-SUBGROUP", deliverable="SHOWN-DELIVERABLE")
    w.public[("subgroup", active.id)] = active.deliverable_deadline
    for commitment in active.commitments:  # the factory approves one for it
        w.public[("commitment", commitment.id)] = commitment.deadline
        for milestone in commitment.milestones:
            w.public[("milestone", milestone.id)] = milestone.deadline
    proposed = make_subgroup(DRAFT, name="SECRET-PROPOSED", deliverable="SECRET-PROPOSAL",
                             deliverable_deadline=today + timedelta(days=5))
    w.secrets += [proposed.name, proposed.deliverable]

    scheduled = make_meeting(DRAFT, date=today + timedelta(days=3), start_time=time(18, 30),
                             end_time=time(20, 0), place="საკრებულოს დარბაზი SHOWN-PLACE",
                             agenda=["SHOWN-AGENDA ბიუჯეტი"])
    w.scheduled_meeting = scheduled.id
    w.public[("meeting", scheduled.id)] = scheduled.date
    approved = make_meeting(COMPLETED, action={})
    w.approved_meeting = approved.id
    w.public[("meeting", approved.id)] = approved.date
    action = approved.decisions[0].action_items[0]
    w.public[("action_item", action.id)] = action.deadline
    held = make_meeting(MONITORED, action={})
    w.public[("meeting", held.id)] = held.date
    w.secrets += [f"action_item-{held.decisions[0].action_items[0].id}@"]
    cancelled = make_meeting(WITHDRAWN, ready=True, place="SECRET-CANCELLED-PLACE")
    w.secrets += ["SECRET-CANCELLED-PLACE", "გაუქმდა"]
    w.secrets += [f"meeting-{cancelled.id}@"]
    return w
