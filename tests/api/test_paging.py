"""Every list of the API is paged alike (tracker/paging.py): ``page``/``per_page`` in,
``{items, total, page, per_page, pages}`` out, a 422 for a bad value, an empty page past
the last, and each answered in the same number of queries with ten times the rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tracker.paging import DEFAULT_PER_PAGE, MAX_PER_PAGE

from ..helpers import translated


@dataclass(frozen=True)
class Hub:
    """Rows that own ``n`` rows each: a commitment's milestones, a meeting's minutes, a
    unit's staff, a decision's action items, their histories."""

    commitment: int
    milestone: int
    meeting: int
    decision: int
    action_item: int
    subgroup: int
    unit: int
    person: int


def _edit(client, path: str, field: str, n: int) -> None:
    """``n`` audited edits of one row (its history grows)."""
    version = client.get(path).get_json()["version"]
    for i in range(n):
        response = client.patch(path, json={field: f"ვერსია {i}", "version": version})
        assert response.status_code == 200, response.get_json()
        version = response.get_json()["version"]


def _hub(factory, client, n: int) -> Hub:
    commitment = factory.commitment(state="monitored", milestones=n - 1)
    milestone = factory.milestone(commitment, title="ბოლო ეტაპი")
    unit = factory.unit(staff=[{"name": f"თანამშრომელი {i}", "position": "სპეციალისტი"}
                               for i in range(n)])
    meeting = factory.meeting(
        "draft", ready=True,
        attendees=[{"name": f"მონაწილე {i}", "organisation": "მერია"} for i in range(n)],
        agenda=[f"საკითხი {i}" for i in range(n)],
        decisions=[f"გადაწყვეტილება {i}" for i in range(n)],
    )
    items = [factory.action_item(meeting, owner_unit_id=unit.id, commitment_id=commitment.id)
             for _ in range(n)]
    group = factory.subgroup("active", commitments=[commitment])
    person = factory.person()
    for path, field in ((f"/milestones/{milestone.id}", "title"),
                        (f"/action-items/{items[0].id}", "title"),
                        (f"/subgroups/{group.id}", "deliverable"),
                        (f"/people/{person.id}", "organisation")):
        _edit(client, path, field, n)
    return Hub(commitment.id, milestone.id, meeting.id, items[0].decision_id, items[0].id,
               group.id, unit.id, person.id)


def _grow(factory, n: int) -> None:
    """``n`` more of every top-level row."""
    for i in range(n):
        factory.commitment(state="monitored")
        factory.subgroup("draft")
        factory.meeting("monitored", discussion="პეტიციების განხილვა")
        factory.unit(f"სამსახური {i} {factory._number()}",
                     staff=[{"name": f"უფროსი {i}", "is_head": True}])
        factory.person()
        factory.user("member")
        factory.plan(title=f"გეგმა {factory._number()}")


TOP_LEVEL = ("/commitments", "/plans", "/subgroups", "/meetings",
             "/minutes/search?q=პეტიცია", "/units", "/units/search?q=სამსახური",
             "/units?q=სამსახური", "/users", "/people", "/municipalities")


def _of(hub: Hub) -> tuple[str, ...]:
    return (
        f"/commitments/{hub.commitment}/milestones",
        f"/commitments/{hub.commitment}/history",
        f"/milestones/{hub.milestone}/history",
        f"/meetings/{hub.meeting}/attendees",
        f"/meetings/{hub.meeting}/agenda",
        f"/meetings/{hub.meeting}/decisions",
        f"/meetings/{hub.meeting}/history",
        f"/decisions/{hub.decision}/action-items",
        f"/action-items/{hub.action_item}/history",
        f"/subgroups/{hub.subgroup}/history",
        f"/units/{hub.unit}/staff",
        f"/units/{hub.unit}/history",
        f"/people/{hub.person}/history",
    )


def _shape(body: dict[str, Any]) -> None:
    assert {"items", "total", "page", "per_page", "pages"} <= set(body), body
    assert body["pages"] == max(1, -(-body["total"] // body["per_page"]))


def test_every_list_answers_in_the_same_number_of_queries_with_ten_times_the_rows(
    api, users, factory, query_counter
) -> None:
    client = api(users["admin"])

    def measure(paths: tuple[str, ...]) -> dict[str, tuple[int, int]]:
        counts = {}
        for path in paths:
            client.get(path)  # warm: the token's first use, per-process caches
            with query_counter() as queries:
                response = client.get(path)
            assert response.status_code == 200, (path, response.get_json())
            body = response.get_json()
            _shape(body)
            counts[path] = (queries.count, body["total"])
        return counts

    small_hub = _hub(factory, client, 2)
    _grow(factory, 2)
    small = measure(TOP_LEVEL) | dict(zip(_of(Hub(*[0] * 8)), measure(_of(small_hub)).values(),
                                          strict=True))
    big_hub = _hub(factory, client, 20)
    _grow(factory, 18)
    big = measure(TOP_LEVEL) | dict(zip(_of(Hub(*[0] * 8)), measure(_of(big_hub)).values(),
                                        strict=True))
    for path, (queries, total) in small.items():
        assert big[path][1] > total or path == "/municipalities", (path, "did not grow")
        assert big[path][0] == queries, (path, queries, big[path][0])


@pytest.fixture
def listed(api, users, factory):
    """23 people of the records, most sharing a name with others (ties in the list's
    order, by name), and a client."""
    for i in range(23):
        factory.person(["ნინო ბერიძე", "გიორგი ბერიძე", "ანა ლომიძე", "ეკა კაპანაძე"][i % 4],
                       organisation=f"ორგანიზაცია {i}")
    return api(users["observer"])


def test_walking_the_pages_sees_every_row_once_in_the_lists_order(listed) -> None:
    whole = listed.get("/people", query_string={"per_page": 200}).get_json()
    assert whole["total"] == 23 and len(whole["items"]) == 23 and whole["pages"] == 1
    names = [item["name"] for item in whole["items"]]
    assert names == sorted(names)
    seen: list[int] = []
    for page in range(1, 6):
        body = listed.get("/people", query_string={"page": page, "per_page": 5}).get_json()
        assert (body["page"], body["per_page"], body["pages"], body["total"]) == (page, 5, 5, 23)
        seen += [item["id"] for item in body["items"]]
    assert seen == [item["id"] for item in whole["items"]]
    assert len(set(seen)) == 23


def test_a_page_past_the_last_is_empty_with_the_true_total(listed) -> None:
    body = listed.get("/people", query_string={"page": 99, "per_page": 10}).get_json()
    assert body == {"items": [], "total": 23, "page": 99, "per_page": 10, "pages": 3,
                    "query": ""}


def test_the_default_page_size(listed) -> None:
    body = listed.get("/people").get_json()
    assert (body["page"], body["per_page"]) == (1, DEFAULT_PER_PAGE)


@pytest.mark.parametrize("params, field", [
    ({"page": "0"}, "page"),
    ({"page": "-1"}, "page"),
    ({"page": "abc"}, "page"),
    ({"page": "²"}, "page"),
    ({"page": "1" * 30}, "page"),
    ({"per_page": "0"}, "per_page"),
    ({"per_page": "1.5"}, "per_page"),
    ({"per_page": str(MAX_PER_PAGE + 1)}, "per_page"),
])
@pytest.mark.parametrize("path", ["/commitments", "/meetings", "/units", "/people",
                                  "/units/{unit}/staff", "/commitments/{commitment}/history"])
def test_bad_paging_values_are_a_422_naming_the_parameter(
    app, listed, make_unit, make_commitment, path, params, field
) -> None:
    # The lists of one row (a unit's staff, a commitment's history) need the row.
    path = path.format(unit=make_unit().id, commitment=make_commitment().id)
    response = listed.get(path, query_string=params)
    assert response.status_code == 422, (path, params)
    error = response.get_json()["error"]
    assert set(error["fields"]) == {field}
    if params.get("per_page") == str(MAX_PER_PAGE + 1):
        assert error["fields"]["per_page"] == [
            translated(app, "At most %(maximum)d items per page.") % {"maximum": MAX_PER_PAGE}
        ]


def test_the_openapi_document_shares_one_paging_definition(api, users) -> None:
    spec = api(users["observer"]).get("/openapi.json").get_json()
    parameters = spec["components"]["parameters"]
    assert parameters["per_page"]["schema"]["maximum"] == MAX_PER_PAGE
    assert parameters["page"]["schema"]["minimum"] == 1
    page = spec["components"]["schemas"]["Page"]
    assert set(page["required"]) == {"items", "total", "page", "per_page", "pages"}
    references = [{"$ref": f"#/components/parameters/{name}"} for name in ("page", "per_page")]
    for path in (*TOP_LEVEL, *_of(Hub(*["{id}"] * 8))):
        operation = spec["paths"][path.split("?")[0]]["get"]
        assert all(ref in operation["parameters"] for ref in references), path
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Page"}, path
