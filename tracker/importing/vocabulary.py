"""The words both grammars know: people's names, positions, organisations and their kinds.

Georgian has no capital letters to tell a name, so a name is recognised by what it is not:
a position ("უფროსი სპეციალისტი"), an organisation ("მერიის"), a vacancy. Minutes and unit
pages use the same civil-service positions and the same organisations, so the word lists
live here once; each grammar decides how strictly it applies them. Words are compared in
their folded form (:func:`tracker.text.fold`) where letter case could differ.
"""

from __future__ import annotations

import re

from ..text import fold

# The sides of an OGP working group's table (the meetings' OrgKind values), and attendance.
KINDS = ("government", "civil_society", "donor", "other")
STATUSES = ("present", "absent", "excused")

# Names ---------------------------------------------------------------------------------------
# A word of a name: letters, joined by a hyphen or an apostrophe ("Anna-Maria", "O'Neil"), an
# initial with its full stop ("ნ.").
NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?")
MAX_NAME_LENGTH = 80

# Positions -----------------------------------------------------------------------------------
# Stems of the words positions are made of (any case form starts with them); a person's name
# has none of them.
POSITION_STEMS: tuple[str, ...] = (
    "ხელმძღვანელ", "თავმჯდომარ", "მოადგილ", "მდივან", "სპეციალისტ", "უფროს", "წარმომადგენ",
    "მრჩევ", "ანალიტიკ", "კოორდინატორ", "დირექტორ", "მენეჯერ", "ექსპერტ", "წევრ", "მკვლევ",
    "მოხელ", "თანამშრომ", "მთავარ", "წამყვან", "უმცროს", "კონსულტანტ", "ასისტენტ", "ინსპექტორ",
    "ოფიცერ", "თანაშემწე", "ბუღალტერ", "იურისტ", "ოპერატორ", "ადმინისტრატორ", "რეფერენტ",
    "შემსრულებელ", "მოვალეობის", "რწმუნებულ", "თანათავმჯდომარ", "დეპუტატ", "გამგებელ",
    "გამგებლ", "მოდერატორ", "ფასილიტატორ", "დამკვირვებელ", "მომხსენებელ", "ჟურნალისტ",
    "აქტივისტ", "ინჟინერ", "ეკონომისტ", "არქიტექტორ", "კურატორ", "საქმისმწარმოებ",
    "specialist", "head", "manager", "deputy", "officer", "director", "coordinator",
    "assistant", "adviser", "advisor", "consultant", "inspector", "lawyer", "secretary",
)
# An empty post is listed as a "vacancy" where the name would be.
VACANCY_STEMS = ("ვაკან", "vacan")
# The head of a unit is its "უფროსი" (chief), "ხელმძღვანელი" (leader), "დირექტორი" or, of a
# district administration, "გამგებელი": the position ends with that noun. As an adjective
# "უფროსი" comes first ("უფროსი სპეციალისტი", a senior specialist), and a deputy is
# "უფროსის მოადგილე", so neither ends with it.
HEAD_NOUNS = frozenset({"უფროსი", "ხელმძღვანელი", "დირექტორი", "გამგებელი"})
HEAD_GENITIVES = frozenset({"უფროსის", "ხელმძღვანელის", "დირექტორის", "გამგებლის"})
# An acting head: "უფროსის მოვალეობის შემსრულებელი", "უფროსის მ/შ".
ACTING = re.compile(r"\s*\(?(?:მოვალეობის შემსრულებელი|მ/შ|მ\.შ\.?)\)?$")
# The labels of a signature block ("სამუშაო ჯგუფის ხელმძღვანელი").
SIGNATURE_ROLES = frozenset(
    {"ხელმძღვანელი", "თავმჯდომარე", "მდივანი", "ხელმოწერა", "ხელმოწერები"}
)


def is_position(text: str) -> bool:
    """Whether the text names a post: it holds a position stem anywhere."""
    folded = fold(text)
    return any(stem in folded for stem in POSITION_STEMS)


def is_vacancy(text: str) -> bool:
    folded = fold(text)
    return any(stem in folded for stem in VACANCY_STEMS)


def is_head_position(position: str) -> bool:
    """Whether a position is the head of its unit (see ``HEAD_NOUNS``)."""
    for part in position.split(", "):
        acting = ACTING.search(part)
        words = (part[: acting.start()] if acting else part).split()
        heads = HEAD_NOUNS | HEAD_GENITIVES if acting else HEAD_NOUNS
        if words and words[-1] in heads:
            return True
    return False


# Organisations -------------------------------------------------------------------------------
ORGANISATION_NOUNS: tuple[str, ...] = (
    "მერია", "მუნიციპალიტეტი", "საკრებულო", "გამგეობა", "სამსახური", "სამინისტრო",
    "სააგენტო", "დეპარტამენტი", "ადმინისტრაცია", "აპარატი", "განყოფილება", "სამმართველო",
    "პარლამენტი", "ინსტიტუტი", "ასოციაცია", "ფონდი", "ცენტრი", "ორგანიზაცია", "კავშირი",
    "კოალიცია", "პროგრამა", "პროექტი", "მისია", "საელჩო", "ოფისი", "საბჭო", "კომისია",
    "ჯგუფი", "უნივერსიტეტი", "კომპანია", "წარმომადგენლობა", "კლუბი", "პლატფორმა", "ქსელი",
    "ალიანსი", "საზოგადოება", "მოძრაობა", "გაერთიანება", "ინიციატივა", "ლიგა", "ამხანაგობა",
)


# The nouns a municipal unit's own name ends with ("ფინანსური სამსახური"), as opposed to the
# city's ("მერია", "მუნიციპალიტეტი"), which a page names too.
UNIT_NOUNS = frozenset({
    "სამსახური", "განყოფილება", "სამმართველო", "დეპარტამენტი", "გამგეობა", "აპარატი",
    "ადმინისტრაცია", "ბიურო", "სექტორი", "ცენტრი", "სააგენტო", "ოფისი", "ინსპექცია",
    "კომისია", "საბჭო", "ჯგუფი",
})


def genitive(noun: str) -> str:
    """სამსახური → სამსახურის, მერია → მერიის, სააგენტო → სააგენტოს (none of these syncopate)."""
    return noun[:-1] + "ის" if noun.endswith(("ი", "ა")) else noun + "ს"


# The organisation noun of a genitive form: "სამსახურის" → "სამსახური".
NOMINATIVE = {genitive(noun): noun for noun in ORGANISATION_NOUNS}
ORGANISATION_FORMS = frozenset(ORGANISATION_NOUNS) | frozenset(NOMINATIVE)
# Words that are never part of a person's name: positions, organisation nouns, and these.
NOT_NAME_STEMS = (*POSITION_STEMS, "სამუშაო", "საქართველო", "მუნიციპალ")
NOT_NAME_WORDS = frozenset({"და", "ქ", "ქალაქ", "ქალაქი", "ღია"}) | ORGANISATION_FORMS

QUOTES = "„“”\"«»"
# An organisation's own name in quotes: „ღია ქალაქის ინსტიტუტი“.
QUOTED_NAME = re.compile(r"[„“\"«]([^„“”\"«»]{1,200})[“”\"»]")


def bare(word: str) -> str:
    """A word without the punctuation and quotes around it, folded, for comparing."""
    return fold(word.strip("()[],;:." + QUOTES))


def name_shaped(text: str, max_words: int = 5) -> bool:
    """Two to ``max_words`` words of letters: "ნინო ბერიძე", "ნ. ბერიძე", "Anna-Maria O'Neil"."""
    words = text.split()
    return (
        2 <= len(words) <= max_words
        and len(text) <= MAX_NAME_LENGTH
        and all(NAME_WORD.fullmatch(word) for word in words)
    )


def looks_like_name(text: str) -> bool:
    """Two to four words shaped like a name that are not a position or an organisation; a
    genitive word ("-ის") after the first belongs to an organisation ("ქ. ნაპირის")."""
    if not name_shaped(text, max_words=4):
        return False
    words = text.split()
    if any(fold(word).endswith("ის") for word in words[1:]):
        return False
    return not any(
        bare(word).startswith(NOT_NAME_STEMS) or bare(word) in NOT_NAME_WORDS for word in words
    )


# Kinds of organisation -----------------------------------------------------------------------
# Which side of the table an organisation sits on, by keyword. First match wins, so donors
# come first (a donor programme's adviser: "…პროგრამის (USAID) მრჩეველი"), then government
# (a municipal non-profit agency "ა(ა)იპ „…სააგენტო“" is the city's), then civil society.
# Latin keywords match whole words; Georgian ones match the start of a word (any case form).
KIND_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("usaid", "donor"),
    ("sida", "donor"),
    ("oecd", "donor"),
    ("osce", "donor"),
    ("unicef", "donor"),
    ("გაერო", "donor"),
    ("ეუთო", "donor"),
    ("მსოფლიო ბანკ", "donor"),
    ("ევროპის საბჭო", "donor"),
    ("ევროპის კავშირ", "donor"),
    ("ევროკომისი", "donor"),
    ("undp", "donor"),
    ("eu", "donor"),
    ("giz", "donor"),
    ("ევროკავშირ", "donor"),
    ("პროგრამ", "donor"),
    ("საელჩო", "donor"),
    ("დონორ", "donor"),
    ("მერი", "government"),
    ("მუნიციპალიტეტ", "government"),
    ("სამსახურ", "government"),
    ("სამინისტრო", "government"),
    ("საკრებულო", "government"),
    ("სააგენტო", "government"),
    ("დეპარტამენტ", "government"),
    ("სამმართველო", "government"),
    ("გამგეობ", "government"),
    ("პარლამენტ", "government"),
    ("ინსტიტუტ", "civil_society"),
    ("ასოციაცი", "civil_society"),
    ("ა(ა)იპ", "civil_society"),
    ("ააიპ", "civil_society"),
    ("გამჭვირვალობ", "civil_society"),
    ("ფონდ", "civil_society"),
    ("არასამთავრობო", "civil_society"),
    ("კოალიცი", "civil_society"),
    ("ცენტრ", "civil_society"),
    ("კლუბ", "civil_society"),
    ("პლატფორმ", "civil_society"),
    ("ინიციატივ", "civil_society"),
    ("საინიციატივო", "civil_society"),
    ("ქსელ", "civil_society"),
    ("ალიანს", "civil_society"),
    ("საზოგადოებ", "civil_society"),
    ("სამოქალაქო", "civil_society"),
    ("მოძრაობ", "civil_society"),
    ("გაერთიანებ", "civil_society"),
    ("ამხანაგობ", "civil_society"),
    ("ჟურნალისტ", "civil_society"),
    ("მედია", "civil_society"),
    ("აქტივისტ", "civil_society"),
    ("კავშირ", "civil_society"),
    ("ngo", "civil_society"),
    ("cso", "civil_society"),
)


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    if keyword.isascii():
        return re.compile(rf"(?<![a-z0-9]){re.escape(keyword)}(?![a-z0-9])")
    return re.compile(rf"(?<!\w){re.escape(keyword)}")


_KIND_PATTERNS = tuple((_keyword_pattern(word), kind) for word, kind in KIND_KEYWORDS)


def guess_kind(organisation: str | None, position: str | None = None) -> str:
    """government, civil_society, donor or other, from the organisation's own (quoted) name
    first, then the organisation text, then together with the position."""
    texts = [
        *QUOTED_NAME.findall(organisation or ""),
        organisation,
        " ".join(filter(None, (organisation, position))),
    ]
    for text in filter(None, texts):
        folded = fold(text)
        for pattern, kind in _KIND_PATTERNS:
            if pattern.search(folded):
                return kind
    # An organisation under its own name in quotes that is not a company: a civic one.
    if organisation and QUOTED_NAME.search(organisation) and not _COMPANY.search(organisation):
        return "civil_society"
    return "other"


_COMPANY = re.compile(r"(?<!\w)(?:შპს|სს|ი/მ|ინდ\. ?მეწარმე|llc|ltd)(?!\w)", re.IGNORECASE)
