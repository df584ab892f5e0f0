"""The API as a whole: its OpenAPI description and its need of a login."""

from __future__ import annotations

from tracker.workflow import STATES


def test_openapi_describes_the_api(api, users) -> None:
    response = api(users["observer"]).get("/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    assert {
        "/commitments",
        "/commitments/{id}",
        "/commitments/{id}/transition",
        "/commitments/{id}/history",
        "/commitments/{id}/milestones",
        "/milestones/{id}",
        "/board",
        "/units",
        "/users",
        "/people",
        "/people/{id}",
        "/people/{id}/merge",
    } <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation["responses"], (path, method)
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                assert body["schema"]["$ref"].rsplit("/", 1)[1] in schemas
    assert schemas["Transition"]["properties"]["to"]["enum"] == list(STATES)
    assert set(schemas["Error"]["properties"]["error"]["required"]) == {"code", "message"}
    assert "version" in schemas["CommitmentUpdate"]["required"]
    assert "version" in schemas["PersonUpdate"]["required"]
    assert set(schemas["PersonMerge"]["required"]) == {"into_id", "version"}


def test_the_api_needs_authentication(client) -> None:
    response = client.get("/api/v1/commitments")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
