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
from .vocabulary import (
    ACTING,
    HEAD_GENITIVES,
    HEAD_NOUNS,
    NOMINATIVE,
    ORGANISATION_FORMS,
    POSITION_STEMS,
    UNIT_NOUNS,
    bare,
    genitive,
    is_head_position,
    is_vacancy,
    looks_like_name,
    name_shaped,
)

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
    "უკან", "back", "facebook", "twitter", "linkedin", "ძიება", "search", "მენიუ", "menu",
    "ვრცლად", "დეტალურად", "read more", "ვეთანხმები", "თანხმობა", "accept", "დახურვა",
    "close", "ყველა სიახლე", "all news",
})
_CHROME_FRAGMENTS = ("©", "ყველა უფლება დაცულია", "all rights reserved", "ქუქი", "cookie")
_HOME_WORDS = frozenset({"მთავარი", "მთავარი გვერდი", "home"})
_BREADCRUMB_SEPARATOR_RE = re.compile(r"\s*[/>»›→]\s*")
# A language switch: "GEO | ENG | RUS", "ქართ / English".
_LANGUAGES = frozenset({
    "geo", "ge", "ka", "ka-ge", "eng", "en", "rus", "ru", "ქარ", "ქართ", "ქართული", "english",
    "русский", "рус", "ინგ", "рус.", "eng.", "geo.",
})
_LANGUAGE_SEPARATOR_RE = re.compile(r"[\s|/·•,]+")
# The heading of a news list some pages carry beside the content; its items are not the unit's.
_NEWS_HEADINGS = frozenset({"სიახლეები", "ბოლო სიახლეები", "news", "latest news",
                            "სიახლეები და ღონისძიებები", "ღონისძიებები"})
_MONTH = r"(?:იანვ|თებ|მარტ|აპრ|მაის|ივნ|ივლ|აგვ|სექტ|ოქტ|ნოემ|დეკ)\w*"
# A line that starts with a date is a dated item (news, announcements), not the unit's text.
_DATE_START_RE = re.compile(
    r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}\s" + _MONTH + r",?\s\d{4}|\d{4}\sწლის\s)"
)


@dataclass
class _Line:
    """A line of the page: its text (table cells joined by " | "), whether it was a list item,
    and its cells when it is a table row (empty cells kept between filled ones)."""

    text: str
    bullet: bool
    cells: tuple[str, ...] = ()


def _page_lines(text: str) -> Iterator[_Line]:
    """The page's meaningful lines: cleaned, chrome dropped, bullet marks taken off. A bullet
    mark alone on its line belongs to the next line (lists copied from browsers do that)."""
    pending_bullet = False
    for raw in document_text(text).splitlines():
        cells = _cells(raw)
        bullet, line = _strip_bullet(" | ".join(cell for cell in cells if cell))
        if not line:
            pending_bullet = pending_bullet or bullet
            continue
        if not _is_chrome(line):
            if bullet and len(cells) > 1:
                cells = (_strip_bullet(cells[0])[1], *cells[1:])
            yield _Line(line, bullet or pending_bullet, cells if len(cells) > 1 else ())
        pending_bullet = False


def _cells(raw: str) -> tuple[str, ...]:
    """Single spaces in each cell (table cells are a tab apart, see the reader); the empty
    cells at the row's ends say nothing and go."""
    cells = [" ".join(cell.split()) for cell in raw.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    while cells and not cells[0]:
        cells.pop(0)
    return tuple(cells)


def _strip_bullet(line: str) -> tuple[bool, str]:
    match = _BULLET_RE.match(line)
    return (True, line[match.end():]) if match else (False, line)


def _is_chrome(line: str) -> bool:
    folded = fold(line).strip(" .:|")
    if folded in _CHROME_LINES or any(part in folded for part in _CHROME_FRAGMENTS):
        return True
    return _is_breadcrumb(folded) or _is_language_switch(folded)


def _is_breadcrumb(folded: str) -> bool:
    """"მთავარი / სტრუქტურა / ..." or "a » b » c": the trail of links above the content."""
    segments = _BREADCRUMB_SEPARATOR_RE.split(folded, maxsplit=8)
    if len(segments) < 2:
        return False
    return segments[0] in _HOME_WORDS or folded.count("»") + folded.count("›") >= 2


def _is_language_switch(folded: str) -> bool:
    if len(folded) > 60:
        return False
    words = [word for word in _LANGUAGE_SEPARATOR_RE.split(folded) if word]
    return len(words) >= 2 and all(word in _LANGUAGES for word in words)


# Fields of a staff line --------------------------------------------------------------------
# Fields are separated by a dash with a space on at least one side (phone numbers and
# double-barrelled names have dashes without spaces), a bar, a comma, a semicolon, or a
# colon before a space ("ტელ: 555 ...").
_SEPARATOR_RE = re.compile(r"\s+[-‐‑–—]+\s*|\s*[-‐‑–—]+\s+|\s*[|,;·•]\s*|:\s+")
_PHONE_RE = re.compile(r"(?<!\w)\+?\(?\d[\d()\s.\-–]{4,24}\d(?!\w)")
_EMAIL_RE = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# "name[at]city.ge", "name (at) city.ge": addresses written against harvesting robots.
_AT_RE = re.compile(r"\s?[\[(]\s?(?:at|ეთ)\s?[\])]\s?", re.IGNORECASE)
_LABEL_RE = re.compile(
    r"(?<!\w)(?:ტელ(?:ეფონი)?|მობ(?:ილური)?|ელ\.?\s?-?\s?ფოსტა|დარეკვა|მოწერა|tel|phone|"
    r"mob(?:ile)?|e-?mail|call)"
    r"(?!\w)\.?\s*:?",
    re.IGNORECASE,
)
_LABEL_ONLY_RE = re.compile(r"^(?:" + _LABEL_RE.pattern + r"\s*)+$", re.IGNORECASE)
# A civil-service level: a Roman or Arabic numeral ("III", "3", "1-ლი", "მე-3") or a word
# ("მესამე"), before or after "რანგი" / "კატეგორია" in any case form.
_LEVEL = (r"(?P<level>IV|V|I{1,3}|[1-5](?:-?ლი|-?ე)?|მე-[2-5]|პირველი?|მეორე|მესამე|მეოთხე|"
          r"მეხუთე)")
_ORDINALS = {"პირველ": "I", "პირველი": "I", "მეორე": "II", "მესამე": "III", "მეოთხე": "IV",
             "მეხუთე": "V"}
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}
_GRADE_NOUNS = (("rank", "რანგ", "რანგი"), ("category", "კატეგორი", "კატეგორია"))
_GRADE_RES = {
    attribute: (re.compile(r"(?<!\w)" + _LEVEL + r"\s*" + stem + r"\w*"),
                re.compile(r"(?<!\w)" + stem + r"\w*\s?[:\-–—]?\s?" + _LEVEL + r"(?!\w)"))
    for attribute, stem, _noun in _GRADE_NOUNS
}
_LEVEL_RE = re.compile(_LEVEL)
# Surnames that start like a position word: "უფროსაშვილი", "მთავარიძე".
_SURNAME_RE = re.compile(r"(?:შვილი|ძე)$")
MAX_CARD_LINES = 8

# Table columns, by the words of their header cells.
NAME, POSITION, RANK, CATEGORY, GRADE, PHONE, EMAIL, NUMBER = (
    "name", "position", "rank", "category", "grade", "phone", "email", "number")
_COLUMN_STEMS = (
    (("სახელ", "გვარ", "თანამშრომელ", "name"), NAME),
    (("თანამდებობ", "პოზიცი", "position", "title"), POSITION),
    (("ტელ", "მობ", "phone", "tel"), PHONE),
    (("ფოსტ", "mail"), EMAIL),
)


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
    local_phone: str | None = None  # "2 50 11 22": a number without its area code
    vacancy: bool = False
    # Of a card: its phone or e-mail came after its name (a card ends with them); of a line:
    # the field a label alone on it announces for the next line ("თანამდებობა:").
    closed: bool = False
    announces: str | None = None
    after_contact: bool = False  # of a card: its last line was a phone or an e-mail

    @property
    def has_contact(self) -> bool:
        return any((self.phone, self.email, self.local_phone))

    @property
    def has_grade(self) -> bool:
        return self.rank is not None or self.category is not None

    def name(self) -> str | None:
        """The last name-like field: lines run "position - name - phone"."""
        return self.names[-1] if self.names else None

    def position(self) -> str:
        """The fields that name the post; with none, the unnamed text before the name."""
        if self.positions:
            # "სამსახურის უფროსი, I რანგის მოხელე": the post, not "civil servant".
            posts = [post for post in self.positions if not _generic_position(post)]
            return ", ".join(posts or self.positions)
        unnamed = [text for text in self.others if not any(ch.isdigit() for ch in text)]
        return ", ".join(unnamed + self.names[:-1])

    def merge(self, other: _Fields) -> None:
        self.closed = self.closed or bool(self.names and other.has_contact)
        self.after_contact = other.has_contact and not (other.names or other.positions)
        self.names += other.names
        if not _generic_posts(other.positions):
            # "I რანგის მოხელე" beside "სამსახურის უფროსი": the post, not "civil servant".
            self.positions = other.positions if _generic_posts(self.positions) else (
                self.positions + other.positions)
        elif not self.positions:
            self.positions = other.positions
        self.others += other.others
        for key in ("rank", "category", "phone", "email", "local_phone"):
            if getattr(self, key) is None:
                setattr(self, key, getattr(other, key))

    def conflicts(self, other: _Fields) -> bool:
        """Whether ``other`` (the next line of a card) starts another person's card."""
        posts = (other.positions and self.positions and not _generic_posts(other.positions)
                 and not _generic_posts(self.positions))
        # A card ends with its phone and e-mail: a post or a rank after them is the next one's.
        ended = self.closed and (other.positions or other.has_grade)
        # A second phone right after the first is the same person's (office and mobile);
        # after a name and a post it opens the next card ("phone, e-mail, name, post").
        phones = (other.phone or other.local_phone) and self.has_contact and self.names and (
            self.positions or self.has_grade) and not self.after_contact
        return bool(
            (other.names and self.names) or posts or ended or phones
            or (other.has_grade and self.has_grade) or (other.email and self.email)
        )


def _parts(line: str) -> list[tuple[str, str | None]]:
    return [(part, None) for part in _SEPARATOR_RE.split(line)]


def _read_fields(line: str, parts: list[tuple[str, str | None]] | None = None) -> _Fields:
    """The fields of a line, or of a table row whose cells' columns are known (``parts``:
    each cell with its column). The rank and category are taken from the whole line first:
    "მესამე რანგის, პირველი კატეგორიის" may be split by the separators."""
    fields = _Fields()
    if parts is None:
        line = _take_grade(line, fields)
        parts = _parts(line)
    for part, column in parts:
        if is_vacancy(part):
            fields.vacancy = True
            continue
        part = _take_email(part, fields)
        part = _take_phones(part, fields)
        if column in (RANK, CATEGORY) and (level := _level(part)) is not None:
            _set_grade(fields, column, level)
            continue
        part = _tidy(_LABEL_RE.sub(" ", _take_grade(part, fields)))
        if not part or (column in (PHONE, EMAIL, NUMBER) and not any(map(str.isalpha, part))):
            continue
        if column == NAME:
            fields.names.append(part)
        elif column == POSITION or _is_post(part):
            fields.positions.append(part)
        elif name_shaped(part):
            fields.names.append(part)
        else:
            fields.others.append(part)
    return fields


def _is_post(text: str) -> bool:
    """Whether the text names a post: a word of it starts like a position word (and is not a
    surname that happens to: "მთავარიძე")."""
    for word in text.split():
        folded = bare(word)
        if folded.startswith(POSITION_STEMS) and not _SURNAME_RE.search(folded):
            return True
    return False


def _take_email(part: str, fields: _Fields) -> str:
    match = _EMAIL_RE.search(part) or _EMAIL_RE.search(_AT_RE.sub("@", part))
    if match is None:
        return part
    fields.email = fields.email or match[0].rstrip(".")
    if match[0] in part:
        return part.replace(match[0], " ", 1)
    return _AT_RE.sub("@", part).replace(match[0], " ", 1)


def _take_phones(part: str, fields: _Fields) -> str:
    for match in _PHONE_RE.finditer(part):
        phone = normalise_phone(match[0])
        digits = re.sub(r"\D", "", match[0])
        if phone is not None:
            fields.phone = fields.phone or phone
        elif len(digits) in (6, 7) and digits[0] in "2345" and "(" not in match[0]:
            # A city number without its area code: the area code comes from the page.
            fields.local_phone = fields.local_phone or digits
        else:
            continue
        part = part.replace(match[0], " ", 1)
    return part


def _take_grade(part: str, fields: _Fields) -> str:
    """"III რანგი I კატეგორიის", "მესამე რანგის პირველი კატეგორიის", "რანგი: II": the
    civil-service rank and category, taken out of the text and written uniformly."""
    for attribute, _stem, _noun in _GRADE_NOUNS:
        before, after = _GRADE_RES[attribute]
        match = before.search(part) or after.search(part)
        if match is None:
            continue
        if getattr(fields, attribute) is None:
            _set_grade(fields, attribute, _roman(match["level"]))
        part = part[: match.start()] + " " + part[match.end():]
    return part


def _set_grade(fields: _Fields, attribute: str, level: str) -> None:
    noun = dict((key, noun) for key, _stem, noun in _GRADE_NOUNS)[attribute]
    if getattr(fields, attribute) is None:
        setattr(fields, attribute, f"{level} {noun}")


def _level(text: str) -> str | None:
    """The level a table cell under "რანგი" or "კატეგორია" gives ("III", "3", "მესამე")."""
    match = _LEVEL_RE.fullmatch(text.strip(" .,;:"))
    return _roman(match["level"]) if match else None


def _roman(level: str) -> str:
    if level in _ORDINALS:
        return _ORDINALS[level]
    digit = re.sub(r"\D", "", level)
    return _ROMAN.get(digit, level) if digit else level


# Punctuation and the icons pages put before a phone or an address.
_TIDY = " ,;:-–—|·•☎✆📞📱✉📧📠"


def _tidy(text: str) -> str:
    return " ".join(text.replace("\ufe0f", "").split()).strip(_TIDY)


def _columns(cells: tuple[str, ...]) -> tuple[str, ...] | None:
    """The columns a table's header row names ("№ | სახელი, გვარი | თანამდებობა | ტელეფონი"),
    or None when the row is not a header: every cell must name a column."""
    if len(cells) < 2:
        return None
    columns: list[str] = []
    for cell in cells:
        folded = fold(cell).strip(" .:;,")
        if folded in ("№", "no", "n", "#", "n°", ""):  # fold() writes "№" as "no"
            columns.append(NUMBER)
        elif "რანგ" in folded and "კატეგორ" in folded:
            columns.append(GRADE)
        elif folded.startswith("რანგ"):
            columns.append(RANK)
        elif folded.startswith("კატეგორ"):
            columns.append(CATEGORY)
        elif len(folded) <= 40 and (column := _column_of(folded)) is not None:
            columns.append(column)
        else:
            return None
    return tuple(columns) if NAME in columns or POSITION in columns else None


def _column_of(folded: str) -> str | None:
    words = re.split(r"[\s,/.-]+", folded)
    for stems, column in _COLUMN_STEMS:
        if any(word.startswith(stems) for word in words if word):
            return column
    return None


@dataclass
class _Grade:
    """A line that gives a rank (and what it stands for) for the person on the next line:
    "II რანგი - მეორადი სტრუქტურული ერთეულის ხელმძღვანელი"."""

    rank: str | None
    category: str | None
    position: str


@dataclass
class _Person:
    staff: ParsedStaff
    local_phone: str | None


def _person_of(fields: _Fields, name: str) -> _Person:
    position = fields.position()
    return _Person(
        ParsedStaff(
            name=name,
            position=position,
            rank=fields.rank,
            category=fields.category,
            phone=fields.phone,
            is_head=is_head_position(position),
            email=fields.email,
        ),
        None if fields.phone else fields.local_phone,
    )


def _read_staff_line(fields: _Fields, in_staff_section: bool) -> _Person | _Grade | None:
    """A person, a rank line for the next person, or None. Outside the staff section a line
    must carry a phone, an email or a rank to count, so that a function with a dash in it
    is not taken for a person."""
    name = fields.name()
    if fields.vacancy:
        return None
    if name is None:
        if fields.has_grade and not fields.has_contact:
            return _Grade(fields.rank, fields.category, fields.position())
        return None
    position = fields.position()
    if not (fields.has_contact or fields.has_grade or (in_staff_section and position)):
        return None
    if not position and not looks_like_name(name):
        return None  # "დამატებითი ინფორმაციისთვის დაგვიკავშირდით: 577 …" is no one
    return _person_of(fields, name)


def _fragment(line: _Line, announced: str | None = None) -> _Fields | None:
    """A line of a staff "card" (name, position, phone, e-mail on lines of their own), or
    None. A name alone must look like a person's name; a line with a name and a position is
    a whole staff line, not part of a card. A labelled line ("თანამდებობა: …", a row
    "ტელეფონი | …") or the line after a label alone (``announced``) is that field."""
    text = line.text
    if len(text) > MAX_STAFF_LINE_LENGTH:
        return None
    labelled = _labelled(line)
    if labelled is not None:
        column, value = labelled
        if not value:
            return _Fields(announces=column)
    elif line.cells:
        return None
    else:
        column, value = announced, text
    if column is not None:
        fields = _read_fields(value, [(value, column)])
        return None if fields.vacancy or (fields.others and column != GRADE) else fields
    if _LABEL_ONLY_RE.match(text):  # "ტელ:" with the number on the next line
        return _Fields()
    fields = _read_fields(text)
    if text.endswith((":", "：")) and not fields.has_contact:
        return None
    if fields.vacancy or fields.others:
        return None
    if fields.names:
        if len(fields.names) > 1 or fields.positions or fields.has_grade:
            return None
        return fields if looks_like_name(fields.names[0]) else None
    return fields if fields.positions or fields.has_grade or fields.has_contact else None


# "სახელი, გვარი: …", "თანამდებობა – …", or a row of two cells with the label first.
_LABELLED_RE = re.compile(r"^(?P<label>[^:：|–—]{2,40}?)\s*(?:[:：]|\s[–—-]\s)\s*(?P<value>.*)$")


def _labelled(line: _Line) -> tuple[str, str] | None:
    """The field a labelled line gives, and its value (empty for a label alone)."""
    if line.cells:
        if len(line.cells) != 2:
            return None
        label, value = line.cells
    else:
        match = _LABELLED_RE.match(line.text)
        if match is None:
            return None
        label, value = match["label"], match["value"]
    column = _label_column(label)
    return None if column is None else (column, value.strip())


def _label_column(label: str) -> str | None:
    folded = fold(label).strip(" .:：")
    if len(folded.split()) > 4:
        return None
    if "რანგ" in folded and "კატეგორ" in folded:
        return GRADE
    if folded.startswith("რანგ"):
        return RANK
    if folded.startswith("კატეგორ"):
        return CATEGORY
    column = _column_of(folded)
    if column in (PHONE, EMAIL):
        # "ტელ" starts many words; a label is the word itself ("ტელ.", "ტელეფონი", "მობ.").
        words = folded.replace(".", " ").split()
        if not all(_LABEL_ONLY_RE.match(word) or word in ("და", "/", "საკონტაქტო",
                                                           "ელექტრონული", "ფოსტა")
                   for word in words):
            return None
    return column


# What a position says when it says only "a civil servant" (of the rank given beside it).
_GENERIC_POSITIONS = frozenset({"მოხელე", "საჯარო მოხელე", "პროფესიული საჯარო მოხელე",
                                "საჯარო მოსამსახურე", "მოსამსახურე"})


def _generic_position(position: str) -> bool:
    return not position or fold(position) in _GENERIC_POSITIONS


def _generic_posts(positions: list[str]) -> bool:
    """Posts that say only "a civil servant" (and no posts at all)."""
    return all(_generic_position(position) for position in positions)


def _apply_grade(person: ParsedStaff, grade: _Grade) -> None:
    person.rank = person.rank or grade.rank
    person.category = person.category or grade.category
    if _generic_position(person.position) and grade.position:
        person.position = grade.position
        person.is_head = is_head_position(grade.position)


# What a page that is not a unit's page looks like ------------------------------------------
# Lines that open the parts of a meeting's protocol; a council's page may well list its
# "თავმჯდომარე" and "მდივანი", so those count only in a protocol's own wording.
_PROTOCOL_MARKS = tuple(re.compile(pattern) for pattern in (
    r"^(?:სხდომის\s)?ოქმი(?!\w)|^ო\sქ\sმ\sი(?!\w)",
    r"^დღის\sწესრიგი(?!\w)",
    r"^მოისმინეს(?!\w)",
    r"^გადაწყვიტეს(?!\w)|^გადაწყდა(?!\w)",
    r"^(?:სხდომას\s)?(?:დაესწრნენ|ესწრებოდნენ)(?!\w)",
    r"^სხდომის\sთავმჯდომარე(?!\w)|^თავმჯდომარეობდა|^სხდომას\sუძღვებოდა",
    r"^სხდომის\sმდივანი(?!\w)|^ოქმს\sაწარმოებდა",
    r"^სხდომა\s(?:გაიხსნა|დაიხურა)",
))
# Words of a news report: who said what, what took place.
_NEWS_MARKS = ("განაცხადა", "აღნიშნა", "გაიმართა", "შედგა", "მონაწილეობა მიიღეს", "სიახლე")


# Marks of a job vacancy announcement: the post, the competition, the requirements, applying.
# A unit page may name one or two (a human-resources unit "announces vacancies"); an
# announcement names most of them.
_VACANCY_MARKS = tuple(re.compile(pattern) for pattern in (
    r"ვაკანსი|vacanc",
    r"კონკურს",
    r"(?:საკვალიფიკაციო|ძირითადი|სავალდებულო|დამატებითი)?\s?მოთხოვნები\s?:?$|requirements",
    r"კანდიდატ|აპლიკანტ",
    r"განაცხად\w*\s(?:მიღების|წარდგენის|გაგზავნის)|დაინტერესებულმა\sპირებმა",
    r"სამოტივაციო|რეზიუმე|(?<!\w)cv(?!\w)",
    r"ხელფას|შრომის\sანაზღაურებ|სარგო",
    r"სამუშაო\sგამოცდილებ",
))
_VACANCY_THRESHOLD = 3


def _vacancy_marks(lines: list[_Line]) -> int:
    return sum(any(mark.search(fold(line.text)) for line in lines) for mark in _VACANCY_MARKS)


def _protocol_marks(lines: list[_Line]) -> int:
    return sum(any(mark.search(fold(line.text)) for line in lines) for mark in _PROTOCOL_MARKS)


def _looks_like_news(lines: list[_Line]) -> bool:
    return any(_DATE_START_RE.match(fold(line.text)) or any(word in fold(line.text)
                                                             for word in _NEWS_MARKS)
               for line in lines)


def _not_a_unit_page(lines: list[_Line]) -> UnitImportError:
    if _protocol_marks(lines) >= 2:
        message = _("This does not look like a unit page: it looks like the protocol of a "
                    "meeting (agenda, attendees, decisions). Import it as a meeting's protocol.")
    elif _vacancy_marks(lines) >= _VACANCY_THRESHOLD:
        message = _("This does not look like a unit page: it looks like a job vacancy "
                    "announcement (the post, its requirements, how to apply).")
    elif _looks_like_news(lines):
        message = _("This does not look like a unit page: it looks like a news article, "
                    "with neither the unit's functions nor its staff.")
    else:
        message = _("This does not look like a unit page: it needs the unit's name and at "
                    "least one function or staff member.")
    return UnitImportError(message, reason="not_a_unit_page")


# The page --------------------------------------------------------------------------------
_HOTLINE_RE = re.compile(
    r"^(?:[\w.]+\s){0,2}?(?:ცხელი\s?ხაზ\w*|hotline)(?:\s(?:ნომერი|ტელეფონი))?\s?[:：\-–—]?\s?"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
# "განყოფილება დადგენილი წესით უზრუნველყოფს:" and other ways to introduce the functions.
_FUNCTION_HEADING_STEMS = ("უზრუნველყოფ", "ფუნქცი", "ამოცან", "უფლებამოსილებ", "function",
                           "responsibilit", "duties")
# Headings without a colon end with these words: "სამსახურის ფუნქციები", "თანამშრომლები".
_FUNCTION_HEADING_WORDS = ("ფუნქცი", "ამოცან", "უფლებამოსილებ", "მოვალეობ", "function",
                           "responsibilit", "duties")
_STAFF_HEADING_WORDS = ("თანამშრომლ", "კონტაქტ", "შემადგენლობ", "ხელმძღვანელობა", "staff",
                        "contact", "personnel", "team")
_MAX_HEADING_LENGTH = 150
_MAX_BARE_HEADING_LENGTH = 60
_RANK_ORDER = {"I რანგი": 1, "II რანგი": 2, "III რანგი": 3, "IV რანგი": 4, "V რანგი": 5}


class _PageReader:
    """Reads a page's lines in order. The page runs: preamble (hotline, name), functions
    (after their heading), staff (from the first person or staff heading on). A staff card
    spans several lines, so a step may read more than one."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.candidates: list[tuple[int, str]] = []  # lines that may be the unit's name
        self.hotline: str | None = None
        # Whether the hotline was read before anything of the unit (a site's top bar).
        self.hotline_before_unit = False
        self.functions: list[str] = []
        self.function_heading = False
        self.staff: list[ParsedStaff] = []
        self.local_phones: list[tuple[ParsedStaff, str]] = []
        self.skipped: list[tuple[int, str]] = []
        self.section = "preamble"
        self.functions_bulleted = False
        self.grade: _Grade | None = None
        self.columns: tuple[str, ...] | None = None
        self.in_news = False
        # A heading that names a post ("სამსახურის უფროსი:") for the people under it.
        self.heading_position: _Grade | None = None
        # The person read last and the line their entry ended on: a phone or e-mail on the
        # next line is theirs.
        self.last: tuple[ParsedStaff, int] | None = None

    def read(self) -> ParsedUnit:
        handlers = (self._hotline, self._table_header, self._heading, self._contact, self._card,
                    self._person, self._function, self._candidate)
        index = 0
        while index < len(self.lines):
            if self._news(self.lines[index]):
                index += 1
                continue
            used = next((used for handler in handlers if (used := handler(index))), 0)
            if not used:
                self.skipped.append((index, self.lines[index].text))
            index += used or 1
        return self.finish()

    # Steps: each reads the line at ``index`` (and maybe more) and says how many it used.
    def _news(self, line: _Line) -> bool:
        """A list of news beside the content: its heading, its dated items and what follows
        until the page's own content resumes (a heading, the unit's name, a phone)."""
        folded = fold(line.text).strip(" :.")
        if folded in _NEWS_HEADINGS:
            self.in_news = True
            return True
        if _DATE_START_RE.match(folded):
            return True
        if not self.in_news:
            return False
        resumes = (line.text.endswith(":") or _unit_noun_score(line.text) == 2
                   or _first_phone(line.text) is not None or _HOTLINE_RE.match(line.text))
        if resumes:
            self.in_news = False
        return not resumes

    def _hotline(self, index: int) -> int:
        line = self.lines[index]
        match = _HOTLINE_RE.match(line.text)
        if match is None:
            return 0
        rest = match["rest"].strip()
        number = _first_phone(rest)
        if number is not None:
            self._found_hotline(number)
            return 1
        if not rest and index + 1 < len(self.lines):
            # "ცხელი ხაზი:" with the number on the next line.
            number = _first_phone(self.lines[index + 1].text)
            if number is not None:
                self._found_hotline(number)
                return 2
        if any(ch.isalpha() for ch in rest):
            return 0  # "ცხელი ხაზის მომსახურება": a sentence about a hotline
        if rest:
            self.skipped.append((index, line.text))
        return 1

    def _found_hotline(self, number: str) -> None:
        """The first hotline is the unit's, unless it came before anything of the unit (the
        site's top bar) and another follows the unit's name before its staff: that one is the
        unit's own. A hotline after the staff (a footer's) never replaces one."""
        before_unit = not (self.candidates or self.functions or self.function_heading)
        if self.hotline is None:
            self.hotline, self.hotline_before_unit = number, before_unit
        elif self.hotline_before_unit and not before_unit and not self.staff:
            self.hotline, self.hotline_before_unit = number, False

    def _table_header(self, index: int) -> int:
        line = self.lines[index]
        if not line.cells:
            self.columns = None
            return 0
        columns = _columns(line.cells)
        if columns is None:
            return 0
        self.columns = columns
        self.section = "staff"
        self.grade = None
        return 1

    def _heading(self, index: int) -> int:
        line = self.lines[index]
        text = line.text
        if line.bullet or line.cells or len(text) > _MAX_HEADING_LENGTH:
            return 0
        folded = fold(text).rstrip(" :：")
        words = folded.split()
        if not words or _first_phone(text) is not None or "@" in text:
            return 0
        if text.endswith((":", "：")):
            functions = any(stem in folded for stem in _FUNCTION_HEADING_STEMS)
        elif len(folded) > _MAX_BARE_HEADING_LENGTH:
            return 0
        elif words[-1].startswith(_FUNCTION_HEADING_WORDS):
            functions = True
        elif words[-1].startswith(_STAFF_HEADING_WORDS):
            functions = False
        else:
            return 0
        self.section = "functions" if functions else "staff"
        self.function_heading = self.function_heading or functions
        self.grade = None
        singular = not words[-1].endswith("ები")  # "უფროსი სპეციალისტები:" names no one's post
        self.heading_position = None
        if not functions and singular:
            fields = _read_fields(text.rstrip(" :："))
            if fields.positions and not (fields.names or fields.others or fields.has_contact):
                self.heading_position = _Grade(fields.rank, fields.category, fields.position())
        return 1

    def _contact(self, index: int) -> int:
        """A line of only a phone or an e-mail (or their label) right after a person's line:
        "ნინო ბერიძე – განყოფილების უფროსი" / "ტელ: 599 … | ელ-ფოსტა: …"."""
        if self.last is None or self.last[1] != index - 1:
            return 0
        fragment = _fragment(self.lines[index])
        if fragment is None or fragment.names or fragment.positions or fragment.has_grade:
            return 0
        person = self.last[0]
        if ((fragment.phone or fragment.local_phone) and person.phone) or (
                fragment.email and person.email):
            return 0  # theirs are known: this is the next person's (contacts first)
        if fragment.has_contact:
            person.phone = person.phone or fragment.phone
            person.email = person.email or fragment.email
            if person.phone is None and fragment.local_phone:
                self.local_phones.append((person, fragment.local_phone))
        self.last = (person, index)
        return 1

    def _card(self, index: int) -> int:
        """A person whose name, position, phone and e-mail are on lines of their own. Outside
        the staff section a card needs a phone or an e-mail: two lines of a function list
        could look like a name and a position."""
        staff_section = self.section == "staff"
        card = _Fields()
        end = index
        announced: str | None = None
        while end < len(self.lines) and end - index < MAX_CARD_LINES:
            line = self.lines[end]
            if line.bullet and not staff_section:
                break
            fragment = _fragment(line, announced)
            if fragment is None or card.conflicts(fragment):
                break
            card.merge(fragment)
            announced = fragment.announces
            end += 1
        if end - index < 2 or not card.names:
            return 0
        if not (card.has_contact or (staff_section and (card.positions or card.has_grade))):
            return 0
        self._add(_person_of(card, card.names[0]), end - 1)
        return end - index

    def _person(self, index: int) -> int:
        line = self.lines[index]
        if len(line.text) > MAX_STAFF_LINE_LENGTH:
            return 0
        # A row may be shorter than its header: a saved page drops the empty cells at its end.
        columns = self.columns if self.columns and len(line.cells) <= len(self.columns) else None
        parts = list(zip(line.cells, columns, strict=False)) if columns else None
        fields = _read_fields(line.text, parts)
        if fields.vacancy:
            self.grade = None  # the rank line above a vacancy was the vacancy's
            return 0
        found = _read_staff_line(fields, self.section == "staff" or columns is not None)
        if found is None:
            return 0
        self.section = "staff"
        if isinstance(found, _Grade):
            self.grade = found
        else:
            self._add(found, index)
        return 1

    def _add(self, person: _Person, end: int) -> None:
        """Adds a person whose entry ends on line ``end``, with the rank line above them and
        the post their section's heading names (when theirs is only "მოხელე")."""
        staff = person.staff
        if self.grade is not None:
            _apply_grade(staff, self.grade)
            self.grade = None
        if self.heading_position is not None and _generic_position(staff.position):
            _apply_grade(staff, self.heading_position)
        self.staff.append(staff)
        self.last = (staff, end)
        if person.local_phone:
            self.local_phones.append((staff, person.local_phone))

    def _function(self, index: int) -> int:
        line = self.lines[index]
        in_list = self.section == "functions" and (line.bullet or not self.functions_bulleted)
        if not (in_list or (self.section == "preamble" and line.bullet)):
            if self.section == "functions":
                self.section = "staff"  # a plain line after the bullets ends the list
            return 0
        self.functions.append(line.text.rstrip(" ;,"))
        self.functions_bulleted = self.functions_bulleted or line.bullet
        return 1

    def _candidate(self, index: int) -> int:
        text = self.lines[index].text
        if self.section != "preamble" or self.lines[index].bullet or len(text) > MAX_NAME_LENGTH:
            return 0
        if not any(ch.isalpha() for ch in text):
            return 0
        self.candidates.append((index, text))
        return 1

    # The unit ---------------------------------------------------------------------------
    def finish(self) -> ParsedUnit:
        name = self._name()
        if name is None or not (self.functions or self.staff):
            raise _not_a_unit_page(self.lines)
        if not self.staff and not self.function_heading:
            # Bullets and no staff: a list in some other text (a news report, a notice).
            raise _not_a_unit_page(self.lines)
        self._complete_local_phones()
        self._one_head(name)
        skipped = [(index, text) for index, text in [*self.skipped, *self.candidates]
                   if fold(text) != fold(name)]
        return ParsedUnit(
            name=name,
            hotline=self.hotline,
            functions=self.functions,
            staff=self.staff,
            missing=self._missing(),
            skipped=[text for _index, text in sorted(skipped)],
        )

    def _name(self) -> str | None:
        """The preamble's line that names a unit ("… სამსახური", "… განყოფილება") rather
        than the city or a cookie notice; a name the page repeats wins a tie; else the
        first line."""
        if not self.candidates:
            return None
        counts: dict[str, int] = {}
        for _index, text in self.candidates:
            counts[fold(text)] = counts.get(fold(text), 0) + 1
        return max(self.candidates, key=lambda candidate: (
            _unit_noun_score(candidate[1]), counts[fold(candidate[1])] > 1, -candidate[0],
        ))[1]

    def _complete_local_phones(self) -> None:
        """"2 50 11 22" on a page whose hotline is "032 2 50 11 00": the area code is the
        hotline's (or another city number's on the page); without one the phone stays
        missing rather than guessed."""
        numbers = [self.hotline, *(person.phone for person in self.staff)]
        area = next(filter(None, map(_area_code, numbers)), None)
        for person, digits in self.local_phones:
            if area is None:
                break
            prefix = area[: 9 - len(digits)] if len(area) >= 9 - len(digits) else None
            if prefix and (number := normalise_phone(f"+995{prefix}{digits}")) is not None:
                person.phone = number

    def _one_head(self, name: str) -> None:
        """One head per unit: of several, the head of this unit ("სამსახურის უფროსი" on the
        page of a "… სამსახური") over the heads of its divisions; then the higher rank; then
        the first listed."""
        heads = [index for index, person in enumerate(self.staff) if person.is_head]
        if len(heads) < 2:
            return
        words = fold(name).split()
        noun = words[-1] if words else ""
        own = genitive(noun) if noun in UNIT_NOUNS else None

        def key(index: int) -> tuple[int, int, int]:
            person = self.staff[index]
            return (-_head_score(person.position, own, noun),
                    _RANK_ORDER.get(person.rank or "", 9), index)

        chosen = min(heads, key=key)
        for index in heads:
            self.staff[index].is_head = index == chosen

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


def _unit_noun_score(text: str) -> int:
    """2 for a unit's name ("ფინანსური სამსახური"), 1 for another organisation's ("… მერია"),
    0 for anything else."""
    words = [bare(word) for word in text.split()]
    if not words or len(text) > MAX_NAME_LENGTH:
        return 0
    if words[-1] in UNIT_NOUNS:
        return 2
    return 1 if any(word in ORGANISATION_FORMS for word in words) else 0


def _head_score(position: str, own: str | None, noun: str) -> int:
    """How surely a head's position is the head of the unit itself: 3 names the unit's noun
    ("სამსახურის უფროსი"), 2 is a bare head ("უფროსი"), 0 names another unit's
    ("განყოფილების უფროსი" in a სამსახური), 1 otherwise."""
    words = [bare(word) for word in ACTING.sub("", position).split()]
    head_at = max((i for i, word in enumerate(words) if word in HEAD_NOUNS | HEAD_GENITIVES),
                  default=None)
    owner = words[head_at - 1] if head_at else None
    if owner is None:
        return 2 if head_at == 0 else 1
    if own is not None and owner == own:
        return 3
    if owner in NOMINATIVE or (owner == "ერთეულის" and noun == "სამსახური"
                               and any(word.startswith("მეორად") for word in words)):
        return 0
    return 1


def _area_code(number: str | None) -> str | None:
    """The national number of a Georgian fixed line (area code and local number), or None."""
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.number_type(parsed) != phonenumbers.PhoneNumberType.FIXED_LINE:
        return None
    return str(parsed.national_number)


def _first_phone(text: str) -> str | None:
    for match in _PHONE_RE.finditer(text[:MAX_STAFF_LINE_LENGTH]):
        if (number := normalise_phone(match[0])) is not None:
            return number
    return None


def parse_unit_page(text: str) -> ParsedUnit:
    """The unit a department page describes. Refuses, with a ``UnitImportError``, text that
    has no unit name or neither functions nor staff, and a meeting's protocol or a news
    article: those are not a department page."""
    lines: list[_Line] = []
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
        lines.append(line)
    if _protocol_marks(lines) >= 2 or _vacancy_marks(lines) >= _VACANCY_THRESHOLD:
        raise _not_a_unit_page(lines)
    return _PageReader(lines).read()
