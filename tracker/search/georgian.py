"""Normalising Georgian text for search: one function for indexing and querying alike.

Georgian is agglutinative: a noun carries its case ending and, often, a postposition
(``შეხვედრა`` → ``შეხვედრებზე`` "on the meetings"). Neither SQLite FTS5 nor PostgreSQL
knows Georgian, so words are reduced to a *search stem* in Python before they reach the
index, and query words are reduced the same way. A stem is not a linguistic root; it only
has to be the same for the forms of one word and rarely the same for different words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import fold

# Mtavruli capitals (U+1C90–U+1CBF) fold to Mkhedruli (U+10D0–U+10FF); str.casefold does
# this, but we also drop accents and unify apostrophes so that Latin text behaves.
_WORD = re.compile(r"[\w\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]+", re.UNICODE)

# A Georgian noun form is stem (+ plural ებ) + case ending, or + a postposition that
# carries its own case (ზე, ში after the bare stem; თვის, გან after the genitive). We take
# off at most one of those, then the plural marker, then a final stem vowel ა/ე (which the
# oblique cases drop: პეტიცია / პეტიციის).
_POSTPOSITIONS = tuple(sorted((
    "ისათვის", "ისთვის", "ისაგან", "ისგან", "ისკენ", "ისადმი", "სთან", "ითურთ",
    "იდან", "ამდე", "თვის", "თან", "დან", "მდე", "ზე", "ში", "ვით",
), key=len, reverse=True))
_CASES = tuple(sorted(("ისა", "ითა", "ის", "ით", "ად", "მა", "სა", "ს", "მ", "ი"),
                      key=len, reverse=True))
_PARTICLES = ("ც",)  # "also"
_VOWELS = frozenset("აეიოუ")
_PLURAL = "ებ"
_STEM_VOWELS = ("ა", "ე")
MIN_STEM = 2

# Words whose stem shortens in the oblique cases (syncope: წელი / წლის, ფანჯარა /
# ფანჯრის). The short stem maps to the full one. Extend when users report a missed word.
_SYNCOPE = {
    "წლ": "წელ",
    "ფანჯრ": "ფანჯარ",
    "ქვეყნ": "ქვეყან",
    "მინდვრ": "მინდორ",
    "ზღვრ": "ზღვარ",
    "მტრ": "მტერ",
    "ტაძრ": "ტაძარ",
    "სარკმლ": "სარკმელ",
    "ნიგვზ": "ნიგოზ",
    "მრჩევლ": "მრჩეველ",
}

_SHORT_FORMS: dict[str, tuple[str, ...]] = {}
for _short, _full in _SYNCOPE.items():
    _SHORT_FORMS[_full] = (*_SHORT_FORMS.get(_full, ()), _short)


def spellings(stem_: str) -> tuple[str, ...]:
    """The letter sequences a word with this stem begins with in running text (the stem,
    and its shortened forms): a cheap substring test before stemming a whole text."""
    return (stem_, *_SHORT_FORMS.get(stem_, ()))


@lru_cache(maxsize=100_000)
def fold_token(token: str) -> str:
    """``fold`` for one word, cached (long texts go through ``fold`` uncached)."""
    return fold(token)


@lru_cache(maxsize=100_000)
def search_stem(token: str) -> str:
    """Fold and stem one token as it appears in text."""
    return stem(fold_token(token))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _is_georgian(word: str) -> bool:
    return any("\u10d0" <= ch <= "\u10ff" for ch in word)


def _strip(word: str, endings: tuple[str, ...], keep: int = MIN_STEM) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= keep:
            return word[: -len(ending)]
    return word


def _strip_case(word: str) -> str:
    for ending in _CASES:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            rest = word[: -len(ending)]
            # Ergative -მა follows consonants only (ჯგუფმა); after a vowel, მა belongs to
            # the stem (სისტემა, სხდომა).
            if ending == "მა" and rest[-1] in _VOWELS:
                continue
            return rest
    return word


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The search stem of one folded word (non-Georgian words are left as they are).
    Cached: minutes reuse a small vocabulary, so indexing and snippets mostly hit."""
    if not _is_georgian(word):
        return word
    current = _strip(word, _PARTICLES, keep=3)
    without_postposition = _strip(current, _POSTPOSITIONS, keep=3)
    current = without_postposition if without_postposition != current else _strip_case(current)
    current = _strip(current, _STEM_VOWELS)
    for _ in range(2):  # ვალდებულებ-ებ-ი: the plural may follow a stem that ends in ებ
        current = _strip(current, (_PLURAL,), keep=3)
    return _SYNCOPE.get(current, current)


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def index_text(text: str) -> str:
    """What goes into the full-text index for ``text``: its stems, space-separated."""
    return " ".join(stems(text))
