"""Directory search: every Georgian case form finds the unit, and no query text breaks it."""

from __future__ import annotations

import pytest

from tracker.accounts.models import User
from tracker.directory import operations as ops
from tracker.directory.queries import search_units
from tracker.extensions import db
from tracker.search.index import parse_query

from ..helpers import translated

AGENCY = "ტურიზმის განვითარების სააგენტო"
LEGAL = "იურიდიული სამსახური"


@pytest.fixture
def units(make_unit) -> dict[str, int]:
    agency = make_unit(AGENCY, kind="agency", functions=[
        "ტურისტული მარშრუტების შემუშავება", "დონორებთან სამუშაო შეხვედრებზე მონაწილეობა",
    ], staff=[{"name": "ნინო ბერიძე", "position": "სააგენტოს უფროსი"}])
    legal = make_unit(LEGAL, kind="service", functions=[
        "მოქალაქეთა პეტიციების სამართლებრივი განხილვა",
    ], staff=[{"name": "გიორგი წყაროსთვალი", "position": "იურისტი"}])
    return {AGENCY: agency.id, LEGAL: legal.id}


RECALL = [
    ("სააგენტო", AGENCY),                 # nominative, as in the name
    ("სააგენტოს", AGENCY),                # genitive
    ("სააგენტოში", AGENCY),               # "in the agency"
    ("ᲡᲐᲐᲒᲔᲜᲢᲝ", AGENCY),                 # Mtavruli capitals
    ("ტურიზმი", AGENCY),                  # the name says ტურიზმის
    ("სამუშაო შეხვედრა", AGENCY),         # the function says სამუშაო შეხვედრებზე
    ('"სამუშაო შეხვედრა"', AGENCY),       # as a phrase
    ("ბერიძის", AGENCY),                  # a person, in the genitive
    ("პეტიცია", LEGAL),                   # the function says პეტიციების
    ("პეტიციაზე", LEGAL),
    ("იურიდიულ", LEGAL),                  # a prefix
    ("წყაროსთვალმა", LEGAL),              # a person, ergative
]


@pytest.mark.parametrize(("query", "expected"), RECALL)
def test_inflected_forms_find_the_unit(app_ctx, units, query: str, expected: str) -> None:
    result = search_units(query)
    assert [hit.unit.name for hit in result.hits] == [expected]
    assert any("<mark>" in str(s) for s in result.hits[0].snippets)


def test_units_with_more_of_the_words_come_first(app_ctx, units) -> None:
    """Any word finds a unit; the one with every word ranks first."""
    assert search_units("სააგენტო ტურიზმი").hits[0].unit.name == AGENCY
    only_one = search_units("სააგენტო არარსებულისიტყვა").hits
    assert AGENCY in [h.unit.name for h in only_one]


def test_the_index_follows_changes(app_ctx, units, users) -> None:
    from tracker.directory.models import Unit

    admin = db.session.get(User, users["admin"].id)
    legal = db.session.get(Unit, units[LEGAL])
    ops.update_unit(legal, admin, {"name": "სამართლებრივი სამსახური", "version": legal.version})
    assert search_units("იურიდიული").hits == []
    assert [h.unit.id for h in search_units("სამართლებრივ").hits] == [legal.id]
    person = ops.add_staff(legal, admin, {"name": "მაკა ლომისძე"})
    assert [h.unit.id for h in search_units("ლომისძეს").hits] == [legal.id]
    ops.remove_staff(person, admin, {"version": person.version})
    assert search_units("ლომისძე").hits == []


def test_the_page_searches(app, browse_as, units) -> None:
    page = browse_as("observer").get("/directory/?q=სააგენტოს").get_data(as_text=True)
    assert AGENCY in page and LEGAL not in page
    assert "<mark>" in page
    nothing = browse_as("observer").get("/directory/?q=ავტობუსი").get_data(as_text=True)
    assert translated(app, "No unit matches “%(query)s”.", query="ავტობუსი") in nothing


HOSTILE = [
    '"', '""', "'", "*", "**", "(", ")", "((((", "-", "--", "+", ":", "^", "\\", "%", "_",
    "AND", "OR", "NOT", "NEAR", "NEAR(a b)", "a OR", "sტ*", "ა", "ა ბ", "!!!", "😀",
    "'; DROP TABLE units; --", "<script>alert(1)</script>", "%00", "\x00", "\u200b",
    "სააგენტო\x00", "{}[]", "&", "|", "a & b | !c", "$1", ":*", "'':*", "\t\n",
    "ა" * 5000, "სააგენტო " * 100, "unit_search_fts MATCH 'x'",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_query_text_gives_results_or_a_message(app, browse_as, api, users, units, query):
    response = browse_as("observer").get("/directory/", query_string={"q": query})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    if query.strip():
        # Results, or a sentence saying why there are none.
        assert "search-result" in page or 'class="notice"' in page or 'class="empty"' in page
    body = api(users["observer"]).get("/units/search", query_string={"q": query})
    assert body.status_code == 200, body.get_json()
    data = body.get_json()
    assert isinstance(data["items"], list)
    with app.test_request_context():
        usable = parse_query(query).usable
    if query.strip() and not usable:
        assert data["message"] and not data["items"]
    also = api(users["observer"]).get("/units", query_string={"q": query})
    assert also.status_code == 200 and also.get_json()["items"] == data["items"]


def test_a_query_of_one_letter_says_why_nothing_was_found(app, browse_as, api, users, units):
    message = translated(app, "Type at least two letters of a word to search.")
    page = browse_as("observer").get("/directory/?q=ა").get_data(as_text=True)
    assert message in page
    assert api(users["observer"]).get("/units/search?q=ა").get_json()["message"] == message


def test_search_results_as_json(api, users, units) -> None:
    data = api(users["observer"]).get("/units/search?q=პეტიციის").get_json()
    assert [(i["id"], i["name"]) for i in data["items"]] == [(units[LEGAL], LEGAL)]
    assert "<mark>" in data["items"][0]["snippets"][0]
    assert data["items"][0]["version"] >= 1
