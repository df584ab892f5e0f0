"""Meetings over JSON: the same rules as the web pages, in the API's error shape."""

from __future__ import annotations

import pytest

from tracker.workflow import COMPLETED, DRAFT, MONITORED

from ..helpers import api_sign


@pytest.fixture
def secretary(api, users):
    return api(users["secretary"])


@pytest.fixture
def chair(api, users):
    return api(users["chair"])


def error_code(response) -> str:
    return response.get_json()["error"]["code"]


def test_a_meeting_from_creation_to_approved_minutes(secretary, chair, users) -> None:
    created = secretary.post("/meetings", json={
        "place": "ნაპირის მერია", "date": "2024-02-02", "start_time": "14:00",
        "end_time": "16:00", "chair_id": users["chair"].id,
        "secretary_id": users["secretary"].id,
    })
    assert created.status_code == 201, created.get_json()
    meeting = created.get_json()
    assert (meeting["number"], meeting["state"], meeting["version"]) == (1, DRAFT, 1)
    assert (meeting["start_time"], meeting["end_time"]) == ("14:00", "16:00")
    assert meeting["group"]["id"] is None and meeting["url"] == f"/m/city/meetings/{meeting['id']}"
    mid = meeting["id"]

    refused = secretary.post(f"/meetings/{mid}/transition", json={"to": MONITORED})
    assert refused.status_code == 422 and error_code(refused) == "transition_refused"
    assert len(refused.get_json()["error"]["reasons"]) == 2

    attendee = secretary.post(f"/meetings/{mid}/attendees", json={
        "name": "დავით ჩიხლაძე", "organisation": "„ღია საზოგადოების ინიციატივა“",
        "org_kind": "civil_society"})
    assert attendee.status_code == 201
    assert attendee.get_json()["presence"] == "present"
    secretary.post(f"/meetings/{mid}/attendees", json={"user_id": users["chair"].id})
    agenda = secretary.post(f"/meetings/{mid}/agenda", json={"title": "პეტიციის კონცეფცია"})
    assert agenda.status_code == 201 and agenda.get_json()["position"] == 1
    decision = secretary.post(f"/meetings/{mid}/decisions", json={"text": "მომზადდეს აღწერა."})
    assert decision.status_code == 201 and decision.get_json()["number"] == 1

    item = secretary.post(f"/decisions/{decision.get_json()['id']}/action-items", json={
        "title": "აღწერის მომზადება", "deadline": "2030-03-01", "owner_id": users["member"].id})
    assert item.status_code == 201
    assert item.get_json()["state"] == "open" and item.get_json()["version"] == 1

    held = secretary.post(f"/meetings/{mid}/transition", json={"to": MONITORED})
    assert held.status_code == 200 and held.get_json()["state"] == MONITORED
    body = held.get_json()
    assert body["balance"] == {"government": 1, "civil_society": 1, "donor": 0, "other": 0}
    assert body["has_quorum"] is True

    assert api_sign(secretary, mid).status_code == 200
    assert api_sign(chair, mid).status_code == 200
    approved = chair.get(f"/meetings/{mid}").get_json()
    assert approved["state"] == COMPLETED and approved["minutes_locked"] is True

    history = secretary.get(f"/meetings/{mid}/history").get_json()["items"]
    assert [e["action"] for e in history].count("sign") == 2
    assert history[-1]["to_state"] == COMPLETED


@pytest.fixture
def held(make_meeting, users):
    return make_meeting(MONITORED, action={"owner_id": users["member"].id})


def test_stale_versions_get_409(secretary, held) -> None:
    stale = secretary.patch(f"/meetings/{held.id}", json={"place": "x", "version": 1})
    assert stale.status_code == 409 and error_code(stale) == "stale_version"
    missing = secretary.patch(f"/meetings/{held.id}", json={"place": "x"})
    assert missing.status_code == 422 and error_code(missing) == "version_required"
    meeting = secretary.get(f"/meetings/{held.id}").get_json()
    ok = secretary.patch(f"/meetings/{held.id}", json={"place": "ახალი ადგილი",
                                                       "version": meeting["version"]})
    assert ok.status_code == 200 and ok.get_json()["place"] == "ახალი ადგილი"
    item = meeting["decisions"][0]["action_items"][0]
    stale_item = secretary.patch(f"/action-items/{item['id']}",
                                 json={"title": "x", "version": item["version"] + 1})
    assert stale_item.status_code == 409


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/meetings", "not json", 400),
        ("POST", "/meetings", [1, 2], 400),
        ("POST", "/meetings", {"surprise": 1}, 422),
        ("POST", "/meetings", {"date": "31/02/2024"}, 422),
        ("POST", "/meetings", {"start_time": "25:00"}, 422),
        ("POST", "/meetings", {"start_time": "15:00", "end_time": "14:00"}, 422),
        ("POST", "/meetings", {"chair_id": "nobody"}, 422),
        ("POST", "/meetings", {"number": True}, 422),
        ("POST", "/meetings", {"place": ["a"]}, 422),
        ("POST", "/meetings/{m}/attendees", {"org_kind": "aliens", "name": "x"}, 422),
        ("POST", "/meetings/{m}/attendees", {}, 422),
        # The column holds 200 characters; the form allowed 300 (a 500 on PostgreSQL).
        ("POST", "/meetings/{m}/attendees", {"name": "😀" * 201}, 422),
        ("POST", "/meetings/{m}/agenda", {"title": ""}, 422),
        ("POST", "/meetings/{m}/decisions", {"text": None}, 422),
        ("PATCH", "/meetings/{m}", {"number": None, "version": 1}, 422),
        ("PATCH", "/action-items/{x}", {"state": "finished", "version": 1}, 422),
        ("PATCH", "/action-items/{x}", {"state": "open", "note": "x", "version": 1}, 422),
        ("DELETE", "/decisions/{d}", None, 422),  # it has an action item
        ("POST", "/meetings/{m}/transition", {"to": "nowhere"}, 422),
        ("POST", "/meetings/{m}/sign", {"version": "x", "extra": 1}, 422),
        ("GET", "/meetings/999999", None, 404),
        ("GET", "/attendees/999999", None, 404),
        ("PATCH", "/agenda-items/999999", {"title": "x"}, 404),
    ],
)
def test_bad_input_is_a_4xx_in_the_error_shape(app, secretary, held, db_snapshot, method, path,
                                                body, status) -> None:
    meeting = secretary.get(f"/meetings/{held.id}").get_json()
    decision = meeting["decisions"][0]
    path = path.format(m=held.id, d=decision["id"], x=decision["action_items"][0]["id"])
    before = db_snapshot()
    kwargs = {"data": body, "content_type": "application/json"} if isinstance(body, str) \
        else {"json": body}
    response = secretary.open(method, path, **kwargs)
    assert response.status_code == status, response.get_json()
    assert set(response.get_json()["error"]) >= {"code", "message"}
    assert db_snapshot() == before


def test_sub_resources(secretary, held) -> None:
    meeting = secretary.get(f"/meetings/{held.id}").get_json()
    attendees = secretary.get(f"/meetings/{held.id}/attendees").get_json()["items"]
    assert attendees == meeting["attendees"]
    one = attendees[0]
    unversioned = secretary.patch(f"/attendees/{one['id']}", json={"presence": "excused"})
    assert unversioned.status_code == 422
    assert unversioned.get_json()["error"]["code"] == "version_required"
    changed = secretary.patch(f"/attendees/{one['id']}",
                              json={"presence": "excused", "version": one["version"]})
    assert changed.status_code == 200 and changed.get_json()["presence"] == "excused"
    assert changed.get_json()["name"] == one["name"]  # a partial update keeps the rest
    stale = secretary.patch(f"/attendees/{one['id']}",
                            json={"presence": "absent", "version": one["version"]})
    assert stale.status_code == 409
    assert secretary.get(f"/attendees/{one['id']}").get_json()["presence"] == "excused"

    item = secretary.post(f"/meetings/{held.id}/agenda", json={"title": "მეორე საკითხი"})
    patched = secretary.patch(f"/agenda-items/{item.get_json()['id']}",
                              json={"discussion": "იმსჯელეს",
                                    "version": item.get_json()["version"]})
    assert patched.get_json()["discussion"] == "იმსჯელეს"
    removed = f"/agenda-items/{item.get_json()['id']}"
    assert secretary.open("DELETE", removed).status_code == 422  # the version is required
    assert secretary.open("DELETE", f"{removed}?version={patched.get_json()['version']}"
                          ).status_code == 204
    agenda = secretary.get(f"/meetings/{held.id}/agenda").get_json()["items"]
    assert [a["position"] for a in agenda] == [1]

    decisions = secretary.get(f"/meetings/{held.id}/decisions").get_json()["items"]
    listed = secretary.get(f"/decisions/{decisions[0]['id']}/action-items").get_json()["items"]
    assert listed == decisions[0]["action_items"]


def test_action_items_close_and_reopen(api, users, held) -> None:
    member, chair = api(users["member"]), api(users["chair"])
    meeting = chair.get(f"/meetings/{held.id}").get_json()
    item = meeting["decisions"][0]["action_items"][0]
    done = member.patch(f"/action-items/{item['id']}",
                        json={"state": "done", "note": "შესრულდა", "version": item["version"]})
    assert done.status_code == 200
    assert (done.get_json()["state"], done.get_json()["note"]) == ("done", "შესრულდა")
    refused = member.patch(f"/action-items/{item['id']}",
                           json={"state": "open", "version": done.get_json()["version"]})
    assert refused.status_code == 403
    reopened = chair.patch(f"/action-items/{item['id']}",
                           json={"state": "open", "version": done.get_json()["version"]})
    assert reopened.status_code == 200 and reopened.get_json()["state"] == "open"
    history = chair.get(f"/action-items/{item['id']}/history").get_json()["items"]
    assert [e["changes"].get("state") for e in history if e["action"] == "update"] == [
        ["open", "done"], ["done", "open"]]
    observer = api(users["observer"]).patch(
        f"/action-items/{item['id']}",
        json={"state": "done", "version": reopened.get_json()["version"]})
    assert observer.status_code == 403


def test_signing_by_someone_else_is_refused(api, users, held) -> None:
    response = api_sign(api(users["admin"]), held.id)
    assert response.status_code == 403 and error_code(response) == "forbidden"


def test_logged_out_callers_get_401(api, held) -> None:
    response = api(None).get(f"/meetings/{held.id}")
    assert response.status_code == 401 and error_code(response) == "unauthorized"


def test_openapi_describes_the_meeting_paths(api, users) -> None:
    spec = api(users["observer"]).get("/openapi.json").get_json()
    for path in ("/meetings", "/meetings/{id}", "/meetings/{id}/transition",
                 "/meetings/{id}/sign", "/meetings/{id}/history", "/meetings/{id}/attendees",
                 "/meetings/{id}/agenda", "/meetings/{id}/decisions", "/attendees/{id}",
                 "/agenda-items/{id}", "/decisions/{id}", "/decisions/{id}/action-items",
                 "/action-items/{id}", "/minutes/search"):
        assert path in spec["paths"], path
    schemas = spec["components"]["schemas"]
    assert "version" in schemas["MeetingUpdate"]["required"]
    assert set(schemas["ActionItemUpdate"]["properties"]) >= {"state", "note", "version"}


def test_removing_an_agenda_item_renumbers_the_rest(api, users, held) -> None:
    secretary = api(users["secretary"])
    for title in ("მეორე", "მესამე"):
        assert secretary.post(f"/meetings/{held.id}/agenda", json={"title": title}
                              ).status_code == 201
    first = secretary.get(f"/meetings/{held.id}/agenda").get_json()["items"][0]
    assert secretary.open("DELETE", f"/agenda-items/{first['id']}?version={first['version']}"
                          ).status_code == 204
    agenda = secretary.get(f"/meetings/{held.id}/agenda").get_json()["items"]
    assert [(a["position"], a["title"]) for a in agenda] == [(1, "მეორე"), (2, "მესამე")]
