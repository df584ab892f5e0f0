"""Each municipality numbers and names its own things: meeting N1 and commitment 1 exist in
both, and a unit, a subgroup or a plan may bear the same name in two municipalities."""

from __future__ import annotations

from ..helpers import text_of, translated


def test_meetings_are_numbered_per_municipality(api, factory, users) -> None:
    town = factory.elsewhere()
    first_here = factory.meeting()
    first_there = town.meeting()
    second_there = town.meeting()
    assert (first_here.number, first_there.number, second_there.number) == (1, 1, 2)
    # And through the API, as the secretary of each.
    created = api(users["secretary"]).post("/meetings", json={"place": "დარბაზი"})
    assert created.status_code == 201 and created.get_json()["number"] == 2
    there = api(town.default_user("secretary")).post("/meetings", json={"place": "დარბაზი"})
    assert there.status_code == 201 and there.get_json()["number"] == 3
    assert there.get_json()["municipality"] == "town"


def test_commitments_are_numbered_per_plan_and_plans_per_municipality(factory) -> None:
    town = factory.elsewhere()
    here = factory.commitment()
    there = town.commitment()
    assert here.number == there.number == 1
    assert here.plan_id != there.plan_id


def test_the_same_names_live_in_two_municipalities(browse_as, factory) -> None:
    town = factory.elsewhere()
    for build in (factory, town):
        build.unit("იურიდიული სამსახური")
        build.subgroup(name="ღია ბიუჯეტი")
        build.plan(title="სამოქმედო გეგმა 2026-2027")
    # Still one each within a municipality: a second is refused with the reason.
    client = browse_as("admin")
    again = client.post("/directory/new", data={"name": "იურიდიული სამსახური",
                                                "kind": "service"})
    assert again.status_code == 422
    assert translated(client.application, "A unit with this name already exists.") in text_of(
        again
    )
