"""A unit's page in a fixed number of queries, whatever it is answerable for: its staff and
their accounts, its sub-units and their heads, the commitments it leads or owns, the open
milestones and action items it owns, its subgroups, its history and the units above it."""

from __future__ import annotations


def _answerable(factory, users, unit, parent, n: int) -> None:
    """``n`` more of everything the unit's page lists, and one more unit above it."""
    meeting = factory.meeting("monitored")
    for i in range(n):
        account = factory.user("member")
        factory.staff(unit, name=f"თანამშრომელი {factory._number()}", user_id=account.id)
        factory.unit(f"ქვეგანყოფილება {factory._number()}", unit,
                     staff=[{"name": f"უფროსი {i}", "is_head": True}])
        led = factory.commitment(state="monitored", lead_unit_id=unit.id)
        # a milestone of another unit's commitment: nothing else on the page loads it
        factory.milestone(factory.commitment(state="monitored"), owner_unit_id=unit.id,
                          title=f"ეტაპი {i}")
        factory.commitment(owner_unit_id=unit.id)
        factory.action_item(meeting, owner_unit_id=unit.id, commitment_id=led.id)
        factory.subgroup("active", unit_id=unit.id)
    return factory.unit(f"სამსახური {factory._number()}", parent)


def test_the_unit_page_takes_a_fixed_number_of_queries(
    browse_as, factory, users, query_counter
) -> None:
    top = factory.unit("მერია")
    middle = factory.unit("დეპარტამენტი", top)
    unit = factory.unit("განყოფილება", middle)
    browser = browse_as("observer")

    def queries(shown: int) -> int:
        browser.get(f"/directory/{unit.id}")
        with query_counter() as counted:
            response = browser.get(f"/directory/{unit.id}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert page.count("ეტაპი ") == shown and page.count("ქვეგანყოფილება ") == shown
        return counted.count

    _answerable(factory, users, unit, middle, 2)
    few = queries(2)
    _answerable(factory, users, unit, middle, 20)
    assert queries(22) == few


def test_the_units_above_take_a_fixed_number_of_queries(
    browse_as, factory, query_counter
) -> None:
    """The breadcrumbs: a unit three levels down and one nine levels down alike (both with
    a sub-unit: a unit without any skips the load of its sub-units' heads)."""
    chain = [factory.unit("მერია")]
    for level in range(10):
        chain.append(factory.unit(f"დონე {level}", chain[-1]))
    browser = browse_as("observer")

    def queries(unit_id: int) -> int:
        browser.get(f"/directory/{unit_id}")
        with query_counter() as counted:
            response = browser.get(f"/directory/{unit_id}")
        assert response.status_code == 200
        return counted.count

    assert queries(chain[3].id) == queries(chain[9].id)
