"""The people pages: the list with its counts and search, a person's page, adding and
correcting a person (version-checked) and linking an account or a staff entry, by role."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEntry
from tracker.extensions import db
from tracker.people.models import Person

from ..helpers import ROLES, VISITOR, assert_page_access, text_of, translated, working_in
from .conftest import ANA, GIORGI, ORGANISATION, TAMAR, Records

MANAGE = ("admin", "chair", "secretary")


def person_facts(app, person_id: int) -> dict | None:  # type: ignore[no-untyped-def]
    with working_in(app):
        p = db.session.get(Person, person_id)
        if p is None:
            return None
        return {"name": p.name, "organisation": p.organisation, "position": p.position,
                "user_id": p.user_id, "staff_member_id": p.staff_member_id,
                "version": p.version}


def row_of(page: str, person_id: int) -> str:
    """The list's table row of one person, as text."""
    match = re.search(rf'<tr id="person-{person_id}">(.*?)</tr>', page, re.S)
    assert match, f"person {person_id} is not listed"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


# Pages by role -------------------------------------------------------------------------------
PAGES = {
    "/people/": ROLES,
    "/people/{p}": ROLES,
    "/people/new": MANAGE,
    "/people/{p}/edit": MANAGE,
    "/people/{p}/merge": MANAGE,
}


@pytest.mark.parametrize("who", [*ROLES, VISITOR])
@pytest.mark.parametrize("page", PAGES)
def test_pages_by_role(browse_as, records: Records, page: str, who: str) -> None:  # type: ignore[no-untyped-def]
    response = browse_as(who).get(page.format(p=records.tamar))
    assert_page_access(response, who, PAGES[page])


def _writes(records: Records) -> dict[str, tuple[str, dict]]:
    return {
        "new": ("/people/new", {"name": "ლევან ქარსაძე"}),
        "edit": (f"/people/{records.giorgi}/edit", {"name": "გიორგი ნისლაძე-ბერიძე",
                                                    "version": 1}),
        "merge": (f"/people/{records.twin}/merge", {"into_id": records.tamar, "version": 1}),
    }


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("action", ["new", "edit", "merge"])
def test_who_may_change_the_people(app, browse_as, records, db_snapshot, action, who) -> None:  # type: ignore[no-untyped-def]
    url, data = _writes(records)[action]
    before = db_snapshot()
    response = browse_as(who).post(url, data=data)
    if who in MANAGE:
        assert response.status_code == 302, text_of(response)[:2000]
        assert db_snapshot() != before
    else:
        assert response.status_code == 403
        assert translated(app, "Only the chair, the secretary or an administrator may change "
                               "the people of the records.") in text_of(response)
        assert db_snapshot() == before


# The list -------------------------------------------------------------------------------------
def test_the_list_shows_each_person_with_their_record(browse_as, records, make_user, app) -> None:  # type: ignore[no-untyped-def]
    page = text_of(browse_as("observer").get("/people/"))
    # chaired, secretary, attended, action items
    assert row_of(page, records.tamar).endswith("2 0 1 0")
    assert TAMAR in row_of(page, records.tamar)
    assert "მერის მოადგილე" in row_of(page, records.tamar)
    assert row_of(page, records.giorgi).endswith("0 1 0 0")
    assert row_of(page, records.ana).endswith("0 0 1 1")
    assert ORGANISATION in row_of(page, records.ana)
    assert row_of(page, records.twin).endswith("0 0 1 1")
    assert "/m/city/people/new" not in page  # an observer is offered no form


def test_a_linked_account_and_staff_entry_show_in_the_list(  # type: ignore[no-untyped-def]
    app, browse_as, records, make_user, make_unit, make_staff
) -> None:
    account = make_user("member", name="გიორგი ნისლაძე")
    unit = make_unit(name="საზოგადოებასთან ურთიერთობის სამსახური")
    staff = make_staff(unit, name=GIORGI, position="მთავარი სპეციალისტი")
    secretary = browse_as("chair")  # who may link an account
    response = secretary.post(f"/people/{records.giorgi}/edit", data={
        "name": GIORGI, "user_id": account.id, "staff_member_id": staff.id, "version": 1})
    assert response.status_code == 302
    assert person_facts(app, records.giorgi)["user_id"] == account.id
    row = row_of(text_of(secretary.get("/people/")), records.giorgi)
    assert account.name in row and unit.name in row
    page = text_of(secretary.get(f"/people/{records.giorgi}"))
    assert f"/m/city/directory/{unit.id}#staff-{staff.id}" in page


def test_the_list_takes_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    browse_as, factory, records, query_counter
) -> None:
    browser = browse_as("member")

    def queries() -> int:
        with query_counter() as counted:
            assert browser.get("/people/").status_code == 200
        return counted.count

    few = queries()
    for n in range(6):
        person = factory.person(f"სტუმარი {n}", organisation="მოქალაქე")
        factory.meeting(chair_person_id=person.id,
                        attendees=[{"name": f"სტუმარი {n}", "organisation": "მოქალაქე"}])
    assert queries() == few


@pytest.mark.parametrize("query, found", [
    ("ღრუბლიანი", {"tamar", "twin"}),
    ("ᲦᲠᲣᲑᲚᲘᲐᲜᲘ", {"tamar", "twin"}),  # Mtavruli, as a heading has it
    ("ღია ხეობა", {"ana", "twin"}),  # the organisation, without its quotes
    ("ნისლაძე", {"giorgi"}),
    ("არავინ", set()),
])
def test_the_search_box_filters_by_name(browse_as, records, query, found) -> None:  # type: ignore[no-untyped-def]
    page = browse_as("member").get("/people/", query_string={"q": query}).get_data(as_text=True)
    listed = {name for name in ("tamar", "giorgi", "ana", "twin")
              if f'id="person-{getattr(records, name)}"' in page}
    assert listed == found


# A person's page -----------------------------------------------------------------------------
def test_a_person_s_page_shows_meetings_roles_and_action_items(app, browse_as, records) -> None:  # type: ignore[no-untyped-def]
    page = text_of(browse_as("observer").get(f"/people/{records.tamar}"))
    meeting_links = re.findall(r'/m/city/meetings/(\d+)"', page)
    assert meeting_links == [str(records.second), str(records.first)]  # newest first
    assert translated(app, "Chair") in page
    assert f"{translated(app, 'Attendee')}: {translated(app, 'Absent')}" in page
    assert "14/03/2019" in page and "02/04/2019" in page
    ana = text_of(browse_as("observer").get(f"/people/{records.ana}"))
    assert "ანგარიშის მომზადება" in ana
    assert re.search(rf'/m/city/meetings/{records.first}#action-\d+', ana)


def test_an_unknown_person_is_not_found(browse_as) -> None:  # type: ignore[no-untyped-def]
    assert browse_as("chair").get("/people/999999").status_code == 404


def test_the_meeting_page_links_the_names_of_people(browse_as, records) -> None:  # type: ignore[no-untyped-def]
    first = browse_as("member").get(f"/meetings/{records.first}").get_data(as_text=True)
    for person_id, name in ((records.tamar, TAMAR), (records.giorgi, GIORGI),
                            (records.ana, ANA)):
        assert f'<a href="/m/city/people/{person_id}">{name}</a>' in first, name


# Adding and correcting -------------------------------------------------------------------------
def test_a_person_is_added_and_the_creation_shows_in_their_history(app, browse_as) -> None:  # type: ignore[no-untyped-def]
    secretary = browse_as("secretary")
    response = secretary.post("/people/new", data={
        "name": "  ლევან   ქარსაძე ", "organisation": "სამოქალაქო ჩართულობის ცენტრი",
        "position": "დირექტორი"})
    assert response.status_code == 302
    person_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert person_facts(app, person_id)["organisation"] == "სამოქალაქო ჩართულობის ცენტრი"
    page = text_of(secretary.get(f"/people/{person_id}"))
    assert translated(app, "created") in page and "დირექტორი" in page


def test_the_same_person_twice_is_refused(app, browse_as, records, db_snapshot) -> None:  # type: ignore[no-untyped-def]
    before = db_snapshot()
    response = browse_as("chair").post("/people/new", data={"name": "ᲒᲘᲝᲠᲒᲘ ნისლაძე"})
    assert response.status_code == 422
    assert translated(app, "This person is already in the records.") in text_of(response)
    assert db_snapshot() == before


def test_an_edit_is_version_checked(app, browse_as, records, db_snapshot) -> None:  # type: ignore[no-untyped-def]
    chair = browse_as("chair")
    saved = chair.post(f"/people/{records.giorgi}/edit",
                       data={"name": GIORGI, "position": "მთავარი სპეციალისტი", "version": 1})
    assert saved.status_code == 302
    before = db_snapshot()
    stale = browse_as("secretary").post(f"/people/{records.giorgi}/edit",
                                        data={"name": "სხვა სახელი", "version": 1})
    assert stale.status_code == 422
    assert translated(app, "Someone else changed this item after you opened it. Reload it "
                           "and apply your change again.") in text_of(stale)
    assert db_snapshot() == before
    missing = chair.post(f"/people/{records.giorgi}/edit", data={"name": "სხვა სახელი"})
    assert missing.status_code == 422 and db_snapshot() == before


def test_an_update_shows_in_the_history_without_the_key(app, browse_as, records) -> None:  # type: ignore[no-untyped-def]
    chair = browse_as("chair")
    chair.post(f"/people/{records.giorgi}/edit",
               data={"name": "გიორგი ნისლაძე-ბერიძე", "version": 1})
    with working_in(app):
        entries = db.session.execute(select(AuditEntry).where(
            AuditEntry.object_type == "person", AuditEntry.object_id == records.giorgi,
            AuditEntry.action == "update")).scalars().all()
        assert [set(e.changes) for e in entries] == [{"name", "key"}]
    page = text_of(chair.get(f"/people/{records.giorgi}"))
    history = page[page.index('id="history"'):]
    assert GIORGI in history and "გიორგი ნისლაძე-ბერიძე" in history
    assert "|" not in history  # the key ("name|organisation") is no reader's field


def test_an_account_of_another_municipality_is_no_valid_link(  # type: ignore[no-untyped-def]
    app, browse_as, records, factory, db_snapshot
) -> None:
    stranger = factory.elsewhere().user("member", name="სხვა ქალაქის წევრი")
    before = db_snapshot()
    response = browse_as("admin").post(f"/people/{records.giorgi}/edit", data={
        "name": GIORGI, "user_id": stranger.id, "version": 1})
    assert response.status_code == 422
    assert translated(app, "Not a valid choice.") in text_of(response)
    assert db_snapshot() == before


def test_one_account_stands_for_one_person(app, browse_as, records, make_user) -> None:  # type: ignore[no-untyped-def]
    account = make_user("member", name="ანა ტყემალაძე")
    chair = browse_as("chair")
    assert chair.post(f"/people/{records.ana}/edit", data={
        "name": ANA, "organisation": ORGANISATION, "user_id": account.id,
        "version": 1}).status_code == 302
    again = chair.post(f"/people/{records.giorgi}/edit",
                       data={"name": GIORGI, "user_id": account.id, "version": 1})
    assert again.status_code == 422
    assert person_facts(app, records.giorgi)["user_id"] is None


def test_forms_need_the_csrf_token(browse_as, make_app, records, db_snapshot) -> None:  # type: ignore[no-untyped-def]
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    browser = browse_as("chair", on=csrf_app)
    before = db_snapshot()
    for url, data in _writes(records).values():
        assert browser.post(url, data=data).status_code == 400, url
        assert browser.post(url, data={**data, "csrf_token": "forged"}).status_code == 400
    assert db_snapshot() == before
    token = browser.csrf_token("/people/new")
    created = browser.post("/people/new", data={"name": "ნათია ხელაძე", "csrf_token": token})
    assert created.status_code == 302


def test_only_the_chair_or_an_administrator_links_an_account(  # type: ignore[no-untyped-def]
    app, browse_as, api, users, records, make_user, db_snapshot
) -> None:
    """The account would sign for the offices the person held: the secretary, who keeps
    those minutes, does not choose the co-signer. The form does not offer it either."""
    account = make_user("member", name="გიორგი ნისლაძე")
    secretary = browse_as("secretary")
    assert 'name="user_id"' not in secretary.get(f"/people/{records.giorgi}/edit").get_data(
        as_text=True)
    assert 'name="user_id"' in browse_as("chair").get(f"/people/{records.giorgi}/edit").get_data(
        as_text=True)
    over_the_api = api(users["secretary"])
    before = db_snapshot()
    secretary.post(f"/people/{records.giorgi}/edit",
                   data={"name": GIORGI, "user_id": account.id, "version": 1})
    assert person_facts(app, records.giorgi)["user_id"] is None
    refused = over_the_api.patch(f"/people/{records.giorgi}",
                                 json={"user_id": account.id, "version": 1})
    assert refused.status_code == 403, refused.get_json()
    assert db_snapshot() == before
