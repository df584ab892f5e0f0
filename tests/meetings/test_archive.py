"""The minutes archive: Georgian recall, phrases, filters and hostile queries, on the web page
and over the API, which return the same meetings in the same order."""

from __future__ import annotations

import re

import pytest

from tracker.extensions import db
from tracker.meetings.minutes import MEETING_INDEX

from ..helpers import text_of, translated
from .conftest import Archive

HIT = re.compile(r'<h2 class="archive-hit__title"><a href="/m/city/meetings/(\d+)"')


@pytest.fixture
def observer(browse_as, archive: Archive):
    """The archive, browsed by an observer."""
    return browse_as("observer")


@pytest.fixture
def api_search(api, users, archive: Archive):
    client = api(users["observer"])
    return lambda **params: client.get("/minutes/search", query_string=params)


def web_ids(client, **params) -> list[int]:
    response = client.get("/meetings/", query_string=params)
    assert response.status_code == 200, params
    return [int(i) for i in HIT.findall(response.get_data(as_text=True))]


def api_ids(api_search, **params) -> list[int]:
    response = api_search(**params)
    assert response.status_code == 200, params
    return [item["id"] for item in response.get_json()["items"]]


# Recall ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # the nominative finds the genitive (პეტიციის) and dative (პეტიციას) forms
        ("პეტიცია", {"petition", "petition_nom"}),
        ("პეტიციის", {"petition", "petition_nom"}),
        ("ᲞᲔᲢᲘᲪᲘᲐ", {"petition", "petition_nom"}),  # Mtavruli capitals
        ("შეხვედრა", {"workshops"}),  # შეხვედრებზე: plural + postposition
        ("სამუშაო შეხვედრა", {"workshops"}),
        ("წელი", {"portal"}),  # წლის: the stem shortens
        ("ბიუჯეტი გამჭვირვალობა", {"workshops"}),  # both words rank first
        ("ღია მონაცემები", {"portal", "petition_nom"}),
        ('"ღია მონაცემების"', {"portal"}),  # the phrase in this order ranks first
        ('"ელექტრონული პეტიცია"', {"petition"}),
        ("ხარაიშვილი", {"petition"}),  # attendees are searchable too
        ("გამჭვირვალობის ცენტრი", {"petition"}),
        ("არარსებულისიტყვა", set()),
    ],
)
def test_search_finds_inflected_georgian(observer, archive: Archive, query, expected) -> None:
    """A one-word query finds exactly the meetings with its word; with several words, the
    meetings with all of them (or the quoted phrase) come first."""
    found = web_ids(observer, q=query)
    wanted = set(archive.ids(*expected))
    if len(query.split()) == 1:
        assert set(found) == wanted
    else:
        assert set(found[: len(wanted)]) == wanted


def test_more_words_then_the_phrase_then_weight_rank_first(observer, archive: Archive) -> None:
    # Any word finds a meeting; those with more of the query's words come first.
    assert web_ids(observer, q="ბიუჯეტი გამჭვირვალობა არარსებულისიტყვა")[0] == archive.workshops
    # portal has "ღია მონაცემების" as a phrase, petition_nom "მონაცემების ღია": both words,
    # the phrase ranks first; without quotes, the same two are found.
    assert web_ids(observer, q='"ღია მონაცემების"')[:2] == archive.ids("portal", "petition_nom")
    assert set(web_ids(observer, q="ღია მონაცემების")[:2]) == set(
        archive.ids("portal", "petition_nom"))


def test_hits_are_ranked_with_highlighted_snippets_and_links(observer, archive: Archive):
    page = observer.get("/meetings/", query_string={"q": "პეტიცია"}).get_data(as_text=True)
    assert "<mark>პეტიციის</mark>" in page and "<mark>პეტიციას</mark>" in page
    assert f'href="/m/city/meetings/{archive.petition}"' in page
    # the meeting that says it three times ranks above the one that says it once
    assert web_ids(observer, q="პეტიცია") == [archive.petition, archive.petition_nom]


def test_snippets_escape_the_minutes_html(app, observer, make_meeting, users):
    make_meeting("draft", discussion="<script>alert(1)</script> პეტიციის განხილვა")
    page = observer.get("/meetings/", query_string={"q": "პეტიცია"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


# Filters -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["petition_nom", "portal", "workshops", "petition"]),  # newest first
        ({"group": "wg"}, ["petition_nom", "workshops", "petition"]),
        ({"from": "01/05/2024", "to": "31/12/2024"}, ["portal", "workshops"]),
        ({"from": "2024-05-10", "to": "2024-05-10"}, ["workshops"]),
        ({"attendee": "ხარაიშვილი"}, ["petition"]),
        ({"attendee": "დონორთა"}, ["workshops"]),  # by organisation
        ({"state": "completed"}, ["petition"]),
        ({"state": "monitored"}, ["workshops"]),
        ({"q": "პეტიცია", "group": "wg", "state": "draft"}, ["petition_nom"]),
        ({"attendee": "%"}, []),  # LIKE wildcards are text
    ],
)
def test_filters(observer, api_search, archive: Archive, params, expected) -> None:
    ids = archive.ids(*expected)
    assert web_ids(observer, **params) == ids
    assert api_ids(api_search, **params) == ids


def test_filter_by_subgroup_and_by_linked_commitment(observer, archive: Archive) -> None:
    assert web_ids(observer, group=archive.subgroup_id) == [archive.portal]
    # an action item links the first; the subgroup's commitment links its meetings
    assert web_ids(observer, commitment=archive.commitment_id) == [archive.petition]
    assert web_ids(observer, commitment=archive.sub_commitment_id) == [archive.portal]


@pytest.mark.parametrize("bad", [{"from": "31/02/2024"}, {"to": "yesterday"},
                                 {"from": "2024-13-01", "q": "პეტიცია"}])
def test_a_bad_date_is_explained_not_a_500(app, observer, api_search, bad) -> None:
    response = observer.get("/meetings/", query_string=bad)
    assert response.status_code == 422
    page = text_of(response)
    assert translated(app, "Not a valid date value.") in page
    assert 'aria-invalid="true"' in page
    api = api_search(**bad)
    assert api.status_code == 422
    assert api.get_json()["error"]["code"] == "validation_failed"
    assert set(api.get_json()["error"]["fields"]) <= {"from", "to"}


# Hostile queries ---------------------------------------------------------------------------
HOSTILE = [
    '"', '"""', "'", "*", "***", "პეტიცი*", "(", ")", "[]", "{}", "NEAR(", "NEAR(a b)",
    "a:b & c | !d <-> e", "AND OR NOT", "-", "^", "\\", "%", "_", "ა", "a", "?",
    "პეტიცია OR", '"პეტიცია', "პეტიცია'", "x" * 5000, "პეტიცია " * 700, "🙂", "🙂 პეტიცია",
    "\x00", "\u200b", "<script>", "' OR 1=1 --", "rank:1", "stems:პეტ", "a" * 300,
]


def test_hostile_queries_give_results_or_a_message(observer, api_search) -> None:
    for query in HOSTILE:  # one test, one archive: the queries change nothing
        response = observer.get("/meetings/", query_string={"q": query})
        assert response.status_code == 200, query
        page = response.get_data(as_text=True)
        api = api_search(q=query)
        assert api.status_code == 200, query
        body = api.get_json()
        assert body["items"] or body["message"] or 'class="empty"' in page, query
        assert [i["id"] for i in body["items"]] == [int(i) for i in HIT.findall(page)], query


def test_a_lone_letter_asks_for_more(app, observer, api_search) -> None:
    message = translated(app, "Type at least two letters of a word to search.")
    assert message in text_of(observer.get("/meetings/", query_string={"q": "ა"}))
    assert api_search(q="ა").get_json()["message"] == message


# The API's answers --------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["პეტიცია", "ღია", "სამუშაო შეხვედრა", ""])
def test_api_search_returns_the_web_pages_meetings_in_its_order(observer, api_search, query):
    assert api_ids(api_search, q=query) == web_ids(observer, q=query)


def test_api_search_items(api_search, archive: Archive) -> None:
    body = api_search(q="პეტიცია").get_json()
    first = body["items"][0]
    assert first["id"] == archive.petition
    assert first["rank"] == 1 and body["items"][1]["rank"] == 2
    assert first["date"] == "2024-02-02"
    assert first["group"] == {"id": None, "name": first["group"]["name"]}
    assert first["state"] == "completed"
    assert first["url"] == f"/m/city/meetings/{archive.petition}"
    assert any("<mark>პეტიციის</mark>" in s for s in first["snippets"])
    assert body["total"] == 2 and body["pages"] == 1 and body["message"] is None


def test_pages_of_results(observer, api_search, make_meeting, archive: Archive) -> None:
    for n in range(21):
        make_meeting("draft", agenda=[f"პეტიციის განხილვა {n}"])
    second = api_search(q="პეტიცია", page=2).get_json()
    assert second["total"] == 23 and second["pages"] == 2 and len(second["items"]) == 3
    assert second["items"][0]["rank"] == 21
    page = observer.get("/meetings/", query_string={"q": "პეტიცია"}).get_data(as_text=True)
    assert 'rel="next"' in page and "page=2" in page
    assert web_ids(observer, q="პეტიცია", page=2) == [i["id"] for i in second["items"]]


# Reindexing -------------------------------------------------------------------------------
def test_reindex_rebuilds_what_an_emptied_index_lost(app, observer, archive: Archive) -> None:
    """``flask search reindex`` indexes every meeting again from the records (after an
    upgrade that changes the stems): an emptied index finds nothing, a rebuilt one finds
    the same meetings as before."""
    before = web_ids(observer, q="პეტიცია")
    assert before
    with app.app_context():
        MEETING_INDEX.clear()
        db.session.commit()
    assert web_ids(observer, q="პეტიცია") == []
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "meeting_search: 4" in result.output
    assert web_ids(observer, q="პეტიცია") == before


def test_a_word_found_in_an_attendee_s_position_is_shown(app_ctx) -> None:  # type: ignore[no-untyped-def]
    """Every part of the record the index reads that a reader recognises can be quoted: a
    meeting found by "მერი" through "მერის მოადგილე" shows that line, highlighted."""
    from types import SimpleNamespace

    from tracker.meetings.archive import AttendeeLine, snippets
    from tracker.search.index import parse_query

    meeting = SimpleNamespace(decisions=[], agenda=[], discussion="", place="ქ. ნაპირი",
                              authority="", subgroup=None, chair_name="", secretary_name="")
    people = [AttendeeLine("ლევან ზღვიშვილი", "", True, "მერის მოადგილე")]
    found = [str(s) for s in snippets(meeting, people, parse_query("მერი"))]  # type: ignore[arg-type]
    assert found == ["ლევან ზღვიშვილი — <mark>მერის</mark> მოადგილე"]
