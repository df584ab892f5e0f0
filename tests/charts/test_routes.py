"""The charts on the plan page and over the API: who may read them, and how they are served."""

from __future__ import annotations

import re

import pytest

from tracker.charts import NAMES

from .conftest import parse


@pytest.fixture
def plan_id(make_commitment) -> int:
    return make_commitment(milestones=2).plan_id


def test_the_plan_page_shows_the_four_charts(browse_as, plan_id) -> None:
    response = browse_as("observer").get(f"/plans/{plan_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    sources = re.findall(r'<img class="chart__image" src="([^"]+)"', html)
    assert sources == [f"/m/city/plans/{plan_id}/charts/{name}.svg" for name in NAMES]
    assert "<script" not in html
    plans = browse_as("observer").get("/plans/").get_data(as_text=True)
    assert f'href="/m/city/plans/{plan_id}"' in plans


@pytest.mark.parametrize("name", NAMES)
def test_each_chart_of_the_page_is_an_svg_image(browse_as, plan_id, name) -> None:
    response = browse_as("observer").get(f"/plans/{plan_id}/charts/{name}.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'none'" in response.headers["Content-Security-Policy"]
    parse(response.get_data(as_text=True))


def test_the_web_charts_of_another_municipality_or_name_are_not_found(
        browse_as, factory, plan_id) -> None:
    other = factory.elsewhere().plan()
    browser = browse_as("chair")
    assert browser.get(f"/plans/{other.id}").status_code == 404
    assert browser.get(f"/plans/{other.id}/charts/completion.svg").status_code == 404
    assert browser.get(f"/plans/{plan_id}/charts/pie.svg").status_code == 404


def test_a_visitor_is_sent_to_log_in(client, plan_id) -> None:
    response = client.get(f"/plans/{plan_id}/charts/completion.svg")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["observer", "member", "chair", "coordinator"])
def test_whoever_reads_the_plan_gets_its_charts_over_the_api(api, users, factory, plan_id,
                                                              role) -> None:
    """The national coordinator reads every municipality (a plan of another one as well,
    whose meetings never mix with this one's: tests/charts/test_data.py)."""
    reader = factory.default_user(role) if role == "coordinator" else users[role]
    for name in NAMES:
        response = api(reader).get(f"/plans/{plan_id}/charts/{name}.svg")
        assert response.status_code == 200, (role, name)
        assert response.headers["Content-Type"].startswith("image/svg+xml")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "script-src 'none'" in response.headers["Content-Security-Policy"]
        parse(response.get_data(as_text=True))


def test_api_refusals_are_json_errors(api, client, users, factory, plan_id) -> None:
    chair = api(users["chair"])
    unknown = chair.get(f"/plans/{plan_id}/charts/pie.svg")
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["code"] == "not_found"
    other = factory.elsewhere().plan()
    elsewhere = chair.get(f"/plans/{other.id}/charts/completion.svg")
    assert elsewhere.status_code == 404
    assert elsewhere.get_json()["error"]["code"] == "not_found"
    assert chair.get(f"/plans/{plan_id + 1000}/charts/timeline.svg").status_code == 404
    anonymous = client.get(f"/api/v1/plans/{plan_id}/charts/completion.svg")
    assert anonymous.status_code == 401


def test_the_openapi_document_describes_the_charts(api, users) -> None:
    spec = api(users["observer"]).get("/openapi.json").get_json()
    item = spec["paths"]["/plans/{id}/charts/{name}.svg"]
    get = item["get"]
    assert "image/svg+xml" in get["responses"]["200"]["content"]
    [name] = [p for p in get["parameters"] if p["name"] == "name"]
    assert name["schema"]["enum"] == list(NAMES)
