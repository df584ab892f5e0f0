"""The commitment list page is paged (tracker/paging.py): a fixed number of queries whatever
the number of commitments, the filters kept on every page link, a bad page value ignored
and said (422), a page past the last empty with the way back."""

from __future__ import annotations

import re

from tracker.paging import DEFAULT_PER_PAGE

from ..helpers import text_of, translated

ROW = re.compile(r'class="item-title" href="/m/city/commitments/(\d+)"')


def _ids(response) -> list[int]:
    return [int(i) for i in ROW.findall(response.get_data(as_text=True))]


def test_the_list_takes_a_fixed_number_of_queries(browse_as, factory, query_counter) -> None:
    browser = browse_as("observer")

    def queries() -> int:
        browser.get("/commitments/")
        with query_counter() as counted:
            response = browser.get("/commitments/")
        assert response.status_code == 200
        return counted.count

    for _ in range(3):
        factory.commitment(state="monitored", milestones=2)
    few = queries()
    for _ in range(27):
        factory.commitment(state="monitored", milestones=2)
    assert queries() == few


def test_pages_keep_the_filters_and_see_every_commitment_once(browse_as, factory) -> None:
    browser = browse_as("observer")
    plan = factory.plan(title="მეორე გეგმა")
    kept = [factory.commitment(plan_id=plan.id).id for _ in range(DEFAULT_PER_PAGE + 5)]
    factory.commitment()  # another plan's: filtered out
    first = browser.get("/commitments/", query_string={"plan": plan.id})
    page = first.get_data(as_text=True)
    assert 'rel="next"' in page
    assert f"plan={plan.id}" in re.search(r'<a rel="next" href="([^"]+)"', page).group(1)
    second = browser.get("/commitments/", query_string={"plan": plan.id, "page": 2})
    assert sorted(_ids(first) + _ids(second)) == sorted(kept)
    assert len(_ids(first)) == DEFAULT_PER_PAGE
    assert 'rel="prev"' in second.get_data(as_text=True)
    counts = translated(browser.application, "page %(page)d of %(pages)d", page=2, pages=2)
    assert counts in text_of(second)


def test_a_bad_page_value_is_ignored_and_said(browse_as, factory) -> None:
    factory.commitment()
    response = browse_as("observer").get("/commitments/", query_string={"page": "x"})
    assert response.status_code == 422
    assert len(_ids(response)) == 1
    app = browse_as("observer").application
    said = translated(app, "The filter “%(name)s” in the address is not valid and was ignored.",
                      name=translated(app, "Page"))
    assert said in text_of(response)


def test_too_many_per_page_is_ignored_and_said(browse_as, factory) -> None:
    factory.commitment()
    response = browse_as("observer").get("/commitments/", query_string={"per_page": "201"})
    assert response.status_code == 422
    assert translated(browse_as("observer").application, "Items per page") in text_of(response)
    assert len(_ids(response)) == 1


def test_a_page_past_the_last_is_empty_and_links_to_the_last(browse_as, factory) -> None:
    factory.commitment()
    response = browse_as("observer").get("/commitments/", query_string={"page": 7})
    assert response.status_code == 200
    assert _ids(response) == []
    assert "page=1" in response.get_data(as_text=True)
