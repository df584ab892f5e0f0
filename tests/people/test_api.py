"""The people over /api/v1: list and search, one person with their meetings, create,
PATCH with the version, merge — and the errors in the API's one shape."""

from __future__ import annotations

from .conftest import ANA, GIORGI, ORGANISATION, TAMAR, Records


def test_a_round_trip(api, users, records: Records) -> None:  # type: ignore[no-untyped-def]
    client = api(users["secretary"])
    created = client.post("/people", json={
        "name": "ლევან ქარსაძე", "organisation": "სამოქალაქო ჩართულობის ცენტრი",
        "position": "დირექტორი"})
    assert created.status_code == 201, created.get_json()
    person = created.get_json()
    assert person["municipality"] == "city"
    assert person["url"] == f"/m/city/people/{person['id']}"
    assert person["record"] == {"chaired": 0, "secretary": 0, "attended": 0, "action_items": 0}
    assert person["user"] is None and person["staff_member"] is None

    listed = client.get("/people", query_string={"q": "ქარსაძე"}).get_json()
    assert [p["id"] for p in listed["items"]] == [person["id"]]

    changed = client.patch(f"/people/{person['id']}",
                           json={"position": "თავმჯდომარე", "version": person["version"]})
    assert changed.status_code == 200
    assert changed.get_json()["position"] == "თავმჯდომარე"
    assert changed.get_json()["organisation"] == "სამოქალაქო ჩართულობის ცენტრი"  # untouched
    assert changed.get_json()["version"] == person["version"] + 1

    history = client.get(f"/people/{person['id']}/history").get_json()["items"]
    assert [e["action"] for e in history] == ["create", "update"]
    assert history[1]["changes"]["position"] == ["დირექტორი", "თავმჯდომარე"]


def test_a_person_with_their_meetings_and_counts(api, users, records: Records) -> None:  # type: ignore[no-untyped-def]
    client = api(users["observer"])
    tamar = client.get(f"/people/{records.tamar}").get_json()
    assert tamar["name"] == TAMAR
    assert tamar["record"] == {"chaired": 2, "secretary": 0, "attended": 1, "action_items": 0}
    assert [(m["id"], m["chair"], [a["presence"] for a in m["attendance"]])
            for m in tamar["meetings"]] == [(records.second, True, ["absent"]),
                                            (records.first, True, [])]
    assert tamar["permissions"] == {"manage": False}
    ana = client.get(f"/people/{records.ana}").get_json()
    assert [item["meeting_id"] for item in ana["action_items"]] == [records.first]
    everyone = {p["name"]: p for p in client.get("/people").get_json()["items"]}
    assert set(everyone) == {TAMAR, GIORGI, ANA}  # Tamar twice, once with an organisation
    assert len(client.get("/people").get_json()["items"]) == 4


def test_errors_in_the_api_s_shape(api, users, records: Records, db_snapshot) -> None:  # type: ignore[no-untyped-def]
    chair, observer = api(users["chair"]), api(users["observer"])
    before = db_snapshot(skip=frozenset({"api_tokens"}))
    cases = [
        (observer.post("/people", json={"name": "ვინმე"}), 403, "forbidden", None),
        (observer.patch(f"/people/{records.giorgi}", json={"name": "x", "version": 1}),
         403, "forbidden", None),
        (observer.post(f"/people/{records.twin}/merge",
                       json={"into_id": records.tamar, "version": 1}), 403, "forbidden", None),
        (chair.patch(f"/people/{records.giorgi}", json={"name": "x", "version": 7}),
         409, "stale_version", None),
        (chair.patch(f"/people/{records.giorgi}", json={"name": "x"}),
         422, "version_required", None),
        (chair.patch(f"/people/{records.giorgi}", json={"nickname": "x", "version": 1}),
         422, "validation_failed", "nickname"),
        (chair.patch(f"/people/{records.giorgi}", json={"name": ["x"], "version": 1}),
         422, "validation_failed", "name"),
        (chair.patch(f"/people/{records.giorgi}", json={"name": "  ", "version": 1}),
         422, "validation_failed", "name"),
        (chair.post("/people", json={"name": "ა" * 201}), 422, "validation_failed", "name"),
        (chair.post("/people", json={"name": TAMAR}), 422, "validation_failed", "name"),
        (chair.post("/people", json={"name": "ნიკა", "user_id": 999999}),
         422, "validation_failed", "user_id"),
        (chair.post("/people", json=["not", "an", "object"]), 400, "invalid_json", None),
        (chair.post(f"/people/{records.twin}/merge", json={"version": 1}),
         422, "validation_failed", "into_id"),
        (chair.post(f"/people/{records.twin}/merge", json={"into_id": True, "version": 1}),
         422, "validation_failed", "into_id"),
        (chair.get("/people/999999"), 404, "not_found", None),
    ]
    for response, status, code, field in cases:
        body = response.get_json()
        assert response.status_code == status, (status, body)
        assert body["error"]["code"] == code, body
        assert body["error"]["message"]
        if field is not None:
            assert field in body["error"]["fields"], body
    assert db_snapshot(skip=frozenset({"api_tokens"})) == before


def test_a_merge_over_the_api(api, users, records: Records) -> None:  # type: ignore[no-untyped-def]
    client = api(users["admin"])
    kept = client.post(f"/people/{records.twin}/merge",
                       json={"into_id": records.tamar, "version": 1})
    assert kept.status_code == 200, kept.get_json()
    data = kept.get_json()
    assert data["id"] == records.tamar
    assert data["record"] == {"chaired": 2, "secretary": 0, "attended": 2, "action_items": 1}
    assert client.get(f"/people/{records.twin}").status_code == 404
    history = client.get(f"/people/{records.tamar}/history").get_json()["items"]
    assert history[-1]["action"] == "merge"
    assert history[-1]["changes"]["merged"][0]["organisation"] == ORGANISATION


def test_linking_over_the_api(api, users, records: Records, make_user, make_unit,  # type: ignore[no-untyped-def]
                              make_staff) -> None:
    account = make_user("member", name=GIORGI)
    staff = make_staff(make_unit(name="არქივი"), name=GIORGI)
    client = api(users["chair"])
    linked = client.patch(f"/people/{records.giorgi}", json={
        "user_id": account.id, "staff_member_id": staff.id, "version": 1})
    assert linked.status_code == 200, linked.get_json()
    assert linked.get_json()["user"] == {"id": account.id, "name": GIORGI}
    assert linked.get_json()["staff_member"]["id"] == staff.id
    unlinked = client.patch(f"/people/{records.giorgi}",
                            json={"user_id": None, "version": linked.get_json()["version"]})
    assert unlinked.get_json()["user"] is None
    assert unlinked.get_json()["staff_member"]["id"] == staff.id
