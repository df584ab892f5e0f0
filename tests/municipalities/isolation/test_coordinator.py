"""The national coordinator reads every municipality and writes nowhere.

Reading: every page and API read of both worlds (their objects by id, their lists); API
lists span both. Writing: every rule of ``app.url_map`` that takes a POST, PATCH or DELETE
(creates included, with a plausible body in each municipality) is refused, 403, and no row
changes — not even a comment.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from tracker.accounts.models import User

from ...factories import Factory
from .routes import (
    API_PREFIX,
    NOT_DATA_WRITES,
    REDIRECTS,
    Caller,
    IdRequest,
    of_an_account,
    requests_for,
    walk,
    web_rules,
    write_requests,
    write_rules,
)
from .world import WORD, Snapshot, World

#: Pages that exist to show a form: a coordinator, who may use none, is refused them.
FORM_ENDPOINTS = ("edit", "new", "import", "merge", "plan_import")


@pytest.fixture
def coordinator(factory: Factory, worlds: tuple[World, World]) -> User:
    return factory.user("coordinator", name="ეროვნული კოორდინატორი")


def is_form_page(request: IdRequest) -> bool:
    action = request.endpoint.rsplit(".", 1)[-1]
    return action.startswith(FORM_ENDPOINTS) or action.endswith("_page")


def test_the_coordinator_reads_every_page_of_both(
    app: Flask, worlds: tuple[World, World], coordinator: User,
    caller: Callable[[User], Caller], snapshot: Callable[[], Snapshot],
):
    """Every GET of a municipality's pages and of the API, with each world's ids: 200 (a
    form's page, 403), and reading changes nothing."""
    reader = caller(coordinator)
    # The API's own-account paths (/me, /notifications) are the person's, not a
    # municipality's: tests/accounts and tests/notifications read them.
    rules = web_rules(app) + [r for r in app.url_map.iter_rules()
                              if r.rule.startswith(API_PREFIX + "/") and not of_an_account(r)]
    before = snapshot()
    wrong: list[str] = []
    for world in worlds:
        for request in requests_for(rules, world, methods=("GET",)):
            status = reader.send(request).status_code
            expected = (403 if is_form_page(request)
                        else 302 if request.endpoint in REDIRECTS else 200)
            if status != expected:
                wrong.append(f"{request}: {status}, not {expected}")
    assert not wrong, "\n".join(wrong)
    assert snapshot() == before


def test_the_coordinator_s_api_lists_span_both(
    app: Flask, worlds: tuple[World, World], coordinator: User, factory: Factory,
):
    headers = {"Authorization": f"Bearer {factory.token(coordinator)}"}
    for path in ("/commitments", "/meetings", "/subgroups", "/units", "/plans", "/people",
                 f"/minutes/search?q={WORD}", f"/units/search?q={WORD}"):
        response = app.test_client().get(f"/api/v1{path}", headers=headers)
        assert response.status_code == 200, path
        items = response.get_json()["items"]
        assert {item["municipality"] for item in items} == {world.slug for world in worlds}, path


def test_the_coordinator_s_board_spans_both(
    app: Flask, worlds: tuple[World, World], coordinator: User, factory: Factory,
):
    response = app.test_client().get(
        "/api/v1/board", headers={"Authorization": f"Bearer {factory.token(coordinator)}"}
    )
    assert response.status_code == 200
    urls = [item["url"] for bucket in response.get_json()["buckets"].values()
            for item in bucket["items"]]
    for world in worlds:
        assert f"/m/{world.slug}/commitments/{world.ids['commitment']}" in urls


def test_every_write_of_the_coordinator_is_refused_and_changes_nothing(
    app: Flask, worlds: tuple[World, World], coordinator: User,
    caller: Callable[[User], Caller], snapshot: Callable[[], Snapshot],
):
    writer = caller(coordinator)
    requests = [r for world in worlds for r in write_requests(app, world)]
    covered = {r.rule for r in requests}
    assert covered == {r.rule for r in write_rules(app) if r.endpoint not in NOT_DATA_WRITES}
    wrong = walk(writer, requests, snapshot, accept=lambda status: status == 403)
    assert not wrong, "the coordinator wrote:\n" + "\n".join(wrong)
