"""The grammar of meeting protocols (minutes) written in Georgian.

The working group's minutes live in Word files and plain-text copies of them. They share one
loose shape: a heading naming the body and the protocol number, place, date, start time,
chair, secretary, attendees, an authority statement, a numbered agenda, discussion
paragraphs, numbered decisions, the end time and signature lines. People type them by hand,
so every part varies a little. The grammar finds each part by its marker phrase (the table
``MARKERS``), reads what follows with a small function per section, and lists what it could
not find in ``ParsedProtocol.missing`` instead of guessing, so that a person can check an
import before it is saved. Text that belongs to no field ends up in the discussion rather
than being dropped.

Nothing here touches the database: :func:`read_protocol_upload` turns an uploaded file into
text (through :mod:`.reader`), :func:`parse_protocol` turns text into a ``ParsedProtocol``,
and the meetings area decides what to store (``tracker/meetings/importing.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Literal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..text import fold
from . import reader
from .reader import UploadRefused, document_text
from .vocabulary import (
    NOMINATIVE,
    ORGANISATION_FORMS,
    POSITION_STEMS,
    SIGNATURE_ROLES,
    bare,
    guess_kind,
    looks_like_name,
)

MAX_IMPORT_BYTES = reader.MAX_UPLOAD_BYTES
FILE_TYPES = (".txt", ".docx", ".pdf")


class ProtocolImportError(UploadRefused):
    """An upload or a text the importer refuses; ``reason`` (see UploadRefused) adds
    not_a_protocol."""

    default_message = _l("The protocol could not be imported.")

@dataclass
class ParsedAttendee:
    """One entry of the attendee list; minutes often name an organisation and a position only.

    ``kind`` lets the meeting show the balance of government and civil society, which is what
    OGP asks a working group to keep.
    """

    name: str | None
    organisation: str | None
    position: str | None
    kind: str
    status: str = "present"


@dataclass
class ParsedProtocol:
    """Everything the importer read from one protocol, for a person to review before saving.

    ``missing`` names the fields it could not find; ``fingerprint`` identifies what the
    protocol says (see :func:`protocol_fingerprint`), so a second import of the same protocol
    is recognised.
    """

    number: int | None = None
    group_name: str | None = None
    place: str | None = None
    # dt.date, not date: the field would shadow the type for typing.get_type_hints
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    chair: str | None = None
    chair_position: str | None = None
    secretary: str | None = None
    secretary_position: str | None = None
    attendees: list[ParsedAttendee] = field(default_factory=list)
    authority: str | None = None
    agenda: list[str] = field(default_factory=list)
    discussion: str | None = None
    decisions: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    fingerprint: str | None = None

# Reading uploads ---------------------------------------------------------------------------
def read_protocol_upload(data: bytes, filename: str) -> str:
    """The text of an uploaded protocol (.txt or .docx), or a ProtocolImportError saying why not."""
    return reader.read_upload(data, filename, accept=FILE_TYPES, error=ProtocolImportError,
                              unsupported=_unsupported_message)


def _unsupported_message(suffix: str) -> str:
    if suffix == ".doc":
        return _("Old Word (.doc) files cannot be read. Save the protocol as .docx and upload "
                 "it again.")
    return _("Only .txt, .docx and .pdf files can be imported.")


# Normalising -------------------------------------------------------------------------------
_DECORATION = re.compile(r"[_\-–—=*.·\s]+")


def normalise_lines(text: str) -> list[str]:
    """Lines in the reader's form (:func:`.reader.document_text`) with single spaces, and at
    most one blank line between blocks.

    Blank lines are kept (collapsed) because they separate paragraphs; lines of underscores or
    dashes are layout, not text, and count as blank. A tab between words separates table
    cells (or aligns columns by hand) and reads as " - ", the separator minutes use anyway.
    """
    lines: list[str] = []
    for raw in document_text(text).splitlines():
        line = "" if _DECORATION.fullmatch(raw) else _join_cells(raw.split("\t"))
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


_CELL_NUMBER = re.compile(r"[0-9]{1,3}[.)]?")


def _join_cells(cells: list[str]) -> str:
    """"1 | Name | Organisation" → "1. Name - Organisation"."""
    parts = [" ".join(cell.split()) for cell in cells]
    parts = [part for part in parts if part]
    if len(parts) > 1 and _CELL_NUMBER.fullmatch(parts[0]):
        number = parts.pop(0).rstrip(".)")
        parts[0] = f"{number}. {parts[0]}"
    return " - ".join(parts)


def protocol_fingerprint(
    date: dt.date | None, agenda: Iterable[str], decisions: Iterable[str],
    discussion: str | None,
) -> str | None:
    """What identifies a protocol, whoever uploads it: the sha256 of its date, agenda,
    decisions and discussion, with whitespace collapsed and letters folded.

    It is computed from content, on the server — from the parse at upload, from the reviewed
    fields at saving — never taken from a form. The details a reviewer fills in or corrects
    (number, place, times, people) are left out, so a protocol corrected during its review is
    still recognised when the same file comes again; line endings, spacing and Mtavruli
    capitals change nothing, a changed word does. ``None`` when there is nothing to go by.
    """
    parts = [date.isoformat() if date else "", *agenda, "", *decisions, "", discussion or ""]
    if not any(parts):
        return None
    normal = "\n".join(" ".join(fold(part).split()) for part in parts)
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


# Section markers ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Marker:
    """A phrase at the start of a line that opens a section of the protocol.

    ``keeps_line``: the marker line is itself the section's text (the authority statement, a
    signature), rather than a label followed by it.
    """

    section: str
    pattern: re.Pattern[str]
    keeps_line: bool = False


def _marker(section: str, *patterns: str, keeps_line: bool = False) -> Marker:
    return Marker(section, re.compile("|".join(f"(?:{p})" for p in patterns)), keeps_line)


# Lines are normalised to single spaces, so a space in a pattern is one space. First match wins.
MARKERS: tuple[Marker, ...] = (
    _marker(
        "start_time",
        r"(?:სხდომის )?(?:დაწყების დრო|დასაწყისი)(?!\w) ?:?",
        r"სხდომა დაიწყო(?!\w)",
    ),
    _marker(
        "end_time",
        r"(?:სხდომის )?(?:დახურვის|დასრულების|დამთავრების) დრო(?!\w) ?:?",
        r"სხდომა (?:დაიხურა|დასრულდა)(?!\w)",
    ),
    _marker(
        "chair",
        r"სხდომას (?:უძღვებოდა|თავმჯდომარეობდა|წარმართავდა)(?!\w) ?:?",
        r"(?:სხდომის )?თავმჯდომარე ?:",
    ),
    _marker("secretary", r"(?:სხდომის )?მდივანი ?:?$", r"(?:სხდომის )?მდივანი ?:",
            r"ოქმს აწარმოებდა(?!\w) ?:?"),
    _marker(
        "absent",
        r"(?:სხდომას )?(?:საპატიო მიზეზით )?არ (?:ესწრებოდნენ|ესწრებოდა|დაესწრნენ|დაესწრო)"
        r"(?!\w) ?:?",
    ),
    _marker(
        "attendees",
        r"(?:სხდომას )?(?:ესწრებოდნენ|დაესწრნენ)(?!\w) ?:?",
        r"(?:სხდომის )?დამსწრე(?:ნი| პირები| წევრები)? ?:",
        r"სხდომაზე (?:იმყოფებოდნენ|მოწვეულნი იყვნენ)(?!\w) ?:?",
    ),
    _marker(
        "authority",
        r"(?=(?:სხდომის )?უფლებამოსილებ|სხდომა უფლებამოსილია|კვორუმი)",
        keeps_line=True,
    ),
    _marker("agenda", r"(?:[^:]{0,120} )?დღის წესრიგი ?(?::|$)"),
    _marker("discussion", r"(?:მოისმინეს|განიხილეს|განხილვა|მსჯელობა) ?:"),
    _marker(
        "decisions",
        r"(?:[^:]{0,160} )?(?:შეთანხმდნენ|გადაწყვიტეს|გადაწყვიტა|დაადგინეს|დაადგინა|გადაწყდა"
        r"|გადაწყვეტილებ(?:ა|ები)) ?:",
    ),
    _marker("place", r"(?:სხდომის )?(?:ჩატარების )?ადგილი ?:"),
    _marker("date", r"(?:სხდომის )?(?:ჩატარების )?თარიღი ?:"),
    _marker("signature", r"[^/]{0,100}/[^/0-9]{2,80}/[ _.]*$", keeps_line=True),
)


@dataclass
class _Section:
    name: str
    head: str
    lines: list[str]


def _match_marker(line: str) -> tuple[Marker, str] | None:
    """The marker that opens ``line`` and the text after it on the same line. A section
    label in a Word list comes as "• label" (see the reader): the bullet is not the label's."""
    if line.startswith("• "):
        line = line[2:]
    for marker in MARKERS:
        match = marker.pattern.match(line)
        if match:
            rest = line if marker.keeps_line else line[match.end() :]
            return marker, rest.strip(" :-–—")
    return None


def _split_sections(lines: list[str]) -> list[_Section]:
    """The text before the first marker (the heading) and one section per marker line."""
    sections = [_Section("prelude", "", [])]
    for line in lines:
        found = _match_marker(line) if line else None
        if found is None:
            sections[-1].lines.append(line)
            continue
        marker, rest = found
        sections.append(_Section(marker.section, line, [rest] if rest else []))
    return sections


# Dates, times, numbers ---------------------------------------------------------------------
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


def _dative(nominative: str) -> str:
    """მარტი → მარტს, აგვისტო → აგვისტოს: "2023 წლის 14 მარტს"."""
    return (nominative[:-1] if nominative.endswith("ი") else nominative) + "ს"


_MONTH_NUMBERS = {
    form: number
    for number, (nominative, genitive) in enumerate(MONTHS, 1)
    for form in (nominative, genitive, _dative(nominative))
}
_MONTH = "(?P<month_name>" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")(?!\w)"
_YEAR_WORD = r"(?: ?(?:წელი|წლის|წ\.))?"
DATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        # 02/02/2017, 02.02.2017, 2-2-17
        r"(?<![0-9])(?P<day>[0-9]{1,2}) ?(?P<sep>[./-]) ?(?P<month>[0-9]{1,2}) ?(?P=sep) ?"
        r"(?P<year>[0-9]{4}|[0-9]{2})(?![0-9])" + _YEAR_WORD,
        # 2017-02-02
        r"(?<![0-9])(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})(?![0-9])",
        # 2 თებერვალი 2017, 2 თებერვლის 2017 წ.
        r"(?<![0-9])(?P<day>[0-9]{1,2}) ?" + _MONTH + r",? ?(?P<year>[0-9]{4})(?![0-9])"
        + _YEAR_WORD,
        # 2017 წლის 2 თებერვალი
        r"(?<![0-9])(?P<year>[0-9]{4}) ?(?:წლის|წ\.)? ?(?P<day>[0-9]{1,2}) ?" + _MONTH,
    )
)
TIME_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 14:00, 14.00, 14:00საათი, 14:00 სთ — but not the 02.03 of a date
    re.compile(r"(?<![0-9.:/])(?P<hour>[01]?[0-9]|2[0-3]) ?[:.] ?(?P<minute>[0-5][0-9])"
               r"(?![0-9])(?![./][0-9])"),
    # 14 საათზე
    re.compile(r"(?<![0-9.:/])(?P<hour>[01]?[0-9]|2[0-3]) ?(?:საათ|სთ)"),
)


def find_date(text: str) -> tuple[dt.date, str] | None:
    """The first real date in the text and the text without it (and its "წელი")."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _to_date(match)
            if found is not None:
                rest = f"{text[: match.start()]} {text[match.end():]}"
                return found, " ".join(rest.split()).strip(" ,;-–—")
    return None


def _to_date(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    year += 2000 if year < 100 else 0
    month = int(groups["month"]) if groups.get("month") else _MONTH_NUMBERS[groups["month_name"]]
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, int(groups["day"]))
    except ValueError:
        return None


def find_time(text: str) -> dt.time | None:
    for pattern in TIME_PATTERNS:
        match = pattern.search(text)
        if match:
            return dt.time(int(match["hour"]), int(match.groupdict().get("minute") or 0))
    return None


# The heading: "<body> სხდომის ოქმი N5", or "ოქმი №5" first and the body after it.
_TITLE = re.compile(
    r"(?:(?<!\w)სხდომ(?:ის|ისა) )?(?<!\w)(?:ოქმი|სხდომა)(?!\w)"
    r"(?: ?(?:№|#|(?<![A-Za-z])[Nn][oº°]?\.?) ?(?P<number>[0-9]{1,6})(?![0-9])"
    r"| (?P<bare>[0-9]{1,6})(?![0-9]))?"
)
_NUMBER = re.compile(r"(?:№|#|(?<![A-Za-z])[Nn][oº°]?\.?) ?(?P<number>[0-9]{1,6})(?![0-9])")
_PROTOCOL_WORD = re.compile(r"(?<!\w)ოქმ(?:ი|ის|ს|ში)?(?!\w)")
_GROUP_TAIL = re.compile(r"(?: სხდომ(?:ის|ისა|ა))+$")
_PLACE = re.compile(
    r"(?:ქ\.|ქალაქი?(?!\w)|სოფ\.|სოფელი(?!\w)|დაბა(?!\w)) ?(?P<name>[^\W\d_][\w-]*)"
)


# Lists: agenda items, decisions, attendees --------------------------------------------------
# "1." "1)" "(1)" "I." "ა)" "-" "•"; a number must not be the start of a date or a time.
_ITEM_START = re.compile(
    r"(?:[0-9]{1,3}[.)](?![0-9])|\([0-9]{1,3}\)|[IVXLC]{1,7}[.)](?= |$)|[a-zა-ჰ]\)(?= |$)"
    r"|[-–—•*·▪●◦](?= |$)) ?"
)
_SENTENCE_END = re.compile(r"[.!?;:]$")


def _clean_item(text: str) -> str:
    match = _ITEM_START.match(text)
    return (text[match.end():] if match else text).strip(" ;,.")


def _trim_blank(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [" ".join(paragraph) for paragraph in paragraphs if paragraph]


def _is_signature_title(line: str) -> bool:
    """The label above a signature ("სამუშაო ჯგუფის ხელმძღვანელი"): not a decision."""
    words = line.rstrip(" :").split()
    return (
        0 < len(words) <= 6
        and fold(words[-1]) in SIGNATURE_ROLES
        and not _ITEM_START.match(line)
    )


def _numbered_items(lines: list[str]) -> tuple[list[str], list[str]]:
    """Items from the top of ``lines`` (which starts with one) and the lines after the list.

    A line without a number continues the item above it unless a blank line or the end of a
    sentence comes between: then the list is over and prose (discussion) follows.
    """
    items: list[list[str]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if not _ITEM_START.match(following):
                break
        elif _ITEM_START.match(line):
            items.append([line])
        elif _SENTENCE_END.search(lines[index - 1]) or _is_signature_title(line):
            break
        else:
            items[-1].append(line)
        index += 1
    return [_clean_item(" ".join(parts)) for parts in items], lines[index:]


def _take_list(
    lines: list[str], unnumbered: Literal["first_paragraph", "paragraphs", "lines"]
) -> tuple[list[str], list[str]]:
    """A list at the top of a section: its items, and the lines after it.

    Unnumbered lists are read as ``unnumbered`` says: "first_paragraph" (each line of the first
    paragraph is an item: an agenda followed by discussion), "paragraphs" (each paragraph is an
    item, or each line when the section has no blank lines: decisions) or "lines".
    """
    lines = _trim_blank(lines)
    if not lines:
        return [], []
    if _ITEM_START.match(lines[0]):
        return _numbered_items(lines)
    if unnumbered == "first_paragraph":
        end = lines.index("") if "" in lines else len(lines)
        return [_clean_item(line) for line in lines[:end]], lines[end:]
    if unnumbered == "paragraphs" and "" in lines:
        return [_clean_item(paragraph) for paragraph in _paragraphs(lines)], []
    return [_clean_item(line) for line in lines if line], []


# People and organisations ------------------------------------------------------------------
_SPACED_DASH = re.compile(" [-–—] ")
_CLOSING_QUOTES = ("“", "”", '"', "»")
_QUOTED_GENITIVE = re.compile(r"([“”\"»])-?(?:ის|ს)$")
_ACRONYM = re.compile(r"\([A-Z]{2,10}\)[,;.]?")


def split_person(text: str) -> tuple[str | None, str | None]:
    """(name, the rest) of "position - Name", "Name - position", "Name (position)",
    "position (Name)" or "Name, position"; (None, text) when no part looks like a name.
    """
    text = text.strip(" .;,")
    if not text:
        return None, None
    parts = _SPACED_DASH.split(text)
    if len(parts) > 1:
        if looks_like_name(parts[-1]):
            return parts[-1], " - ".join(parts[:-1])
        if looks_like_name(parts[0]):
            return parts[0], " - ".join(parts[1:])
    opening = text.rfind("(")
    if text.endswith(")") and opening > 0:
        outer, inner = text[:opening].strip(" ,"), text[opening + 1 : -1].strip()
        if looks_like_name(outer):
            return outer, inner or None
        if looks_like_name(inner):
            return inner, outer or None
    head, comma, tail = text.partition(",")
    if comma and looks_like_name(head):
        return head.strip(), tail.strip() or None
    if looks_like_name(text):
        return text, None
    return None, text


def _ends_organisation(word: str) -> bool:
    """"მერიის", "სამსახური", "„…ინსტიტუტი“-ს", "(USAID)": an organisation's name ends here."""
    return bool(
        _QUOTED_GENITIVE.search(word)
        or word.rstrip(",;.").endswith(_CLOSING_QUOTES)
        or _ACRONYM.fullmatch(word)
        or bare(word) in ORGANISATION_FORMS
    )


def _nominative(words: list[str]) -> list[str]:
    """The organisation as its own name: "…იურიდიული სამსახურის" → "…იურიდიული სამსახური"."""
    index = len(words) - 1
    if index > 0 and _ACRONYM.fullmatch(words[index]):
        index -= 1
    word = _QUOTED_GENITIVE.sub(r"\1", words[index])
    core = bare(word)
    if core in NOMINATIVE:
        word = word.replace(core, NOMINATIVE[core])
    return [*words[:index], word, *words[index + 1 :]]


def split_organisation(text: str) -> tuple[str | None, str | None]:
    """(organisation, position) of "ქ. ნაპირის მერიის იურიდიული სამსახურის უფროსი".

    Minutes write a position after its organisation in the genitive; the organisation ends
    at its last organisation word (or closing quote, or "(USAID)").
    """
    words = text.split()
    ends = [index for index, word in enumerate(words) if _ends_organisation(word)]
    if not ends:
        if words and bare(words[-1]).startswith(POSITION_STEMS):
            return None, text
        return text or None, None
    organisation = " ".join(_nominative(words[: ends[-1] + 1])).strip(" ,;")
    position = " ".join(words[ends[-1] + 1 :]).strip(" ,;.") or None
    return organisation or None, position


# The header row of an attendee table: "№ | სახელი, გვარი | ორგანიზაცია, თანამდებობა".
_TABLE_HEADER_WORDS = frozenset(
    {"№", "no", "n", "-", "სახელი", "გვარი", "ორგანიზაცია", "თანამდებობა", "ხელმოწერა", "და"}
)


def parse_attendee(text: str, status: str = "present") -> ParsedAttendee | None:
    """One attendee entry; None for an entry with no letters in it, or a table's header."""
    text = _clean_item(text)
    words = {bare(word) for word in text.split()}
    if not any(character.isalpha() for character in text) or words <= _TABLE_HEADER_WORDS:
        return None
    name, rest = split_person(text)
    organisation, position = split_organisation(rest) if rest else (None, None)
    return ParsedAttendee(name, organisation, position, guess_kind(organisation, position), status)


def _attendee_entries(lines: list[str]) -> list[str]:
    """Entries separated by ";" (wrapped over lines at will), or one a line / list item."""
    written = [line for line in lines if line]
    if any(";" in line for line in written):
        return " ".join(written).split(";")
    items, rest = _take_list(lines, unnumbered="lines")
    return items + [line for line in rest if line]


# Reading the sections ----------------------------------------------------------------------
@dataclass
class _Draft:
    """The protocol being filled in, plus text that no field claimed (it becomes discussion)."""

    protocol: ParsedProtocol
    unclaimed: list[str] = field(default_factory=list)
    sitting_marker_found: bool = False

    def discuss(self, lines: list[str]) -> None:
        self.unclaimed.extend(["", *lines])


def _read_prelude(section: _Section, draft: _Draft) -> None:
    """Heading (body and number), place and date: whatever comes before the first marker."""
    blocks: list[list[str]] = [[]]
    for line in section.lines:
        rest = _take_date(line, draft.protocol)
        if rest and _take_place(rest, draft.protocol):
            rest = ""
        if rest:
            blocks[-1].append(rest)
        if rest != line:  # a blank line, or one that held the date or the place, ends a block
            blocks.append([])
    _read_heading([" ".join(block) for block in blocks if block], draft.protocol)


def _take_date(text: str, protocol: ParsedProtocol) -> str:
    """Sets the protocol's date if the text holds the first one; returns the rest of the text."""
    if protocol.date is not None:
        return text
    found = find_date(text)
    if found is None:
        return text
    protocol.date, rest = found
    return rest


def _take_place(text: str, protocol: ParsedProtocol) -> bool:
    """"ქ. ნაპირი" on a short line; "ქ. ნაპირის მერია…" (genitive) is the heading, not a place."""
    match = _PLACE.match(text)
    if protocol.place or not match or len(text) > 80 or match["name"].endswith("ის"):
        return False
    protocol.place = text.rstrip(" ,;.")
    return True


def _read_heading(blocks: list[str], protocol: ParsedProtocol) -> None:
    for index, block in enumerate(blocks):
        title = _TITLE.search(block)
        if title is None:
            continue
        number = title["number"] or title["bare"]
        if number is None and (other := _NUMBER.search(block)):
            number = other["number"]
        protocol.number = int(number) if number else None
        group = f"{block[: title.start()]} {block[title.end():]}".strip(" ,.:;-–—")
        if not group and index > 0:
            group = blocks[index - 1]
        protocol.group_name = _GROUP_TAIL.sub("", group).strip(" ,.:;-–—") or None
        return


def _first_statement(lines: list[str]) -> tuple[str, list[str]]:
    """The lines up to the first that ends a sentence (a wrapped "position - Name.")."""
    taken: list[str] = []
    for index, line in enumerate(lines):
        taken.append(line)
        if line.endswith("."):
            return " ".join(filter(None, taken)), lines[index + 1 :]
    return " ".join(filter(None, taken)), []


def _person_reader(name_field: str, position_field: str) -> Callable[[_Section, _Draft], None]:
    def read(section: _Section, draft: _Draft) -> None:
        protocol = draft.protocol
        text, rest = _first_statement(_trim_blank(section.lines))
        if getattr(protocol, name_field) or getattr(protocol, position_field) or not text:
            draft.discuss(section.lines)  # a second chair line, say: keep it, as discussion
            return
        name, position = split_person(text)
        setattr(protocol, name_field, name)
        setattr(protocol, position_field, position)
        draft.discuss(rest)

    return read


def _time_reader(field_name: str) -> Callable[[_Section, _Draft], None]:
    def read(section: _Section, draft: _Draft) -> None:
        text = next((line for line in section.lines if line), "")
        found = find_time(_take_date(text, draft.protocol))
        if found is not None and getattr(draft.protocol, field_name) is None:
            setattr(draft.protocol, field_name, found)

    return read


def _read_attendees(section: _Section, draft: _Draft) -> None:
    status = "present"
    if section.name == "absent":
        status = "excused" if "საპატიო" in section.head else "absent"
    for entry in _attendee_entries(section.lines):
        attendee = parse_attendee(entry, status)
        if attendee is not None:
            draft.protocol.attendees.append(attendee)


def _read_authority(section: _Section, draft: _Draft) -> None:
    """The statement is one paragraph; whatever follows it before the agenda is discussion."""
    lines = _trim_blank(section.lines)
    end = lines.index("") if "" in lines else len(lines)
    if draft.protocol.authority is None:
        draft.protocol.authority = " ".join(lines[:end]) or None
        lines = lines[end:]
    draft.discuss(lines)


def _read_agenda(section: _Section, draft: _Draft) -> None:
    items, rest = _take_list(section.lines, unnumbered="first_paragraph")
    draft.protocol.agenda.extend(item for item in items if item)
    draft.discuss(rest)


def _read_decisions(section: _Section, draft: _Draft) -> None:
    lines = _trim_blank(section.lines)
    while lines and (not lines[-1] or _is_signature_title(lines[-1])):
        lines.pop()
    items, rest = _take_list(lines, unnumbered="paragraphs")
    draft.protocol.decisions.extend(item for item in items if item)
    draft.discuss(rest)


def _read_discussion(section: _Section, draft: _Draft) -> None:
    draft.discuss(section.lines)


def _read_place(section: _Section, draft: _Draft) -> None:
    text = next((line for line in section.lines if line), "").rstrip(" ,;.")
    if text and draft.protocol.place is None:
        draft.protocol.place = text


def _read_date(section: _Section, draft: _Draft) -> None:
    _take_date(" ".join(section.lines), draft.protocol)


_SIGNATURE_NAME = re.compile(r"/([^/0-9]{2,80})/[ _.]*$")


def _read_signature(section: _Section, draft: _Draft) -> None:
    match = _SIGNATURE_NAME.search(section.head)
    name = match[1].strip(" .") if match else ""
    if name:
        draft.protocol.signatures.append(name)


SECTION_READERS: dict[str, Callable[[_Section, _Draft], None]] = {
    "prelude": _read_prelude,
    "start_time": _time_reader("start_time"),
    "end_time": _time_reader("end_time"),
    "chair": _person_reader("chair", "chair_position"),
    "secretary": _person_reader("secretary", "secretary_position"),
    "absent": _read_attendees,
    "attendees": _read_attendees,
    "authority": _read_authority,
    "agenda": _read_agenda,
    "discussion": _read_discussion,
    "decisions": _read_decisions,
    "place": _read_place,
    "date": _read_date,
    "signature": _read_signature,
}
_SITTING_SECTIONS = frozenset(
    {"start_time", "end_time", "chair", "secretary", "absent", "attendees", "authority"}
)
_UNCOUNTED_FIELDS = frozenset({"missing", "fingerprint"})


def parse_protocol(text: str) -> ParsedProtocol:
    """The fields of a protocol; ProtocolImportError if the text is not one at all.

    A text counts as a protocol if it has any of: the word "ოქმი" or a sitting ("სხდომ…")
    marker, a date, an agenda, decisions. Anything else that is missing is listed, not refused.
    """
    lines = normalise_lines(text)
    draft = _Draft(ParsedProtocol())
    for section in _split_sections(lines):
        SECTION_READERS[section.name](section, draft)
        if section.name in _SITTING_SECTIONS and "სხდომ" in section.head:
            draft.sitting_marker_found = True
    protocol = draft.protocol
    protocol.discussion = "\n\n".join(_paragraphs(draft.unclaimed)) or None
    if not (
        draft.sitting_marker_found
        or protocol.date
        or protocol.agenda
        or protocol.decisions
        or any(_PROTOCOL_WORD.search(line) for line in lines)
    ):
        raise ProtocolImportError(
            _("This does not look like a meeting protocol."), reason="not_a_protocol"
        )
    protocol.missing = [
        item.name
        for item in fields(protocol)
        if item.name not in _UNCOUNTED_FIELDS and getattr(protocol, item.name) in (None, "", [])
    ]
    protocol.fingerprint = protocol_fingerprint(
        protocol.date, protocol.agenda, protocol.decisions, protocol.discussion
    )
    return protocol
