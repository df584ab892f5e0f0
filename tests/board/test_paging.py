"""The board at any size: exact counts, a page per bucket, and cursors that walk a bucket
once, in order, across every kind of item."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import literal, select, text

from tracker.board.items import Bucket, bucket_case, deadline_bucket
from tracker.extensions import db
from tracker.workflow import COMPLETED

from ..helpers import today_of


@pytest.fixture
def crowded(app, make_commitment, make_milestone, make_meeting, make_action_item) -> dict:
    """Overdue items of three kinds on three shared deadlines (ties across and within
    kinds), and done commitments: what a page boundary can split badly."""
    today = today_of(app)
    days = [today - timedelta(days=d) for d in (9, 5, 5, 2)]
    parent = make_commitment(ready=True, state="monitored", deadline=today + timedelta(days=90))
    meeting = make_meeting("held", ready=True)
    for n in range(12):
        due = days[n % len(days)]
        if n % 3 == 0:
            make_commitment(deadline=due)
        elif n % 3 == 1:
            make_milestone(parent, deadline=due)
        else:
            make_action_item(meeting, deadline=due)
    for n in range(5):
        make_commitment(state=COMPLETED, ready=True, deadline=today - timedelta(days=n * 3))
    return {"today": today}


def walk(client, bucket: str, per_page: int) -> list[dict]:
    """Every item of a bucket, one page after another, following ``next``."""
    seen: list[dict] = []
    response = client.get(f"/board?bucket={bucket}&per_page={per_page}")
    while True:
        assert response.status_code == 200
        page = response.get_json()["buckets"][bucket]
        assert len(page["items"]) <= per_page
        seen.extend(page["items"])
        if page["next"] is None:
            return seen
        response = client.get(f"/board?bucket={bucket}&per_page={per_page}&after={page['next']}")


@pytest.mark.parametrize("per_page", [1, 2, 5, 50])
def test_walking_a_bucket_sees_every_item_once_in_order(
    crowded, api, users, per_page: int
) -> None:
    client = api(users["observer"])
    whole = client.get("/board?per_page=200").get_json()
    for bucket in ("overdue", "done"):
        walked = walk(client, bucket, per_page)
        keys = [(i["due"], i["kind"], i["id"]) for i in walked]
        assert len(set(keys)) == len(keys), "an item came twice"
        assert keys == sorted(keys, reverse=bucket == "done")
        assert len(walked) == whole["counts"][bucket] == whole["buckets"][bucket]["count"]
        assert walked == whole["buckets"][bucket]["items"]
    assert whole["counts"]["overdue"] == 12
    assert {i["kind"] for i in whole["buckets"]["overdue"]["items"]} == {
        "commitment", "milestone", "action_item"
    }


def test_first_page_of_each_bucket_with_exact_counts(crowded, api, users) -> None:
    data = api(users["observer"]).get("/board?per_page=4").get_json()
    overdue = data["buckets"]["overdue"]
    assert overdue["count"] == data["counts"]["overdue"] == 12
    assert len(overdue["items"]) == 4 and overdue["next"]
    # The most urgent first: the earliest deadlines.
    assert [i["days_left"] for i in overdue["items"]] == [-9, -9, -9, -5]
    done = data["buckets"]["done"]
    # Five completed commitments, and the milestone each was completed with.
    assert done["count"] == 10 and len(done["items"]) == 4
    # Done: the most recent deadline first, older ones a "more" away.
    days_left = [i["days_left"] for i in done["items"]]
    assert days_left == sorted(days_left, reverse=True)
    assert set(data["buckets"]) == set(data["counts"]) == {b.value for b in Bucket}


def test_one_bucket_keeps_every_count(crowded, api, users) -> None:
    data = api(users["observer"]).get("/board?bucket=done&per_page=2").get_json()
    assert list(data["buckets"]) == ["done"]
    assert data["counts"]["overdue"] == 12 and data["counts"]["done"] == 10


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("bucket=soon", "bucket"),
        ("after=2026-01-01.commitment.3", "after"),
        ("bucket=overdue&after=yesterday", "after"),
        ("bucket=overdue&after=2026-02-30.commitment.3", "after"),
        ("bucket=overdue&after=٢٠٢٦-01-01.commitment.3", "after"),
        # An id no row can have (PostgreSQL's integer would overflow: a 500 before).
        ("bucket=overdue&after=2026-01-01.commitment.9999999999", "after"),
        ("per_page=201", "per_page"),
        ("per_page=0", "per_page"),
    ],
)
def test_a_bad_paging_parameter_is_a_422_that_names_it(
    api, users, query: str, field: str
) -> None:
    response = api(users["observer"]).get(f"/board?{query}")
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_the_page_shows_more_and_follows_it(crowded, browse_as) -> None:
    browser = browse_as("observer")
    first = browser.get("/?per_page=5")
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert "12-დან პირველი 5" in html or "5 of 12" in html
    more = browser.get("/?per_page=5&bucket=overdue&after=" + first_next(html))
    assert more.status_code == 200
    page = more.get_data(as_text=True)
    assert 'id="bucket-overdue"' in page and 'id="bucket-done"' not in page


def first_next(html: str) -> str:
    marker = "bucket=overdue&amp;after="
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)].split("&amp;")[0]


def test_the_page_ignores_a_bad_cursor_and_says_so(browse_as) -> None:
    response = browse_as("observer").get("/?bucket=overdue&after=nonsense")
    assert response.status_code == 422
    assert 'id="bucket-overdue"' in response.get_data(as_text=True)


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.integers(min_value=-400, max_value=400), done=st.booleans())
def test_sql_and_python_put_a_deadline_in_the_same_bucket(app, days: int, done: bool) -> None:
    today = date(2026, 12, 5)
    due = today + timedelta(days=days)
    with app.app_context():
        in_sql = db.session.execute(
            select(bucket_case(literal(due), literal(done), today))
        ).scalar_one()
    assert in_sql == deadline_bucket(due, today, done).value


def test_json_is_utf8_in_answers_and_in_the_audit_trail(app, api, users, make_commitment) -> None:
    commitment = make_commitment(title="ღია ბიუჯეტი")
    response = api(users["observer"]).get(f"/commitments/{commitment.id}")
    raw = response.get_data()
    assert "ღია ბიუჯეტი".encode() in raw and b"\\u10e6" not in raw
    with app.app_context():
        stored = db.session.execute(
            text("SELECT changes FROM audit_entries WHERE changes IS NOT NULL")
        ).scalars().all()
    assert any("ღია ბიუჯეტი" in str(value) for value in stored)
    assert not any("\\u10e6" in str(value) for value in stored)
