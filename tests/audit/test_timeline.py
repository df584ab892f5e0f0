"""The history timeline reads what a value is off the audited model, never off its shape."""

from __future__ import annotations

from tracker.accounts.models import User
from tracker.audit.models import AuditEntry
from tracker.commitments import operations as ops
from tracker.commitments.models import Commitment
from tracker.extensions import db

from ..helpers import working_in


def _edit(app, commitment_id: int, actor_id: int, **values) -> None:
    with working_in(app):
        commitment = db.session.get(Commitment, commitment_id)
        actor = db.session.get(User, actor_id)
        ops.update_commitment(commitment, actor, {**values, "version": commitment.version})
        db.session.commit()


def test_a_responsible_unit_in_the_history_reads_as_its_name(
    app, browse_as, users, make_commitment, make_unit
):
    """Regression: the commitment map lacked owner_unit_id, so the history showed
    "Responsible unit: — → 1"."""
    unit = make_unit("Kommunaluri samsakhuri")
    commitment = make_commitment()
    _edit(app, commitment.id, users["chair"].id, owner_unit_id=unit.id)

    client = browse_as(users["observer"])
    page = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    history = page[page.index('id="history"'):]
    assert "Kommunaluri samsakhuri" in history

    api_history = client.get(f"/api/v1/commitments/{commitment.id}/history").get_json()
    change = next(e for e in api_history["items"] if e["action"] == "update")
    assert change["changes"]["owner_unit_id"] == [None, unit.id]  # the API keeps the ids


def test_a_date_shaped_title_stays_text_and_the_page_keeps_working(
    app, browse_as, users, make_commitment
):
    """Regression: a title typed as 2026-02-31 made the commitment page a permanent 500."""
    commitment = make_commitment(title="2026-02-31")
    _edit(app, commitment.id, users["chair"].id, title="2026-13-45T99:99")

    client = browse_as(users["observer"])
    response = client.get(f"/commitments/{commitment.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "2026-02-31" in html and "2026-13-45T99:99" in html


def test_a_real_date_field_is_shown_as_a_date(app, browse_as, users, make_commitment):
    commitment = make_commitment(ready=True)
    with working_in(app):
        stored = db.session.get(Commitment, commitment.id).deadline
    client = browse_as(users["observer"])
    html = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    history = html[html.index('id="history"'):]
    assert stored.strftime("%d/%m/%Y") in history
    assert stored.isoformat() not in history


ODD_VALUES = [
    [[1, 2], [3]],                      # a list of lists
    [{"a": 1}, {"hour": 1, "year": 2}],  # dicts, one shaped like a moment
    {"isoformat": 1, "b": [1]},         # a dict in place of the [old, new] pair
    [True, False],
    [10**30, -(10**30)],                # ids no row can have
    [None, None],
    ["2026-02-31", [1, "x", None]],
    "not a pair",
    12,
]


def test_odd_recorded_values_never_break_a_page(app, browse_as, users, make_commitment):
    """The audit log cannot be edited: whatever shape a recorded value has (old rows, a
    later bug, a hand-made entry), the page and the API history still answer."""
    commitment = make_commitment()
    fields = ("owner_unit_id", "owner_id", "milestone_ids", "ogp_values", "deadline", "title",
              "number")
    with working_in(app):
        for value in ODD_VALUES:
            db.session.add(AuditEntry(
                object_type="commitment", object_id=commitment.id, action="update",
                changes={name: value for name in fields},
            ))
        db.session.add(AuditEntry(object_type="commitment", object_id=commitment.id,
                                  action="update", changes=[1, 2]))
        db.session.commit()

    client = browse_as(users["observer"])
    assert client.get(f"/commitments/{commitment.id}").status_code == 200
    assert client.get(f"/api/v1/commitments/{commitment.id}/history").status_code == 200
