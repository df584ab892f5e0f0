"""Normalising Georgian text for search: one function for indexing and querying alike.

Georgian is agglutinative: a noun carries its case ending and, often, a postposition
(``შეხვედრა`` → ``შეხვედრებზე`` "on the meetings"). Neither SQLite FTS5 nor PostgreSQL
knows Georgian, so words are reduced to a *search stem* in Python before they reach the
index, and query words are reduced the same way. The index then matches whole stems: a
stem must be the same for every form of one word and different for different words,
because ``მერი`` (mayor) is not ``მერია`` (city hall).

The stem is the noun's stem without its stem vowel: ``ბიუჯეტი`` → ``ბიუჯეტ``,
``პეტიცია`` → ``პეტიცი`` (the oblique cases drop the ``ა``: ``პეტიციის``), ``მოქალაქე``
→ ``მოქალაქ``; ``ო``/``უ`` stems keep theirs (``საკრებულო``). An ending is taken off only
where what is left can be a stem of that class: ``ში`` follows a consonant or a kept vowel,
never ``ი`` (so ``ანგარიში`` keeps its ``ში``); ``სთან`` follows a vowel stem
(``მერიასთან``), ``თან`` a consonant stem (``კონკურსთან``).

Where the form alone cannot tell (``ჯგუფმა`` is an ergative, ``გეგმა`` a noun; ``წლის`` is
``წელი`` shortened), a word list decides: the tables below for the domain's words, then the
Georgian Hunspell dictionary's words (``data/ka_words.txt.gz``, MIT, see ``data/README``).
"""

from __future__ import annotations

import gzip
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from functools import cache, lru_cache
from hashlib import blake2b
from pathlib import Path

from ..text import fold

_WORD = re.compile(r"[\w\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]+", re.UNICODE)
_WORD_LIST = Path(__file__).parent / "data" / "ka_words.txt.gz"

VOWELS = frozenset("აეიოუ")
_KEPT_VOWELS = frozenset("აეოუ")  # a stem vowel that stays before ში, ზე, ს, მ
_DROPPED_VOWELS = ("ა", "ე")       # … and the two the oblique cases drop

# What may precede an ending (the stem's last letter, after the ending is taken off):
#   C  a consonant (ბიუჯეტ-ი, ჯგუფ-მა, კონკურს-თან)
#   D  anything but a kept vowel: a consonant stem, or an ა/ე stem that dropped its vowel
#      (ბიუჯეტ-ის, პეტიცი-ის, მოქალაქ-ით)
#   V  a kept vowel (პეტიცია-ს, მოქალაქე-მ, საკრებულო-ში)
#   CV a consonant or a kept vowel, never ი (ბიუჯეტ-ში, მერია-ში, but not ანგარი-ში)
#   OU ო or უ (საკრებულო-თი, ბიურო-დან)
#   EOU ე, ო or უ (მოქალაქე-დ, საკრებულო-მდე)
C, D, V, CV, OU, EOU = "C", "D", "V", "CV", "OU", "EOU"

# Postpositions with the case they follow, then case endings; longest first.
_ENDINGS: tuple[tuple[str, str], ...] = tuple(sorted((
    ("ისათვის", D), ("ისთვის", D), ("სათვის", OU), ("სთვის", OU), ("თათვის", CV),
    ("ისაგან", D), ("ისგან", D), ("საგან", OU), ("სგან", OU), ("თაგან", CV),
    ("ისაკენ", D), ("ისკენ", D), ("საკენ", OU), ("სკენ", OU),
    ("ისადმი", D), ("სადმი", OU), ("ისამებრ", D), ("ისებრ", D), ("ითურთ", D),
    ("იდან", D), ("დან", OU), ("ამდე", D), ("მდე", EOU),
    ("სავით", V), ("ივით", C), ("სთან", V), ("თან", C), ("ში", CV), ("ზე", CV),
    ("ისა", D), ("ითა", D), ("ადა", D), ("ის", D), ("ით", D), ("ად", D), ("თი", OU),
    ("სა", C), ("სა", OU), ("სა", V), ("მა", C), ("მა", V), ("ნო", V), ("თა", CV),
    ("ნი", CV), ("ს", CV), ("მ", V), ("დ", EOU), ("ი", C), ("ო", C),
), key=lambda pair: len(pair[0]), reverse=True))

# After these the plural marker ებ may stand before the ending (ბიუჯეტ-ებ-ის).
_PLURAL = "ებ"
# Particles outside the case: -ც "also", -ვე "the same" follow a vowel; a copula or linking
# ა follows a postposition (ბიუჯეტშია, სხდომაზეა).
_PARTICLES = ("ც", "ვე")
_COPULA_AFTER = ("ში", "ზე", "თან", "დან", "მდე", "თვის", "გან", "კენ")

# Nouns whose stem ends in a consonant + მა (not an ergative -მა) that the word list
# cannot vouch for (it also holds names such as გეგი).
MA_NOUNS = frozenset({
    "გეგმა", "ბიზნესგეგმა", "სამოქმედოგეგმა", "პლატფორმა", "ფორმა", "რეფორმა", "ნორმა",
    "ფირმა", "დოგმა", "კარმა", "აღქმა", "თქმა", "გამოთქმა", "დადგმა", "ფორუმა",
})
# Nouns in -ება beside a word in -ი (ვალდებულება "obligation", ვალდებული "obliged").
EBA_NOUNS = frozenset({
    "ვალდებულება", "გადაწყვეტილება", "ხელშეკრულება", "უფლება", "მოხსენება", "შეფასება",
    "დაფინანსება", "განცხადება", "ანგარიშგება", "გეგმარება", "დავალება", "მოსაზრება",
})
# Words whose form would mislead the rules: the word and its stem.
EXCEPTIONS: dict[str, str] = {
    "საბჭოთა": "საბჭოთა",        # "Soviet", not the old plural of საბჭო
    "მონაცემთა": "მონაცემ",      # the old genitive plural, as in "მონაცემთა ბაზა"
    "ღმერთი": "ღმერთ",
}
# Stems that shorten before a vowel (syncope: წელი / წლის, ფანჯარა / ფანჯრის) and
# suppletive stems: the short stem maps to the full one. The word list adds the rest.
SYNCOPE: dict[str, str] = {
    "წლ": "წელ", "ფანჯრ": "ფანჯარ", "ქვეყნ": "ქვეყან", "მინდვრ": "მინდორ", "ზღვრ": "ზღვარ",
    "მტრ": "მტერ", "ტაძრ": "ტაძარ", "სარკმლ": "სარკმელ", "ნიგვზ": "ნიგოზ",
    "მრჩევლ": "მრჩეველ", "სოფლ": "სოფელ", "მდივნ": "მდივან", "შემოსავლ": "შემოსავალ",
    "საჩივრ": "საჩივარ", "წყლ": "წყალ", "ბაზრ": "ბაზარ", "მასწავლებლ": "მასწავლებელ",
    "მტვრ": "მტვერ", "ნაკვთ": "ნაკვეთ", "მეზობლ": "მეზობელ", "გამგებლ": "გამგებელ",
    "მწერლ": "მწერალ", "შემსრულებლ": "შემსრულებელ", "მომხმარებლ": "მომხმარებელ",
    "მცხოვრებლ": "მცხოვრებელ", "ამომრჩევლ": "ამომრჩეველ", "წარმომადგენლ": "წარმომადგენელ",
    "თანამშრომლ": "თანამშრომელ", "მოედნ": "მოედან", "უბნ": "უბან",
}
_SHORT_FORMS: dict[str, tuple[str, ...]] = {}
for _short, _full in SYNCOPE.items():
    if _short != _full:
        _SHORT_FORMS[_full] = (*_SHORT_FORMS.get(_full, ()), _short)


class WordSet:
    """A large set of words in little memory: a sorted array of 64-bit hashes (0.7 MB
    for the 83,000 words, where a ``frozenset`` of the strings takes 27 MB in every
    worker). A false positive needs a 64-bit collision."""

    def __init__(self, words: Iterable[str]) -> None:
        self._hashes = array("Q", sorted({_hash(w) for w in words}))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        key = _hash(word)
        at = bisect_left(self._hashes, key)
        return at < len(self._hashes) and self._hashes[at] == key

    def __len__(self) -> int:
        return len(self._hashes)


def _hash(word: str) -> int:
    return int.from_bytes(blake2b(word.encode(), digest_size=8).digest(), "big")


@cache
def word_list() -> WordSet:
    """Georgian words ending in a vowel (nominative-shaped), read once per process."""
    with gzip.open(_WORD_LIST, "rt", encoding="utf-8") as lines:
        return WordSet(line.rstrip("\n") for line in lines)


@lru_cache(maxsize=100_000)
def _known(word: str) -> bool:
    return word in word_list()


def _fits(rest: str, after: str) -> bool:
    if not rest:
        return False
    last = rest[-1]
    if after == C:
        return last not in VOWELS
    if after == D:
        return last not in _KEPT_VOWELS
    if after == V:
        return last in _KEPT_VOWELS
    if after == CV:
        return last != "ი"
    if after == OU:
        return last in "ოუ"
    return last in "ეოუ"  # EOU


def _is_ia_noun(word: str) -> bool:
    """Whether a word in -ია is a noun of its own (მერია, ბუღალტერია) rather than a noun
    in -ი with the copula (ბიუჯეტია "is the budget"): the word list knows it, or knows it
    with a postposition (ბუღალტერიაში), which a copula never takes."""
    return _known(word) or _known(word + "ში") or _known(word + "ზე")


def _strip_particles(word: str) -> str:
    for particle in _PARTICLES:
        rest = word[: -len(particle)]
        if word.endswith(particle) and len(rest) > 2 and rest[-1] in VOWELS:
            word = rest
            break
    if word.endswith("ა") and word[:-1].endswith(_COPULA_AFTER):
        return word[:-1]
    # The copula on a nominative (გეგმა-ა, მოქალაქე-ა, ბიუჯეტი-ა) where the word list knows
    # the noun and not the whole: მერია and იდეა are nouns of their own.
    if (len(word) > 3 and word.endswith("ა") and word[-2] in VOWELS and _known(word[:-1])
            and (word[-2] != "ი" or not _is_ia_noun(word))):
        return word[:-1]
    return word


def _accept(ending: str, after: str, rest: str, word: str) -> bool:
    """Whether taking ``ending`` off ``word`` leaves its stem, where the form alone is
    ambiguous."""
    if ending == "მა" and after == V:
        # მერიამ-ა(ც) (an ergative before a particle), not სისტემა.
        return _known(rest) and not _known(word)
    if ending == "სა" and after == V:
        return _known(rest)  # მერიას-ა(ც), not a noun in -სა
    if ending == "ნო":
        return _known(rest) and len(rest) > 3  # მოქალაქე-ნო, not კინო
    if ending == "ადა":
        return not _known(word)  # ბიუჯეტად-ა(ც), not ვადა
    if ending == "მა":
        # ჯგუფ-მა (ergative) or გეგმ-ა (a noun in -მა)?
        if word in MA_NOUNS or len(rest) < 2:
            return False
        # After the plural marker it is the ergative (მეპატრონეებმა): no noun ends in ებმა.
        return rest.endswith(_PLURAL) or _known(rest + "ი") or not _known(word)
    if ending == "სთან":
        # პეტიცია-სთან or პროცეს-თან / პანდუს-თან? The consonant stem where the word
        # list has it, or after უ (nouns in -უს are many, in -უ few); else the vowel stem.
        return not _known(rest + "სი") and (rest[-1] != "უ" or _known(rest))
    if ending == "ივით":
        # ქალაქი-ვით ("like a city") or ინიციატივ-ით (instrumental)?
        return _known(rest + "ი") and not _known(rest + "ივა")
    if ending == "ო":
        # Only the plural vocative (წევრებო): a singular one (ინსპექტორო) looks like a
        # noun in -ო (მეტრო, რადიო), which the word list does not always hold.
        return rest.endswith(_PLURAL)
    if ending == "ნი" and rest[-1] in "აოუ":
        return False  # the old plural follows a consonant or ე: სტადიონ-ი, კანონ-ი
    if ending in ("ნი", "თა"):
        # The old plural (მოქალაქე-ნი, წევრ-თა) or a stem in -ნ/-თ (კანონ-ი, თანხა)?
        return _known(rest) or _known(rest + "ი") or (ending == "თა" and not _known(word))
    return True


def _is_plural(rest: str) -> bool:
    """Whether ``…ებ`` left after the ending is the plural marker, not the stem's end of an
    ``-ება`` noun (ვალდებულებ-ის is the obligation's, not ვალდებულ-ებ-ის). The table
    decides first, then the word list: an ``-ება`` noun it knows, with no noun in ``-ი``
    beside it. Words it knows neither way lose ``ებ`` in every form alike (ანგარიშგ-)."""
    if not (rest.endswith(_PLURAL) and len(rest) > 3):
        return False
    if rest + "ა" in EBA_NOUNS:
        return False
    base = rest[:-2]
    return len(rest) < 6 or not (
        _known(rest + "ა") and not _known(base + "ი") and not _known(base + "ა"))


def _drop_stem_vowel(rest: str) -> str:
    return rest[:-1] if rest.endswith(_DROPPED_VOWELS) and len(rest) > 1 else rest


def _restore_syncope(stem_: str) -> str:
    """The full stem of a shortened one (საზღვრ → საზღვარ, ბეჭდ → ბეჭედ): the table's,
    else the one the word list knows a nominative of, unless it knows the short stem's
    own (ბანკი is not ბანაკი, სახლი not სახელი). The list holds no shortened stems: the
    dictionary marks those as needing an ending (NEEDAFFIX) and they were left out."""
    if stem_ in SYNCOPE:
        return SYNCOPE[stem_]
    if len(stem_) < 3 or stem_[-1] in VOWELS or stem_[-2] in VOWELS:
        return stem_
    if _known(stem_ + "ი") or _known(stem_ + "ა") or _known(stem_ + "ე"):
        return stem_
    for vowel in ("ე", "ა", "ო"):
        full = stem_[:-1] + vowel + stem_[-1]
        if _known(full + "ი") or _known(full + "ა"):
            return full
    return stem_



@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The search stem of one folded word (non-Georgian words are left as they are).
    Cached: minutes reuse a small vocabulary, so indexing and snippets mostly hit."""
    if not _is_georgian(word):
        return word
    if word in EXCEPTIONS:
        return EXCEPTIONS[word]
    current = _strip_particles(word)
    if current in EXCEPTIONS:
        return EXCEPTIONS[current]
    for ending, after in _ENDINGS:
        rest = current[: -len(ending)]
        if (current.endswith(ending) and _fits(rest, after)
                and _accept(ending, after, rest, current)):
            current = rest
            break
    current = _drop_stem_vowel(current)
    for _ in range(2):  # ვალდებულებ-ებ-ი: the plural may follow a stem in ებ
        if not _is_plural(current):
            break
        current = _drop_stem_vowel(current[: -len(_PLURAL)])
    return _restore_syncope(current) if current else word


def spellings(stem_: str) -> tuple[str, ...]:
    """The letter sequences a word with this stem begins with in running text (the stem,
    and its shortened forms): a cheap substring test before stemming a whole text."""
    shortened = stem_[:-2] + stem_[-1] if (
        len(stem_) > 2 and stem_[-2] in "აეო" and stem_[-1] not in VOWELS) else None
    forms = (stem_, *_SHORT_FORMS.get(stem_, ()))
    return forms if shortened is None or shortened in forms else (*forms, shortened)


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


def is_known(word: str) -> bool:
    """Whether ``word`` (folded) is a Georgian word the stemmer knows, as it is or as a form
    of a known word: a short word it does not know is a fragment, searched as a prefix."""
    if not _is_georgian(word):
        return True
    stem_ = stem(word)
    full = SYNCOPE.get(stem_, stem_)
    return (word in EXCEPTIONS or _known(word) or stem_ in SYNCOPE.values()
            or any(_known(s + v) for s in {stem_, full} for v in ("ი", "ა", "ე", "")))


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def index_text(text: str) -> str:
    """What goes into the full-text index for ``text``: its stems, space-separated."""
    return " ".join(stems(text))

