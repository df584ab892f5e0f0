"""Hostile input at the door: ids in the path, integers in the query string, JSON that no
endpoint can use. Each is a 4xx in the client's shape, never a 500, and changes nothing.

The routes are enumerated from ``app.url_map``, so a route added later is covered too.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import AnyConverter, Rule

from tests.factories import CITY
from tracker.directory.models import UnitKind
from tracker.inputs import FILTER_LABELS, MAX_ID, IdConverter
from tracker.workflow import MONITORED

# Written into a URL as they are: ² passes str.isdigit(); ٣ is an Arabic-Indic digit that
# \d matches; the rest overflow an integer column, or are no integer at all.
HOSTILE_INTS = ["²", "٣", "99999999999999999999", str(MAX_ID + 1), "-1", "1e309", "0", "1.5",
                "9" * 5000]


def _rule_url(rule: Rule, hostile: str, target: str) -> str:
    """The rule's URL with ``hostile`` for the argument ``target`` and 1 for other ids."""
    url = rule.rule
    for name, converter in rule._converters.items():
        if name == target:
            value = hostile
        elif isinstance(converter, AnyConverter):
            value = sorted(converter.items)[0]
        else:
            value = "1"
        url = re.sub(rf"<[^>]*:{name}>|<{name}>", value, url)
    return url


def _id_rules(app: Flask) -> list[tuple[Rule, str, str]]:
    cases = []
    for rule in app.url_map.iter_rules():
        for name, converter in rule._converters.items():
            if isinstance(converter, IdConverter):
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    cases.append((rule, name, method))
    return cases


def test_every_id_in_a_path_outside_1_to_max_is_not_found(app, client, api, users) -> None:
    client.login(users["admin"])
    api_client = api(users["admin"])
    cases = _id_rules(app)
    assert len(cases) > 60  # every <int:…> route of every area, web and API
    failures = []
    for rule, name, method in cases:
        for hostile in HOSTILE_INTS:
            url = _rule_url(rule, hostile, name)
            if url.startswith("/api/"):
                response = api_client.open(method, url.removeprefix("/api/v1"), json={})
            else:
                response = client.open(url, method=method, data={})
            # 405 where another rule has the same shape for other methods: still no match.
            if response.status_code not in (404, 405):
                failures.append((method, url[:80], response.status_code))
    assert failures == []


def test_the_largest_id_is_a_plain_not_found(client, api, users) -> None:
    """2**31-1 passes the converter and reaches the database: no row, a 404 on both."""
    client.login(users["admin"])
    assert client.get(f"/commitments/{MAX_ID}").status_code == 404
    assert client.get(f"/meetings/{MAX_ID}/protocol.docx").status_code == 404
    assert api(users["admin"]).get(f"/units/{MAX_ID}").status_code == 404


# The integer filters each list reads. A hostile value is a 422 naming it; on a page the
# list is still shown without it, and a message says it was ignored.
INTEGER_FILTERS = {
    "/": ["owner", "unit", "plan"],
    "/commitments/": ["owner", "unit", "plan"],
    "/subgroups/": ["unit", "member"],
    "/meetings/": ["group", "commitment", "page"],
    "/api/v1/board": ["owner", "unit", "plan"],
    "/api/v1/commitments": ["owner", "unit", "plan"],
    "/api/v1/subgroups": ["unit", "member"],
    "/api/v1/meetings": ["group", "commitment", "page"],
    "/api/v1/minutes/search": ["group", "commitment", "page"],
}


@pytest.mark.parametrize("path", sorted(INTEGER_FILTERS))
def test_hostile_integer_filters_are_a_422(app, client, api, users, path) -> None:
    client.login(users["observer"])
    api_client = api(users["observer"])
    for name in INTEGER_FILTERS[path]:
        for hostile in HOSTILE_INTS:
            if path.startswith("/api/"):
                response = api_client.get(path.removeprefix("/api/v1"),
                                          query_string={name: hostile})
                assert response.status_code == 422, (name, hostile)
                assert list(response.get_json()["error"]["fields"]) == [name]
            else:
                response = client.get(path, query_string={name: hostile})
                assert response.status_code == 422, (name, hostile)
                # Named as the page names it, in Georgian.
                with app.test_request_context():  # Georgian, the default
                    label = str(FILTER_LABELS[name])
                assert label and label != name
                assert f"„{label}“" in response.get_data(as_text=True), name


def test_a_valid_filter_still_filters(client, users, make_commitment) -> None:
    client.login(users["observer"])
    mine = make_commitment(owner_id=users["member"].id)
    other = make_commitment(owner_id=users["chair"].id)
    page = client.get(f"/commitments/?owner={users['member'].id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"/commitments/{mine.id}\"" in text and f"/commitments/{other.id}\"" not in text


QUERY_NAMES = ["owner", "unit", "plan", "member", "group", "commitment", "page", "subgroup",
               "parent", "version", "mine", "state", "q", "from", "to", "attendee", "next"]


def test_no_get_route_without_ids_fails_on_any_hostile_parameter(app, client,
                                                                 api, users) -> None:
    """Every GET page and endpoint that takes no id, with every parameter any of them reads
    set at once to each hostile value, and each one alone set to NUL: never a 5xx."""
    client.login(users["chair"])
    api_client = api(users["chair"])
    # A municipality's pages take its slug: the test municipality's.
    paths = sorted({r.rule.replace("<municipality>", CITY) for r in app.url_map.iter_rules()
                    if "GET" in r.methods and not (r.arguments - {"municipality"})})
    assert f"/m/{CITY}/commitments/" in paths and "/api/v1/board" in paths
    failures = []
    queries = [dict.fromkeys(QUERY_NAMES, hostile) for hostile in [*HOSTILE_INTS, "1\x00"]]
    queries += [{name: "a\x00b"} for name in QUERY_NAMES]
    for path in paths:
        for query in queries:
            if path.startswith("/api/"):
                response = api_client.get(path.removeprefix("/api/v1"), query_string=query)
            else:
                response = client.get(path, query_string=query)
            if response.status_code >= 500:
                failures.append((path, str(query)[:40], response.status_code))
    assert failures == []


# JSON no endpoint can use ---------------------------------------------------------------
def _post_raw(api_client: Any, path: str, data: str):
    return api_client.post(path, data=data, content_type="application/json")


def test_json_nested_5000_deep_is_a_400(api, users, db_snapshot) -> None:
    chair = api(users["chair"])
    before = db_snapshot()
    response = _post_raw(chair, "/commitments", "[" * 5000 + "]" * 5000)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"
    deep_object = '{"title": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"
    assert _post_raw(chair, "/commitments", deep_object).status_code == 400
    assert db_snapshot() == before


@pytest.mark.parametrize("number", ["1e309", "-1e309", "NaN", "Infinity", "-Infinity"])
def test_numbers_json_cannot_hold_are_a_400(api, users, make_commitment, number) -> None:
    commitment = make_commitment()
    chair = api(users["chair"])
    for body in (f'{{"version": {number}, "title": "x"}}', f'{{"number": {number}}}'):
        response = chair.patch(f"/commitments/{commitment.id}", data=body,
                               content_type="application/json")
        assert response.status_code == 400, body
        assert response.get_json()["error"]["code"] == "invalid_json"


def test_a_huge_commitment_number_is_a_422(api, users, make_commitment, db_snapshot) -> None:
    commitment = make_commitment()
    chair = api(users["chair"])
    before = db_snapshot()
    for number in (10**400, 2**31, 1e308):
        response = chair.patch(f"/commitments/{commitment.id}",
                               json={"number": number, "version": commitment.version})
        assert response.status_code == 422, number
        assert list(response.get_json()["error"]["fields"]) == ["number"]
    assert db_snapshot() == before


def test_a_huge_version_is_stale_not_a_500(api, users, make_commitment) -> None:
    commitment = make_commitment()
    for version in (10**400, 1e308, "9" * 5000):
        response = api(users["chair"]).patch(f"/commitments/{commitment.id}",
                                             json={"title": "x", "version": version})
        assert response.status_code == 409, version


def test_an_emptied_commitment_number_is_a_422(api, users, make_commitment, db_snapshot) -> None:
    commitment = make_commitment()
    chair = api(users["chair"])
    before = db_snapshot()
    for empty in ("", None):
        response = chair.patch(f"/commitments/{commitment.id}",
                                             json={"number": empty, "version": commitment.version})
        assert response.status_code == 422, empty
        assert "number" in response.get_json()["error"]["fields"]
    assert db_snapshot() == before


def test_null_for_a_text_field_is_empty_not_an_integrity_error(api, users,
                                                               make_commitment) -> None:
    commitment = make_commitment(description="To be cleared.")
    chair = api(users["chair"])
    cleared = chair.patch(f"/commitments/{commitment.id}",
                          json={"description": None, "version": commitment.version})
    assert cleared.status_code == 200, cleared.get_json()
    assert cleared.get_json()["description"] == ""
    # A required text field set to null is refused like an empty one.
    refused = chair.patch(f"/commitments/{commitment.id}",
                          json={"title": None, "version": cleared.get_json()["version"]})
    assert refused.status_code == 422
    assert list(refused.get_json()["error"]["fields"]) == ["title"]


def test_null_text_on_every_kind_is_never_a_500(api, users, make_commitment) -> None:
    chair = api(users["chair"])
    admin = api(users["admin"])
    commitment = make_commitment()
    assert chair.post(f"/commitments/{commitment.id}/milestones",
                      json={"title": None, "deadline": None}).status_code == 422
    assert chair.post("/subgroups", json={"name": "Null group", "deliverable": None,
                                          "lead_id": None}).status_code == 201
    meeting = chair.post("/meetings", json={"place": None, "authority": None,
                                            "discussion": None})
    assert meeting.status_code == 201, meeting.get_json()
    mid, version = meeting.get_json()["id"], meeting.get_json()["version"]
    assert chair.post(f"/meetings/{mid}/attendees",
                      json={"name": "Nino", "organisation": None, "position": None,
                            "version": version}).status_code == 201
    unit = admin.post("/units", json={"name": "Null unit", "kind": UnitKind.SERVICE.value,
                                      "hotline": None, "functions": None})
    assert unit.status_code == 201, unit.get_json()
    staff = admin.post(f"/units/{unit.get_json()['id']}/staff",
                       json={"name": "Nino", "position": None, "email": None, "phone": None,
                             "rank": None, "category": None})
    assert staff.status_code == 201, staff.get_json()


def test_a_lone_surrogate_is_a_422(api, users, make_commitment, db_snapshot) -> None:
    commitment = make_commitment()
    chair = api(users["chair"])
    before = db_snapshot()
    response = chair.patch(f"/commitments/{commitment.id}",
                           data=f'{{"title": "a\\ud800b", "version": {commitment.version}}}',
                           content_type="application/json")
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["title"]
    comment = chair.post(f"/commitments/{commitment.id}/transition",
                         data=f'{{"to": "{MONITORED}", "comment": "\\udfff"}}',
                         content_type="application/json")
    assert comment.status_code == 422
    # Refused by the same form rule as on the web: the field is named, like any other.
    assert list(comment.get_json()["error"]["fields"]) == ["comment"]
    assert db_snapshot() == before


def test_control_characters_are_removed_on_the_way_in(api, users, make_commitment) -> None:
    commitment = make_commitment()
    response = api(users["chair"]).patch(
        f"/commitments/{commitment.id}",
        json={"title": "A\x00B\x0bC\u2028D", "description": "e\u0301\r\nf",
              "version": commitment.version},
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["title"] == "ABC\nD"
    assert body["description"] == "\u00e9\nf"  # NFC, one kind of line break


# NUL bytes (PostgreSQL refuses them in text) ------------------------------------------
def test_nul_in_the_query_string_is_no_500(client, api, users) -> None:
    client.login(users["observer"])
    for url in ("/commitments/?q=a%00b", "/meetings/?q=a%00b", "/meetings/?attendee=a%00b",
                "/directory/?q=a%00b"):
        assert client.get(url).status_code == 200, url
    observer = api(users["observer"])
    for url in ("/commitments?q=a%00b", "/minutes/search?q=a%00b", "/meetings?attendee=%00",
                "/units/search?q=a%00b"):
        assert observer.get(url).status_code == 200, url


def test_nul_in_the_login_email_is_no_500(client) -> None:
    for email in ("chair\x00@example.test", "\x00", "%00"):
        response = client.post("/login", data={"email": email, "password": "x\x00"})
        assert 400 <= response.status_code < 500, email


def test_nul_in_every_text_field_of_a_form_is_removed(client, users,
                                                      make_commitment) -> None:
    commitment = make_commitment()
    client.login(users["chair"])
    response = client.post(f"/commitments/{commitment.id}/comments",
                           data={"text": "a\x00b"})
    assert response.status_code == 302
    page = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert "ab" in page
