"""Merging two rows of the records that are one person: what the minutes say of the one
merged moves to the other — meetings, attendance, action items, its account or staff link —
and one entry of the history says so. Refused into themselves, across municipalities, and
where the minutes name both as two people."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEntry
from tracker.errors import ValidationFailed
from tracker.extensions import db
from tracker.meetings.models import ActionItem, Attendee, Meeting
from tracker.people.models import Person
from tracker.people.operations import merge_people

from ..helpers import text_of, translated, working_in
from .conftest import ORGANISATION, TAMAR, Records


def references(app, person_id: int) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """Where the minutes name a person: meetings chaired, attendance rows, action items."""
    with working_in(app):
        def ids(stmt) -> list[int]:  # type: ignore[no-untyped-def]
            return sorted(db.session.execute(stmt).scalars())
        return {
            "chaired": ids(select(Meeting.id).where(Meeting.chair_person_id == person_id)),
            "attended": ids(select(Attendee.meeting_id).where(Attendee.person_id == person_id)),
            "owns": ids(select(ActionItem.id).where(ActionItem.owner_person_id == person_id)),
        }


def exists(app, person_id: int) -> bool:  # type: ignore[no-untyped-def]
    with working_in(app):
        return db.session.get(Person, person_id) is not None


def test_the_merge_page_says_what_will_move(app, browse_as, records: Records) -> None:  # type: ignore[no-untyped-def]
    page = text_of(browse_as("secretary").get(f"/people/{records.twin}/merge"))
    assert f"{TAMAR} ({ORGANISATION})" in page
    assert translated(app, "attendance at %(num)d meeting", num=1) in page
    assert translated(app, "%(num)d action item", num=1) in page
    # The person merged is no choice of their own merge.
    assert f'<option value="{records.twin}"' not in page
    assert f'<option value="{records.tamar}"' in page


def test_a_merge_moves_attendance_and_action_items_and_is_audited(  # type: ignore[no-untyped-def]
    app, browse_as, records: Records, users
) -> None:
    before_tamar, before_twin = references(app, records.tamar), references(app, records.twin)
    secretary = browse_as("secretary")
    response = secretary.post(f"/people/{records.twin}/merge",
                              data={"into_id": records.tamar, "version": 1})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/people/{records.tamar}")
    assert not exists(app, records.twin)
    after = references(app, records.tamar)
    assert after == {
        "chaired": before_tamar["chaired"],
        "attended": sorted(before_tamar["attended"] + before_twin["attended"]),
        "owns": sorted(before_tamar["owns"] + before_twin["owns"]),
    }
    assert records.third in after["attended"]
    with working_in(app):
        entry = db.session.execute(select(AuditEntry).where(
            AuditEntry.object_type == "person", AuditEntry.object_id == records.tamar,
            AuditEntry.action == "merge")).scalar_one()
        assert entry.actor_id == users["secretary"].id
        assert entry.changes["merged"][0]["name"] == TAMAR
    page = text_of(secretary.get(f"/people/{records.tamar}"))
    history = page[page.index('id="history"'):]
    assert translated(app, "merged") in history
    assert f"{TAMAR} ({ORGANISATION})" in history
    # The third meeting's page names her, linked to the person kept.
    third = secretary.get(f"/meetings/{records.third}").get_data(as_text=True)
    assert f'href="/m/city/people/{records.tamar}"' in third


def test_an_account_link_goes_with_the_merge(app, browse_as, records, make_user) -> None:  # type: ignore[no-untyped-def]
    account = make_user("member", name="თამარ ღრუბლიანი")
    chair = browse_as("chair")
    assert chair.post(f"/people/{records.twin}/edit", data={
        "name": TAMAR, "organisation": ORGANISATION, "user_id": account.id,
        "version": 1}).status_code == 302
    merged = chair.post(f"/people/{records.twin}/merge",
                        data={"into_id": records.tamar, "version": 2})
    assert merged.status_code == 302
    with working_in(app):
        assert db.session.get(Person, records.tamar).user_id == account.id


def test_a_person_is_not_merged_into_themselves(app, browse_as, api, users, records,  # type: ignore[no-untyped-def]
                                                db_snapshot) -> None:
    client = api(users["chair"])
    before = db_snapshot()
    page = browse_as("chair").post(f"/people/{records.twin}/merge",
                                   data={"into_id": records.twin, "version": 1})
    assert page.status_code == 422
    assert translated(app, "Not a valid choice.") in text_of(page)
    answer = client.post(f"/people/{records.twin}/merge",
                                      json={"into_id": records.twin, "version": 1})
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"]["into_id"] == [
        translated(app, "Choose another person to merge into.")]
    assert db_snapshot() == before


def test_people_of_two_municipalities_are_not_merged(  # type: ignore[no-untyped-def]
    app, browse_as, api, users, records, factory, db_snapshot
) -> None:
    stranger = factory.elsewhere().person(TAMAR)
    client = api(users["chair"])
    before = db_snapshot()
    page = browse_as("chair").post(f"/people/{records.twin}/merge",
                                   data={"into_id": stranger.id, "version": 1})
    assert page.status_code == 422
    answer = client.post(f"/people/{records.twin}/merge",
                         json={"into_id": stranger.id, "version": 1})
    assert answer.status_code == 422 and "into_id" in answer.get_json()["error"]["fields"]
    # Their own id, from the other side, is not found.
    assert client.post(f"/people/{stranger.id}/merge", json={
        "into_id": records.tamar, "version": 1}).status_code == 404
    assert db_snapshot() == before


def test_the_operation_itself_refuses_two_municipalities(app, records, factory, users) -> None:  # type: ignore[no-untyped-def]
    """Outside any request (nothing restricted), the rows load: the operation refuses."""
    stranger = factory.elsewhere().person("სხვა ქალაქის პირი")
    with app.app_context():
        keep, other = db.session.get(Person, stranger.id), db.session.get(Person, records.twin)
        with pytest.raises(ValidationFailed) as refused:
            merge_people(keep, other, db.session.merge(users["admin"]), other.version)
        assert "into_id" in refused.value.fields
        db.session.rollback()


def test_chair_and_secretary_of_one_meeting_are_not_merged(  # type: ignore[no-untyped-def]
    app, browse_as, records, db_snapshot
) -> None:
    with working_in(app):
        number = db.session.get(Meeting, records.first).number
    before = db_snapshot()
    response = browse_as("chair").post(f"/people/{records.giorgi}/merge",
                                       data={"into_id": records.tamar, "version": 1})
    assert response.status_code == 422
    assert translated(app, "Both are named in meeting %(numbers)s as two people (chair and "
                           "secretary, or two lines of the attendance). Correct the minutes "
                           "first.", numbers=f"N{number}") in text_of(response)
    assert db_snapshot() == before


def test_two_lines_of_one_attendance_are_not_merged(app, browse_as, records, factory,  # type: ignore[no-untyped-def]
                                                    db_snapshot) -> None:
    factory.meeting(attendees=[{"name": TAMAR}, {"name": TAMAR, "organisation": ORGANISATION}])
    before = db_snapshot()
    response = browse_as("chair").post(f"/people/{records.twin}/merge",
                                       data={"into_id": records.tamar, "version": 1})
    assert response.status_code == 422
    assert db_snapshot() == before


def test_a_stale_merge_is_refused(app, browse_as, api, users, records, db_snapshot) -> None:  # type: ignore[no-untyped-def]
    chair = browse_as("chair")
    assert chair.post(f"/people/{records.twin}/edit", data={
        "name": TAMAR, "organisation": ORGANISATION, "position": "მკვლევარი",
        "version": 1}).status_code == 302
    client = api(users["chair"])
    before = db_snapshot()
    page = chair.post(f"/people/{records.twin}/merge",
                      data={"into_id": records.tamar, "version": 1})
    assert page.status_code == 422
    answer = client.post(f"/people/{records.twin}/merge",
                         json={"into_id": records.tamar, "version": 1})
    assert answer.status_code == 409
    assert answer.get_json()["error"]["code"] == "stale_version"
    assert db_snapshot() == before


def test_a_merged_officer_is_searched_by_the_name_kept(app, browse_as, records, factory) -> None:  # type: ignore[no-untyped-def]
    initials = factory.person("თ. ღრუბლიანი")
    meeting = factory.meeting(date=date(2019, 6, 1), chair_person_id=initials.id,
                              place="ქ. ნაპირი")
    chair = browse_as("chair")

    def found() -> bool:
        page = chair.get("/meetings/", query_string={"q": "თამარ"}).get_data(as_text=True)
        return f"/m/city/meetings/{meeting.id}" in page

    assert not found()
    assert chair.post(f"/people/{initials.id}/merge",
                      data={"into_id": records.tamar, "version": 1}).status_code == 302
    assert found()
