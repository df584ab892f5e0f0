"""The subgroup pages as people use them: the list, a group's page, creating and editing."""

from __future__ import annotations

import re
from datetime import time, timedelta

from tracker.accounts.models import User
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.inputs import FILTER_LABELS
from tracker.meetings import action_items as action_ops
from tracker.meetings import minutes as minutes_ops
from tracker.meetings import operations as meeting_ops
from tracker.subgroups.models import Subgroup
from tracker.workflow import DRAFT, MONITORED, WITHDRAWN

from ..helpers import subgroup_facts, today_of, translated, working_in


def test_the_list_shows_state_unit_lead_and_deadline(app, browse_as, make_subgroup, make_unit):
    unit = make_unit("Legal service")
    make_subgroup(MONITORED, name="Petition group", unit_id=unit.id)
    make_subgroup(DRAFT, name="Open data group")
    page = browse_as("observer").get("/subgroups/").get_data(as_text=True)
    assert "Petition group" in page and "Open data group" in page
    assert translated(app, "Active") in page and translated(app, "Proposed") in page
    assert "Legal service" in page and "Lela Lead" in page
    assert (today_of(app) + timedelta(days=20)).strftime("%d/%m/%Y") in page
    assert translated(app, "New subgroup") not in page
    assert translated(app, "New subgroup") in browse_as("chair").get("/subgroups/").get_data(
        as_text=True
    )


def test_the_list_filters_by_state_and_member(app, browse_as, make_subgroup, people):
    make_subgroup(MONITORED, name="Active group")
    make_subgroup(DRAFT, name="Proposed group", ready=False)
    client = browse_as("observer")
    page = client.get(f"/subgroups/?state={MONITORED}").get_data(as_text=True)
    assert "Active group" in page and "Proposed group" not in page
    page = client.get(f"/subgroups/?member={people['insider'].id}").get_data(as_text=True)
    assert "Active group" in page and "Proposed group" not in page
    # Invalid filters are ignored and said to be (422), the list still shown.
    refused = client.get("/subgroups/?state=nonsense&unit=x&member=-1")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    # Named in the message as the filters read on the page, in Georgian.
    with app.test_request_context():
        names = [str(FILTER_LABELS[name]) for name in ("member", "unit")]
    assert all(f"„{name}“" in page for name in names), names


def test_a_groups_page_shows_its_work(app, browse_as, make_subgroup, people):
    group = make_subgroup(MONITORED, name="Petition group")
    with working_in(app):
        lead = db.session.get(User, people["lead"].id)
        grp = db.session.get(Subgroup, group.id)
        commitment = grp.commitments[0]
        meeting = meeting_ops.create_meeting(lead, {
            "subgroup_id": group.id, "place": "Agency", "date": local_today(),
            "start_time": time(11, 0),
        })
        decision = minutes_ops.add_decision(meeting, lead, {"text": "Hold two public hearings."})
        action_ops.add_action_item(decision, lead, {
            "title": "Organise the hearings", "owner_id": lead.id,
            "deadline": local_today() + timedelta(days=5), "commitment_id": commitment.id,
        })
        db.session.commit()
        meeting_id, commitment_title = meeting.id, commitment.title
    page = browse_as("observer").get(f"/subgroups/{group.id}").get_data(as_text=True)
    assert commitment_title in page
    assert f"/meetings/{meeting_id}" in page
    assert "Organise the hearings" in page
    assert "Draft petition rules" in page                       # the deliverable
    assert "Lela Lead" in page and "Irakli Insider" in page
    assert translated(app, "Deadlines") in page
    # The observer reads; the group's own people see the deliverable form.
    assert 'name="deliverable_result"' not in page
    lead_page = browse_as(people["lead"]).get(f"/subgroups/{group.id}").get_data(as_text=True)
    assert 'name="deliverable_result"' in lead_page


def test_transitions_show_what_is_missing(app, browse_as, make_subgroup):
    group = make_subgroup(DRAFT, ready=False)
    client = browse_as("chair")
    page = client.get(f"/subgroups/{group.id}").get_data(as_text=True)
    for reason in ("A lead is required.", "At least one member is required.",
                   "At least one linked commitment is required.",
                   "A deliverable deadline is required."):
        assert translated(app, reason) in page
    response = client.post(f"/subgroups/{group.id}/transition",
                           data={"to": MONITORED, "version": 1}, follow_redirects=True)
    assert translated(app, "A lead is required.") in response.get_data(as_text=True)
    assert subgroup_facts(app, group.id)["state"] == DRAFT


def test_the_chair_creates_and_activates_a_group(app, browse_as, people, make_commitment):
    commitment = make_commitment(state=MONITORED)
    client = browse_as("chair")
    form = client.get(f"/subgroups/new?commitment={commitment.id}").get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*name="commitment_ids"[^>]*value="{commitment.id}"', form)
    deadline = (today_of(app) + timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.post("/subgroups/new", data={
        "name": "Budget guide group",
        "lead_id": people["lead"].id,
        "member_ids": [people["insider"].id, people["outsider"].id],
        "commitment_ids": [commitment.id],
        "deliverable": "Citizens' budget guide",
        "deliverable_deadline": deadline,
    })
    assert response.status_code == 302
    group_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = client.post(f"/subgroups/{group_id}/transition",
                           data={"to": MONITORED, "comment": "Approved", "version": 1})
    facts = subgroup_facts(app, group_id)
    assert facts["state"] == MONITORED
    assert facts["member_ids"] == sorted([people["insider"].id, people["outsider"].id])
    page = client.get(f"/subgroups/{group_id}").get_data(as_text=True)
    assert "Approved" in page                                    # the history's comment
    assert "Irakli Insider" in page and "Otar Outsider" in page  # member names, not ids


def test_bad_input_is_explained_and_saves_nothing(app, browse_as, make_subgroup, db_snapshot):
    existing = make_subgroup(name="Taken name")
    client = browse_as("chair")
    before = db_snapshot()
    for data in (
        {"name": ""},
        {"name": "Taken name"},
        {"name": "x" * 301},
        {"name": "Fine", "deliverable_deadline": "31/02/2027"},
        {"name": "Fine", "lead_id": "999999"},
        {"name": "Fine", "member_ids": ["abc"]},
        {"name": "Fine", "commitment_ids": ["424242"]},
    ):
        response = client.post("/subgroups/new", data=data)
        assert response.status_code == 422, data
        assert "error-summary" in response.get_data(as_text=True) or "flash--error" in (
            response.get_data(as_text=True)
        )
    stale = client.post(f"/subgroups/{existing.id}/edit",
                        data={"name": "Other", "version": 99}, follow_redirects=True)
    assert stale.status_code == 422
    assert db_snapshot() == before


def test_a_withdrawn_group_offers_no_edits(browse_as, make_subgroup):
    group = make_subgroup(WITHDRAWN)
    client = browse_as("chair")
    page = client.get(f"/subgroups/{group.id}").get_data(as_text=True)
    assert f"/subgroups/{group.id}/edit" not in page
    assert client.get(f"/subgroups/{group.id}/edit").status_code == 403


def test_missing_groups_are_404(browse_as):
    client = browse_as("chair")
    for url in ("/subgroups/999", "/subgroups/999/edit"):
        assert client.get(url).status_code == 404
    assert client.post("/subgroups/999/transition", data={"to": MONITORED}).status_code == 404
