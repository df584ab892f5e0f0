"""The overview across municipalities: its figures, its order, its links, who sees which
rows, and what it costs in queries; the same as JSON, and the caller's municipalities."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import delete

from tracker.extensions import db
from tracker.municipalities.models import Membership
from tracker.workflow import MONITORED

from ..helpers import assert_sent_to_login, text_of, today_of, translated
from .conftest import CITY_FIGURES, TOWN_FIGURES

COLUMNS = ("name", "plans", "draft", "monitored", "completed", "withdrawn", "not_started",
           "limited", "substantial", "complete", "overdue", "last_meeting",
           "minutes_approved", "minutes_pending")


def overview_json(client, query: str = "") -> dict:
    response = client.get(f"/overview{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def by_slug(data: dict) -> dict[str, dict]:
    return {item["municipality"]: item for item in data["items"]}


def rows_of(page: str) -> list[str]:
    """The body rows of the overview table, as HTML."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr>")[1:]


def hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]


# Figures ----------------------------------------------------------------------------------
def test_the_figures_of_each_municipality(app, api, world) -> None:
    today = today_of(app)
    data = overview_json(api(world.coordinator))
    assert data["today"] == today.isoformat()
    assert [item["municipality"] for item in data["items"]] == ["town", "city"]  # by name
    city, town = by_slug(data)["city"], by_slug(data)["town"]
    # The held meeting a week ago; the one scheduled ahead is not a last meeting.
    assert city.pop("last_meeting") == (today - timedelta(days=7)).isoformat()
    assert city.pop("url") == "/m/city/"
    assert town.pop("url") == "/m/town/"
    assert city == CITY_FIGURES
    assert town == TOWN_FIGURES


def test_overdue_is_what_each_municipalitys_board_calls_overdue(api, world) -> None:
    """One rule: the overview counts the items the board puts under "overdue"."""
    client = api(world.coordinator)
    overview = by_slug(overview_json(client))
    for slug in ("city", "town"):
        board = client.get(f"/board?municipality={slug}").get_json()
        assert overview[slug]["overdue"] == board["counts"]["overdue"]
        assert overview[slug]["overdue"] == len(board["buckets"]["overdue"]["items"])


def test_the_page_shows_the_figures_and_the_day_of_the_last_meeting(app, browse_as,
                                                                       world) -> None:
    response = browse_as(world.coordinator).get("/overview")
    assert response.status_code == 200
    page = text_of(response)
    town, city = rows_of(page)
    assert "ზეგანი" in town and "ნაპირი" in city
    last = (today_of(app) - timedelta(days=7)).strftime("%d/%m/%Y")
    assert f">{last}</time>" in city
    # Town's overdue deliverable, as a link to its board's overdue items.
    assert re.search(r'href="/m/town/#bucket-overdue"[^>]*>.*?1</a>', town, re.S)
    assert re.search(r'href="/m/city/#bucket-overdue"[^>]*>.*?3</a>', city, re.S)


def test_every_figure_links_into_its_own_municipality(browse_as, world) -> None:
    page = text_of(browse_as(world.coordinator).get("/overview"))
    town, city = rows_of(page)
    for slug, row in (("town", town), ("city", city)):
        links = hrefs(row)
        assert links, slug
        assert all(link.startswith(f"/m/{slug}/") for link in links), links
    city_links = hrefs(city)
    assert "/m/city/" in city_links  # the name: its board
    assert "/m/city/plans/" in city_links
    for state in ("draft", "monitored", "completed", "withdrawn"):
        assert f"/m/city/commitments/?state={state}" in city_links
    assert "/m/city/meetings/?state=completed" in city_links  # minutes approved
    assert "/m/city/meetings/?state=monitored" in city_links  # minutes pending
    # A zero links nowhere: town has no withdrawn commitment and no meetings.
    assert "/m/town/commitments/?state=withdrawn" not in hrefs(town)
    assert not any("/meetings/" in link for link in hrefs(town))


def test_the_links_lead_to_pages_that_answer(browse_as, world) -> None:
    client = browse_as(world.coordinator)
    page = text_of(client.get("/overview"))
    for link in sorted({link for row in rows_of(page) for link in hrefs(row)}):
        assert client.get(link.split("#")[0]).status_code == 200, link


# Sorting ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("column", "direction", "expected"),
    [
        ("name", "asc", ["town", "city"]),        # ზეგანი before ნაპირი
        ("name", "desc", ["city", "town"]),
        ("plans", "desc", ["town", "city"]),
        ("plans", "asc", ["city", "town"]),
        ("overdue", "desc", ["city", "town"]),
        ("overdue", "asc", ["town", "city"]),
        ("draft", "desc", ["city", "town"]),
        ("limited", "desc", ["town", "city"]),
        ("last_meeting", "desc", ["city", "town"]),  # never met sorts as the oldest
        ("last_meeting", "asc", ["town", "city"]),
        ("minutes_pending", "desc", ["city", "town"]),
    ],
)
def test_sorted_by_a_column(api, browse_as, world, column: str, direction: str,
                            expected: list[str]) -> None:
    query = f"?sort={column}&dir={direction}"
    data = overview_json(api(world.coordinator), query)
    assert [item["municipality"] for item in data["items"]] == expected
    assert data["sort"] == {"column": column, "dir": direction}
    response = browse_as(world.coordinator).get(f"/overview{query}")
    assert response.status_code == 200
    rows = rows_of(text_of(response))
    assert [("/m/town/" if "/m/town/" in row else "/m/city/") for row in rows] == [
        f"/m/{slug}/" for slug in expected
    ]


def test_ties_keep_the_names_in_order_either_way(api, factory, world) -> None:
    factory.elsewhere("village", "სოფელი").plan()  # nothing withdrawn, like town
    client = api(world.coordinator)
    # ზეგანი before სოფელი, whichever way the column goes.
    for direction, expected in (("desc", ["city", "town", "village"]),
                                ("asc", ["town", "village", "city"])):
        data = overview_json(client, f"?sort=withdrawn&dir={direction}")
        assert [item["municipality"] for item in data["items"]] == expected


def test_the_column_headings_sort_and_say_how(browse_as, world) -> None:
    page = text_of(browse_as(world.coordinator).get("/overview?sort=overdue&dir=desc"))
    head = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    headings = re.findall(r"<th\b([^>]*)>\s*<a[^>]*href=\"([^\"]+)\"", head)
    sorted_by = {href.replace("&amp;", "&"): attrs for attrs, href in headings}
    assert len(sorted_by) == len(COLUMNS)
    # The current column: marked descending, its link turns it around.
    assert 'aria-sort="descending"' in sorted_by["/overview?sort=overdue&dir=asc"]
    assert head.count("aria-sort=") == 1
    # Others: names A to Z, figures largest first.
    assert "/overview?sort=name&dir=asc" in sorted_by
    for column in COLUMNS[1:]:
        if column != "overdue":
            assert f"/overview?sort={column}&dir=desc" in sorted_by
    assert "<script" not in page
    # Where the headings are hidden (a phone), a form sorts by the same columns, no script.
    form = page.split('class="panel filters overview-sort"', 1)[1].split("</form>", 1)[0]
    assert re.findall(r'<option value="([a-z_]+)"', form)[:len(COLUMNS)] == list(COLUMNS)
    assert '<option value="overdue" selected>' in form
    assert '<option value="desc" selected>' in form


def test_the_default_order_is_marked(browse_as, world) -> None:
    head = text_of(browse_as(world.coordinator).get("/overview")).split("</thead>")[0]
    assert re.search(r'<th[^>]*aria-sort="ascending"[^>]*>\s*<a[^>]*sort=name&dir=desc',
                     head)


def test_a_wrong_sort_is_said_and_ignored(api, browse_as, world) -> None:
    response = browse_as(world.coordinator).get("/overview?sort=secret&dir=sideways")
    assert response.status_code == 422
    assert len(rows_of(text_of(response))) == 2
    assert "flash--error" in text_of(response)
    response = api(world.coordinator).get("/overview?sort=secret&dir=sideways")
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"sort", "dir"}


# Who sees which municipality --------------------------------------------------------------------
def test_a_member_of_one_municipality_sees_only_its_row(api, browse_as, factory, world) -> None:
    member = factory.default_user("member")
    data = overview_json(api(member))
    assert [item["municipality"] for item in data["items"]] == ["city"]
    only = data["items"][0]
    only.pop("last_meeting"), only.pop("url")
    assert only == CITY_FIGURES

    town_chair = world.town.default_user("chair")
    (only,) = overview_json(api(town_chair))["items"]
    only.pop("url")
    assert only == TOWN_FIGURES

    page = text_of(browse_as(member).get("/overview"))
    assert len(rows_of(page)) == 1
    assert "ზეგანი" not in page and "/m/town/" not in page


def test_a_person_in_both_sees_both_rows(api, factory, world) -> None:
    member = factory.default_user("member")
    world.town.grant(member, "observer")
    data = overview_json(api(member))
    assert [item["municipality"] for item in data["items"]] == ["town", "city"]
    assert by_slug(data)["town"]["overdue"] == TOWN_FIGURES["overdue"]


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_coordinator_and_the_admin_see_every_municipality(api, browse_as, factory, world,
                                                              role: str) -> None:
    user = factory.default_user(role)
    assert set(by_slug(overview_json(api(user)))) == {"city", "town"}
    page = text_of(browse_as(user).get("/overview"))
    assert len(rows_of(page)) == 2


def test_municipality_narrows_the_overview(api, world) -> None:
    data = overview_json(api(world.coordinator), "?municipality=town")
    assert [item["municipality"] for item in data["items"]] == ["town"]


def test_a_visitor_is_sent_to_log_in(client, world) -> None:
    assert_sent_to_login(client.get("/overview"))
    assert client.get("/api/v1/overview").status_code == 401


def test_someone_with_no_municipality_is_told_so(app, browse_as, factory, world) -> None:
    nobody = factory.user("observer")
    client = browse_as(nobody)
    with app.app_context():  # their one membership taken away (no operation does this yet)
        db.session.execute(delete(Membership).where(Membership.user_id == nobody.id))
        db.session.commit()
    response = client.get("/overview")
    assert response.status_code == 200
    page = text_of(response)
    assert "<tbody>" not in page
    assert translated(app, "You have no role in any municipality yet. Ask an administrator "
                           "to give you one.") in page


# What it costs ----------------------------------------------------------------------------------
def test_a_fixed_number_of_queries_whatever_the_number_of_municipalities(
    api, query_counter, world, factory
) -> None:
    client = api(world.coordinator)
    overview_json(client)  # the token's first use
    with query_counter() as two:
        overview_json(client)
    third = factory.elsewhere("village", "სოფელი")
    third.commitment(state=MONITORED)
    third.meeting(MONITORED)
    with query_counter() as three:
        data = overview_json(client)
    assert len(data["items"]) == 3
    assert three.count == two.count
    assert two.count <= 14, two.statements


# The caller's municipalities ---------------------------------------------------------------------
def test_my_municipalities_with_my_role_in_each(api, factory, world) -> None:
    member = factory.default_user("member")
    world.town.grant(member, "chair")
    data = api(member).get("/municipalities").get_json()
    assert data["items"] == [
        {"slug": "town", "name": "ზეგანი", "role": "chair", "public": False, "url": "/m/town/"},
        {"slug": "city", "name": "ნაპირი", "role": "member", "public": False, "url": "/m/city/"},
    ]


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_instance_roles_read_every_municipality(api, factory, world, role: str) -> None:
    data = api(factory.default_user(role)).get("/municipalities").get_json()
    assert [(m["slug"], m["role"]) for m in data["items"]] == [("town", role), ("city", role)]


def test_the_coordinator_with_a_role_somewhere_holds_it_there(api, world) -> None:
    world.town.grant(world.coordinator, "observer")
    data = api(world.coordinator).get("/municipalities").get_json()
    assert {m["slug"]: m["role"] for m in data["items"]} == {"town": "observer",
                                                             "city": "coordinator"}


def test_my_municipalities_needs_a_login(client) -> None:
    assert client.get("/api/v1/municipalities").status_code == 401


# OpenAPI ---------------------------------------------------------------------------------------
def test_openapi_documents_the_municipalities(api, users) -> None:
    spec = api(users["observer"]).get("/openapi.json").get_json()
    parameter = {"$ref": "#/components/parameters/municipality"}
    assert spec["components"]["parameters"]["municipality"]["in"] == "query"
    paths = spec["paths"]
    # Every list narrows; an object's own path and the caller's municipalities do not.
    for path in ("/commitments", "/meetings", "/subgroups", "/units", "/board", "/plans",
                 "/users", "/minutes/search", "/overview"):
        assert parameter in paths[path]["get"]["parameters"], path
    assert parameter not in paths["/municipalities"]["get"].get("parameters", [])
    assert parameter not in paths["/commitments/{id}"]["parameters"]
    overview = {p.get("name") for p in paths["/overview"]["get"]["parameters"]}
    assert {"sort", "dir"} <= overview
    # Every create names where it goes.
    schemas = spec["components"]["schemas"]
    for schema in ("CommitmentCreate", "MeetingCreate", "SubgroupCreate", "UnitCreate"):
        assert schemas[schema]["properties"]["municipality"]["type"] == "string", schema
    assert "municipality" not in schemas["MilestoneCreate"]["properties"]
    assert "municipality" not in schemas["CommitmentUpdate"]["properties"]


def test_a_create_may_name_its_municipality_as_documented(api, factory, world) -> None:
    """What the OpenAPI says of the body field holds: a chair in both creates in either."""
    chair = factory.default_user("chair")
    world.town.grant(chair, "chair")
    client = api(chair)
    town_plan = client.get("/plans?municipality=town").get_json()["items"][0]["id"]
    response = client.post("/commitments", json={"title": "Open budget", "plan_id": town_plan,
                                                 "municipality": "town"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["municipality"] == "town"
    # One that is not the caller's is that field's error.
    response = client.post("/commitments", json={"title": "Open budget", "plan_id": town_plan,
                                                 "municipality": "atlantis"})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["municipality"]


@pytest.mark.parametrize("value", ["²", "a\x00b", "9" * 30, "name\x00", "-1"])
def test_hostile_sort_parameters_are_a_422_never_a_500(api, browse_as, world, value) -> None:
    for query in ({"sort": value}, {"dir": value}, {"sort": value, "dir": value}):
        page = browse_as(world.coordinator).get("/overview", query_string=query)
        assert page.status_code == 422, query
        response = api(world.coordinator).get("/overview", query_string=query)
        assert response.status_code == 422, query
        assert set(response.get_json()["error"]["fields"]) == set(query)


# The header: where one is, and the way to the others ----------------------------------------------
def test_the_switcher_lists_every_municipality_and_the_overview(browse_as, world) -> None:
    page = text_of(browse_as(world.coordinator).get("/overview"))
    switch = page.split('class="municipality-switch"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r'href="/overview" aria-current="page"', switch)
    assert 'href="/m/town/"' in switch and 'href="/m/city/"' in switch
    assert 'href="/municipalities"' not in switch  # the administrator's page is not theirs
    on_board = text_of(browse_as(world.coordinator).get("/m/town/"))
    switch = on_board.split('class="municipality-switch"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/m/town/" aria-current="page"' in switch


def test_the_administrator_finds_the_page_of_municipalities_in_the_switcher(browse_as,
                                                                           world) -> None:
    page = text_of(browse_as("admin").get("/m/city/"))
    switch = page.split('class="municipality-switch"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/municipalities"' in switch


def test_someone_of_one_municipality_sees_its_name_not_a_switcher(browse_as, world) -> None:
    page = text_of(browse_as("member").get("/m/city/"))
    assert 'class="municipality-switch"' not in page
    assert '<p class="site-header__place">ნაპირი</p>' in page
