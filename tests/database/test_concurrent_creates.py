"""Many people creating in one numbered series at once (issue 10): commitments of one plan,
meetings of the working group or of one subgroup. Each create that names no number gets the
next free one, 1..N with no gap and no duplicate, and none is refused: not a 500 from the
unique index, not a 422 on a ``number`` the client never sent.

The creates really run at once: each request in a thread of its own, with a test client of
its own, released together by a barrier (on PostgreSQL they then race in the database; on
SQLite the write lock queues them). Exceptions are not propagated, so a 500 is a 500 here
as on the server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.test import TestResponse

from tracker.commitments.models import Commitment
from tracker.extensions import db
from tracker.meetings.models import Decision, Meeting
from tracker.municipalities import scope

from ..helpers import translated

CLIENTS = 12
SAVED_MEANWHILE = ("Someone else saved the same thing at the same moment. Reload the page and "
                   "try again.")


def all_at_once(app: Flask, send: Callable[[Any, int], TestResponse]) -> list[TestResponse]:
    """``send(client, i)`` for i in 0..CLIENTS-1, each in its own thread and test client,
    all released together."""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a 500, as a real server answers
    start = threading.Barrier(CLIENTS)
    clients = [app.test_client() for _ in range(CLIENTS)]

    def run(i: int) -> TestResponse:
        start.wait(timeout=30)
        return send(clients[i], i)

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(run, range(CLIENTS)))


def assert_all_created(responses: list[TestResponse], status: int = 201) -> None:
    answers = [(r.status_code, r.get_data(as_text=True)[:300]) for r in responses]
    assert [code for code, _ in answers] == [status] * CLIENTS, answers


def numbers_of(app: Flask, factory: Any, model: type[Any], *where: Any) -> list[int]:
    with app.app_context(), scope.entered(factory.municipality()):
        return sorted(db.session.execute(select(model.number).where(*where)).scalars())


def test_api_concurrent_commitments_of_one_plan_are_numbered_1_to_n(
    app, factory, users
) -> None:
    plan = factory.plan()
    headers = {"Authorization": f"Bearer {factory.token(users['chair'])}"}
    responses = all_at_once(app, lambda client, i: client.post(
        "/api/v1/commitments", headers=headers,
        json={"plan_id": plan.id, "title": f"Commitment {i}"}))
    assert_all_created(responses)
    assert sorted(r.get_json()["number"] for r in responses) == list(range(1, CLIENTS + 1))
    assert numbers_of(app, factory, Commitment, Commitment.plan_id == plan.id) == list(
        range(1, CLIENTS + 1))


@pytest.mark.parametrize("in_subgroup", [False, True], ids=["working_group", "subgroup"])
def test_api_concurrent_meetings_of_one_group_are_numbered_1_to_n(
    app, factory, users, in_subgroup
) -> None:
    subgroup_id = factory.subgroup().id if in_subgroup else None
    headers = {"Authorization": f"Bearer {factory.token(users['secretary'])}"}
    responses = all_at_once(app, lambda client, i: client.post(
        "/api/v1/meetings", headers=headers,
        json={"subgroup_id": subgroup_id, "place": f"Room {i}"}))
    assert_all_created(responses)
    assert numbers_of(app, factory, Meeting, Meeting.subgroup_id.is_(None) if subgroup_id is None
                      else Meeting.subgroup_id == subgroup_id) == list(range(1, CLIENTS + 1))


def test_api_concurrent_decisions_of_one_meeting_are_numbered_1_to_n(
    app, factory, users
) -> None:
    """The parts of the minutes are numbered in their meeting, which every add locks (the
    parent row, ``for_update``): the same guarantee, by the lock the minutes already take."""
    meeting = factory.meeting()
    headers = {"Authorization": f"Bearer {factory.token(users['secretary'])}"}
    responses = all_at_once(app, lambda client, i: client.post(
        f"/api/v1/meetings/{meeting.id}/decisions", headers=headers,
        json={"text": f"Decision {i}"}))
    assert_all_created(responses)
    assert numbers_of(app, factory, Decision, Decision.meeting_id == meeting.id) == list(
        range(1, CLIENTS + 1))


def test_api_concurrent_meetings_given_one_number_one_wins_the_rest_422(
    app, factory, users
) -> None:
    """Everyone asking for number 5 at once: one gets it, the others are told on the field
    they sent (their choice, not a conflict to retry), and nothing is a 5xx."""
    headers = {"Authorization": f"Bearer {factory.token(users['secretary'])}"}
    responses = all_at_once(app, lambda client, i: client.post(
        "/api/v1/meetings", headers=headers, json={"number": 5, "place": f"Room {i}"}))
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [422] * (CLIENTS - 1), codes
    refused = [r.get_json()["error"] for r in responses if r.status_code == 422]
    assert all(list(error["fields"]) == ["number"] for error in refused), refused
    assert numbers_of(app, factory, Meeting) == [5]


def test_web_concurrent_commitments_of_one_plan_are_numbered_1_to_n(
    app, factory, users, browse_as
) -> None:
    plan = factory.plan()
    chair = browse_as(users["chair"])
    cookie = chair.get_cookie("session")
    assert cookie is not None

    def send(client: Any, i: int) -> TestResponse:
        client.set_cookie("session", cookie.value)  # the chair, in twelve tabs
        return client.post("/m/city/commitments/new",
                           data={"plan_id": plan.id, "title": f"Commitment {i}"})

    responses = all_at_once(app, send)
    assert_all_created(responses, status=302)
    assert numbers_of(app, factory, Commitment, Commitment.plan_id == plan.id) == list(
        range(1, CLIENTS + 1))


def test_api_given_number_taken_meanwhile_is_still_a_422(app, factory, users) -> None:
    """A number the client chose and another has: the client's mistake, said on its field."""
    plan = factory.plan()
    factory.commitment(plan_id=plan.id, number=7)
    headers = {"Authorization": f"Bearer {factory.token(users['chair'])}"}
    response = app.test_client().post("/api/v1/commitments", headers=headers,
                                      json={"plan_id": plan.id, "title": "Again", "number": 7})
    assert response.status_code == 422
    assert "number" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("sqlstate", ["23505", "23503"], ids=["unique", "foreign_key"])
def test_api_integrity_error_at_commit_is_a_409_in_json(
    app, factory, users, monkeypatch, db_snapshot, sqlstate
) -> None:
    """The database can refuse a row at COMMIT (the first write of a create that never
    flushed, a deferred check), and not only by a unique index (a foreign key to a row
    deleted meanwhile): the API still answers its JSON 409, never Werkzeug's 500 page."""
    plan = factory.plan()
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def refused_commit() -> None:
        raise IntegrityError("COMMIT", {}, _Refused(sqlstate))

    headers = {"Authorization": f"Bearer {factory.token(users['chair'])}"}
    before = db_snapshot()
    monkeypatch.setattr(db.session, "commit", refused_commit)
    response = app.test_client().post("/api/v1/commitments", headers=headers,
                                      json={"plan_id": plan.id, "title": "Refused at commit"})
    assert response.status_code == 409
    assert response.get_json()["error"] == {
        "code": "conflict", "message": translated(app, SAVED_MEANWHILE)}
    monkeypatch.undo()
    assert db_snapshot() == before


class _Refused(Exception):
    """What the driver raises when a constraint refuses a row: a SQLSTATE, as psycopg's."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate
