"""The lead unit and owners as the plan names them, when they are not in the directory or
have no account (migration 0011): kept, shown with a note, searchable, the chair's to set."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tracker.commitments import operations as ops
from tracker.commitments.models import Commitment
from tracker.errors import PermissionDenied
from tracker.extensions import db
from tracker.workflow import MONITORED

from ..helpers import today_of, translated, working_in
from ..warnings.conftest import edit_commitment

AGENCY = "ზღვისპირის ახალგაზრდული ცენტრი"
CONTACT = "თამარ ქორიძე"
RESPONSIBLE = "კულტურის სამსახური"


def test_the_chair_names_them_as_text_and_the_page_says_they_are_not_linked(
    app, browse_as, make_plan
) -> None:
    plan = make_plan()
    today = today_of(app)
    client = browse_as("chair")
    form = client.get("/commitments/new").get_data(as_text=True)
    assert 'name="lead_unit_text"' in form and 'name="owner_text"' in form
    assert translated(app, "Lead unit as the plan names it (when it is not in the directory)"
                      ) in form
    response = client.post("/commitments/new", data={
        "plan_id": plan.id, "title": "Youth budget",
        # Text as a Word paste brings it: a control character the cleaner takes out.
        "lead_unit_text": f"  {AGENCY}\x0b ", "owner_text": CONTACT,
    })
    assert response.status_code == 302
    commitment_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = client.post(f"/commitments/{commitment_id}/milestones", data={
        "title": "Survey", "owner_text": RESPONSIBLE,
        "deadline": (today + timedelta(days=3)).strftime("%d/%m/%Y"),
    })
    assert response.status_code == 302
    with working_in(app):
        row = db.session.get(Commitment, commitment_id)
        assert (row.lead_unit_text, row.owner_text) == (AGENCY, CONTACT)
        assert row.milestones[0].owner_text == RESPONSIBLE
        assert row.additional_info == ""

    page = client.get(f"/commitments/{commitment_id}").get_data(as_text=True)
    not_in_directory = translated(app, "not in the directory")
    assert f'{AGENCY} <span class="muted named__note">({not_in_directory})</span>' in page
    assert f'{CONTACT} <span class="muted named__note">({translated(app, "no account")})' in page
    assert f'{RESPONSIBLE} <span class="muted named__note">({not_in_directory})</span>' in page
    listing = client.get("/commitments/").get_data(as_text=True)
    assert AGENCY in listing and CONTACT in listing
    # A word of the agency, in another case, finds the commitment.
    found = client.get("/commitments/?q=ცენტრის").get_data(as_text=True)
    assert "Youth budget" in found
    board = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert RESPONSIBLE in board


def test_a_linked_unit_or_account_is_what_shows(app, browse_as, city, make_commitment) -> None:
    commitment = make_commitment(lead_unit_id=city.department, lead_unit_text=AGENCY,
                                 owner_id=city.head.id, owner_text=CONTACT)
    with working_in(app):
        row = db.session.get(Commitment, commitment.id)
        assert (row.lead_unit_display.name, row.lead_unit_display.linked) == (
            "საერთაშორისო ურთიერთობების განყოფილება", True)
        assert row.owner_display.user.id == city.head.id
        assert row.contact_display.name == "ნინო ბერიძე"
    page = browse_as("chair").get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert f'/directory/{city.department}">საერთაშორისო ურთიერთობების განყოფილება</a>' in page
    assert AGENCY not in page.split('id="milestones"')[0].split("About this commitment")[-1]
    assert "named__note" not in page  # no "(not in the directory)", no "(no account)"


def test_only_the_chair_sets_them(app, users, make_commitment) -> None:
    commitment = make_commitment(owner_id=users["member"].id)
    with working_in(app):
        row = db.session.get(Commitment, commitment.id)
        with pytest.raises(PermissionDenied):
            ops.update_commitment(row, users["member"],
                                  {"lead_unit_text": AGENCY, "version": row.version})
        db.session.rollback()


def test_the_api_reads_and_writes_them(api, users, make_commitment) -> None:
    commitment = make_commitment(milestones=1)
    chair = api(users["chair"])
    response = chair.patch(f"/commitments/{commitment.id}", json={
        "lead_unit_text": AGENCY, "owner_text": CONTACT, "version": commitment.version})
    assert response.status_code == 200, response.get_json()
    detail = response.get_json()
    assert (detail["lead_unit"], detail["lead_unit_text"], detail["lead_unit_name"]) == (
        None, AGENCY, AGENCY)
    assert (detail["owner"], detail["owner_text"], detail["owner_name"]) == (
        None, CONTACT, CONTACT)
    milestone = detail["milestones"][0]
    response = chair.patch(f"/milestones/{milestone['id']}", json={
        "owner_text": RESPONSIBLE, "version": milestone["version"]})
    assert response.status_code == 200, response.get_json()
    assert (response.get_json()["owner_text"], response.get_json()["owner_name"]) == (
        RESPONSIBLE, RESPONSIBLE)
    listed = chair.get("/commitments").get_json()["items"][0]
    assert listed["lead_unit_text"] == AGENCY
    schemas = chair.get("/openapi.json").get_json()["components"]["schemas"]
    assert {"lead_unit_text", "owner_text"} <= set(schemas["CommitmentUpdate"]["properties"])
    assert "owner_text" in schemas["MilestoneCreate"]["properties"]
    too_long = chair.patch(f"/commitments/{commitment.id}", json={
        "lead_unit_text": "ა" * 301, "version": detail["version"]})
    assert too_long.status_code == 422
    assert set(too_long.get_json()["error"]["fields"]) == {"lead_unit_text"}


def test_a_lead_unit_named_only_in_words_still_warns_and_says_to_link_it(
    api, users, factory, make_commitment
) -> None:
    commitment = make_commitment(state=MONITORED)
    edit_commitment(factory, commitment, lead_unit_id=None, lead_unit_text=AGENCY)
    answer = api(users["member"]).get("/warnings").get_json()
    [warning] = [w for w in answer["warnings"] if w["id"] == commitment.id]
    assert warning["rule"] == "commitment_no_lead_unit"
    assert AGENCY in warning["context"]
