"""A commitment or milestone owned by a unit instead of a person."""

from __future__ import annotations

from datetime import timedelta

from tracker.commitments.models import Commitment
from tracker.extensions import db
from tracker.workflow import MONITORED

from ..helpers import today_of, translated, working_in


def test_a_commitment_owned_by_a_unit(app, browse_as, api, users, city, make_plan) -> None:
    plan = make_plan()
    today = today_of(app)
    client = browse_as("chair")
    form = client.get("/commitments/new").get_data(as_text=True)
    assert 'name="owner_unit_id"' in form
    response = client.post("/commitments/new", data={
        "plan_id": plan.id, "title": "Protocol guide", "lead_unit_id": city.department,
        "owner_unit_id": city.division,
        "start_date": today.strftime("%d/%m/%Y"),
        "deadline": (today + timedelta(days=90)).strftime("%d/%m/%Y"),
    })
    assert response.status_code == 302
    commitment_id = int(response.headers["Location"].rsplit("/", 1)[1])
    client.post(f"/commitments/{commitment_id}/milestones", data={
        "title": "Draft", "owner_unit_id": city.division,
        "deadline": (today + timedelta(days=30)).strftime("%d/%m/%Y"),
    })
    page = client.get(f"/commitments/{commitment_id}").get_data(as_text=True)
    assert translated(app, "Responsible unit") in page
    assert page.count("საპროტოკოლო ქვეგანყოფილება") >= 2          # the commitment, the milestone
    listing = client.get("/commitments/").get_data(as_text=True)
    assert "საპროტოკოლო ქვეგანყოფილება" in listing
    # A unit answers for it: the chair may approve it without a responsible person.
    response = client.post(f"/commitments/{commitment_id}/transition",
                           data={"to": MONITORED, "version": 1})
    with working_in(app):
        assert db.session.get(Commitment, commitment_id).state == MONITORED


def test_a_person_or_a_unit_not_both(app, browse_as, city, make_plan, db_snapshot) -> None:
    plan = make_plan()
    client = browse_as("chair")
    before = db_snapshot()
    response = client.post("/commitments/new", data={
        "plan_id": plan.id, "title": "Both owners", "owner_id": city.head.id,
        "owner_unit_id": city.division,
    })
    assert response.status_code == 422
    assert translated(app, "Give either a person or a unit as the owner, not both.") in (
        response.get_data(as_text=True)
    )
    assert db_snapshot() == before
