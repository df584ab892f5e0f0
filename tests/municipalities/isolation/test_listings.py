"""Searches, the board, exports and lists show one municipality's items only.

Both municipalities' texts carry the same word (``WORD``), so an unscoped search would find
both; each also says its municipality's name, so a page that leaked the other's rows would
show that name. Each test runs from both sides: a member of ``city``, then of ``town``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient

from tracker.accounts.models import User

from ...factories import Factory
from .world import WORD, World

SIDES = ("city", "town")


@pytest.fixture(params=SIDES)
def sides(request: pytest.FixtureRequest, worlds: tuple[World, World]) -> tuple[World, World]:
    """(mine, the other): each municipality's member in turn."""
    city, town = worlds
    return (city, town) if request.param == "city" else (town, city)


@pytest.fixture
def api_get(
    app: Flask, factory: Factory
) -> Callable[[User, str], Any]:
    """``api_get(user, "/commitments")``: the JSON of a GET under /api/v1 (200 asserted)."""
    tokens: dict[int, str] = {}

    def get(user: User, path: str, **params: str) -> Any:
        if user.id not in tokens:
            tokens[user.id] = factory.token(user)
        response = app.test_client().get(
            f"/api/v1{path}", query_string=params,
            headers={"Authorization": f"Bearer {tokens[user.id]}"},
        )
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:500])
        return response.get_json()

    return get


def page(browser: FlaskClient, path: str, **params: str) -> str:
    response = browser.get(path, query_string=params)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def only_mine(text: str, mine: World, other: World) -> None:
    """The text shows this municipality's items and none of the other's."""
    assert WORD in text and mine.name in text
    assert other.name not in text


def as_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def items_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(data["items"])


# Archive search -----------------------------------------------------------------------------
def test_archive_search_finds_this_municipality_s_minutes_only(
    sides: tuple[World, World], browse_as: Callable[..., FlaskClient],
    api_get: Callable[..., Any],
):
    mine, other = sides
    member = mine.users["member"]
    only_mine(page(browse_as(member), f"/m/{mine.slug}/meetings/", q=WORD), mine, other)
    hits = api_get(member, "/minutes/search", q=WORD)
    assert [hit["id"] for hit in hits["items"]] == [mine.ids["meeting"]]
    assert hits["total"] == 1
    assert all(hit["url"].startswith(f"/m/{mine.slug}/") for hit in hits["items"])
    only_mine(as_text(hits), mine, other)
    # By an attendee's name as well (the other's chair is called the same).
    by_attendee = api_get(member, "/minutes/search", attendee=mine.users["chair"].name)
    assert [hit["id"] for hit in by_attendee["items"]] == [mine.ids["meeting"]]


# The board ------------------------------------------------------------------------------------
def test_the_board_shows_this_municipality_s_deadlines_only(
    sides: tuple[World, World], browse_as: Callable[..., FlaskClient],
    api_get: Callable[..., Any],
):
    mine, other = sides
    member = mine.users["member"]
    only_mine(page(browse_as(member), f"/m/{mine.slug}/"), mine, other)
    only_mine(page(browse_as(member), f"/m/{mine.slug}/", mine="1"), mine, other)
    board = api_get(member, "/board")
    items = [item for bucket in board["buckets"].values() for item in bucket["items"]]
    kinds = {"commitment", "milestone", "action_item"}
    assert kinds <= {item["kind"] for item in items}
    for item in items:
        assert item["url"].startswith(f"/m/{mine.slug}/"), item
        if item["kind"] in kinds and mine.name in item["title"]:
            assert item["id"] == mine.ids[item["kind"]], item
    only_mine(as_text(board), mine, other)
    # The counts and the places of the first items are counted in subqueries: the other
    # municipality's items would show as counts without items.
    assert sum(board["counts"].values()) == len(items)
    for name, bucket in board["buckets"].items():
        assert bucket["count"] == board["counts"][name] == len(bucket["items"])


# Exports ----------------------------------------------------------------------------------------
def test_a_protocol_prints_and_downloads_this_municipality_s_minutes(
    sides: tuple[World, World], browse_as: Callable[..., FlaskClient],
):
    mine, other = sides
    browser = browse_as(mine.users["member"])
    meeting = f"/m/{mine.slug}/meetings/{mine.ids['meeting']}"
    only_mine(page(browser, f"{meeting}/protocol"), mine, other)
    download = browser.get(f"{meeting}/protocol.docx")
    assert download.status_code == 200
    document = Document(io.BytesIO(download.data))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    only_mine(text, mine, other)


# Lists ---------------------------------------------------------------------------------------
#: Each API list of a municipality's objects, and the kind of its items.
API_LISTS = {
    "/commitments": "commitment",
    "/meetings": "meeting",
    "/subgroups": "subgroup",
    "/units": "unit",
    "/plans": "plan",
    "/people": "person",
}


def test_an_api_list_holds_this_municipality_s_objects_only(
    sides: tuple[World, World], api_get: Callable[..., Any],
):
    mine, other = sides
    for path, kind in API_LISTS.items():
        listed = items_of(api_get(mine.users["member"], path))
        ids = {item["id"] for item in listed}
        assert mine.ids[kind] in ids, path
        assert other.ids[kind] not in ids, path
        assert {item["municipality"] for item in listed} == {mine.slug}, path
        assert other.name not in as_text(listed), path


def test_the_api_s_people_are_this_municipality_s(
    sides: tuple[World, World], api_get: Callable[..., Any],
):
    mine, other = sides
    listed = {item["id"] for item in items_of(api_get(mine.users["member"], "/users"))}
    assert {u.id for u in mine.users.values() if u.instance_role is None} <= listed
    assert not {u.id for role, u in other.users.items() if role != "admin"} & listed


def test_the_web_lists_show_this_municipality_s_rows_only(
    sides: tuple[World, World], browse_as: Callable[..., FlaskClient],
):
    mine, other = sides
    browser = browse_as(mine.users["member"])
    for listing in ("commitments/", "plans/", "subgroups/", "meetings/", "directory/",
                    "people/"):
        only_mine(page(browser, f"/m/{mine.slug}/{listing}"), mine, other)


# Directory search ---------------------------------------------------------------------------
def test_the_directory_search_finds_this_municipality_s_units_only(
    sides: tuple[World, World], browse_as: Callable[..., FlaskClient],
    api_get: Callable[..., Any],
):
    mine, other = sides
    member = mine.users["member"]
    only_mine(page(browse_as(member), f"/m/{mine.slug}/directory/", q=WORD), mine, other)
    for found in (api_get(member, "/units/search", q=WORD), api_get(member, "/units", q=WORD)):
        assert [unit["id"] for unit in found["items"]] == [mine.ids["unit"]]
        assert found["items"][0]["municipality"] == mine.slug
        only_mine(as_text(found), mine, other)
    # A staff member's name finds their unit, in this municipality only.
    by_person = api_get(member, "/units/search", q=f"{WORD}ის მცველი")
    assert [unit["id"] for unit in by_person["items"]] == [mine.ids["unit"]]
