"""Query parsing and snippets: any text in, a query or a clear message out."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.search.georgian import words
from tracker.search.index import Term, highlight, highlights, parse_query


def test_words_phrases_and_operators(app_ctx) -> None:  # type: ignore[no-untyped-def]
    query = parse_query('პეტიცია "სამუშაო შეხვედრებზე" AND (ბიუჯეტი*)')
    assert query.terms == [
        Term(("სამუშაო", "შეხვედრ")), Term(("პეტიცი",)), Term(("and",)),
        Term(("ბიუჯეტ",), prefix=True),
    ]
    assert [w.stems for w in query.words] == [
        ("სამუშაო",), ("შეხვედრ",), ("პეტიცი",), ("and",), ("ბიუჯეტ",)]
    assert query.phrases == [Term(("სამუშაო", "შეხვედრ"))]
    assert query.message is None


@pytest.mark.parametrize(("raw", "term"), [
    ("მერი", Term(("მერ",))),                     # a known word: its whole stem
    ("მერია", Term(("მერი",))),
    ("ბიუჯ", Term(("ბიუჯ",), prefix=True)),       # a short fragment nobody writes alone
    ("ანგარიშ*", Term(("ანგარიშ",), prefix=True)),  # the user asked for the start
    ("usaid", Term(("usaid",))),                  # not Georgian: the word as it is
])
def test_whole_words_unless_a_star_or_a_fragment(app_ctx, raw: str, term: Term) -> None:  # type: ignore[no-untyped-def]
    assert parse_query(raw).terms == [term]


def test_highlight_marks_the_word_not_its_look_alikes(app_ctx) -> None:  # type: ignore[no-untyped-def]
    marked = str(highlight("მერმა და მერიამ შეათანხმეს; მერის აზრით", parse_query("მერი")))
    assert "<mark>მერმა</mark>" in marked and "<mark>მერის</mark>" in marked
    assert "<mark>მერიამ</mark>" not in marked


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
    searchable = any(len(w) >= 2 for w in words(text.replace('"', " ").replace("*", " ")))
    assert query.usable == searchable
    if text.strip() and not query.usable:
        assert query.message



def test_a_long_quoted_phrase_is_cut_to_the_word_limit(app_ctx) -> None:  # type: ignore[no-untyped-def]
    """Words inside quotes count too: 700 quoted words were 700 index lookups (and more
    than SQLite allows in one compound SELECT)."""
    query = parse_query('"' + " ".join(f"სიტყვა{i}" for i in range(700)) + '" ბიუჯეტი')
    assert sum(len(t.stems) for t in query.terms) == 12
    assert len(query.words) == 12 and query.message


@pytest.mark.parametrize("fragment", ["სხდომ", "ბიუჯე", "საკრე", "დოკუმ"])
def test_a_fragment_that_ends_like_an_ending_is_still_a_prefix(app_ctx, fragment: str) -> None:  # type: ignore[no-untyped-def]
    (term,) = parse_query(fragment).terms
    assert term.prefix, term
