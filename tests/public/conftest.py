"""A municipality with something of every kind, public and private, for the public site.

Every private value carries a marker (``PRIVATE-…``) that no public page may show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from tests.factories import Factory
from tests.helpers import CITY
from tracker.audit.operations import add_comment
from tracker.commitments import operations as ops
from tracker.commitments.models import Commitment
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.meetings.models import Meeting
from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

PRIVATE = {
    "draft commitment title": "PRIVATE-draft-commitment",
    "draft plan title": "PRIVATE-draft-plan",
    "comment": "PRIVATE-comment-text",
    "withdrawal reason": "PRIVATE-withdrawn-reason",
    "staff phone": "+995-PRIVATE-77",
    "staff e-mail": "private.staff@unit.example",
    "unapproved minutes' discussion": "PRIVATE-unapproved-discussion",
    "unapproved agenda discussion": "PRIVATE-unapproved-agenda-talk",
    "draft subgroup name": "PRIVATE-draft-subgroup",
    "withdrawn meeting's place": "PRIVATE-withdrawn-meeting-place",
}
#: Every user's e-mail in the tests ends so; none may appear on a public page.
USER_EMAIL_DOMAIN = "@example.test"


@dataclass
class World:
    slug: str
    ids: dict[str, int]


def _set_public(app: Flask, slug: str, state: str) -> None:
    result = app.test_cli_runner().invoke(args=["municipality", "public", slug, state])
    assert result.exit_code == 0, result.output


@pytest.fixture
def site_switch(app: Flask) -> Any:
    return lambda state, slug=CITY: _set_public(app, slug, state)


def _assert_stored(app: Flask) -> None:
    """Each private marker is really in the database (else its absence proves nothing)."""
    with app.app_context():
        dump = "\n".join(
            str(value) for table in db.metadata.sorted_tables
            for row in db.session.execute(table.select()) for value in row
        )
    for what, marker in PRIVATE.items():
        assert marker in dump, what


@pytest.fixture
def world(app: Flask, factory: Factory, site_switch: Any) -> World:
    """Public: a plan with a monitored commitment (a milestone done, one open), a completed
    one, a withdrawn one; an active subgroup; a scheduled meeting, a held one, an approved
    one with a decision and an action item. Private: everything in :data:`PRIVATE`."""
    with app.app_context():
        today = local_today()
    unit = factory.unit("Transparency office", staff=[
        {"name": "Nino Staff", "phone": PRIVATE["staff phone"],
         "email": PRIVATE["staff e-mail"]}])
    plan = factory.plan(title="Open Napiri 2026–2027", description="The city's second plan")
    monitored = factory.commitment(
        state=MONITORED, milestones=2, plan_id=plan.id, lead_unit_id=unit.id,
        title="Open budget portal", problem="Budget is unreadable",
        description="Publish the budget monthly",
        stakeholders_other=[{"unit_id": None, "name": "Civil society forum"}],
        ogp_values=["access_to_information", "civic_participation"])
    completed = factory.commitment(state=COMPLETED, plan_id=plan.id,
                                   title="Petitions online")
    withdrawn = factory.commitment(state=MONITORED, plan_id=plan.id, title="Street cameras")
    draft = factory.commitment(state=DRAFT, plan_id=plan.id,
                               title=PRIVATE["draft commitment title"])
    draft_plan = factory.plan(title=PRIVATE["draft plan title"])
    factory.commitment(state=DRAFT, plan_id=draft_plan.id)

    def private_acts() -> None:
        chair = factory._default("chair")
        c = db.session.get(Commitment, monitored.id)
        first = c.milestones[0]
        ops.mark_milestone_done(first, chair, {"evidence": "Portal launched",
                                               "version": first.version})
        add_comment(c, chair, PRIVATE["comment"])
        ops.transition_commitment(db.session.get(Commitment, withdrawn.id), chair, WITHDRAWN,
                                  PRIVATE["withdrawal reason"])

    factory._run(private_acts)
    group = factory.subgroup(MONITORED, name="Budget subgroup", commitments=[monitored],
                             members=[factory.user()])
    factory.subgroup(DRAFT, name=PRIVATE["draft subgroup name"])
    scheduled = factory.meeting(DRAFT, date=today + timedelta(days=10),
                                place="City hall, room 2", agenda=["Budget portal review"])
    held = factory.meeting(MONITORED, discussion=PRIVATE["unapproved minutes' discussion"],
                           date=today - timedelta(days=3))
    approved = factory.meeting(COMPLETED, date=today - timedelta(days=30),
                               discussion="The group reviewed the portal",
                               decisions=["Publish the budget by June"],
                               action={"owner_text": "Finance office"})
    cancelled = factory.meeting(MONITORED, place=PRIVATE["withdrawn meeting's place"])

    def more_private() -> None:
        from tracker.meetings import minutes as minutes_ops
        from tracker.meetings import operations as meeting_ops
        secretary = factory._default("secretary")
        m = db.session.get(Meeting, held.id)
        minutes_ops.add_agenda_item(m, secretary, {
            "title": "Other business", "discussion": PRIVATE["unapproved agenda discussion"]})
        meeting_ops.transition_meeting(db.session.get(Meeting, cancelled.id),
                                       factory._default("chair"), WITHDRAWN, "Called off")

    factory._run(more_private)
    _assert_stored(app)
    site_switch("on")
    return World(CITY, {
        "plan": plan.id, "draft_plan": draft_plan.id, "monitored": monitored.id,
        "completed": completed.id, "withdrawn": withdrawn.id, "draft": draft.id,
        "subgroup": group.id, "scheduled": scheduled.id, "held": held.id,
        "approved": approved.id, "cancelled": cancelled.id,
    })
