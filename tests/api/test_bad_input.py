"""Bad input on the API: a 4xx with ``{"error": {"code", "message"}}``, never a 500, and
nothing saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

TEN_MEGABYTES = "x" * (10 * 1024 * 1024)


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    status: int
    code: str
    json: Any = None
    raw: dict[str, Any] = field(default_factory=dict)  # data= / content_type= for the client


def new(**changes: Any) -> dict[str, Any]:
    """A commitment body that would be accepted, with ``changes``."""
    return {
        "plan_id": "{plan}",
        "title": "Open budget data",
        "start_date": "2027-02-01",
        "deadline": "2027-12-01",
        **changes,
    }


CASES = {
    # Invalid JSON
    "not-json": Case(
        "POST",
        "/commitments",
        400,
        "invalid_json",
        raw={"data": b"{not json", "content_type": "application/json"},
    ),
    "json-array": Case("POST", "/commitments", 400, "invalid_json", json=[1, 2]),
    "json-string": Case("POST", "/commitments", 400, "invalid_json", json="title"),
    "no-body": Case("POST", "/commitments", 400, "invalid_json", json=None),
    "form-encoded": Case("POST", "/commitments", 400, "invalid_json", raw={"data": {"title": "x"}}),
    "ten-megabytes": Case(
        "POST", "/commitments", 413, "too_large", json=new(description=TEN_MEGABYTES)
    ),
    # Invalid values
    "empty-title": Case("POST", "/commitments", 422, "validation_failed", json=new(title="")),
    "long-title": Case("POST", "/commitments", 422, "validation_failed", json=new(title="x" * 301)),
    "deadline-before-start": Case(
        "POST",
        "/commitments",
        422,
        "validation_failed",
        json=new(start_date="2027-12-01", deadline="2027-02-01"),
    ),
    "impossible-date": Case(
        "POST", "/commitments", 422, "validation_failed", json=new(start_date="2027-02-30")
    ),
    "month-13": Case(
        "POST", "/commitments", 422, "validation_failed", json=new(deadline="2027-13-01")
    ),
    "words-for-a-date": Case(
        "POST", "/commitments", 422, "validation_failed", json=new(deadline="next week")
    ),
    "unknown-plan": Case(
        "POST", "/commitments", 422, "validation_failed", json=new(plan_id=999999)
    ),
    "unknown-owner": Case(
        "POST", "/commitments", 422, "validation_failed", json=new(owner_id=999999)
    ),
    "huge-number": Case("POST", "/commitments", 422, "validation_failed", json=new(number=10**30)),
    "unknown-ogp-value": Case(
        "POST", "/commitments", 422, "validation_failed", json=new(ogp_values=["bogus"])
    ),
    # Wrong JSON types and unknown fields
    "title-list": Case("POST", "/commitments", 422, "validation_failed", json=new(title=["x"])),
    "title-object": Case(
        "POST", "/commitments", 422, "validation_failed", json=new(title={"ka": "x"})
    ),
    "title-bool": Case("POST", "/commitments", 422, "validation_failed", json=new(title=True)),
    "plan-list": Case("POST", "/commitments", 422, "validation_failed", json=new(plan_id=[1])),
    "number-float": Case("POST", "/commitments", 422, "validation_failed", json=new(number=1.5)),
    "number-bool": Case("POST", "/commitments", 422, "validation_failed", json=new(number=True)),
    "ogp-values-string": Case(
        "POST",
        "/commitments",
        422,
        "validation_failed",
        json=new(ogp_values="access_to_information"),
    ),
    "ogp-values-objects": Case(
        "POST", "/commitments", 422, "validation_failed", json=new(ogp_values=[{"x": 1}])
    ),
    "date-number": Case(
        "POST", "/commitments", 422, "validation_failed", json=new(deadline=20271201)
    ),
    "unknown-field": Case("POST", "/commitments", 422, "validation_failed", json=new(colour="red")),
    "state-is-not-writable": Case(
        "POST", "/commitments", 422, "validation_failed", json=new(state="completed")
    ),
    # Versions
    "stale-version": Case(
        "PATCH", "/commitments/{c}", 409, "stale_version", json={"title": "New", "version": 0}
    ),
    "missing-version": Case(
        "PATCH", "/commitments/{c}", 422, "version_required", json={"title": "New"}
    ),
    "version-object": Case(
        "PATCH",
        "/commitments/{c}",
        422,
        "validation_failed",
        json={"title": "New", "version": {"n": 1}},
    ),
    "patch-empty-title": Case(
        "PATCH", "/commitments/{c}", 422, "validation_failed", json={"title": "", "version": 1}
    ),
    "patch-unknown-field": Case(
        "PATCH", "/commitments/{c}", 422, "validation_failed", json={"id": 5, "version": 1}
    ),
    "patch-not-json": Case(
        "PATCH",
        "/commitments/{c}",
        400,
        "invalid_json",
        raw={"data": b"[", "content_type": "application/json"},
    ),
    # Transitions
    "unknown-state": Case(
        "POST", "/commitments/{c}/transition", 422, "unknown_state", json={"to": "archived"}
    ),
    "to-missing": Case("POST", "/commitments/{c}/transition", 422, "validation_failed", json={}),
    "to-number": Case(
        "POST", "/commitments/{c}/transition", 422, "validation_failed", json={"to": 5}
    ),
    "comment-list": Case(
        "POST",
        "/commitments/{c}/transition",
        422,
        "validation_failed",
        json={"to": "withdrawn", "comment": ["x"]},
    ),
    "version-string": Case(
        "POST",
        "/commitments/{c}/transition",
        422,
        "validation_failed",
        json={"to": "withdrawn", "comment": "x", "version": "1"},
    ),
    "transition-extra-field": Case(
        "POST",
        "/commitments/{c}/transition",
        422,
        "validation_failed",
        json={"to": "withdrawn", "why": "x"},
    ),
    "stale-transition": Case(
        "POST",
        "/commitments/{c}/transition",
        409,
        "stale_version",
        json={"to": "withdrawn", "comment": "x", "version": 0},
    ),
    "no-skipping": Case(
        "POST", "/commitments/{c}/transition", 422, "transition_refused", json={"to": "completed"}
    ),
    # Milestones
    "milestone-bad-deadline": Case(
        "POST",
        "/commitments/{c}/milestones",
        422,
        "validation_failed",
        json={"title": "S", "deadline": "soon"},
    ),
    "milestone-no-title": Case(
        "POST",
        "/commitments/{c}/milestones",
        422,
        "validation_failed",
        json={"deadline": "2027-01-01"},
    ),
    "done-not-bool": Case(
        "PATCH", "/milestones/{m}", 422, "validation_failed", json={"done": "yes", "version": 1}
    ),
    "done-without-evidence": Case(
        "PATCH", "/milestones/{m}", 422, "validation_failed", json={"done": True, "version": 1}
    ),
    "done-stale": Case(
        "PATCH",
        "/milestones/{m}",
        409,
        "stale_version",
        json={"done": True, "evidence": "x", "version": 0},
    ),
    "milestone-stale": Case(
        "PATCH", "/milestones/{m}", 409, "stale_version", json={"title": "New", "version": 3}
    ),
    # Unknown things
    "unknown-commitment": Case(
        "PATCH", "/commitments/999999", 404, "not_found", json={"title": "x", "version": 1}
    ),
    "unknown-milestone": Case("GET", "/milestones/999999", 404, "not_found"),
    "unknown-route": Case("GET", "/nowhere", 404, "not_found"),
    "wrong-method": Case("DELETE", "/commitments/{c}", 405, "method_not_allowed"),
}


@pytest.fixture
def target(make_commitment, make_milestone) -> dict[str, int]:
    commitment = make_commitment(ready=True, milestones=0)
    milestone = make_milestone(commitment)
    return {"c": commitment.id, "m": milestone.id, "plan": commitment.plan_id}


def fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str):
        return int(value.format(**ids)) if value == "{plan}" else value.format(**ids)
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("name", CASES)
def test_bad_input_gets_a_clear_error_and_saves_nothing(
    api, users, target, db_snapshot, name: str
) -> None:
    case = CASES[name]
    chair = api(users["chair"])
    before = db_snapshot()
    kwargs = dict(case.raw) if case.raw else {"json": fill(case.json, target)}
    response = chair.open(case.method, fill(case.path, target), **kwargs)
    assert (response.status_code, response.is_json) == (case.status, True)
    error = response.get_json()["error"]
    assert error["code"] == case.code
    assert isinstance(error["message"], str) and error["message"]
    assert db_snapshot() == before


def test_the_valid_body_is_accepted(api, users, target, db_snapshot) -> None:
    """The control for the cases above: without the change, the same body creates."""
    chair = api(users["chair"])
    before = db_snapshot()
    response = chair.post("/commitments", json=fill(new(), target))
    assert response.status_code == 201
    assert len(db_snapshot()["commitments"]) == len(before["commitments"]) + 1


def test_field_errors_name_the_field(api, users, target) -> None:
    response = api(users["chair"]).post(
        "/commitments", json=fill(new(title="", deadline="2020-01-01", colour="red"), target)
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"colour"}  # unknown fields first
    response = api(users["chair"]).post(
        "/commitments", json=fill(new(title="", deadline="2020-01-01"), target)
    )
    assert set(response.get_json()["error"]["fields"]) == {"title", "deadline"}
