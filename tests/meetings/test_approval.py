"""Approval takes two people: the meeting's chair and its secretary, two different people,
each signing in one capacity in a request of their own. Regressions for one-person approval
(issue 7): a secretary making themselves chair, a subgroup member naming themselves both.
Also: changing who chairs or keeps the minutes withdraws the signatures given, and removing
a part of the minutes checks the version the client saw."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from tracker.audit.models import AuditEntry
from tracker.errors import PermissionDenied, ValidationFailed
from tracker.extensions import db
from tracker.meetings import minutes as minutes_ops
from tracker.meetings import operations as ops
from tracker.meetings.models import Meeting
from tracker.workflow import MONITORED

from ..helpers import api_sign, reload, translated, web_sign, working_in
from .conftest import text_of

TWO_PEOPLE = "The chair and the secretary of a meeting must be two different people."


def load(app, meeting_id: int) -> Meeting:
    return reload(app, Meeting, meeting_id)


def facts(app, meeting_id: int) -> dict[str, Any]:
    m = load(app, meeting_id)
    return {"state": m.state, "chair_id": m.chair_id, "secretary_id": m.secretary_id,
            "chair_signed": m.chair_signed_at is not None,
            "secretary_signed": m.secretary_signed_at is not None}


def web_form(meeting: Meeting, **changes: Any) -> dict[str, Any]:
    """The meeting's edit form as the page would post it, with ``changes``."""
    data = {"subgroup_id": meeting.subgroup_id or "", "number": meeting.number,
            "place": meeting.place, "date": meeting.date.strftime("%d/%m/%Y"),
            "start_time": "14:00", "chair_id": meeting.chair_id,
            "secretary_id": meeting.secretary_id, "version": meeting.version}
    return {**data, **changes}


# The secretary makes themselves chair ---------------------------------------------------------
def test_api_a_secretary_cannot_make_themselves_chair_and_approve_alone(
    app, api, users, make_meeting
) -> None:
    meeting = make_meeting(MONITORED)
    secretary = api(users["secretary"])
    refused = secretary.patch(f"/meetings/{meeting.id}", json={
        "chair_id": users["secretary"].id, "version": meeting.version})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"]["secretary_id"] == [translated(app, TWO_PEOPLE)]
    assert facts(app, meeting.id)["chair_id"] == users["chair"].id

    signed = api_sign(secretary, meeting.id)
    assert signed.status_code == 200
    assert (signed.get_json()["state"], signed.get_json()["chair_signed_at"]) == (MONITORED, None)
    again = api_sign(secretary, meeting.id)
    assert again.status_code == 422
    assert facts(app, meeting.id) == {
        "state": MONITORED, "chair_id": users["chair"].id,
        "secretary_id": users["secretary"].id, "chair_signed": False, "secretary_signed": True}


def test_web_a_secretary_cannot_make_themselves_chair_and_approve_alone(
    app, browse_as, users, make_meeting
) -> None:
    meeting = make_meeting(MONITORED)
    client = browse_as(users["secretary"])
    response = client.post(f"/meetings/{meeting.id}/edit",
                           data=web_form(meeting, chair_id=users["secretary"].id))
    assert response.status_code == 422
    assert translated(app, TWO_PEOPLE) in text_of(response)
    assert facts(app, meeting.id)["chair_id"] == users["chair"].id

    web_sign(client, meeting.id)
    web_sign(client, meeting.id)
    assert facts(app, meeting.id)["state"] == MONITORED
    assert facts(app, meeting.id)["chair_signed"] is False


# A subgroup member names themselves chair and secretary -------------------------------------
@pytest.fixture
def group_of_member(factory, users):
    return factory.subgroup(lead=users["member"])


def test_api_a_subgroup_member_cannot_be_chair_and_secretary(
    app, api, users, factory, group_of_member, db_snapshot
) -> None:
    member = api(users["member"])
    before = db_snapshot()
    created = member.post("/meetings", json={
        "subgroup_id": group_of_member.id, "place": "ოთახი 3", "date": "2024-03-01",
        "chair_id": users["member"].id, "secretary_id": users["member"].id})
    assert created.status_code == 422
    assert created.get_json()["error"]["fields"]["secretary_id"] == [translated(app, TWO_PEOPLE)]
    assert db_snapshot() == before

    meeting = factory.meeting(MONITORED, actor=users["member"], subgroup_id=group_of_member.id,
                               chair=users["chair"], secretary=users["member"])
    refused = member.patch(f"/meetings/{meeting.id}", json={
        "chair_id": users["member"].id, "version": meeting.version})
    assert refused.status_code == 422
    api_sign(member, meeting.id)
    assert api_sign(member, meeting.id).status_code == 422
    assert facts(app, meeting.id)["state"] == MONITORED
    assert facts(app, meeting.id)["chair_signed"] is False


def test_web_a_subgroup_member_cannot_be_chair_and_secretary(
    app, browse_as, users, factory, group_of_member, db_snapshot
) -> None:
    client = browse_as(users["member"])
    before = db_snapshot()
    response = client.post("/meetings/new", data={
        "subgroup_id": group_of_member.id, "place": "ოთახი 3", "date": "01/03/2024",
        "chair_id": users["member"].id, "secretary_id": users["member"].id})
    assert response.status_code == 422
    assert translated(app, TWO_PEOPLE) in text_of(response)
    assert db_snapshot() == before

    meeting = factory.meeting(MONITORED, actor=users["member"], subgroup_id=group_of_member.id,
                               chair=users["chair"], secretary=users["member"])
    response = client.post(f"/meetings/{meeting.id}/edit",
                           data=web_form(meeting, chair_id=users["member"].id))
    assert response.status_code == 422
    web_sign(client, meeting.id)
    web_sign(client, meeting.id)
    assert facts(app, meeting.id)["state"] == MONITORED
    assert facts(app, meeting.id)["chair_signed"] is False


def test_the_operations_refuse_one_person_as_both(app_ctx, users, make_meeting) -> None:
    """The rule is the operation's, whatever calls it (importer, CLI, a future form)."""
    with pytest.raises(ValidationFailed) as error:
        ops.create_meeting(users["secretary"], {
            "chair_id": users["secretary"].id, "secretary_id": users["secretary"].id})
    assert "secretary_id" in error.value.fields
    meeting = db.session.get(Meeting, make_meeting(MONITORED).id)
    with pytest.raises(ValidationFailed):
        ops.update_meeting(meeting, users["secretary"], {
            "secretary_id": users["chair"].id, "version": meeting.version})


def test_a_row_with_one_person_as_both_cannot_be_signed(app, api, users, make_meeting) -> None:
    """A meeting stored before the rule, with one person as both: no signature at all,
    rather than both at once."""
    meeting = make_meeting(MONITORED)
    with working_in(app):
        db.session.execute(update(Meeting).where(Meeting.id == meeting.id)
                           .values(chair_id=users["secretary"].id))
        db.session.commit()
    response = api_sign(api(users["secretary"]), meeting.id)
    assert response.status_code == 403
    assert response.get_json()["error"]["message"] == translated(
        app, "The chair and the secretary of a meeting must be two different people; correct "
             "the meeting before signing.")
    assert facts(app, meeting.id)["secretary_signed"] is False


def test_each_signature_is_a_separate_act_in_one_capacity(app_ctx, users, make_meeting) -> None:
    meeting = db.session.get(Meeting, make_meeting(MONITORED).id)
    minutes_ops.sign_minutes(meeting, users["chair"], meeting.version)
    assert (meeting.chair_signed_at is not None, meeting.secretary_signed_at) == (True, None)
    assert meeting.state == MONITORED
    with pytest.raises(ValidationFailed):
        minutes_ops.sign_minutes(meeting, users["chair"], meeting.version)
    with pytest.raises(PermissionDenied):
        minutes_ops.sign_minutes(meeting, users["admin"], meeting.version)


# Changing the chair or the secretary withdraws the signatures ----------------------------------
@pytest.mark.parametrize("officer", ["chair_id", "secretary_id"])
def test_api_changing_an_officer_withdraws_the_signatures(
    app, api, users, make_meeting, make_user, officer
) -> None:
    meeting = make_meeting(MONITORED)
    api_sign(api(users["secretary"]), meeting.id)
    signed = load(app, meeting.id)
    assert signed.secretary_signed_at is not None
    other = make_user("member", name="სხვა პირი")
    changed = api(users["chair"]).patch(f"/meetings/{meeting.id}", json={
        officer: other.id, "version": signed.version})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["secretary_signed_at"] is None
    with working_in(app):
        entries = AuditEntry.history("meeting", meeting.id)
        withdrawn = [e for e in entries if (e.changes or {}).get("secretary_signed_at", [0, 0])[1]
                     is None and e.actor_id == users["chair"].id]
    assert withdrawn, "the withdrawal is audited"


def test_web_changing_the_chair_withdraws_the_signatures(
    app, browse_as, users, make_meeting, make_user
) -> None:
    meeting = make_meeting(MONITORED)
    client = browse_as(users["secretary"])
    web_sign(client, meeting.id)
    signed = load(app, meeting.id)
    assert signed.secretary_signed_at is not None
    other = make_user("member", name="სხვა თავმჯდომარე")
    response = client.post(f"/meetings/{meeting.id}/edit",
                           data=web_form(signed, chair_id=other.id))
    assert response.status_code == 302
    after = facts(app, meeting.id)
    assert (after["chair_id"], after["secretary_signed"]) == (other.id, False)


# Removing a part of the minutes checks the version ---------------------------------------------
PARTS = {"attendees": "attendees", "agenda": "agenda-items", "decisions": "decisions"}


def _last_part(app, meeting_id: int, listing: str) -> tuple[int, int]:
    with working_in(app):
        row = getattr(db.session.get(Meeting, meeting_id), listing)[-1]
        return row.id, row.version


@pytest.mark.parametrize("listing", PARTS)
def test_api_delete_needs_the_current_version(app, api, users, make_meeting, listing) -> None:
    meeting = make_meeting(MONITORED, decisions=["პირველი.", "მეორე."])
    secretary = api(users["secretary"])
    part_id, version = _last_part(app, meeting.id, listing)
    url = f"/{PARTS[listing]}/{part_id}"
    missing = secretary.open("DELETE", url)
    assert missing.status_code == 422
    assert missing.get_json()["error"]["code"] == "version_required"
    stale = secretary.open("DELETE", f"{url}?version={version + 1}")
    assert stale.status_code == 409
    assert secretary.get(url).status_code == 200
    assert secretary.open("DELETE", url, json={"version": version}).status_code == 204
    assert secretary.get(url).status_code == 404


@pytest.mark.parametrize("listing", PARTS)
def test_web_delete_needs_the_current_version(
    app, browse_as, users, make_meeting, db_snapshot, listing
) -> None:
    meeting = make_meeting(MONITORED, decisions=["პირველი.", "მეორე."])
    client = browse_as(users["secretary"])
    part_id, version = _last_part(app, meeting.id, listing)
    url = f"/{PARTS[listing]}/{part_id}/delete"
    before = db_snapshot()
    for data in ({}, {"version": version + 1}):
        response = client.post(url, data=data)
        assert response.status_code == 302
        assert db_snapshot() == before
    stale = text_of(client.get(response.location))
    assert translated(app, "Someone else changed this item after you opened it. Reload it and "
                           "apply your change again.") in stale
    client.post(url, data={"version": version})
    with working_in(app):
        left = [row.id for row in getattr(db.session.get(Meeting, meeting.id), listing)]
    assert part_id not in left


def test_a_bad_body_to_approved_minutes_changes_nothing(
    app, api, users, make_meeting, db_snapshot
) -> None:
    """The body is validated first (422); a valid one is refused by the operation (403)."""
    meeting = make_meeting("completed")
    chair = api(users["chair"])
    before = db_snapshot()
    bad = chair.patch(f"/meetings/{meeting.id}", json={"date": "not a date",
                                                       "version": meeting.version})
    assert bad.status_code == 422
    assert chair.post(f"/meetings/{meeting.id}/decisions",
                      json={"text": 5, "surprise": True}).status_code == 422
    assert db_snapshot() == before


def test_a_signature_sent_with_a_body_that_is_no_json_is_refused(app, api, users,
                                                                  make_meeting) -> None:
    """Signing is an act: a body that cannot be read is a 400, not a signature given."""
    meeting = make_meeting(MONITORED)
    response = api(users["secretary"]).post(f"/meetings/{meeting.id}/sign", data="{version",
                                            content_type="application/json")
    assert response.status_code == 400
    assert facts(app, meeting.id)["secretary_signed"] is False
    no_body = api(users["secretary"]).post(f"/meetings/{meeting.id}/sign")
    assert no_body.status_code == 400 and facts(app, meeting.id)["secretary_signed"] is False
    # Without the version of the minutes read, nothing is signed either (422).
    no_version = api(users["secretary"]).post(f"/meetings/{meeting.id}/sign", json={})
    assert no_version.status_code == 422
    assert no_version.get_json()["error"]["code"] == "version_required"
    assert facts(app, meeting.id)["secretary_signed"] is False
    assert api_sign(api(users["secretary"]), meeting.id).status_code == 200
    assert facts(app, meeting.id)["secretary_signed"] is True


# An observer signs nothing ----------------------------------------------------------------------
OBSERVER_OFFICER = "An observer cannot chair a meeting or keep its minutes."


@pytest.mark.parametrize("officer", ["chair_id", "secretary_id"])
def test_api_an_observer_cannot_be_named_chair_or_secretary(
    app, api, users, make_meeting, db_snapshot, officer
) -> None:
    """Found by the attack on the running server: a meeting naming an observer secretary
    was approved by the observer's signature, though an observer writes nothing."""
    chair = api(users["chair"])
    before = db_snapshot()
    created = chair.post("/meetings", json={"date": "2024-03-01", "chair_id": users["chair"].id,
                                            "secretary_id": users["secretary"].id,
                                            officer: users["observer"].id})
    assert created.status_code == 422
    assert created.get_json()["error"]["fields"][officer] == [translated(app, OBSERVER_OFFICER)]
    assert db_snapshot() == before

    meeting = make_meeting(MONITORED)
    before = db_snapshot()
    refused = chair.patch(f"/meetings/{meeting.id}", json={
        officer: users["observer"].id, "version": meeting.version})
    assert refused.status_code == 422
    assert db_snapshot() == before


def test_web_an_observer_cannot_be_named_secretary(
    app, browse_as, users, make_meeting, db_snapshot
) -> None:
    meeting = make_meeting(MONITORED)
    before = db_snapshot()
    response = browse_as(users["chair"]).post(
        f"/meetings/{meeting.id}/edit", data=web_form(meeting, secretary_id=users["observer"].id))
    assert response.status_code == 422
    assert translated(app, OBSERVER_OFFICER) in text_of(response)
    assert db_snapshot() == before


def test_an_observer_named_secretary_before_the_rule_cannot_sign(
    app, api, users, make_meeting, db_snapshot
) -> None:
    meeting = make_meeting(MONITORED)
    with working_in(app):
        db.session.execute(update(Meeting).where(Meeting.id == meeting.id)
                           .values(secretary_id=users["observer"].id))
        db.session.commit()
    observer = api(users["observer"])
    before = db_snapshot()
    response = api_sign(observer, meeting.id)
    assert response.status_code == 403
    assert db_snapshot() == before
