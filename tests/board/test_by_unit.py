"""The board filtered by a unit: its sub-units' items and the items of people working there.
And the whole story of a thematic subgroup, from the chair forming it to the board."""

from __future__ import annotations

from datetime import time, timedelta

from tracker.accounts.models import User
from tracker.extensions import db
from tracker.meetings import action_items as action_ops
from tracker.meetings import minutes as minutes_ops
from tracker.meetings import operations as meeting_ops
from tracker.workflow import COMPLETED, MONITORED

from ..helpers import today_of, working_in


def board_titles(api_client, unit_id: int) -> dict[str, set[str]]:
    board = api_client.get(f"/board?unit={unit_id}").get_json()
    titles: dict[str, set[str]] = {}
    for bucket in board["buckets"].values():
        for item in bucket["items"]:
            titles.setdefault(item["kind"], set()).add(item["title"])
    return titles


def test_a_parent_unit_includes_its_sub_units_and_their_people(
    app, api, users, browse_as, city, make_commitment, make_milestone
) -> None:
    due = today_of(app) + timedelta(days=10)
    dated = {"start_date": due - timedelta(days=60), "deadline": due}
    make_commitment(title="Twin towns portal", lead_unit_id=city.division, **dated)
    make_commitment(title="Protocol register", lead_unit_id=city.legal,
                    owner_id=city.specialist.id, **dated)
    legal_only = make_commitment(title="Legal aid map", lead_unit_id=city.legal,
                                 owner_id=city.outsider.id, **dated)
    make_commitment(title="Unit-owned guide", owner_unit_id=city.division, **dated)
    make_milestone(legal_only, title="Review by the head", owner_id=city.head.id, deadline=due)

    observer = api(users["observer"])
    department = board_titles(observer, city.department)
    assert department["commitment"] == {"Twin towns portal", "Protocol register",
                                         "Unit-owned guide"}
    assert department["milestone"] == {"Review by the head"}
    hall = board_titles(observer, city.hall)
    assert {"Twin towns portal", "Protocol register", "Legal aid map"} <= hall["commitment"]
    division = board_titles(observer, city.division)
    assert "Legal aid map" not in division["commitment"]
    assert "Review by the head" not in division.get("milestone", set())

    page = browse_as("observer").get(f"/?unit={city.department}").get_data(as_text=True)
    assert "Twin towns portal" in page and "Review by the head" in page
    assert f'href="/m/city/commitments/{legal_only.id}"' not in page     # only its milestone


def test_a_subgroup_from_forming_to_the_board(app, api, users, browse_as, city, make_commitment):
    """The chair forms a subgroup for a commitment with the department's head as lead, the
    subgroup holds a meeting, and its deliverable and action items show on the board
    filtered by that department."""
    today = today_of(app)
    commitment = make_commitment(state=MONITORED, title="Sister-city exchange programme")

    # The chair finds the department's head in the directory…
    chair = browse_as("chair")
    unit_page = chair.get(f"/directory/{city.department}").get_data(as_text=True)
    assert city.head.name in unit_page
    # …and forms the subgroup with the head as its lead.
    response = chair.post("/subgroups/new", data={
        "name": "Sister-city working group",
        "unit_id": city.department,
        "lead_id": city.head.id,
        "member_ids": [city.specialist.id],
        "commitment_ids": [commitment.id],
        "deliverable": "Exchange programme charter",
        "deliverable_deadline": (today + timedelta(days=25)).strftime("%d/%m/%Y"),
    })
    assert response.status_code == 302
    group_id = int(response.headers["Location"].rsplit("/", 1)[1])
    chair.post(f"/subgroups/{group_id}/transition",
               data={"to": MONITORED, "comment": "Formed", "version": 1})

    # The head, as lead, records the group's meeting and its decision.
    with working_in(app):
        head = db.session.get(User, city.head.id)
        meeting = meeting_ops.create_meeting(head, {
            "subgroup_id": group_id, "place": "City hall, room 2", "date": today,
            "start_time": time(10, 0), "chair_id": head.id,
        })
        minutes_ops.add_agenda_item(meeting, head, {"title": "Partner cities"})
        decision = minutes_ops.add_decision(meeting, head, {"text": "Draft the charter."})
        action_ops.add_action_item(decision, head, {
            "title": "Write to the partner cities", "owner_id": city.specialist.id,
            "deadline": today + timedelta(days=6), "commitment_id": commitment.id,
        })
        db.session.commit()
        meeting_id = meeting.id

    # The group's page shows its commitment, meeting, action item and deadlines.
    lead = browse_as(city.head)
    page = lead.get(f"/subgroups/{group_id}").get_data(as_text=True)
    assert "Sister-city exchange programme" in page
    assert f"/meetings/{meeting_id}" in page
    assert "Write to the partner cities" in page
    assert "Exchange programme charter" in page

    # The board filtered by the department shows the deliverable and the action item;
    # another unit's board does not.
    observer = api(users["observer"])
    department = board_titles(observer, city.department)
    assert department["subgroup"] == {"Exchange programme charter"}
    assert department["action_item"] == {"Write to the partner cities"}
    assert "subgroup" not in board_titles(observer, city.legal)
    board_page = browse_as("observer").get(f"/?unit={city.department}").get_data(as_text=True)
    assert "Exchange programme charter" in board_page
    assert "Write to the partner cities" in board_page

    # The lead records the deliverable and completes the group; the board shows it done.
    lead = browse_as(city.head)
    lead.post(f"/subgroups/{group_id}/deliverable",
              data={"deliverable_result": "Charter signed", "version": 2})
    lead.post(f"/subgroups/{group_id}/transition", data={"to": COMPLETED, "version": 3})
    group = observer.get(f"/subgroups/{group_id}").get_json()
    assert (group["state"], group["deliverable_result"]) == (COMPLETED, "Charter signed")
    done = observer.get(f"/board?unit={city.department}").get_json()["buckets"]["done"]
    assert "Exchange programme charter" in {i["title"] for i in done["items"]}
