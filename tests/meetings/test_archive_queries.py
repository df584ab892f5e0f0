"""The archive page in a fixed number of queries whatever the number of meetings (and of
their attendees, decisions and linked commitments), with a commitment filter that offers
the commitments meetings are linked to, not every commitment."""

from __future__ import annotations

import re

from ..helpers import text_of

OPTION = re.compile(r'<option value="(\d+)"[^>]*>')


def _commitment_options(page: str) -> set[int]:
    select = re.search(r'<select id="filter-commitment".*?</select>', page, re.S)
    assert select, "the archive has no commitment filter"
    return {int(i) for i in OPTION.findall(select.group(0))}


def _meetings(factory, users, n: int) -> None:
    for i in range(n):
        commitment = factory.commitment()
        group = factory.subgroup("active", commitments=[factory.commitment()])
        factory.meeting(
            "monitored", discussion=f"პეტიციების განხილვა {i}",
            attendees=[{"user_id": users["chair"].id, "name": users["chair"].name},
                       {"user_id": users["secretary"].id, "name": users["secretary"].name},
                       {"name": f"სტუმარი {i}", "organisation": "მოქალაქე"}],
            agenda=["პეტიციები", "სხვა"],
            action={"commitment_id": commitment.id, "owner_id": users["member"].id},
        )
        factory.meeting("draft", ready=True, subgroup_id=group.id)
        factory.commitment()  # linked to no meeting


def test_the_archive_takes_a_fixed_number_of_queries(
    browse_as, factory, users, query_counter
) -> None:
    browser = browse_as("observer")

    def queries(**params: str) -> int:
        browser.get("/meetings/", query_string=params)
        with query_counter() as counted:
            response = browser.get("/meetings/", query_string=params)
        assert response.status_code == 200
        return counted.count

    _meetings(factory, users, 1)
    few = {"all": queries(), "search": queries(q="პეტიცია"), "state": queries(state="monitored")}
    _meetings(factory, users, 10)
    assert {"all": queries(), "search": queries(q="პეტიცია"),
            "state": queries(state="monitored")} == few


def test_the_commitment_filter_offers_the_linked_commitments_and_the_chosen_one(
    browse_as, factory, users
) -> None:
    linked = factory.commitment(title="ბმული")
    worked_on = factory.commitment(title="ჯგუფის")
    unlinked = factory.commitment(title="უკავშირო")
    group = factory.subgroup("active", commitments=[worked_on])
    idle = factory.subgroup("active", commitments=[factory.commitment(title="უსაქმო")])
    factory.meeting("monitored", action={"commitment_id": linked.id,
                                         "owner_id": users["member"].id})
    factory.meeting("draft", ready=True, subgroup_id=group.id)
    browser = browse_as("observer")
    assert idle.id
    assert _commitment_options(text_of(browser.get("/meetings/"))) == {linked.id, worked_on.id}
    chosen = browser.get("/meetings/", query_string={"commitment": unlinked.id})
    assert chosen.status_code == 200
    page = chosen.get_data(as_text=True)
    assert _commitment_options(page) == {linked.id, worked_on.id, unlinked.id}
    assert f'<option value="{unlinked.id}" selected>' in page


def test_archive_pages_walk_every_meeting_once(browse_as, api, factory, users) -> None:
    for i in range(25):
        factory.meeting("draft", ready=True, number=100 + i)
    client = api(users["observer"])
    ids: list[int] = []
    for page in (1, 2, 3):
        body = client.get("/meetings", query_string={"page": page, "per_page": 10}).get_json()
        assert (body["total"], body["pages"]) == (25, 3)
        ids += [item["id"] for item in body["items"]]
    assert len(ids) == len(set(ids)) == 25
    past = client.get("/meetings", query_string={"page": 4, "per_page": 10}).get_json()
    assert past["items"] == [] and past["total"] == 25
    web = browse_as("observer").get("/meetings/", query_string={"page": "0"})
    assert web.status_code == 422
