"""One person, chair in ``city`` and observer in ``town``: each role's rights in each.

On the pages the URL says where they work; in the API the row a call names decides, a
list spans both municipalities (each object saying which is its own), ``?municipality=``
narrows to one, and a create must name where it goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tracker.accounts.models import User
from tracker.commitments.models import Commitment
from tracker.extensions import db

from ...factories import Factory
from .world import WORD, World


@pytest.fixture
def both(factory: Factory, worlds: tuple[World, World]) -> User:
    """Chair of city (a chair of its own, not the world's), observer of town."""
    person = factory.user("chair", name="ორი როლის პირი")
    return factory.elsewhere().grant(person, "observer")


class Api:
    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.client.open(f"/api/v1{path}", method=method, headers=self.headers, **kwargs)


@pytest.fixture
def api_as(app: Flask, factory: Factory) -> Callable[[User], Api]:
    return lambda user: Api(app.test_client(), factory.token(user))


def state_and_version(app: Flask, commitment_id: int) -> tuple[str, int]:
    with app.app_context():
        row = db.session.get(Commitment, commitment_id)
        return row.state, row.version


def test_the_pages_give_each_municipality_s_role(
    app: Flask, worlds: tuple[World, World], both: User,
    browse_as: Callable[..., FlaskClient],
):
    city, town = worlds
    browser = browse_as(both)
    for world in (city, town):  # reads both, and the header offers both
        page = browser.get(f"/m/{world.slug}/commitments/{world.ids['commitment']}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert city.name in text and town.name in text
    assert browser.get(f"/m/{city.slug}/commitments/{city.ids['commitment']}/edit").status_code \
        == 200
    assert browser.get(f"/m/{town.slug}/commitments/{town.ids['commitment']}/edit").status_code \
        == 403

    for world, expected in ((town, 403), (city, 302)):
        _state, version = state_and_version(app, world.ids["commitment"])
        response = browser.post(
            f"/m/{world.slug}/commitments/{world.ids['commitment']}/transition",
            data={"to": "withdrawn", "comment": "აღარ არის საჭირო", "version": version},
        )
        assert response.status_code == expected
    assert state_and_version(app, town.ids["commitment"])[0] == "monitored"  # an observer
    assert state_and_version(app, city.ids["commitment"])[0] == "withdrawn"  # the chair

    # An observer comments (PRODUCT.md): in town, as in city.
    response = browser.post(f"/m/{town.slug}/commitments/{town.ids['commitment']}/comments",
                            data={"text": "კითხვა"})
    assert response.status_code == 302


def test_the_api_gives_each_municipality_s_role(
    app: Flask, worlds: tuple[World, World], both: User, api_as: Callable[[User], Api],
):
    city, town = worlds
    api = api_as(both)
    shown = {
        world.slug: api("GET", f"/commitments/{world.ids['commitment']}").get_json()
        for world in (city, town)
    }
    assert shown[city.slug]["municipality"] == city.slug
    assert any(t["to"] == "withdrawn" for t in shown[city.slug]["transitions"])
    assert shown[town.slug]["transitions"] == []

    for world, expected in ((town, 403), (city, 200)):
        _state, version = state_and_version(app, world.ids["commitment"])
        edit = api("PATCH", f"/commitments/{world.ids['commitment']}",
                   json={"title": "ახალი სათაური", "version": version})
        assert edit.status_code == expected, edit.get_json()
        _state, version = state_and_version(app, world.ids["commitment"])
        move = api("POST", f"/commitments/{world.ids['commitment']}/transition",
                   json={"to": "withdrawn", "comment": "აღარ არის საჭირო", "version": version})
        assert move.status_code == expected, move.get_json()
    assert state_and_version(app, town.ids["commitment"])[0] == "monitored"
    assert state_and_version(app, city.ids["commitment"])[0] == "withdrawn"


#: API lists of a municipality's objects, and the kind of their items.
LISTS = {
    "/commitments": "commitment",
    "/meetings": "meeting",
    "/subgroups": "subgroup",
    "/units": "unit",
    "/plans": "plan",
    "/people": "person",
    f"/minutes/search?q={WORD}": "meeting",
    f"/units/search?q={WORD}": "unit",
    f"/people?q={WORD}": "person",
}


def test_an_api_list_spans_both_and_narrows_to_one(
    worlds: tuple[World, World], both: User, api_as: Callable[[User], Api],
):
    city, town = worlds
    api = api_as(both)
    for path, kind in LISTS.items():
        joiner = "&" if "?" in path else "?"
        listed = api("GET", path)
        assert listed.status_code == 200, (path, listed.get_data(as_text=True)[:500])
        items = listed.get_json()["items"]
        assert {city.ids[kind], town.ids[kind]} <= {item["id"] for item in items}, path
        assert {item["municipality"] for item in items} == {city.slug, town.slug}, path
        for world, other in ((city, town), (town, city)):
            narrowed = api("GET", f"{path}{joiner}municipality={world.slug}").get_json()
            ids = {item["id"] for item in narrowed["items"]}
            assert world.ids[kind] in ids and other.ids[kind] not in ids, path
        assert api("GET", f"{path}{joiner}municipality=nowhere").status_code == 404, path


def test_the_api_board_spans_both(
    worlds: tuple[World, World], both: User, api_as: Callable[[User], Api],
):
    city, town = worlds
    api = api_as(both)
    board = api("GET", "/board")
    assert board.status_code == 200, board.get_data(as_text=True)[:500]
    items = [i for bucket in board.get_json()["buckets"].values() for i in bucket["items"]]
    urls = {item["url"] for item in items}
    for world in (city, town):
        assert f"/m/{world.slug}/commitments/{world.ids['commitment']}" in urls
    narrowed = api("GET", f"/board?municipality={town.slug}").get_json()
    items = [i for bucket in narrowed["buckets"].values() for i in bucket["items"]]
    assert items and all(item["url"].startswith(f"/m/{town.slug}/") for item in items)


def test_a_create_names_its_municipality(
    app: Flask, worlds: tuple[World, World], both: User, api_as: Callable[[User], Api],
):
    city, town = worlds
    api = api_as(both)
    body = {"plan_id": city.ids["plan"], "title": f"{WORD}ის ახალი ვალდებულება"}
    unnamed = api("POST", "/commitments", json=body)
    assert unnamed.status_code == 422
    assert "municipality" in unnamed.get_json()["error"]["fields"]

    created = api("POST", "/commitments", json={**body, "municipality": city.slug})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["municipality"] == city.slug
    with app.app_context():
        row = db.session.get(Commitment, created.get_json()["id"])
        assert row.municipality_id == city.factory.municipality().id

    # An observer creates nothing in town, and town's plan is not city's.
    refused = api("POST", "/commitments", json={
        "plan_id": town.ids["plan"], "title": "x", "municipality": town.slug,
    })
    assert refused.status_code == 403
    elsewhere = api("POST", "/commitments", json={**body, "municipality": "nowhere"})
    assert elsewhere.status_code == 422
    assert "municipality" in elsewhere.get_json()["error"]["fields"]
