"""The meeting workflow through the web pages: guards, roles, signatures, reopening."""

from __future__ import annotations

import pytest

from tracker.audit.models import AuditEntry
from tracker.extensions import db
from tracker.meetings.models import Meeting
from tracker.workflow import COMPLETED, DRAFT, MONITORED

from ..helpers import reload, text_of, translated, web_sign, working_in


def load(app, meeting_id: int) -> Meeting:
    return reload(app, Meeting, meeting_id)


def post_transition(client, meeting: Meeting, to: str, comment: str = ""):
    return client.post(f"/meetings/{meeting.id}/transition",
                       data={"to": to, "comment": comment, "version": meeting.version})


@pytest.mark.parametrize(
    ("missing", "reason"),
    [
        ({"date": None}, "The date is required."),
        ({"chair_id": None}, "Who chaired the meeting is required."),
        ({"secretary_id": None}, "The secretary is required."),
        ({"attendees": []}, "At least one attendee must be marked present."),
        ({"attendees": [{"name": "ნინო", "presence": "absent"}]},
         "At least one attendee must be marked present."),
        ({"agenda": []}, "At least one agenda item is required."),
    ],
)
def test_holding_needs_date_chair_secretary_a_present_attendee_and_an_agenda(
    app, browse_as, users, make_meeting, missing, reason
) -> None:
    meeting = make_meeting(DRAFT, ready=True, **missing)
    client = browse_as("secretary")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert translated(app, reason) in page  # said before the attempt, beside the button

    response = post_transition(client, meeting, MONITORED)
    assert response.status_code == 302
    assert load(app, meeting.id).state == DRAFT
    assert translated(app, reason) in text_of(client.get(response.location))


def test_a_complete_draft_is_held_by_the_secretary(app, browse_as, users, make_meeting):
    meeting = make_meeting(DRAFT, ready=True)
    client = browse_as("secretary")
    post_transition(client, meeting, MONITORED)
    assert load(app, meeting.id).state == MONITORED


def test_an_observer_may_not_hold_a_meeting(app, browse_as, users, make_meeting):
    meeting = make_meeting(DRAFT, ready=True)
    client = browse_as("observer")
    post_transition(client, meeting, MONITORED)
    assert load(app, meeting.id).state == DRAFT


def test_approving_needs_decisions_and_both_signatures(app, browse_as, users, make_meeting):
    meeting = make_meeting(MONITORED, decisions=[])
    client = browse_as("chair")
    response = post_transition(client, meeting, COMPLETED)
    page = text_of(client.get(response.location))
    assert load(app, meeting.id).state == MONITORED
    for reason in ("The decisions must be recorded.", "The chair has not signed the minutes yet.",
                   "The secretary has not signed the minutes yet."):
        assert translated(app, reason) in page
    # Without decisions nobody can sign either.
    client.post(f"/meetings/{meeting.id}/sign", data={"version": meeting.version})
    assert load(app, meeting.id).chair_signed_at is None


def sign(client, meeting_id: int):
    return web_sign(client, meeting_id)


@pytest.mark.parametrize("role", ["admin", "member", "observer"])
def test_only_the_meetings_chair_and_secretary_sign(app, browse_as, users, make_meeting, role):
    meeting = make_meeting(MONITORED)
    client = browse_as(role)
    response = sign(client, meeting.id)
    assert response.status_code == 403
    after = load(app, meeting.id)
    assert (after.chair_signed_at, after.secretary_signed_at) == (None, None)
    assert translated(app, "Only the meeting's chair and secretary sign its minutes.") in \
        text_of(response)


def test_both_signatures_complete_the_meeting_and_are_audited(
    app, browse_as, users, make_meeting
) -> None:
    meeting = make_meeting(MONITORED)
    client = browse_as("secretary")
    sign(client, meeting.id)
    half = load(app, meeting.id)
    assert half.secretary_signed_at is not None and half.state == MONITORED
    assert sign(client, meeting.id).status_code == 302  # a second signature by the same: refused
    assert load(app, meeting.id).version == half.version

    client = browse_as("chair")
    sign(client, meeting.id)
    done = load(app, meeting.id)
    assert done.state == COMPLETED and done.chair_signed_at is not None
    with working_in(app):
        actions = [(e.action, e.actor.email) for e in AuditEntry.history("meeting", meeting.id)]
    assert ("sign", users["secretary"].email) in actions
    assert ("sign", users["chair"].email) in actions
    assert ("transition", users["chair"].email) in actions


def test_reopen_by_the_chair_needs_a_reason_and_clears_the_signatures(
    app, browse_as, users, make_meeting
) -> None:
    meeting = make_meeting(COMPLETED)
    client = browse_as("secretary")
    post_transition(client, meeting, MONITORED, "შესწორება")
    assert load(app, meeting.id).state == COMPLETED  # the secretary may not reopen

    client = browse_as("chair")
    post_transition(client, meeting, MONITORED, "")
    assert load(app, meeting.id).state == COMPLETED  # no reason, no reopening
    post_transition(client, meeting, MONITORED, "გადაწყვეტილების ტექსტი შესასწორებელია")
    reopened = load(app, meeting.id)
    assert reopened.state == MONITORED
    assert (reopened.chair_signed_at, reopened.secretary_signed_at) == (None, None)
    # Unlocked: the minutes can be corrected again.
    client.post(f"/meetings/{meeting.id}/decisions", data={"text": "ახალი გადაწყვეტილება"})
    with working_in(app):
        assert len(db.session.get(Meeting, meeting.id).decisions) == 2


def test_a_change_to_signed_minutes_withdraws_the_signature(
    app, browse_as, users, make_meeting
) -> None:
    meeting = make_meeting(MONITORED)
    client = browse_as("secretary")
    sign(client, meeting.id)
    client.post(f"/meetings/{meeting.id}/agenda", data={"title": "დამატებითი საკითხი"})
    assert load(app, meeting.id).secretary_signed_at is None


# Subgroups' own meetings ------------------------------------------------------------------------
@pytest.fixture
def subgroup_people(make_user):
    return {"lead": make_user("member"), "member": make_user("member"),
            "outsider": make_user("member")}


@pytest.fixture
def group_meeting(make_subgroup, make_meeting, subgroup_people):
    group = make_subgroup(lead=subgroup_people["lead"], members=(subgroup_people["member"],))
    return group, make_meeting(
        DRAFT, ready=True, actor=subgroup_people["lead"], subgroup_id=group.id,
        chair=subgroup_people["lead"], secretary=subgroup_people["member"],
    )


@pytest.mark.parametrize(("who", "allowed"),
                         [("lead", True), ("member", True), ("outsider", False)])
def test_a_subgroups_lead_and_members_record_its_meetings(
    app, browse_as, subgroup_people, group_meeting, who, allowed
) -> None:
    group, meeting = group_meeting
    client = browse_as(subgroup_people[who])
    response = client.post(f"/meetings/{meeting.id}/agenda", data={"title": "ფორმის ველები"})
    assert response.status_code == (302 if allowed else 403)
    response = client.post("/meetings/new", data={"subgroup_id": group.id, "place": "სააგენტო"})
    assert response.status_code == (302 if allowed else 403)
    post_transition(client, meeting, MONITORED)
    with working_in(app):
        after = db.session.get(Meeting, meeting.id)
        assert len(after.agenda) == (2 if allowed else 1)
        assert after.state == (MONITORED if allowed else DRAFT)
        assert db.session.query(Meeting).filter_by(subgroup_id=group.id).count() == \
            (2 if allowed else 1)


def test_a_subgroup_member_may_not_create_working_group_meetings(
    browse_as, subgroup_people, group_meeting
) -> None:
    client = browse_as(subgroup_people["member"])
    page = client.get("/meetings/new").get_data(as_text=True)
    assert f'value="{group_meeting[0].id}"' in page
    assert 'value=""' not in page.split('id="subgroup_id"')[1].split("</select>")[0]
    response = client.post("/meetings/new", data={"subgroup_id": "", "place": "მერია"})
    assert response.status_code == 422
