"""Reading a municipal department's web page into a unit: name, hotline, functions and staff.

Georgian municipal sites publish each department on a page of one shape: a hotline line, the
department's name (often twice), "the department ... ensures:" followed by bulleted functions,
then its staff as "position - name - phone" lines, the civil-service rank and category written
into the position ("III რანგი I კატეგორიის უფროსი სპეციალისტი"), and page chrome around it all.
People have those pages as copied text, saved web pages or Word documents, so
``read_unit_upload`` turns any of the three into plain lines (through :mod:`.reader`) and
``parse_unit_page`` reads the lines with the words of :mod:`.vocabulary`. Neither touches
the database: what they return is shown for review before anything is saved, and
everything they refuse is a ``UnitImportError`` with a message for people.

Reading is line by line with small named patterns, never one regular expression for a whole
line, and every pattern is bounded so that no input can make it backtrack for long.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import phonenumbers
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..text import fold
from . import reader
from .reader import UploadRefused, document_text
from .vocabulary import is_head_position, is_position, is_vacancy, name_shaped

MAX_UPLOAD_BYTES = reader.MAX_UPLOAD_BYTES
MAX_NAME_LENGTH = 300  # the length of Unit.name
# A unit's page has tens of lines; a text of thousands is a whole site or something else,
# and reading every line of it as a possible staff line would take long.
MAX_PAGE_LINES = 2000
# Parsing costs time by the paragraph: a Word page has a few hundred.
MAX_HTML_TAGS = reader.MAX_HTML_TAGS
MAX_DOCX_LINES = 2 * MAX_PAGE_LINES
# Staff lines are short; longer lines are prose and are not worth splitting into fields.
MAX_STAFF_LINE_LENGTH = 500
PHONE_REGION = "GE"
FILE_TYPES = (".txt", ".text", ".docx", ".html", ".htm")


class UnitImportError(UploadRefused):
    """An upload or page that cannot become a unit; ``reason`` (see UploadRefused) adds
    not_a_unit_page."""

    default_message = _l("The page could not be imported.")

@dataclass
class ParsedStaff:
    """One person on the page, as the page says it; nothing here is checked against users."""

    name: str
    position: str
    rank: str | None = None  # "III რანგი"
    category: str | None = None  # "I კატეგორია"
    phone: str | None = None  # E.164
    is_head: bool = False
    email: str | None = None


@dataclass
class ParsedUnit:
    """What a page says about a unit. ``missing`` names what the page did not give
    ("hotline", "functions", "staff", "head", "staff.<i>.phone", "staff.<i>.position") so the
    review screen can ask for it; ``skipped`` keeps the lines that were not understood, so
    nothing disappears silently."""

    name: str
    hotline: str | None
    functions: list[str]
    staff: list[ParsedStaff]
    missing: list[str]
    skipped: list[str] = field(default_factory=list)


# Phones ----------------------------------------------------------------------------------
def normalise_phone(raw: str) -> str | None:
    """A Georgian phone number as E.164, or None when ``raw`` is not a valid number.

    The phonenumbers library knows the Georgian numbering plan: the trunk 0 before an area
    code ("(0 431) 22 33 44"), mobile numbers without it ("555 10-20-30") and +995."""
    if not raw or len(raw) > 64:
        return None
    try:
        number = phonenumbers.parse(raw, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone_local(e164: str) -> str:
    """A stored number as people here write it ("555 10 20 30", "0431 22 33 44"); foreign
    numbers keep their country code. Anything unparsable is shown as it is."""
    try:
        number = phonenumbers.parse(e164, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == PHONE_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# Uploads ---------------------------------------------------------------------------------
def read_unit_upload(data: bytes, filename: str) -> str:
    """The text of an uploaded page (.txt, .docx, .html/.htm) as lines for
    ``parse_unit_page``, or a ``UnitImportError`` that says why not."""
    return reader.read_upload(data, filename, accept=FILE_TYPES, error=UnitImportError,
                              unsupported=_unsupported_message, max_lines=MAX_DOCX_LINES)


def _unsupported_message(extension: str) -> str:
    return _(
        "Files of type %(extension)s cannot be imported. Upload a .txt, .docx or .html file.",
        extension=extension or "?",
    )



# Lines -----------------------------------------------------------------------------------
_BULLET_RE = re.compile(r"^(?:[•·●▪◦○■□►▸‣⁃∙*✓✔➢➤]|[-–—](?=\s|$)|\d{1,3}[.)](?=\s))\s*")

_CHROME_LINES = frozenset({
    "გააზიარე", "გაზიარება", "share", "ბეჭდვა", "დაბეჭდვა", "print", "მთავარი", "home",
    "უკან", "back", "facebook", "twitter", "linkedin",
})
_CHROME_FRAGMENTS = ("©", "ყველა უფლება დაცულია", "all rights reserved")
_HOME_WORDS = frozenset({"მთავარი", "მთავარი გვერდი", "home"})
_BREADCRUMB_SEPARATOR_RE = re.compile(r"\s*[/>»›→]\s*")


@dataclass
class _Line:
    text: str
    bullet: bool


def _page_lines(text: str) -> Iterator[_Line]:
    """The page's meaningful lines: cleaned, chrome dropped, bullet marks taken off. A bullet
    mark alone on its line belongs to the next line (lists copied from browsers do that)."""
    pending_bullet = False
    for raw in document_text(text).splitlines():
        bullet, line = _strip_bullet(_clean(raw))
        if not line:
            pending_bullet = pending_bullet or bullet
            continue
        if not _is_chrome(line):
            yield _Line(line, bullet or pending_bullet)
        pending_bullet = False


def _clean(raw: str) -> str:
    """Single spaces; table cells (a tab apart, see the reader) as " | " fields."""
    cells = (" ".join(cell.split()) for cell in raw.split("\t"))
    return " | ".join(cell for cell in cells if cell)


def _strip_bullet(line: str) -> tuple[bool, str]:
    match = _BULLET_RE.match(line)
    return (True, line[match.end():]) if match else (False, line)


def _is_chrome(line: str) -> bool:
    folded = fold(line).strip(" .:|")
    if folded in _CHROME_LINES or any(part in folded for part in _CHROME_FRAGMENTS):
        return True
    return _is_breadcrumb(folded)


def _is_breadcrumb(folded: str) -> bool:
    """"მთავარი / სტრუქტურა / ..." or "a » b » c": the trail of links above the content."""
    segments = _BREADCRUMB_SEPARATOR_RE.split(folded, maxsplit=8)
    if len(segments) < 2:
        return False
    return segments[0] in _HOME_WORDS or folded.count("»") + folded.count("›") >= 2


# Fields of a staff line --------------------------------------------------------------------
# Fields are separated by a dash with a space on at least one side (phone numbers and
# double-barrelled names have dashes without spaces), a bar, a comma, a semicolon, or a
# colon before a space ("ტელ: 555 ...").
_SEPARATOR_RE = re.compile(r"\s+[-‐‑–—]+\s*|\s*[-‐‑–—]+\s+|\s*[|,;]\s*|:\s+")
_PHONE_RE = re.compile(r"(?<!\w)\+?\(?\d[\d()\s.\-–]{4,24}\d(?!\w)")
_EMAIL_RE = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_LABEL_RE = re.compile(
    r"(?<!\w)(?:ტელ(?:ეფონი)?|მობ(?:ილური)?|ელ\.?\s?-?\s?ფოსტა|tel|phone|mob(?:ile)?|e-?mail)"
    r"(?!\w)\.?\s*:?",
    re.IGNORECASE,
)
_LEVEL = r"(?<!\w)(?P<level>IV|I{1,3}|V|[1-5])\s*"
_RANK_RE = re.compile(_LEVEL + r"რანგ\w*")
_CATEGORY_RE = re.compile(_LEVEL + r"კატეგორი\w*")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}

@dataclass
class _Fields:
    """What one line says, field by field, before deciding whether it is about a person."""

    names: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    rank: str | None = None
    category: str | None = None
    phone: str | None = None
    email: str | None = None

    @property
    def has_contact(self) -> bool:
        return self.phone is not None or self.email is not None

    @property
    def has_grade(self) -> bool:
        return self.rank is not None or self.category is not None

    def name(self) -> str | None:
        """The last name-like field: lines run "position - name - phone"."""
        return self.names[-1] if self.names else None

    def position(self) -> str:
        """The fields that name the post; with none, the unnamed text before the name."""
        if self.positions:
            return ", ".join(self.positions)
        unnamed = [text for text in self.others if not any(ch.isdigit() for ch in text)]
        return ", ".join(unnamed + self.names[:-1])


def _read_fields(line: str) -> _Fields:
    fields = _Fields()
    for part in _SEPARATOR_RE.split(line):
        part = _take_email(part, fields)
        part = _take_phones(part, fields)
        part = _take_grade(part, fields)
        part = _tidy(_LABEL_RE.sub(" ", part))
        if not part:
            continue
        if is_position(part):
            fields.positions.append(part)
        elif name_shaped(part):
            fields.names.append(part)
        else:
            fields.others.append(part)
    return fields


def _take_email(part: str, fields: _Fields) -> str:
    match = _EMAIL_RE.search(part)
    if match is None:
        return part
    fields.email = fields.email or match[0].rstrip(".")
    return part[: match.start()] + " " + part[match.end():]


def _take_phones(part: str, fields: _Fields) -> str:
    for match in _PHONE_RE.finditer(part):
        phone = normalise_phone(match[0])
        if phone is not None:
            fields.phone = fields.phone or phone
            part = part.replace(match[0], " ", 1)
    return part


def _take_grade(part: str, fields: _Fields) -> str:
    """"III რანგი I კატეგორიის": the civil-service rank and category, written uniformly."""
    rank = _RANK_RE.search(part)
    if rank is not None:
        fields.rank = fields.rank or f"{_roman(rank['level'])} რანგი"
        part = part[: rank.start()] + " " + part[rank.end():]
    category = _CATEGORY_RE.search(part)
    if category is not None:
        fields.category = fields.category or f"{_roman(category['level'])} კატეგორია"
        part = part[: category.start()] + " " + part[category.end():]
    return part


def _roman(level: str) -> str:
    return _ROMAN.get(level, level)


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(" ,;:-–—|")


@dataclass
class _Grade:
    """A line that gives a rank (and what it stands for) for the person on the next line:
    "II რანგი - მეორადი სტრუქტურული ერთეულის ხელმძღვანელი"."""

    rank: str | None
    category: str | None
    position: str


def _read_staff_line(line: str, in_staff_section: bool) -> ParsedStaff | _Grade | None:
    """A person, a rank line for the next person, or None. Outside the staff section a line
    must carry a phone, an email or a rank to count, so that a function with a dash in it
    is not taken for a person."""
    if len(line) > MAX_STAFF_LINE_LENGTH:
        return None
    fields = _read_fields(line)
    name = fields.name()
    if name is None:
        if fields.has_grade and not fields.has_contact:
            return _Grade(fields.rank, fields.category, fields.position())
        return None
    if is_vacancy(name):
        return None
    position = fields.position()
    if not (fields.has_contact or fields.has_grade or (in_staff_section and position)):
        return None
    return ParsedStaff(
        name=name,
        position=position,
        rank=fields.rank,
        category=fields.category,
        phone=fields.phone,
        is_head=is_head_position(position),
        email=fields.email,
    )


def _apply_grade(person: ParsedStaff, grade: _Grade) -> None:
    person.rank = person.rank or grade.rank
    person.category = person.category or grade.category
    if not person.position:
        person.position = grade.position
        person.is_head = is_head_position(grade.position)


# The page --------------------------------------------------------------------------------
_HOTLINE_RE = re.compile(r"^(?:ცხელი\s?ხაზი|hotline)\s?[:：\-–]?\s?(?P<rest>.*)$", re.IGNORECASE)
# "განყოფილება დადგენილი წესით უზრუნველყოფს:" and other ways to introduce the functions.
_FUNCTION_HEADING_STEMS = ("უზრუნველყოფ", "ფუნქცი", "ამოცან", "უფლებამოსილებ", "function",
                           "responsibilit", "duties")
_MAX_HEADING_LENGTH = 150


class _PageReader:
    """Reads a page's lines in order. The page runs: preamble (hotline, name), functions
    (after their heading), staff (from the first person or staff heading on)."""

    def __init__(self) -> None:
        self.name: str | None = None
        self.hotline: str | None = None
        self.functions: list[str] = []
        self.staff: list[ParsedStaff] = []
        self.skipped: list[str] = []
        self.section = "preamble"
        self.functions_bulleted = False
        self.awaiting_hotline = False
        self.grade: _Grade | None = None

    def feed(self, line: _Line) -> None:
        handlers = (self._hotline, self._repeated_name, self._heading, self._person,
                    self._function, self._name)
        if not any(handler(line) for handler in handlers):
            self.skipped.append(line.text)

    def _hotline(self, line: _Line) -> bool:
        if self.awaiting_hotline:
            # "ცხელი ხაზი:" with the number on the next line.
            self.awaiting_hotline = False
            if (number := _first_phone(line.text)) is not None:
                self.hotline = self.hotline or number
                return True
        match = _HOTLINE_RE.match(line.text)
        if match is None:
            return False
        rest = match["rest"].strip()
        number = _first_phone(rest)
        if number is not None:
            self.hotline = self.hotline or number
        elif rest:
            self.skipped.append(line.text)
        else:
            self.awaiting_hotline = True
        return True

    def _repeated_name(self, line: _Line) -> bool:
        return self.name is not None and fold(line.text) == fold(self.name)

    def _heading(self, line: _Line) -> bool:
        text = line.text
        if line.bullet or not text.endswith((":", "：")) or len(text) > _MAX_HEADING_LENGTH:
            return False
        folded = fold(text)
        if any(stem in folded for stem in _FUNCTION_HEADING_STEMS):
            self.section = "functions"
        else:
            self.section = "staff"
        self.grade = None
        return True

    def _person(self, line: _Line) -> bool:
        found = _read_staff_line(line.text, self.section == "staff")
        if found is None:
            return False
        self.section = "staff"
        if isinstance(found, _Grade):
            self.grade = found
            return True
        if self.grade is not None:
            _apply_grade(found, self.grade)
            self.grade = None
        self.staff.append(found)
        return True

    def _function(self, line: _Line) -> bool:
        in_list = self.section == "functions" and (line.bullet or not self.functions_bulleted)
        if not (in_list or (self.section == "preamble" and line.bullet)):
            if self.section == "functions":
                self.section = "staff"  # a plain line after the bullets ends the list
            return False
        self.functions.append(line.text.rstrip(" ;,"))
        self.functions_bulleted = self.functions_bulleted or line.bullet
        return True

    def _name(self, line: _Line) -> bool:
        text = line.text
        if self.name is not None or self.section != "preamble" or len(text) > MAX_NAME_LENGTH:
            return False
        if not any(ch.isalpha() for ch in text):
            return False
        self.name = text
        return True

    def finish(self) -> ParsedUnit:
        if self.name is None or not (self.functions or self.staff):
            raise UnitImportError(
                _(
                    "This does not look like a unit page: it needs the unit's name and at "
                    "least one function or staff member."
                ),
                reason="not_a_unit_page",
            )
        return ParsedUnit(
            name=self.name,
            hotline=self.hotline,
            functions=self.functions,
            staff=self.staff,
            missing=self._missing(),
            skipped=self.skipped,
        )

    def _missing(self) -> list[str]:
        missing = [key for key, present in (("hotline", self.hotline),
                                             ("functions", self.functions),
                                             ("staff", self.staff)) if not present]
        if self.staff and not any(person.is_head for person in self.staff):
            missing.append("head")
        for index, person in enumerate(self.staff):
            missing.extend(f"staff.{index}.{key}" for key in ("position", "phone")
                           if not getattr(person, key))
        return missing


def _first_phone(text: str) -> str | None:
    for match in _PHONE_RE.finditer(text[:MAX_STAFF_LINE_LENGTH]):
        if (number := normalise_phone(match[0])) is not None:
            return number
    return None


def parse_unit_page(text: str) -> ParsedUnit:
    """The unit a department page describes. Refuses, with a ``UnitImportError``, text that
    has no unit name or neither functions nor staff: that is not a department page."""
    reader = _PageReader()
    for count, line in enumerate(_page_lines(text), start=1):
        if count > MAX_PAGE_LINES:
            raise UnitImportError(
                _(
                    "The page has more than %(limit)d lines; a unit's page is much shorter. "
                    "Import one unit's page at a time.",
                    limit=MAX_PAGE_LINES,
                ),
                reason="too_large",
            )
        reader.feed(line)
    return reader.finish()
