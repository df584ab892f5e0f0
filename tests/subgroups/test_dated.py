"""One rule for "done" and "live" of every dated item (tracker/workflow/dated.py): the board,
the subgroup page, the unit page and the API agree."""

from __future__ import annotations

from datetime import timedelta

from tracker.accounts.models import User
from tracker.commitments.models import Commitment
from tracker.commitments.operations import transition_commitment
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.workflow import MONITORED, WITHDRAWN

from ..helpers import today_of, working_in


def _board_item(client, kind: str, ident: int) -> dict | None:
    board = client.get("/api/v1/board").get_json()
    for bucket, content in board["buckets"].items():
        for item in content["items"]:
            if item["kind"] == kind and item["id"] == ident:
                return {**item, "bucket": bucket}
    return None


def test_a_recorded_deliverable_past_its_deadline_is_done_everywhere(
    app, browse_as, people, make_subgroup
):
    """Regression: an active subgroup whose deliverable is recorded and past due was
    *overdue* on the board and *done* on its own page."""
    past = today_of(app) - timedelta(days=3)
    group = make_subgroup(MONITORED, deliverable_deadline=past,
                          deliverable_result="Rules drafted and sent")
    client = browse_as(people["chair"])

    item = _board_item(client, "subgroup", group.id)
    assert item is not None and item["bucket"] == "done"

    page = client.get(f"/subgroups/{group.id}").get_data(as_text=True)
    assert "chip--overdue" not in page
    assert "chip--done" in page


def test_an_unrecorded_deliverable_past_its_deadline_is_overdue_everywhere(
    app, browse_as, people, make_subgroup
):
    past = today_of(app) - timedelta(days=3)
    group = make_subgroup(MONITORED, deliverable_deadline=past)
    client = browse_as(people["chair"])

    assert _board_item(client, "subgroup", group.id)["bucket"] == "overdue"
    page = client.get(f"/subgroups/{group.id}").get_data(as_text=True)
    assert "chip--overdue" in page


def test_a_withdrawn_subgroup_is_on_no_board(app, browse_as, people, make_subgroup):
    past = today_of(app) - timedelta(days=3)
    group = make_subgroup(WITHDRAWN, deliverable_deadline=past)
    client = browse_as(people["chair"])
    assert _board_item(client, "subgroup", group.id) is None
    page = client.get(f"/subgroups/{group.id}").get_data(as_text=True)
    assert "chip--overdue" not in page


def test_the_unit_page_lists_no_milestone_of_a_withdrawn_commitment(
    app, browse_as, people, make_commitment, make_milestone, make_unit
):
    """Regression: the unit page listed open milestones of withdrawn commitments."""
    unit = make_unit("Samartlebrivi samsakhuri")
    live = make_commitment(state=MONITORED)
    dead = make_commitment(state=MONITORED)
    with working_in(app):
        deadline = local_today() + timedelta(days=10)
    make_milestone(live, title="Live milestone of the unit", owner_unit_id=unit.id,
                   deadline=deadline)
    make_milestone(dead, title="Milestone of a withdrawn commitment", owner_unit_id=unit.id,
                   deadline=deadline)
    with working_in(app):
        commitment = db.session.get(Commitment, dead.id)
        chair = db.session.get(User, people["chair"].id)
        transition_commitment(commitment, chair, WITHDRAWN, "Replaced")
        db.session.commit()
    client = browse_as(people["chair"])

    page = client.get(f"/directory/{unit.id}").get_data(as_text=True)
    assert "Live milestone of the unit" in page
    assert "Milestone of a withdrawn commitment" not in page

