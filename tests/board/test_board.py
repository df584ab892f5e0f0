"""The deadline board: buckets relative to the working group's "today", and its query budget."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tracker.workflow import COMPLETED, WITHDRAWN

from ..helpers import today_of

BUCKETS = ("overdue", "due_7", "due_30", "later", "done")


def board(client) -> dict:
    response = client.get("/board")
    assert response.status_code == 200
    return response.get_json()


def ids_by_bucket(data: dict, kind: str = "commitment") -> dict[str, list[int]]:
    return {
        bucket: [i["id"] for i in data["buckets"][bucket]["items"] if i["kind"] == kind]
        for bucket in BUCKETS
    }


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-30, "overdue"),
        (-1, "overdue"),
        (0, "due_7"),
        (7, "due_7"),
        (8, "due_30"),
        (30, "due_30"),
        (31, "later"),
        (400, "later"),
    ],
)
def test_a_deadline_lands_in_its_bucket(
    app, api, users, make_commitment, days: int, bucket: str
) -> None:
    commitment = make_commitment(deadline=today_of(app) + timedelta(days=days))
    data = board(api(users["observer"]))
    expected = {b: [commitment.id] if b == bucket else [] for b in BUCKETS}
    assert ids_by_bucket(data) == expected
    assert data["counts"] == {b: len(ids) for b, ids in expected.items()}
    (item,) = data["buckets"][bucket]["items"]
    assert item["days_left"] == days
    assert data["today"] == today_of(app).isoformat()


def test_done_and_withdrawn_items(app, api, users, make_commitment) -> None:
    overdue_but_done = make_commitment(state=COMPLETED, deadline=today_of(app) - timedelta(days=5))
    make_commitment(state=WITHDRAWN, deadline=today_of(app) - timedelta(days=5))
    make_commitment()  # no deadline: nothing to show
    data = board(api(users["observer"]))
    assert ids_by_bucket(data) == {b: [overdue_but_done.id] if b == "done" else [] for b in BUCKETS}
    # Its milestone, done on the way to completion, is on the board too.
    assert data["counts"]["done"] == 2
    assert data["counts"]["overdue"] == 0


def test_milestones_are_on_the_board_with_their_commitment(
    app, api, users, make_commitment, make_milestone
) -> None:
    commitment = make_commitment()
    milestone = make_milestone(commitment, deadline=today_of(app) - timedelta(days=2))
    data = board(api(users["observer"]))
    assert ids_by_bucket(data, "milestone")["overdue"] == [milestone.id]
    (item,) = data["buckets"]["overdue"]["items"]
    assert item["context"] == commitment.title
    assert item["url"].endswith(f"/commitments/{commitment.id}#milestone-{milestone.id}")


def test_mine_shows_only_my_items(app, api, users, make_commitment) -> None:
    due = today_of(app) + timedelta(days=3)
    mine = make_commitment(owner_id=users["member"].id, deadline=due)
    make_commitment(owner_id=users["observer"].id, deadline=due)
    data = api(users["member"]).get("/board?mine=1").get_json()
    assert ids_by_bucket(data)["due_7"] == [mine.id]
    everyone = api(users["member"]).get("/board").get_json()
    assert len(ids_by_bucket(everyone)["due_7"]) == 2


def test_today_is_the_configured_time_zones_day(make_app, api, users, make_commitment) -> None:
    """UTC+14 and UTC-11 are always on different days: an item due yesterday in Kiritimati
    is overdue there and not yet overdue in Pago Pago."""
    east = make_app(TRACKER_TIMEZONE="Pacific/Kiritimati")
    west = make_app(TRACKER_TIMEZONE="Pacific/Pago_Pago")
    east_today, west_today = today_of(east), today_of(west)
    assert west_today < east_today
    commitment = make_commitment(deadline=east_today - timedelta(days=1))
    token = api(users["observer"]).headers

    east_board = east.test_client().get("/api/v1/board", headers=token).get_json()
    west_board = west.test_client().get("/api/v1/board", headers=token).get_json()

    assert (east_board["today"], west_board["today"]) == (
        east_today.isoformat(),
        west_today.isoformat(),
    )
    assert ids_by_bucket(east_board)["overdue"] == [commitment.id]
    assert ids_by_bucket(west_board)["due_7"] == [commitment.id]


def test_the_board_page_shows_overdue_items(app, browse_as, make_commitment) -> None:
    commitment = make_commitment(
        title="Petition system", deadline=today_of(app) - timedelta(days=3)
    )
    page = browse_as("observer").get("/")
    assert page.status_code == 200
    assert commitment.title in page.get_data(as_text=True)


# Query budget -----------------------------------------------------------------------------
def fill_world(make_commitment, make_milestone, app, count: int) -> None:
    """``count`` commitments, each with its own owner, unit and two milestones, in every state."""
    states = ("draft", "monitored", "completed", "withdrawn")
    for n in range(count):
        commitment = make_commitment(
            ready=True, state=states[n % 4], deadline=today_of(app) + timedelta(days=n - 10)
        )
        if states[n % 4] in ("draft", "monitored"):
            make_milestone(commitment, owner_id=commitment.owner_id)


@pytest.mark.parametrize(
    ("path", "api_call"),
    [("/commitments", True), ("/board", True), ("/commitments/", False), ("/", False)],
    ids=["api-list", "api-board", "list-page", "board-page"],
)
def test_a_bounded_number_of_queries_whatever_the_row_count(
    app,
    client,
    browse_as,
    api,
    users,
    make_commitment,
    make_milestone,
    query_counter,
    path: str,
    api_call: bool,
) -> None:
    headers = api(users["observer"]).headers if api_call else {}
    browser = client if api_call else browse_as("observer")
    url = f"/api/v1{path}" if api_call else path

    # A first request notes when the token or session was last used (once a minute): not
    # a query per row, and not what is counted here.
    browser.get(url, headers=headers)

    def queries_for(total: int) -> int:
        fill_world(make_commitment, make_milestone, app, total)
        with query_counter() as queries:
            response = browser.get(url, headers=headers)
        assert response.status_code == 200
        return queries.count

    few = queries_for(5)
    many = queries_for(25)  # 30 in all
    assert few == many
    # The board: three per source (its counts, the places of its first items, the rows
    # shown); the board page adds the filters' people, units and plans; and every page of a
    # municipality 2 more: the user's roles and the municipality its URL names.
    assert few <= 22
