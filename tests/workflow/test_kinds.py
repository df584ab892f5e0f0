"""Each tracked kind is declared once; its shared routes (web and API) come from that
declaration, so every kind has them and they behave alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

import tracker.api  # noqa: F401  (declares every kind)
from tracker.accounts.models import User
from tracker.commitments import operations as commitment_ops
from tracker.extensions import db
from tracker.forms import LONG_TEXT
from tracker.meetings import operations as meeting_ops
from tracker.municipalities import scope
from tracker.municipalities.models import Municipality
from tracker.subgroups import operations as subgroup_ops
from tracker.workflow import MONITORED
from tracker.workflow.kinds import Kind, all_kinds

from ..factories import CITY
from ..helpers import csrf_token_in

BUILDERS: dict[str, Callable[[User], Any]] = {
    "commitment": lambda chair: commitment_ops.create_commitment(
        chair, {"title": "Open budget portal", "plan_id": commitment_ops.create_plan(
            chair, {"title": "Plan 2026-2027", "period_start": date(2026, 1, 1),
                    "period_end": date(2027, 12, 31)}).id}
    ),
    "subgroup": lambda chair: subgroup_ops.create_subgroup(chair, {"name": "Petitions"}),
    "meeting": lambda chair: meeting_ops.create_meeting(
        chair, {"date": date(2026, 3, 2), "place": "City hall"}
    ),
}


# The API imports every area's kind declaration.
KINDS = list(all_kinds())


def test_every_kind_is_declared_once_and_has_a_builder_here():
    names = [kind.name for kind in KINDS]
    assert sorted(names) == sorted(set(names))
    assert set(names) == set(BUILDERS)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_has_the_shared_routes_on_web_and_api(app, kind: Kind):
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    web = f"/m/<municipality>/{kind.collection}/<int:{kind.id_arg}>"
    assert rules[f"{kind.blueprint}.transition"] == f"{web}/transition"
    assert rules[f"{kind.blueprint}.comment"] == f"{web}/comments"
    api = f"/api/v1/{kind.collection}/<int:ident>"
    for endpoint, suffix in (("get", ""), ("transition", "/transition"),
                             ("history", "/history"), ("comment", "/comments")):
        assert rules[f"api.{kind.collection}.{endpoint}"] == f"{api}{suffix}"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_documents_its_shared_api_routes(browse_as, users, kind: Kind):
    client = browse_as(users["observer"])
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    base = f"/{kind.collection}/{{id}}"
    assert "get" in paths[base]
    assert "post" in paths[f"{base}/transition"]
    assert "get" in paths[f"{base}/history"]
    assert "post" in paths[f"{base}/comments"]


def _build(app, users, kind: Kind) -> int:
    with app.app_context(), scope.entered(Municipality.by_slug(CITY)):
        obj = BUILDERS[kind.name](db.session.get(User, users["chair"].id))
        db.session.commit()
        return obj.id


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_an_observer_comments_on_every_kind_on_the_web_and_in_the_api(
    app, browse_as, users, kind: Kind
):
    ident = _build(app, users, kind)
    client = browse_as(users["observer"])
    page = f"/{kind.collection}/{ident}"
    token = csrf_token_in(client.get(page).get_data(as_text=True))
    response = client.post(f"{page}/comments", data={"text": "Web remark", "csrf_token": token})
    assert response.status_code == 302 and response.location.endswith(f"{page}#history")

    api = client.post(f"/api/v1{page}/comments", json={"text": "API remark"},
                      headers={"X-CSRFToken": token})
    assert api.status_code == 201 and api.get_json()["comment"] == "API remark"

    history = client.get(f"/api/v1{page}/history").get_json()["items"]
    assert [e["comment"] for e in history if e["action"] == "comment"] == [
        "Web remark", "API remark"]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_a_bad_comment_is_a_422_and_changes_nothing(
    app, browse_as, users, db_snapshot, kind: Kind
):
    ident = _build(app, users, kind)
    client = browse_as(users["observer"])
    token = csrf_token_in(client.get(f"/{kind.collection}/{ident}").get_data(as_text=True))
    before = db_snapshot()
    too_long = {"text": "x" * (LONG_TEXT + 1)}  # the web form's limit holds in the API too
    for body in ({"text": ""}, {"text": 5}, {"text": "ok", "extra": 1}, {}, too_long):
        response = client.post(f"/api/v1/{kind.collection}/{ident}/comments", json=body,
                               headers={"X-CSRFToken": token})
        assert response.status_code == 422, body
        assert response.get_json()["error"]["code"] == "validation_failed"
    assert db_snapshot() == before


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_an_observer_may_not_move_any_kind_and_the_reason_is_given(
    app, browse_as, users, kind: Kind
):
    ident = _build(app, users, kind)
    client = browse_as(users["observer"])
    token = csrf_token_in(client.get(f"/{kind.collection}/{ident}").get_data(as_text=True))
    response = client.post(f"/api/v1/{kind.collection}/{ident}/transition",
                           json={"to": MONITORED}, headers={"X-CSRFToken": token})
    assert response.status_code == 403
    assert response.get_json()["error"]["message"]

    detail = client.get(f"/api/v1/{kind.collection}/{ident}").get_json()
    assert detail["state"] == "draft"
    assert detail["transitions"] == []  # none is offered to an observer


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_a_transition_comment_obeys_the_web_forms_rule_in_the_api(
    app, browse_as, users, db_snapshot, kind: Kind
):
    """One rule for the comment of a state change: the API's is bounded like the web form's."""
    ident = _build(app, users, kind)
    client = browse_as(users["chair"])
    token = csrf_token_in(client.get(f"/{kind.collection}/{ident}").get_data(as_text=True))
    before = db_snapshot()
    response = client.post(f"/api/v1/{kind.collection}/{ident}/transition",
                           json={"to": "withdrawn", "comment": "x" * 20_001},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["comment"]
    assert db_snapshot() == before
