"""Dates and times as protocols write them.

Dates: ``02/02/2017``, ``15.03.2018``, ``2019-03-14``, ``14 მარტი 2019``, ``14 მარტი, 2019
წ.``, ``2019 წლის 14 მარტი``, a deadline ``30 აპრილამდე`` or ``მაისის ბოლომდე``. Times:
``14:00``, ``14.00``, ``14:00საათი``, ``11:00 სთ``, ``10 სთ 30 წთ``, ``15 საათზე``. A time
written with its minutes is never read without them: "12 სთ 15" is no time at all, not 12:00.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS: tuple[tuple[str, str], ...] = (
    ("იანვარი", "იანვრის"),
    ("თებერვალი", "თებერვლის"),
    ("მარტი", "მარტის"),
    ("აპრილი", "აპრილის"),
    ("მაისი", "მაისის"),
    ("ივნისი", "ივნისის"),
    ("ივლისი", "ივლისის"),
    ("აგვისტო", "აგვისტოს"),
    ("სექტემბერი", "სექტემბრის"),
    ("ოქტომბერი", "ოქტომბრის"),
    ("ნოემბერი", "ნოემბრის"),
    ("დეკემბერი", "დეკემბრის"),
)


def _forms(nominative: str, genitive: str) -> tuple[str, ...]:
    """მარტი: მარტი, მარტის, მარტს (dative), მარტამდე (until), მარტში (in)."""
    stem = genitive[:-2] if genitive.endswith("ის") else genitive[:-1]  # მარტ, აგვისტო
    dative = (nominative[:-1] if nominative.endswith("ი") else nominative) + "ს"
    until = stem + ("მდე" if stem.endswith("ო") else "ამდე")
    inside = stem + "ში"
    return nominative, genitive, dative, until, inside


def month_since(nominative: str, genitive: str) -> str:
    """მარტი: მარტიდან (from). Not a form the minutes' deadlines read: "1 აპრილიდან 30
    ივნისამდე" is due on 30 June, and the first date must not be taken for it."""
    stem = genitive[:-2] if genitive.endswith("ის") else genitive[:-1]
    return stem + ("დან" if stem.endswith("ო") else "იდან")


# Every written form of a month (nominative, genitive, dative, "until", "in") to its number.
MONTH_NUMBERS = {
    form: number for number, pair in enumerate(MONTHS, 1) for form in _forms(*pair)
}
_MONTH = "(?P<month_name>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")(?!\w)"
_YEAR_WORD = r"(?: ?(?:წელი|წლის|წელს|წ\.?)(?!\w))?"
_SUFFIX = r"(?:-?(?:მდე|ში|დან|ით|ის|ს))?"
DATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        # 02/02/2017, 02.02.2017, 2-2-17, 31.05.2022-მდე
        r"(?<![0-9])(?P<day>[0-9]{1,2}) ?(?P<sep>[./-]) ?(?P<month>[0-9]{1,2}) ?(?P=sep) ?"
        r"(?P<year>[0-9]{4}|[0-9]{2})(?![0-9])" + _YEAR_WORD + _SUFFIX,
        # 2017-02-02
        r"(?<![0-9])(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})(?![0-9])",
        # 2 თებერვალი 2017, 2 თებერვლის 2017 წ., 14 მარტი, 2019 წ.
        r"(?<![0-9])(?P<day>[0-9]{1,2}) ?" + _MONTH + r",? ?(?P<year>[0-9]{4})(?![0-9])"
        + _YEAR_WORD,
        # 2017 წლის 2 თებერვალი, 2017 წ. 2 თებერვალს
        r"(?<![0-9])(?P<year>[0-9]{4}) ?(?:წლის|წ\.?|წელს)?,? ?(?P<day>[0-9]{1,2}) ?" + _MONTH,
    )
)
# "11 აპრილს": a day and a month, the year said elsewhere.
DAY_MONTH = re.compile(r"(?<![0-9])(?P<day>[0-9]{1,2}) ?" + _MONTH)
# "2019 წლის", "2019 წ.", "2019 წელს": a year on its own.
YEAR = re.compile(r"(?<![0-9])(?P<year>(?:19|20)[0-9]{2}) ?(?:წლის|წელს|წელი|წ\.)")
# "მაისის ბოლომდე", "2022 წლის მაისის ბოლოს": the last day of a month.
MONTH_END = re.compile(
    r"(?:(?P<year>[0-9]{4}) ?(?:წლის|წ\.?) ?)?" + _MONTH + r" (?:ბოლომდე|ბოლოს|ბოლო|ჩათვლით)"
)


def find_date(text: str) -> tuple[dt.date, str] | None:
    """The first real date in the text and the text without it (and its "წელი")."""
    best: tuple[int, dt.date, re.Match[str]] | None = None
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _to_date(match)
            if found is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), found, match)
                break
    if best is None:
        return None
    _, found, match = best
    rest = f"{text[: match.start()]} {text[match.end():]}"
    return found, " ".join(rest.split()).strip(" ,;-–—")


def _to_date(match: re.Match[str], year: int | None = None) -> dt.date | None:
    groups = match.groupdict()
    if groups.get("year"):
        year = int(groups["year"])
        year += 2000 if year < 100 else 0
    if year is None:
        return None
    month = int(groups["month"]) if groups.get("month") else MONTH_NUMBERS[groups["month_name"]]
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, int(groups["day"]))
    except ValueError:
        return None


def date_of(match: re.Match[str]) -> dt.date | None:
    """The date a match of one of :data:`DATE_PATTERNS` stands for, or None (31.02.2020)."""
    return _to_date(match)


def day_and_month(text: str, year: int) -> dt.date | None:
    """"11 აპრილს" in ``year``: a date whose year the protocol states elsewhere."""
    for match in DAY_MONTH.finditer(text):
        found = _to_date(match, year)
        if found is not None:
            return found
    return None


def year_in(text: str) -> int | None:
    match = YEAR.search(text)
    return int(match["year"]) if match else None


def deadline_date(text: str, meeting: dt.date | None) -> tuple[dt.date | None, bool]:
    """The deadline a text states, and whether its year had to be guessed (from the meeting's
    date: the first such day on or after it)."""
    found = find_date(text)
    if found is not None:
        return found[0], False
    end = MONTH_END.search(text)
    if end is not None:
        month = MONTH_NUMBERS[end["month_name"]]
        year = int(end["year"]) if end["year"] else _year_after(meeting, month, 31)
        if year is None:
            return None, False
        return dt.date(year, month, calendar.monthrange(year, month)[1]), not end["year"]
    match = DAY_MONTH.search(text)
    if match is not None and meeting is not None:
        month = MONTH_NUMBERS[match["month_name"]]
        year = _year_after(meeting, month, int(match["day"]))
        found_date = _to_date(match, year)
        if found_date is not None:
            return found_date, True
    return None, False


def _year_after(meeting: dt.date | None, month: int, day: int) -> int | None:
    if meeting is None:
        return None
    return meeting.year + (1 if (month, day) < (meeting.month, meeting.day) else 0)


# Times -----------------------------------------------------------------------------------------
_HOUR = r"(?<![0-9.:/,])(?P<hour>[01]?[0-9]|2[0-3])"
TIME_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 10 სთ 30 წთ, 12 საათი და 15 წუთი
    re.compile(_HOUR + r" ?(?:სთ|საათ\w*)\.? ?(?:და )?(?P<minute>[0-5]?[0-9]) ?(?:წთ|წუთ)\w*"),
    # 14:00, 14.00, 14:00საათი, 14:00 სთ — but not the 02.03 of a date
    re.compile(_HOUR + r" ?[:.] ?(?P<minute>[0-5][0-9])(?![0-9])(?![./][0-9])"),
    # 14 საათზე, 11 სთ — and not "12 სთ 15", whose minutes are unreadable
    re.compile(_HOUR + r" ?(?:სთ|საათ)\w*+\.?+(?! ?(?:და )?[0-9]{1,2}(?![0-9]))"),
)


@dataclass(frozen=True)
class TimeFound:
    start: int
    end: int
    time: dt.time


def find_times(text: str) -> list[TimeFound]:
    """Every time in the text, in order, each piece of text read once (the longest form
    first: "10 სთ 30 წთ" is one time, not 10:00)."""
    found: list[TimeFound] = []
    taken = bytearray(len(text))
    for pattern in TIME_PATTERNS:
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
            found.append(TimeFound(match.start(), match.end(), dt.time(
                int(match["hour"]), int(match.groupdict().get("minute") or 0))))
    return sorted(found, key=lambda item: item.start)


def find_time(text: str) -> dt.time | None:
    """The first time in the text."""
    found = find_times(text)
    return found[0].time if found else None


# Which time is which: the word nearest before it (or, failing that, after it).
START_WORDS = re.compile(
    r"დაიწყო|გაიხსნა|გახსნა|დაწყების|დაწყება|დასაწყისი|გახსნის|დაიწყება|დაწყ\.|იწყება"
)
END_WORDS = re.compile(
    r"დასრულდა|დაიხურა|დახურა|დამთავრდა|დახურვის|დასრულების|დამთავრების|დასასრული"
    r"|დასრულება|სრულდება|მთავრდება"
)
# A line that states when the sitting took place without saying start or end: its times are
# the start and (a range) the end. "სხდომის დრო: 16:00 – 17:30", "დრო: 10:00".
TIME_LABEL = re.compile(r"(?:^|(?<=\s))(?:სხდომის |ჩატარების )?(?:დრო|საათი)(?!\w)")
RANGE = re.compile(r"^ ?(?:სთ\.?|საათ\w*)?(?:-?დან)? ?(?:[-–—]|დან|-დან|მდე|და)? ?")


def sitting_times(text: str, *, labelled: bool = False) -> tuple[dt.time | None, dt.time | None]:
    """(start, end) that a line states; ``labelled``: the line is known to be about the
    sitting's time (a time label, the heading), so unmarked times count."""
    times = find_times(text)
    if not times:
        return None, None
    words = sorted(
        [(match.start(), "start") for match in START_WORDS.finditer(text)]
        + [(match.start(), "end") for match in END_WORDS.finditer(text)]
    )
    start: dt.time | None = None
    end: dt.time | None = None
    if not words:
        if not (labelled or TIME_LABEL.search(text)):
            return None, None
        start = times[0].time
        if len(times) > 1 and RANGE.fullmatch(text[times[0].end : times[1].start]):
            end = times[1].time
        return start, end
    positions = [position for position, _ in words]
    for found in times:
        index = bisect.bisect_left(positions, found.start)
        if index > 0:
            kind = words[index - 1][1]
        else:
            after = bisect.bisect_left(positions, found.end)
            kind = words[after][1] if after < len(words) else None
        if kind == "start" and start is None:
            start = found.time
        elif kind == "end" and end is None:
            end = found.time
        if start is not None and end is not None:
            break
    return start, end
