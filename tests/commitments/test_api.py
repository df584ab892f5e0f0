"""The JSON API for commitments and milestones (PRODUCT.md, "Interfaces others rely on")."""

from __future__ import annotations

from unittest.mock import ANY

import pytest

from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

OTHER_ROLES = ("secretary", "member", "observer")


# Commitments ---------------------------------------------------------------------------------
def test_list_and_filter(api, users, make_commitment) -> None:
    draft = make_commitment()
    monitored = make_commitment(state=MONITORED)
    observer = api(users["observer"])
    items = observer.get("/commitments").get_json()["items"]
    assert [(i["id"], i["state"], i["version"]) for i in items] == [
        (draft.id, DRAFT, draft.version),
        (monitored.id, MONITORED, monitored.version),
    ]
    filtered = observer.get(f"/commitments?state={MONITORED}").get_json()["items"]
    assert [i["id"] for i in filtered] == [monitored.id]
    # An unknown state is ignored; an id that is not a whole number is a 422 naming it.
    assert len(observer.get("/commitments?state=bogus").get_json()["items"]) == 2
    refused = observer.get("/commitments?owner=x")
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {"owner": [ANY]}


def test_get_shows_milestones_and_the_steps_this_user_may_take(api, users, make_commitment) -> None:
    commitment = make_commitment(ready=True)
    detail = api(users["chair"]).get(f"/commitments/{commitment.id}").get_json()
    assert (detail["id"], detail["state"], detail["version"]) == (commitment.id, DRAFT, 1)
    assert len(detail["milestones"]) == 1
    assert {t["to"]: t["allowed"] for t in detail["transitions"]} == {
        MONITORED: True,
        WITHDRAWN: True,
    }
    as_observer = api(users["observer"]).get(f"/commitments/{commitment.id}").get_json()
    assert as_observer["transitions"] == []


def test_create_as_chair(api, users, make_plan) -> None:
    plan = make_plan()
    chair = api(users["chair"])
    body = {"plan_id": plan.id, "title": "Open data portal", "ogp_values": ["civic_participation"]}
    first = chair.post("/commitments", json=body)
    second = chair.post("/commitments", json={**body, "title": "Budget guide"})
    assert first.status_code == second.status_code == 201
    assert (first.get_json()["number"], second.get_json()["number"]) == (1, 2)
    created = first.get_json()
    assert (created["state"], created["version"], created["ogp_values"]) == (
        DRAFT,
        1,
        ["civic_participation"],
    )
    assert chair.get(f"/commitments/{created['id']}").get_json()["title"] == "Open data portal"


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_managers_create(api, users, make_plan, db_snapshot, role: str) -> None:
    plan = make_plan()
    client = api(users[role])
    before = db_snapshot()
    response = client.post("/commitments", json={"plan_id": plan.id, "title": "Mine"})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert db_snapshot() == before


def test_patch_with_the_current_version(api, users, make_commitment) -> None:
    commitment = make_commitment()
    chair = api(users["chair"])
    response = chair.patch(
        f"/commitments/{commitment.id}",
        json={"title": "Clearer title", "deadline": "2030-01-31", "version": 1},
    )
    assert response.status_code == 200
    updated = response.get_json()
    assert (updated["title"], updated["deadline"], updated["version"]) == (
        "Clearer title",
        "2030-01-31",
        2,
    )
    # The same edit again, from the copy read before, is now stale.
    again = chair.patch(f"/commitments/{commitment.id}", json={"title": "Other", "version": 1})
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "stale_version"
    assert chair.get(f"/commitments/{commitment.id}").get_json()["title"] == "Clearer title"


def test_an_owner_reports_progress_but_does_not_replan(api, users, make_commitment) -> None:
    commitment = make_commitment(owner_id=users["member"].id)
    owner = api(users["member"])
    url = f"/commitments/{commitment.id}"
    assert owner.patch(url, json={"description": "Under way", "version": 1}).status_code == 200
    replan = owner.patch(url, json={"deadline": "2031-01-01", "version": 2})
    assert replan.status_code == 403
    assert owner.get(url).get_json()["deadline"] is None


@pytest.mark.parametrize("role", ["secretary", "observer"])
def test_non_owners_may_not_patch(api, users, make_commitment, role: str) -> None:
    commitment = make_commitment(owner_id=users["member"].id)
    response = api(users[role]).patch(
        f"/commitments/{commitment.id}", json={"title": "Hijacked", "version": 1}
    )
    assert response.status_code == 403


# Transitions and history ---------------------------------------------------------------------
def test_transition_answers_with_the_new_state(api, users, make_commitment) -> None:
    commitment = make_commitment(ready=True)
    response = api(users["chair"]).post(
        f"/commitments/{commitment.id}/transition", json={"to": MONITORED, "comment": "Approved"}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["state"], body["version"]) == (MONITORED, 2)


def test_a_refused_transition_lists_its_reasons(api, users, make_commitment) -> None:
    commitment = make_commitment()
    chair = api(users["chair"])
    response = chair.post(f"/commitments/{commitment.id}/transition", json={"to": MONITORED})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "transition_refused"
    assert len(error["reasons"]) == 5 and all(error["reasons"])
    assert chair.get(f"/commitments/{commitment.id}").get_json()["state"] == DRAFT


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_403_on_transition(api, users, make_commitment, role: str) -> None:
    commitment = make_commitment(ready=True, owner_id=users["member"].id)
    response = api(users[role]).post(
        f"/commitments/{commitment.id}/transition", json={"to": MONITORED}
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_history_records_every_change(api, users, make_commitment) -> None:
    commitment = make_commitment(state=COMPLETED)
    chair = api(users["chair"])
    chair.post(
        f"/commitments/{commitment.id}/transition", json={"to": MONITORED, "comment": "Redo"}
    )
    items = chair.get(f"/commitments/{commitment.id}/history").get_json()["items"]
    transitions = [
        (i["from_state"], i["to_state"], i["comment"]) for i in items if i["action"] == "transition"
    ]
    assert transitions == [
        (DRAFT, MONITORED, None),
        (MONITORED, COMPLETED, None),
        (COMPLETED, MONITORED, "Redo"),
    ]
    assert items[0]["action"] == "create" and items[0]["object_type"] == "commitment"
    assert {i["object_type"] for i in items} == {"commitment", "milestone"}
    assert items[-1]["actor"] == {"id": users["chair"].id, "name": users["chair"].name}
    assert [i["id"] for i in items] == sorted(i["id"] for i in items)


# Milestones ---------------------------------------------------------------------------------
def test_milestone_create_edit_done_and_reopen(api, users, make_commitment) -> None:
    commitment = make_commitment(owner_id=users["member"].id)
    chair, owner = api(users["chair"]), api(users["member"])

    created = chair.post(
        f"/commitments/{commitment.id}/milestones",
        json={"title": "Draft rules", "deadline": "2030-03-01", "owner_id": users["member"].id},
    )
    assert created.status_code == 201
    milestone = created.get_json()
    assert (milestone["title"], milestone["done"], milestone["version"]) == (
        "Draft rules",
        False,
        1,
    )
    url = f"/milestones/{milestone['id']}"

    edited = chair.patch(url, json={"title": "Draft the rules", "version": 1})
    assert (edited.status_code, edited.get_json()["title"]) == (200, "Draft the rules")

    done = owner.patch(
        url, json={"done": True, "evidence": "https://example.test/rules", "version": 2}
    )
    assert done.status_code == 200
    assert done.get_json()["done"] is True and done.get_json()["done_at"]

    reopened = chair.patch(url, json={"done": False, "version": 3})
    assert (reopened.status_code, reopened.get_json()["done"]) == (200, False)

    listed = chair.get(f"/commitments/{commitment.id}/milestones").get_json()["items"]
    assert [m["id"] for m in listed] == [milestone["id"]]
    history = chair.get(f"{url}/history").get_json()["items"]
    assert [h["action"] for h in history] == ["create", "update", "update", "update"]


@pytest.mark.parametrize("role", ["secretary", "observer"])
def test_only_owners_and_managers_mark_milestones_done(
    api, users, make_commitment, make_milestone, role: str
) -> None:
    commitment = make_commitment(owner_id=users["member"].id)
    milestone = make_milestone(commitment)
    response = api(users[role]).patch(
        f"/milestones/{milestone.id}", json={"done": True, "evidence": "x", "version": 1}
    )
    assert response.status_code == 403
    assert api(users["chair"]).get(f"/milestones/{milestone.id}").get_json()["done"] is False


def test_no_milestones_on_a_closed_commitment(api, users, make_commitment) -> None:
    commitment = make_commitment(state=COMPLETED)
    response = api(users["chair"]).post(
        f"/commitments/{commitment.id}/milestones", json={"title": "Late", "deadline": "2030-01-01"}
    )
    assert response.status_code == 403
