"""Two requests saving the same unique thing at once (a double-clicked form, two people):
both pass the operation's check before either writes, and the database's unique index
refuses the second. Found by the attack on the running server: on PostgreSQL, a dozen
simultaneous ``POST /api/v1/meetings`` (numbers given or numbered automatically), units
with one name or commitments of one plan were 500s.

The race is reproduced by letting the operation's check see nothing, as it does when the
other request has not committed yet; the unique index then decides, as it does in the race.
"""

from __future__ import annotations

import pytest

from tracker.meetings import operations as meeting_ops

from ..helpers import text_of, translated

SAVED_MEANWHILE = ("Someone else saved the same thing at the same moment. Reload the page and "
                   "try again.")


@pytest.fixture
def check_sees_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(meeting_ops, "number_taken", lambda *args, **kwargs: False)


def test_api_the_second_of_two_concurrent_saves_is_a_409(
    app, api, users, factory, check_sees_nothing, db_snapshot
) -> None:
    first = factory.meeting()
    secretary = api(users["secretary"])
    before = db_snapshot()
    response = secretary.post("/meetings", json={"number": first.number})
    assert response.status_code == 409
    assert response.get_json()["error"] == {
        "code": "conflict", "message": translated(app, SAVED_MEANWHILE)}
    assert db_snapshot() == before


def test_web_the_second_of_two_concurrent_saves_keeps_the_form_and_says_why(
    app, browse_as, users, factory, check_sees_nothing, db_snapshot
) -> None:
    first = factory.meeting()
    client = browse_as(users["secretary"])
    before = db_snapshot()
    response = client.post("/meetings/new", data={
        "number": first.number, "place": "ოთახი 12", "date": "01/03/2024"})
    assert response.status_code == 422  # a refused form, as with a stale version
    assert translated(app, SAVED_MEANWHILE) in text_of(response)
    assert "ოთახი 12" in response.get_data(as_text=True)  # what was typed is still there
    assert db_snapshot() == before
