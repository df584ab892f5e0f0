"""The search stemmer against the hand-written corpus in ``corpus.py``: the corpus is the spec.

Recall: every form of a lemma must get the lemma's stem, or a search for one form misses the
minutes that use another. Separation: different lemmas must get different stems, or a search
for one word (მერი, "mayor") drowns in another (მერია, "city hall"). The corpus was written
from Georgian grammar, not from the stemmer, so these tests can catch the stemmer's mistakes.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from tracker.search.georgian import search_stem

from .corpus import LEMMAS, MUST_DIFFER

MIN_LEMMAS = 60
MIN_PAIRS = 30
GEORGIAN_WORD = re.compile(r"[ა-ჰ]+")


def _others(stem: str, forms: tuple[str, ...]) -> dict[str, str]:
    """The forms whose stem is not ``stem``, with the stem each got instead."""
    stems = {form: search_stem(form) for form in forms}
    return {form: got for form, got in stems.items() if got != stem}


@pytest.mark.parametrize(("lemma", "forms"), list(LEMMAS.items()), ids=list(LEMMAS))
def test_every_form_of_a_lemma_gets_the_lemmas_stem(lemma: str, forms: tuple[str, ...]) -> None:
    """A search for any form of a word finds the minutes that use any other form of it."""
    stem = search_stem(lemma)
    others = _others(stem, forms)
    listed = ", ".join(f"{form} → {got}" for form, got in others.items())
    assert not others, f"{lemma} → {stem}; {len(others)}/{len(forms)} forms differ: {listed}"


@pytest.mark.parametrize(
    ("first", "second"), MUST_DIFFER, ids=[f"{first}/{second}" for first, second in MUST_DIFFER]
)
def test_look_alikes_get_different_stems(first: str, second: str) -> None:
    """A word and a longer word built on it (მერი, მერია) are not one search term."""
    assert search_stem(first) != search_stem(second), (
        f"{first} and {second} share the stem {search_stem(first)}"
    )


def test_the_corpus_is_big_enough_and_unambiguous() -> None:
    """A corpus that is small, or that lists one form under two words, specifies nothing."""
    assert len(LEMMAS) >= MIN_LEMMAS, f"{len(LEMMAS)} lemmas"
    assert len(MUST_DIFFER) >= MIN_PAIRS, f"{len(MUST_DIFFER)} pairs"

    not_first = [lemma for lemma, forms in LEMMAS.items() if forms[0] != lemma]
    assert not not_first, f"these tuples do not start with their lemma: {not_first}"

    repeated = {lemma for lemma, forms in LEMMAS.items() if len(set(forms)) != len(forms)}
    assert not repeated, f"these lemmas list a form twice: {sorted(repeated)}"

    words = [word for forms in LEMMAS.values() for word in forms]
    words += [word for pair in MUST_DIFFER for word in pair]
    not_georgian = [word for word in words if not GEORGIAN_WORD.fullmatch(word)]
    assert not not_georgian, f"not one lowercase Georgian word each: {not_georgian}"

    owners: dict[str, list[str]] = defaultdict(list)
    for lemma, forms in LEMMAS.items():
        for form in forms:
            owners[form].append(lemma)
    shared = {form: lemmas for form, lemmas in owners.items() if len(lemmas) > 1}
    assert not shared, f"forms listed under two lemmas: {shared}"

    # a pair that must differ cannot be two forms of one lemma, which must share a stem
    same_lemma = [
        (first, second)
        for first, second in MUST_DIFFER
        if first in owners and second in owners and owners[first] == owners[second]
    ]
    assert not same_lemma, f"pairs that are forms of one lemma: {same_lemma}"


def test_recall_across_the_corpus_is_total() -> None:
    """The share of forms (the lemmas themselves aside) that get their lemma's stem is 1."""
    misses: list[str] = []
    total = 0
    for lemma, forms in LEMMAS.items():
        stem = search_stem(lemma)
        total += len(forms) - 1
        misses += [f"{form} → {got}" for form, got in _others(stem, forms[1:]).items()]
    recall = (total - len(misses)) / total
    assert recall == 1.0, (
        f"per-form recall {recall:.4f} ({total - len(misses)}/{total}); "
        f"first misses: {', '.join(misses[:40])}"
    )


def test_no_two_lemmas_share_a_stem() -> None:
    """Every lemma of the corpus is its own search term."""
    by_stem: dict[str, list[str]] = defaultdict(list)
    for lemma in LEMMAS:
        by_stem[search_stem(lemma)].append(lemma)
    clashes = {stem: lemmas for stem, lemmas in by_stem.items() if len(lemmas) > 1}
    assert not clashes, f"lemmas sharing a stem: {clashes}"


def test_no_form_takes_another_lemmas_stem() -> None:
    """A form that strays must not stray into another word: that is a false match, not a miss."""
    owner_of_stem = {search_stem(lemma): lemma for lemma in LEMMAS}
    strays = [
        f"{form} ({lemma}) → {stem} ({owner_of_stem[stem]})"
        for lemma, forms in LEMMAS.items()
        for form in forms
        if (stem := search_stem(form)) in owner_of_stem and owner_of_stem[stem] != lemma
    ]
    assert not strays, f"{len(strays)} forms take another lemma's stem: {', '.join(strays)}"
