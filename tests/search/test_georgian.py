"""The Georgian search stems: every case form of a word meets its other forms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.search.georgian import fold, index_text, search_stem, spellings, stem, words

# Each row: forms of one word that a search for any of them must find.
SAME_WORD = [
    ("პეტიცია", "პეტიციის", "პეტიციას", "პეტიციით", "პეტიციაზე", "პეტიციისთვის", "პეტიციამ",
     "პეტიციები", "პეტიციებზე", "ᲞᲔᲢᲘᲪᲘᲐ"),
    ("შეხვედრა", "შეხვედრის", "შეხვედრაზე", "შეხვედრები", "შეხვედრებზე", "შეხვედრების"),
    ("ვალდებულება", "ვალდებულების", "ვალდებულებები", "ვალდებულებებზე", "ვალდებულებას"),
    ("სისტემა", "სისტემის", "სისტემამ", "სისტემაში"),
    ("სხდომა", "სხდომის", "სხდომაზე", "სხდომამ"),
    ("ჯგუფი", "ჯგუფის", "ჯგუფმა", "ჯგუფები", "ჯგუფთან"),
    ("მერია", "მერიის", "მერიაში", "მერიასთან"),
    ("ქალაქი", "ქალაქის", "ქალაქამდე", "ქალაქიდან"),
    ("სამუშაო", "სამუშაოს", "სამუშაოები"),
    ("წელი", "წლის", "წელს"),
    ("ფანჯარა", "ფანჯრის"),
    ("მრჩეველი", "მრჩევლის"),
]

DIFFERENT_WORDS = [("პეტიცია", "ბიუჯეტი"), ("სხდომა", "სისტემა"), ("ჯგუფი", "ქალაქი")]


@pytest.mark.parametrize("forms", SAME_WORD, ids=lambda forms: forms[0])
def test_every_case_form_has_the_same_stem(forms: tuple[str, ...]) -> None:
    assert len({search_stem(form) for form in forms}) == 1


@pytest.mark.parametrize(("one", "other"), DIFFERENT_WORDS)
def test_different_words_keep_different_stems(one: str, other: str) -> None:
    assert search_stem(one) != search_stem(other)


def test_mtavruli_and_latin_fold() -> None:
    assert fold("ᲞᲔᲢᲘᲪᲘᲐ") == "პეტიცია"
    assert words("USAID-ის Café") == ["usaid", "ის", "cafe"]
    assert stem("usaid") == "usaid"  # only Georgian words lose endings


def test_index_text_is_the_stems_in_order() -> None:
    assert index_text("სამუშაო შეხვედრებზე") == "სამუშაო შეხვედრ"


def test_a_shortened_stem_is_spelled_both_ways() -> None:
    assert search_stem("წლის") == "წელ"
    assert set(spellings("წელ")) == {"წელ", "წლ"}


@given(st.text(max_size=200))
def test_any_text_gets_stems_without_error(text: str) -> None:
    stems = index_text(text).split()
    assert len(stems) == len(words(text))
    assert all(s for s in stems)
