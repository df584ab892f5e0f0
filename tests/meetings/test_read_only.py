"""Approved minutes are read-only on the web and over the API: every write is refused (403,
saying why) and nothing changes, until the chair reopens them."""

from __future__ import annotations

import pytest

from tracker.workflow import COMPLETED

from ..helpers import MinutesIds, minutes_ids, text_of, translated

LOCKED = "The minutes are approved and read-only. The chair can reopen them."


@pytest.fixture
def minutes(app, make_meeting, users) -> MinutesIds:
    meeting = make_meeting(COMPLETED, action={"owner_id": users["member"].id})
    return minutes_ids(app, meeting.id)


WEB_WRITES = [
    ("GET", "/meetings/{m}/edit", {}),
    ("POST", "/meetings/{m}/edit", {"place": "სხვა ადგილი", "version": "{v}"}),
    ("POST", "/meetings/{m}/sign", {"version": "{v}"}),
    ("POST", "/meetings/{m}/attendees", {"name": "ახალი წევრი"}),
    ("GET", "/attendees/{a}/edit", {}),
    ("POST", "/attendees/{a}/edit", {"name": "შეცვლილი", "presence": "absent"}),
    ("POST", "/attendees/{a}/delete", {}),
    ("POST", "/meetings/{m}/agenda", {"title": "ახალი საკითხი"}),
    ("GET", "/agenda-items/{g}/edit", {}),
    ("POST", "/agenda-items/{g}/edit", {"title": "შეცვლილი საკითხი"}),
    ("POST", "/agenda-items/{g}/delete", {}),
    ("POST", "/meetings/{m}/decisions", {"text": "ახალი გადაწყვეტილება"}),
    ("GET", "/decisions/{d}/edit", {}),
    ("POST", "/decisions/{d}/edit", {"text": "შეცვლილი გადაწყვეტილება"}),
    ("POST", "/decisions/{d}/delete", {}),
    ("POST", "/decisions/{d}/action-items", {"title": "ახალი დავალება",
                                             "deadline": "01/06/2030"}),
    ("GET", "/action-items/{x}/edit", {}),
    ("POST", "/action-items/{x}/edit", {"title": "შეცვლილი დავალება",
                                        "deadline": "01/06/2030", "version": "{xv}"}),
]


@pytest.mark.parametrize("role", ["chair", "secretary"])
def test_every_web_write_to_approved_minutes_is_refused(
    app, browse_as, users, minutes, db_snapshot, role
) -> None:
    client = browse_as(role)
    before = db_snapshot()
    for method, template, data in WEB_WRITES:
        filled = {k: v.format(v=minutes.version, xv=minutes.action_version)
                  for k, v in data.items()}
        response = client.open(minutes.url(template), method=method, data=filled)
        assert response.status_code == 403, (method, template, response.status_code)
        assert translated(app, LOCKED) in text_of(response), template
    assert db_snapshot() == before


def test_the_page_of_approved_minutes_offers_no_edits(app, browse_as, users, minutes):
    client = browse_as("secretary")
    page = text_of(client.get(f"/meetings/{minutes.meeting}"))
    assert translated(app, LOCKED) in page
    for action in (f"/meetings/{minutes.meeting}/edit", f"/meetings/{minutes.meeting}/attendees",
                   f"/attendees/{minutes.attendee}/edit", f"/meetings/{minutes.meeting}/agenda",
                   f"/decisions/{minutes.decision}/action-items",
                   f"/action-items/{minutes.action_item}/edit",
                   f"/meetings/{minutes.meeting}/sign"):
        assert action not in page


API_WRITES = [
    ("PATCH", "/meetings/{m}", {"place": "სხვა ადგილი", "version": "{v}"}),
    ("POST", "/meetings/{m}/sign", {"version": "{v}"}),
    ("POST", "/meetings/{m}/attendees", {"name": "ახალი წევრი"}),
    ("PATCH", "/attendees/{a}", {"presence": "absent"}),
    ("DELETE", "/attendees/{a}", None),
    ("POST", "/meetings/{m}/agenda", {"title": "ახალი საკითხი"}),
    ("PATCH", "/agenda-items/{g}", {"title": "შეცვლილი"}),
    ("DELETE", "/agenda-items/{g}", None),
    ("POST", "/meetings/{m}/decisions", {"text": "ახალი"}),
    ("PATCH", "/decisions/{d}", {"text": "შეცვლილი"}),
    ("DELETE", "/decisions/{d}", None),
    ("POST", "/decisions/{d}/action-items", {"title": "ახალი", "deadline": "2030-06-01"}),
    ("PATCH", "/action-items/{x}", {"title": "შეცვლილი", "version": "{xv}"}),
    ("DELETE", "/attendees/{a}?version=1", None),
    ("DELETE", "/decisions/{d}?version=1", None),
]


@pytest.mark.parametrize("role", ["chair", "secretary"])
def test_every_api_write_to_approved_minutes_is_refused(
    app, api, users, minutes, db_snapshot, role
) -> None:
    client = api(users[role])
    before = db_snapshot()
    for method, template, body in API_WRITES:
        if body is not None:
            body = {k: (int(v.format(v=minutes.version, xv=minutes.action_version))
                        if isinstance(v, str) and v.startswith("{") else v)
                    for k, v in body.items()}
        response = client.open(method, minutes.url(template), json=body)
        assert response.status_code == 403, (method, template, response.get_json())
        error = response.get_json()["error"]
        assert error["code"] == "forbidden"
        assert error["message"] == translated(app, LOCKED)
    assert db_snapshot() == before


def test_reopening_unlocks_the_minutes_for_the_api(app, api, users, minutes):
    chair = api(users["chair"])
    refused = chair.post(f"/meetings/{minutes.meeting}/decisions", json={"text": "ახალი"})
    assert refused.status_code == 403
    reopened = chair.post(f"/meetings/{minutes.meeting}/transition",
                          json={"to": "monitored", "comment": "შესწორება"})
    assert reopened.status_code == 200
    assert reopened.get_json()["minutes_locked"] is False
    assert reopened.get_json()["chair_signed_at"] is None
    added = chair.post(f"/meetings/{minutes.meeting}/decisions", json={"text": "ახალი"})
    assert added.status_code == 201 and added.get_json()["number"] == 2


def test_action_items_of_approved_minutes_are_still_closed_by_their_owner(
    app, api, users, minutes
) -> None:
    """The minutes record the task; its progress is tracked after approval too."""
    response = api(users["member"]).patch(
        f"/action-items/{minutes.action_item}",
        json={"state": "done", "note": "შესრულდა", "version": minutes.action_version},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["state"] == "done"
