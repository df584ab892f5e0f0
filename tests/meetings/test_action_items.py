"""Decisions become action items: on the board, in "my items", on the linked commitment's
page; closed by their owner or the chair, audited."""

from __future__ import annotations

import pytest

from tracker.audit.models import AuditEntry
from tracker.extensions import db
from tracker.meetings.models import ActionItem, Meeting
from tracker.workflow import MONITORED

from ..helpers import reload, text_of, translated, working_in


@pytest.fixture
def owner(make_user):
    return make_user("member", name="ნინო მფლობელაძე")


@pytest.fixture
def item(make_action_item, make_meeting, make_commitment, owner) -> ActionItem:
    commitment = make_commitment(title="ელექტრონული პეტიციები")
    meeting = make_meeting(MONITORED)
    return make_action_item(meeting, title="პეტიციის ფორმის მომზადება",
                            owner_id=owner.id, commitment_id=commitment.id)


def load(app, item_id: int) -> ActionItem:
    return reload(app, ActionItem, item_id)


def test_on_the_board_in_my_items_and_on_the_commitment(app, browse_as, owner, item):
    client = browse_as(owner)
    anchor = f"#action-{item.id}"
    board = client.get("/").get_data(as_text=True)
    assert "პეტიციის ფორმის მომზადება" in board and anchor in board
    mine = client.get("/?mine=1").get_data(as_text=True)
    assert "პეტიციის ფორმის მომზადება" in mine
    page = client.get(f"/commitments/{item.commitment_id}").get_data(as_text=True)
    assert 'id="action-items"' in page and "პეტიციის ფორმის მომზადება" in page and anchor in page
    meeting_page = client.get(f"/meetings/{meeting_of(app, item.id)}").get_data(as_text=True)
    assert f'id="action-{item.id}"' in meeting_page

    observer = browse_as("observer")
    assert "პეტიციის ფორმის მომზადება" not in observer.get("/?mine=1").get_data(as_text=True)


def meeting_of(app, item_id: int) -> int:
    with working_in(app):
        return db.session.get(ActionItem, item_id).decision.meeting_id


@pytest.mark.parametrize(("who", "allowed"),
                         [("owner", True), ("chair", True), ("admin", True),
                          ("secretary", False), ("member", False), ("observer", False)])
def test_closed_by_its_owner_or_the_chair(app, browse_as, owner, item, who, allowed):
    client = browse_as(owner if who == "owner" else who)
    response = client.post(f"/action-items/{item.id}/close",
                           data={"state": "done", "note": "გამოქვეყნდა", "version": item.version})
    assert response.status_code == (302 if allowed else 403)
    after = load(app, item.id)
    assert after.state == ("done" if allowed else "open")
    if not allowed:
        assert translated(app, "Only its owner or the chair can close this action item.") in \
            text_of(response)


def test_an_observer_who_owns_an_action_item_cannot_close_it(
    app, api, browse_as, make_user, make_action_item, make_meeting, db_snapshot
):
    """Found by the attack on the running server: an action item given to an observer was
    closed by them through the API, though an observer writes nothing (PRODUCT.md)."""
    observer = make_user("observer", name="დამკვირვებელი ოქმში")
    item = make_action_item(make_meeting(MONITORED), owner_id=observer.id)
    client, web = api(observer), browse_as(observer)
    before = db_snapshot()
    by_api = client.patch(f"/action-items/{item.id}",
                          json={"state": "done", "note": "x", "version": item.version})
    by_web = web.post(f"/action-items/{item.id}/close",
                      data={"state": "done", "note": "x", "version": item.version})
    assert (by_api.status_code, by_web.status_code) == (403, 403)
    assert db_snapshot() == before


def test_closing_and_reopening_are_audited(app, browse_as, item):
    client = browse_as("chair")
    client.post(f"/action-items/{item.id}/close",
                data={"state": "cancelled", "note": "აღარ არის საჭირო", "version": item.version})
    closed = load(app, item.id)
    assert (closed.state, closed.note) == ("cancelled", "აღარ არის საჭირო")
    client.post(f"/action-items/{item.id}/reopen", data={"version": closed.version})
    assert load(app, item.id).state == "open"
    with working_in(app):
        states = [e.changes.get("state") for e in AuditEntry.history("action_item", item.id)
                  if e.action == "update"]
    assert states == [["open", "cancelled"], ["cancelled", "open"]]
    page = client.get(f"/meetings/{meeting_of(app, item.id)}").get_data(as_text=True)
    assert f'href="#action-{item.id}"' in page  # the history names the action item


def test_a_stale_close_is_refused(app, browse_as, item):
    client = browse_as("chair")
    response = client.post(f"/action-items/{item.id}/close",
                           data={"state": "done", "version": item.version + 5})
    assert load(app, item.id).state == "open"
    assert translated(app, "Someone else changed this item after you opened it. Reload it and "
                           "apply your change again.") in text_of(client.get(response.location))


def test_added_from_the_meeting_page(app, browse_as, users, make_meeting, make_unit):
    meeting = make_meeting(MONITORED)
    unit = make_unit(name="იურიდიული სამსახური")
    client = browse_as("secretary")
    with working_in(app):
        decision_id = db.session.get(Meeting, meeting.id).decisions[0].id
    both = client.post(f"/decisions/{decision_id}/action-items", data={
        "title": "ნუსხის მომზადება", "deadline": "30/04/2030",
        "owner_id": users["member"].id, "owner_unit_id": unit.id})
    assert translated(app, "Give either a person or a unit as the owner, not both.") in \
        text_of(client.get(both.location))
    client.post(f"/decisions/{decision_id}/action-items", data={
        "title": "ნუსხის მომზადება", "deadline": "30/04/2030", "owner_unit_id": unit.id})
    with working_in(app):
        items = db.session.query(ActionItem).filter_by(decision_id=decision_id).all()
        assert [(i.title, i.owner_unit_id, i.deadline.isoformat()) for i in items] == [
            ("ნუსხის მომზადება", unit.id, "2030-04-30")]
