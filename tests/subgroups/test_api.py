"""Subgroups over JSON: shapes, versions, errors (never a 500)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tracker.workflow import COMPLETED, DRAFT, MONITORED, STATES

from ..helpers import subgroup_facts, today_of


def test_a_subgroup_as_json(app, api, people, make_subgroup) -> None:
    group = make_subgroup(MONITORED, name="Petition group")
    body = api(people["observer"]).get(f"/subgroups/{group.id}").get_json()
    assert (body["id"], body["name"], body["state"]) == (group.id, "Petition group", MONITORED)
    assert body["version"] == subgroup_facts(app, group.id)["version"]
    assert body["lead"] == {"id": people["lead"].id, "name": "Lela Lead"}
    assert body["members"] == [{"id": people["insider"].id, "name": "Irakli Insider"}]
    assert len(body["commitments"]) == 1
    assert body["deliverable_deadline"] == (today_of(app) + timedelta(days=20)).isoformat()
    assert body["permissions"] == {"edit": False, "manage_membership": False,
                                   "record_meeting": False}
    assert body["meetings"] == [] and body["action_items"] == []
    listed = api(people["observer"]).get("/subgroups").get_json()["items"]
    assert [(i["id"], i["state"], i["version"]) for i in listed] == [
        (group.id, MONITORED, body["version"])
    ]


def test_create_patch_transition_and_history(app, api, people, make_commitment) -> None:
    commitment = make_commitment(state=MONITORED)
    chair = api(people["chair"])
    response = chair.post("/subgroups", json={
        "name": "Open data group",
        "lead_id": people["lead"].id,
        "member_ids": [people["insider"].id],          # numbers…
        "commitment_ids": [str(commitment.id)],         # …or text
        "deliverable": "Data catalogue",
        "deliverable_deadline": (today_of(app) + timedelta(days=15)).isoformat(),
    })
    assert response.status_code == 201, response.get_json()
    group = response.get_json()
    assert group["state"] == DRAFT
    assert [t["to"] for t in group["transitions"] if t["allowed"]] == [MONITORED, "withdrawn"]

    moved = chair.post(f"/subgroups/{group['id']}/transition",
                       json={"to": MONITORED, "comment": "Go", "version": group["version"]})
    assert moved.status_code == 200 and moved.get_json()["state"] == MONITORED

    lead = api(people["lead"])
    refused = lead.post(f"/subgroups/{group['id']}/transition", json={"to": COMPLETED})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "transition_refused"
    version = lead.get(f"/subgroups/{group['id']}").get_json()["version"]
    recorded = lead.patch(f"/subgroups/{group['id']}",
                          json={"deliverable_result": "Catalogue published", "version": version})
    assert recorded.status_code == 200
    done = lead.post(f"/subgroups/{group['id']}/transition", json={"to": COMPLETED})
    assert done.status_code == 200 and done.get_json()["state"] == COMPLETED

    history = chair.get(f"/subgroups/{group['id']}/history").get_json()["items"]
    assert [e["action"] for e in history] == ["create", "transition", "update", "transition"]
    assert history[1]["comment"] == "Go"
    assert history[2]["changes"] == {"deliverable_result": ["", "Catalogue published"]}


def test_patch_members_and_links(app, api, people, make_subgroup, make_commitment) -> None:
    group = make_subgroup()
    other = make_commitment()
    chair = api(people["chair"])
    version = subgroup_facts(app, group.id)["version"]
    response = chair.patch(f"/subgroups/{group.id}", json={
        "member_ids": [people["insider"].id, people["outsider"].id],
        "commitment_ids": [other.id], "version": version,
    })
    assert response.status_code == 200, response.get_json()
    facts = subgroup_facts(app, group.id)
    assert facts["member_ids"] == sorted([people["insider"].id, people["outsider"].id])
    assert facts["commitment_ids"] == [other.id]
    assert facts["name"] == group.name                           # untouched fields stay


def test_a_stale_version_is_409_and_a_missing_one_422(app, api, people, make_subgroup) -> None:
    group = make_subgroup()
    chair = api(people["chair"])
    stale = chair.patch(f"/subgroups/{group.id}", json={"name": "X", "version": 99})
    assert stale.status_code == 409
    assert stale.get_json()["error"]["code"] == "stale_version"
    missing = chair.patch(f"/subgroups/{group.id}", json={"name": "X"})
    assert missing.status_code == 422
    assert missing.get_json()["error"]["code"] == "version_required"
    stale_move = chair.post(f"/subgroups/{group.id}/transition",
                            json={"to": MONITORED, "version": 99})
    assert stale_move.status_code == 409
    assert subgroup_facts(app, group.id)["state"] == DRAFT


BAD_BODIES = [
    ("POST", "/subgroups", None, 400, "invalid_json"),
    ("POST", "/subgroups", [1, 2], 400, "invalid_json"),
    ("POST", "/subgroups", {"name": ""}, 422, "validation_failed"),
    ("POST", "/subgroups", {"name": "x" * 301}, 422, "validation_failed"),
    ("POST", "/subgroups", {"name": "Taken"}, 422, "validation_failed"),
    ("POST", "/subgroups", {"name": "A", "colour": "red"}, 422, "validation_failed"),
    ("POST", "/subgroups", {"name": "A", "deliverable_result": "x"}, 422, "validation_failed"),
    ("POST", "/subgroups", {"name": "A", "member_ids": "1"}, 422, "validation_failed"),
    ("POST", "/subgroups", {"name": "A", "member_ids": [True]}, 422, "validation_failed"),
    ("POST", "/subgroups", {"name": "A", "member_ids": [999999]}, 422, "validation_failed"),
    ("POST", "/subgroups", {"name": "A", "member_ids": [{"id": 1}]}, 422, "validation_failed"),
    ("POST", "/subgroups", {"name": "A", "lead_id": "me"}, 422, "validation_failed"),
    ("POST", "/subgroups", {"name": "A", "deliverable_deadline": "2027-02-30"}, 422,
     "validation_failed"),
    ("POST", "/subgroups", {"name": ["A"]}, 422, "validation_failed"),
    ("PATCH", "/subgroups/{g}", {"version": "one", "name": "B"}, 409, "stale_version"),
    ("PATCH", "/subgroups/{g}", {"version": 1, "commitment_ids": [1.5]}, 422,
     "validation_failed"),
    ("POST", "/subgroups/{g}/transition", {"to": "nowhere"}, 422, "unknown_state"),
    ("POST", "/subgroups/{g}/transition", {"to": 3}, 422, "validation_failed"),
    ("POST", "/subgroups/{g}/transition", {"to": COMPLETED}, 422, "transition_refused"),
    ("POST", "/subgroups/{g}/transition", {"to": MONITORED, "extra": 1}, 422,
     "validation_failed"),
    ("GET", "/subgroups/424242", None, 404, "not_found"),
    ("PATCH", "/subgroups/424242", {"version": 1}, 404, "not_found"),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "code"), BAD_BODIES)
def test_bad_input_is_a_clear_4xx(app, api, people, make_subgroup, db_snapshot,
                                  method, path, body, status, code) -> None:
    group = make_subgroup(name="Taken", ready=False)
    chair = api(people["chair"])
    before = db_snapshot()
    kwargs = {"json": body} if body is not None else {}
    response = chair.open(method, path.format(g=group.id), **kwargs)
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert (error["code"], bool(error["message"])) == (code, True)
    assert db_snapshot() == before


def test_list_filters(api, people, make_subgroup) -> None:
    active = make_subgroup(MONITORED)
    make_subgroup(DRAFT, ready=False)
    client = api(people["observer"])
    assert [g["id"] for g in client.get(f"/subgroups?state={MONITORED}").get_json()["items"]] == [
        active.id
    ]
    assert [g["id"] for g in client.get(f"/subgroups?member={people['lead'].id}")
            .get_json()["items"]] == [active.id]
    assert client.get("/subgroups?state=zzz").status_code == 200
    refused = client.get("/subgroups?member=abc&unit=%00")
    assert refused.status_code == 422
    assert set(refused.get_json()["error"]["fields"]) <= {"member", "unit"}


def test_the_spec_describes_subgroups(api, people) -> None:
    spec = api(people["observer"]).get("/openapi.json").get_json()
    assert {"/subgroups", "/subgroups/{id}", "/subgroups/{id}/transition",
            "/subgroups/{id}/history"} <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    assert "version" in schemas["SubgroupUpdate"]["required"]
    assert "deliverable_result" not in schemas["SubgroupCreate"]["properties"]
    assert set(STATES) == set(schemas["Transition"]["properties"]["to"]["enum"])
