"""Query parsing and snippets: any text in, a query or a clear message out."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.search.georgian import search_stem, words
from tracker.search.index import highlight, highlights, parse_query


def test_words_phrases_and_operators(app_ctx) -> None:  # type: ignore[no-untyped-def]
    query = parse_query('პეტიცია "სამუშაო შეხვედრებზე" AND (ბიუჯეტი*)')
    assert query.terms == [["სამუშაო", "შეხვედრ"], ["პეტიცი"], ["and"], ["ბიუჯეტ"]]
    assert query.message is None


def test_a_blank_query_is_no_query(app_ctx) -> None:  # type: ignore[no-untyped-def]
    query = parse_query("   ")
    assert not query.usable and query.message is None


@pytest.mark.parametrize("raw", ["ა", "*", '"', "()", "!!! ???", "a"])
def test_nothing_searchable_says_so(app_ctx, raw: str) -> None:  # type: ignore[no-untyped-def]
    query = parse_query(raw)
    assert not query.usable
    assert query.message


def test_a_long_query_is_cut_with_a_message(app_ctx) -> None:  # type: ignore[no-untyped-def]
    query = parse_query(" ".join(f"სიტყვა{i}" for i in range(2000)))
    assert len(query.terms) == 12
    assert query.message


def test_highlight_marks_inflected_forms_and_escapes(app_ctx) -> None:  # type: ignore[no-untyped-def]
    query = parse_query("პეტიცია")
    marked = str(highlight("<b>ახალი</b> პეტიციის წესი და პეტიციებზე პასუხი", query))
    assert "<mark>პეტიციის</mark>" in marked
    assert "<mark>პეტიციებზე</mark>" in marked
    assert "&lt;b&gt;" in marked and "<b>" not in marked


def test_highlights_skip_texts_without_the_words(app_ctx) -> None:  # type: ignore[no-untyped-def]
    query = parse_query("ბიუჯეტი")
    found = highlights(["პეტიციის წესი", "ბიუჯეტის გზამკვლევი", "", "ბიუჯეტში"], query)
    assert [str(f) for f in found] == [
        "<mark>ბიუჯეტის</mark> გზამკვლევი",
        "<mark>ბიუჯეტში</mark>",
    ]


# The app context only serves translated messages; nothing in it changes between inputs.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_query_text_parses(app_ctx, text: str) -> None:  # type: ignore[no-untyped-def]
    query = parse_query(text)
    searchable = any(len(search_stem(w)) >= 2 for w in words(text.replace('"', " ")))
    assert query.usable == searchable
    if text.strip() and not query.usable:
        assert query.message

