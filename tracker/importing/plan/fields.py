"""Readers of one field's text: dates, budgets, SDGs, OGP values, lists of names.

Dates are read as the protocol grammar reads them (:mod:`..protocol.when`: ``02/02/2017``,
``15.03.2018``, ``2019-03-14``, ``14 მარტი 2019``, ``2019 წლის 14 მარტი``), and besides, as
plans also write them, English dates (``14 March 2019``, ``March 14, 2019``) and a month with
its year (``მარტი 2025``, ``2025 წლის მარტი``, ``March 2025``), a quarter or a half of a
year (``2025 წლის II კვარტალი``, ``მეორე კვარტალი 2025``, ``Q2 2025``, ``second half of
2025``) and a year's end (``2025 წლის ბოლომდე``, ``end of 2025``): the first day of the period
for a start, the last for an end.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from ...text import fold
from ..protocol.lines import split_top
from ..protocol.when import DATE_PATTERNS, MONTH_NUMBERS, MONTHS, date_of, month_since
from .labels import value_names

ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december")
_EN = {name: number for number, name in enumerate(ENGLISH_MONTHS, 1)}
_EN.update({name[:3]: number for name, number in list(_EN.items())})
_KA = dict(MONTH_NUMBERS)
# "2025 წლის მარტიდან 2026 წლის ივნისამდე": a plan's period or a commitment's from and to.
_KA.update({month_since(*pair): number for number, pair in enumerate(MONTHS, 1)})
# "სექ. 2025 – ივნ. 2026": a month's first letters with a dot.
_KA.update({name: number for number, name in enumerate(
    ("იან", "თებ", "მარ", "აპრ", "მაი", "ივნ", "ივლ", "აგვ", "სექ", "ოქტ", "ნოე", "დეკ"), 1)})
_EN_NAME = "(?P<month>" + "|".join(sorted(_EN, key=len, reverse=True)) + r")\.?"
_KA_NAME = "(?P<month>" + "|".join(sorted(_KA, key=len, reverse=True)) + ")"
_ENGLISH_DATES = (
    re.compile(r"(?<![0-9])(?P<day>[0-9]{1,2})(?:st|nd|rd|th)? " + _EN_NAME
               + r",? (?P<year>[0-9]{4})(?![0-9])"),
    re.compile(_EN_NAME + r" (?P<day>[0-9]{1,2})(?:st|nd|rd|th)?,? (?P<year>[0-9]{4})(?![0-9])"),
)
# A day of a month in the forms the minutes' grammar leaves to the plans ("2025 წლის 1
# მაისიდან …"): the day, its month, its year.
_KA_DAYS = (
    re.compile(r"(?<![0-9])(?P<year>[0-9]{4}) ?(?:წლის|წ\.) ?(?P<day>[0-9]{1,2}) "
               + _KA_NAME + r"(?!\w)"),
    re.compile(r"(?<![0-9])(?P<day>[0-9]{1,2}) " + _KA_NAME + r",? (?P<year>[0-9]{4})"
               r"(?![0-9])"),
)
_MONTH_YEARS = (  # "2025 წლის მარტიდან 2026 …" is March 2025: the year before its month first
    re.compile(r"(?<![0-9])(?P<year>[0-9]{4}) ?(?:წლის|წ\.) ?" + _KA_NAME + r"(?!\w)"),
    re.compile(r"(?<!\w)" + _EN_NAME + r",? (?P<year>[0-9]{4})(?![0-9])"),
    re.compile(r"(?<!\w)" + _KA_NAME + r"\.?,? (?P<year>[0-9]{4})(?![0-9])"),
    re.compile(r"(?<![0-9])(?P<month>[0-9]{1,2})[./](?P<year>20[0-9]{2})(?![0-9./])"),
)
# Periods longer than a month: (pattern, months it spans). "part" is the quarter's or the
# half's ordinal (1-4, I-IV, first…, პირველი…), "year" its year.
_PART = (r"(?P<part>iv|i{1,3}|[1-4](?:-?(?:ლი|ე|st|nd|rd|th))?|first|second|third|fourth|"
         r"პირველ\w*|მეორე\w*|მესამე\w*|მეოთხე\w*|მე-?[2-4]\w*)")
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})(?![0-9])"
_OF_YEAR = r"(?: ?(?:წლის|წ\.))? ?"
_QUARTER = r"(?:კვარტა?ლ\w*|კვ\.|quarter)"
_HALF = r"(?:ნახევ[ა-ჰ]*|half)"
_PERIODS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern), months) for pattern, months in (
        (r"(?<!\w)q([1-4])[ /,.-]*" + _YEAR, 3),
        (_YEAR + r"[ /,.-]*q(?P<part>[1-4])(?!\w)", 3),
        (r"(?<!\w)h([12])[ /,.-]*" + _YEAR, 6),
        (r"(?<![\w-])" + _YEAR + _OF_YEAR + _PART + " ?" + _QUARTER, 3),
        (r"(?<![\w-])" + _PART + " ?" + _QUARTER + r"(?: of)?,? ?" + _YEAR, 3),
        (r"(?<![\w-])" + _YEAR + _OF_YEAR + _PART + " ?" + _HALF, 6),
        (r"(?<![\w-])" + _PART + " ?" + _HALF + r"(?: of)?,? ?" + _YEAR, 6),
        (r"(?<!\w)(?:the )?end(?: of |-| )" + _YEAR, 0),
        (r"(?<![0-9])" + _YEAR + _OF_YEAR + r"ბოლო(?:მდე|ს|სთვის)?(?!\w)", 0),
        # "2026 წლის დასაწყისი(დან)": the year's first quarter.
        (r"(?<![0-9])" + _YEAR + _OF_YEAR + r"(?P<part>დასაწყის)\w*", 3),
        (r"(?<!\w)(?P<part>early|beginning of|start of) " + _YEAR, 3),
    )
)
_ORDINALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "first": 1, "second": 2, "third": 3,
             "fourth": 4, "პირველ": 1, "მეორე": 2, "მესამე": 3, "მეოთხე": 4}


def _part(text: str) -> int | None:
    """The ordinal of a quarter or half: "II", "2-ე", "მეორე", "მე-2", "second"."""
    if text[:1].isdigit():
        return int(text[0])
    if text in ("დასაწყის", "early", "beginning of", "start of"):
        return 1
    if text.startswith("მე-") or (text.startswith("მე") and text[2:3].isdigit()):
        digits = re.search(r"[0-9]", text)
        return int(digits[0]) if digits else None
    for word, number in _ORDINALS.items():
        if text == word or (not word.isascii() and text.startswith(word)):
            return number
    return None


def _periods(lower: str) -> list[tuple[int, int, dt.date, dt.date]]:
    """The quarters, halves and years' ends of a (casefolded) text: span, first and last
    day."""
    found: list[tuple[int, int, dt.date, dt.date]] = []
    for pattern, months in _PERIODS:
        for match in pattern.finditer(lower):
            if any(not (match.end() <= a or match.start() >= b) for a, b, _f, _l in found):
                continue
            year = int(match["year"])
            if months == 0:
                found.append((*match.span(), dt.date(year, 12, 31), dt.date(year, 12, 31)))
                continue
            part = _part(match["part"] if "part" in pattern.groupindex else match[1])
            if part is None or part > 12 // months:
                continue
            first = (part - 1) * months + 1
            found.append((*match.span(), dt.date(year, first, 1),
                          _month_end(year, first + months - 1)))
    return found


_YEAR_RANGE = re.compile(r"(?<![0-9])(20[0-9]{2}) ?[-–—/] ?(20[0-9]{2})(?![0-9])")


def _month(name: str) -> int:
    folded = name.casefold()
    return _EN.get(folded) or _KA.get(folded) or int(name)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def find_dates(text: str, *, end: bool = False) -> list[dt.date]:
    """Every date of the text, in order. A month with its year is its first day, or with
    ``end`` its last (the second of two such is always an end)."""
    found: list[tuple[int, int, dt.date]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b, _d in found)

    # The protocol grammar's dates first, the leftmost (then longest) of overlapping ones:
    # "2025 წლის 1 მაისიდან 2026 …" is 1 May 2025, not "1 მაისიდან 2026".
    candidates = sorted(((match.start(), -match.end(), match) for pattern in DATE_PATTERNS
                         for match in pattern.finditer(text)), key=lambda c: (c[0], c[1]))
    for _start, _end, match in candidates:
        date = date_of(match)
        if date is not None and free(match.span()):
            found.append((*match.span(), date))
    lower = text.casefold()
    for pattern in (*_KA_DAYS, *_ENGLISH_DATES):  # a day named with its month's name
        for match in pattern.finditer(lower):
            if free(match.span()):
                try:
                    date = dt.date(int(match["year"]), _month(match["month"]), int(match["day"]))
                except ValueError:
                    continue
                found.append((*match.span(), date))
    periods = sorted((a, b, first, last) for a, b, first, last in _periods(lower)
                     if free((a, b)))
    for index, (a, b, first, last) in enumerate(periods):
        found.append((a, b, last if end or index > 0 else first))
    months: list[tuple[int, int, int, int]] = []
    for pattern in _MONTH_YEARS:
        for match in pattern.finditer(lower):
            if free(match.span()) and all(match.end() <= a or match.start() >= b
                                          for a, b, _y, _m in months):
                year, month = int(match["year"]), _month(match["month"])
                if 1 <= month <= 12 and 1900 <= year <= 2100:
                    months.append((*match.span(), year, month))
    months.sort()
    for index, (start, stop, year, month) in enumerate(months):
        last = end or index > 0
        found.append((start, stop, _month_end(year, month) if last else dt.date(year, month, 1)))
    return [date for _start, _stop, date in sorted(found)]


def date_range(text: str) -> tuple[dt.date | None, dt.date | None]:
    """A start and an end: two dates, one date (an end), or two years (1 January, 31
    December)."""
    dates = find_dates(text)
    if len(dates) >= 2:
        return dates[0], find_dates(text, end=True)[-1]
    if len(dates) == 1:
        return None, find_dates(text, end=True)[0]
    years = _YEAR_RANGE.search(text)
    if years:
        return dt.date(int(years[1]), 1, 1), dt.date(int(years[2]), 12, 31)
    return None, None


def one_date(text: str, *, end: bool = False) -> dt.date | None:
    dates = find_dates(text, end=end)
    return dates[-1 if end else 0] if dates else None


# Budget --------------------------------------------------------------------------------------
_AMOUNT = re.compile(r"(?<![0-9])[0-9](?:[0-9]|[  ,.'](?=[0-9]))*")
_CURRENCIES = (
    ("GEL", ("gel", "ლარი", "ლარის", "ლარს", "ლარამდე", "ლ.", "₾")),
    ("USD", ("usd", "us$", "$", "დოლარი", "დოლარის", "აშშ დოლარი", "dollars")),
    ("EUR", ("eur", "€", "ევრო", "ევროს", "euro", "euros")),
)


_CURRENCY_WORD = "(?:" + "|".join(
    re.escape(word) + (r"(?![ა-ჰa-z])" if word[-1].isalpha() else "")
    for word in sorted((w for _code, words in _CURRENCIES for w in words), key=len,
                       reverse=True)) + ")"
_BEFORE_AMOUNT = re.compile(r"(?:" + _CURRENCY_WORD + r"\s*)?(?:(?:დაახლოებით|სავარაუდოდ|"
                            r"approximately|approx\.|about|ca\.|up to|სულ|total)\s*:?\s*)?"
                            r"(?:" + _CURRENCY_WORD + r"\s*)?$", re.IGNORECASE)
_AFTER_AMOUNT = re.compile(r"^\s*" + _CURRENCY_WORD, re.IGNORECASE)
# "…; აქედან 50 000 ლარი …": a later amount that is a part of the first, not an addition.
_PART_OF = re.compile(r"(?:აქედან|მათ შორის|of which|including|incl\.)\W*$", re.IGNORECASE)


_THOUSANDS = re.compile(r"(?<![0-9.,])([0-9]{1,6}(?:[.,][0-9]{1,3})?)\s*(?:ათას(?:ი|ის|ამდე)?|"
                        r"thousand)(?!\w)", re.IGNORECASE)


def _currency_of(text: str) -> str:
    folded = fold(text)
    for code, words in _CURRENCIES:
        if any(re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", folded)
               or (not word[-1].isalpha() and word in folded) for word in words):
            return code
    return ""


def read_budget(text: str) -> tuple[Decimal | None, str, str]:
    """(amount, ISO currency or "", note): "45 000 ლარი (მუნიციპალური ბიუჯეტი)" is 45000.00,
    GEL, "მუნიციპალური ბიუჯეტი"; a text without an amount is all note. Amounts from several
    sources in one currency ("ბიუჯეტი – 8 500 ლარი, გრანტი – 10 000 ლარი") add up, the text
    staying the note; a part of the first ("აქედან 50 000 ლარი …") is not added."""
    # "8 ათასი ლარი", "12,5 ათასი", "15 thousand": the amount in thousands.
    text = _THOUSANDS.sub(lambda m: str(int(Decimal(m[1].replace(",", ".")) * 1000)), text)
    amounts = []
    for match in _AMOUNT.finditer(text):
        digits = match[0]
        if re.fullmatch(r"(?:19|20)[0-9]{2}", digits) or len(re.sub(r"\D", "", digits)) < 2:
            continue  # a year or a stray digit
        value = _amount(digits)
        if value is not None:
            before = _BEFORE_AMOUNT.search(text[: match.start()])
            after = _AFTER_AMOUNT.match(text[match.end():])
            amounts.append((match, value, before, after))
    if not amounts:
        return None, _currency_of(text), text.strip()
    best, amount, before, after = amounts[0]
    sources = [item for item in amounts
               if (item[2] is not None and item[2][0].strip()) or item[3] is not None]
    currencies = {_currency_of(text[m.start() - len(b[0]) if b else m.start():
                                    m.end() + (len(a[0]) if a else 0)]) for m, _v, b, a in sources}
    parts = sum((value for _m, value, _b, _a in amounts[1:]), Decimal("0.00"))
    if len(sources) >= 2 and len(sources) == len(amounts) and len(currencies) == 1 \
            and parts != amount \
            and not any(_PART_OF.search(text[: m.start()]) for m, _v, _b, _a in sources[1:]):
        # (A total followed by its parts, "18 500 ლარი (ბიუჯეტი – 8 500, გრანტი – 10 000)", is
        # the total, its parts the note.)
        total = sum((value for _m, value, _b, _a in sources), Decimal("0.00"))
        return total, currencies.pop() or "GEL", " ".join(text.split()).strip(" .;,")
    start = best.start() - (len(before[0]) if before else 0)
    end = best.end() + (len(after[0]) if after else 0)
    currency = _currency_of(text[start:end]) or _currency_of(text)
    note = text[:start] + " " + text[end:]
    note = re.sub(r"^[^\w(„\"]+|[\s,;:(–—-]+$", "", " ".join(note.split()))
    return amount, currency or "GEL", _unbracket(note)


def _unbracket(text: str) -> str:
    """A text without the brackets around all of it: "(municipal budget)"; "for equipment
    (a grant)" keeps its own."""
    text = text.strip()
    if text.startswith("(") and text.endswith(")") and "(" not in text[1:-1]:
        return text[1:-1].strip()
    if text.startswith("(") and ")" not in text:
        return text[1:].strip()
    if text.endswith(")") and "(" not in text:
        return text[:-1].strip()
    return text


def _amount(raw: str) -> Decimal | None:
    raw = raw.replace("\u00a0", " ").strip(" .,'")
    decimals = ""
    last = re.search(r"[.,]([0-9]{1,2})$", raw)
    if last:
        decimals = last[1]
        raw = raw[: last.start()]
    digits = re.sub(r"[^0-9]", "", raw)
    if not digits or len(digits) > 12:
        return None
    try:
        return Decimal(f"{digits}.{decimals or '0'}").quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


# SDGs ----------------------------------------------------------------------------------------
_SDG_NUMBER = re.compile(r"(?<![0-9.])([0-9]{1,2})(?:\.[0-9a-z]{1,2})?(?![0-9])")


def read_sdgs(text: str) -> tuple[list[int], list[str]]:
    """The goals' numbers (1–17), in order, each once; and the numbers that are no goal.
    "SDG 16.10" is goal 16; "მიზანი 11 – მდგრადი ქალაქები" is 11."""
    goals: list[int] = []
    wrong: list[str] = []
    for match in _SDG_NUMBER.finditer(text):
        number = int(match[1])
        if 1 <= number <= 17:
            if number not in goals:
                goals.append(number)
        else:
            wrong.append(match[0])
    return goals, wrong


# OGP values ----------------------------------------------------------------------------------
_TICKS = re.compile(r"^[\s:–—\-.,;()☒☑✓✔x]+|[\s–—\-,;•·]+$", re.IGNORECASE)
_UNTICKED = re.compile(r"^[\s:]*(?:☐|□|✘|✗|\[\s*\]|არა\b|no\b|n/a\b)", re.IGNORECASE)
_BOX_BEFORE = re.compile(r"(☐|□|✘|✗|\[\s*\]|☒|☑|✓|✔|■|\[\s*[x✓✔]\s*\])\s*$", re.IGNORECASE)
_MARK = re.compile(r"^\s*(☒|☑|✓|✔|■|\[\s*[x✓✔]\s*\]|☐|□|✘|✗|\[\s*\]|x(?![\w])|კი(?!\w)|yes(?!\w)|"
                   r"არა(?!\w)|no(?!\w)|n/a|-+(?!\w)|—)\s*[:.\-–—]?\s*", re.IGNORECASE)


_IRRELEVANT = re.compile(r"^\W*(?:არ არის რელევანტური|არარელევანტურია|არ ეხება|არ შეესაბამება|"
                         r"not relevant|not applicable|irrelevant|n/?a)\W*$", re.IGNORECASE)


def value_mark(text: str) -> tuple[bool | str | None, str]:
    """A value's row read: (ticked, its sentence). Ticked is True (☒, ✔, [x], კი, yes),
    False (☐, ✘, [ ], არა, no, n/a, "-"), "x" for a bare X (a tick in one document, a cross in
    one that ticks with ✔: the caller decides), None without a mark."""
    if _IRRELEVANT.match(text):
        return False, ""
    match = _MARK.match(text)
    if match is None:
        return None, " ".join(text.split())
    mark = match[1].casefold().replace(" ", "")
    sentence = " ".join(text[match.end():].split())
    if mark == "x":
        return "x", sentence
    if mark in ("☐", "□", "✘", "✗", "[]", "არა", "no", "n/a", "—") or mark.startswith("-"):
        return False, sentence
    return True, sentence


def read_values(text: str) -> dict[str, str]:
    """The OGP values named in the text, each with the sentence that follows its name (up to
    the next value's name): "ინფორმაციის ხელმისაწვდომობა: ... საჯარო ანგარიშვალდებულება:
    ..." gives two values with their sentences. A value marked as not ticked ("☐") is left
    out."""
    folded = fold(text)
    hits: list[tuple[int, int, str]] = []
    for name, code in value_names():
        for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"\w{0,3}", folded):
            if all(match.end() <= a or match.start() >= b for a, b, _c in hits):
                hits.append((match.start(), match.end(), code))
    hits.sort()
    # "☐ საჯარო ანგარიშვალდებულება / Public accountability": one value named twice, one box.
    merged: list[tuple[int, int, str]] = []
    for hit in hits:
        if merged and merged[-1][2] == hit[2] and re.fullmatch(r"[\s/|()–—-]*",
                                                               folded[merged[-1][1]:hit[0]]):
            merged[-1] = (merged[-1][0], hit[1], hit[2])
        else:
            merged.append(hit)
    hits = merged
    values: dict[str, str] = {}
    for index, (start, stop, code) in enumerate(hits):
        end = hits[index + 1][0] if index + 1 < len(hits) else len(text)
        sentence = _BOX_BEFORE.sub("", text[stop:end])  # the next value's box
        box = _BOX_BEFORE.search(text[hits[index - 1][1] if index else 0:start])
        if _UNTICKED.match(sentence) or (box is not None and _UNTICKED.match(box[1])):
            continue
        sentence = _TICKS.sub("", sentence.replace("¶", " ")).strip()
        sentence = " ".join(sentence.split())
        if code not in values or (sentence and not values[code]):
            values[code] = sentence
    return values


# Lists of names ------------------------------------------------------------------------------
# A comma parts names, but not before a legal form that ends the name ("Mtiebi Soft, LLC").
_SEPARATORS = re.compile(r"[;\n¶•]|,(?!\s*(?:ა\(ა\)იპ|ltd|llc|inc)\.?\s*(?:[;,\n¶]|$))|"
                         r"(?<=\s)[-–—](?=\s)", re.IGNORECASE)
# What names the body a unit belongs to: it qualifies the name before it.
_PARENT = re.compile(r"^(?:[\w-]+\s+){0,2}(?:city hall|municipality|city council|mayor's office|"
                     r"მერია|მუნიციპალიტეტი|საკრებულო|მუნიციპალიტეტის მერია)$", re.IGNORECASE)
_GENITIVE = re.compile(r"(?:ის|ისა|ების|ებისა)$")
_LEADING = re.compile(r"^(?:[0-9]{1,2}[.)]|[-–—•·*])\s*")


_NONE = re.compile(r"^(?:none|n/a|no|—|-+|არ არის|არა|არ ჰყავს|არ გააჩნია)\.?$", re.IGNORECASE)


def read_names(text: str) -> list[str]:
    """Names of a list cell or paragraph: separated by ";", ",", new lines, bullets (a comma
    inside brackets or quotes does not separate); "None", "—", "არ არის" name nobody."""
    pieces = split_top(text, _SEPARATORS)
    names: list[str] = []
    carried = ""
    for index, (_separator, piece) in enumerate(pieces):
        name = _LEADING.sub("", piece.strip()).strip(" .,:")
        if carried:
            name, carried = f"{carried}, {name}", ""
        following = pieces[index + 1][0] if index + 1 < len(pieces) else ""
        words = name.split()
        if following.startswith(",") and words and _GENITIVE.search(words[-1]):
            carried = name  # "საკრებულოს განათლების, კულტურისა და სპორტის კომისია": one body
            continue
        if names and _PARENT.match(name):
            names[-1] = f"{names[-1]}, {name}"  # "Infrastructure Service, Okromta City Hall"
            continue
        if name and not _NONE.match(name) and name not in names:
            names.append(name)
    if carried and carried not in names:
        names.append(carried)
    return names


def one_name(text: str) -> str:
    """One body as written, its lines joined ("მერიის განათლების, კულტურის … სამსახური" keeps
    its commas); "None", "—" are nobody."""
    lines = [" ".join(line.split()).strip(" .;:") for line in re.split(r"[\n¶]", text)]
    return "; ".join(line for line in lines if line and not _NONE.match(line))


_PERSON = re.compile(r"^[^\W\d_]+(?:[-'][^\W\d_]+)?(?:\s+[^\W\d_]+(?:[-'][^\W\d_]+)?){1,3}$")


def person_and_contact(text: str) -> tuple[str, str]:
    """The contact person's name and what the line adds about them: "ნიკა გვასალია, სამსახურის
    უფროსი, 555 18 40 62" is ("ნიკა გვასალია", "სამსახურის უფროსი, 555 18 40 62"). A line
    that does not start with a name of two to four words stays whole."""
    text = " ".join(text.replace("¶", ",").replace("\n", ", ").split()).strip(" ,;")
    match = re.match(r"^(.+?)\s*(?:,|;|\(|\s[-–—]\s|\s/\s)\s*(.+)$", text)
    if match and _PERSON.match(match[1]) and not match[1].casefold().startswith(
            ("მერი", "სამსახ", "department", "office")):
        return match[1], _unbracket(("(" if match[0][len(match[1]):].lstrip().startswith("(")
                                     else "") + match[2])
    return text, ""
