"""The section readers: one small function per kind of section, driven by the marker table
(:data:`.sections.MARKERS`) through :data:`SECTION_READERS`, and the passes that look at the
whole text (times stated in a sentence, a date stated in prose, action items)."""

from __future__ import annotations

import re
from collections.abc import Callable

from .decisions import (
    attaches,
    decision_parts,
    read_agenda_list,
    read_decision_list,
    short_title,
)
from .lines import flat, paragraphs, trim_blank
from .model import ParsedActionItem, ParsedProtocol
from .people import officer, read_attendees
from .sections import Draft, Section
from .when import day_and_month, find_date, find_times, sitting_times, year_in

# The heading: "<body> სხდომის ოქმი N5", or "ოქმი №5" first and the body after it.
_NUMBER_SIGN = r"(?:№|#|(?<![A-Za-z])[Nn][oº°]?\.?)"
_TITLE = re.compile(
    r"(?:(?<!\w)სხდომ(?:ის|ისა) )?(?<!\w)(?:ოქმი|სხდომა)(?!\w)"
    r"(?: ?" + _NUMBER_SIGN + r" ?(?P<number>[0-9]{1,6})(?![0-9])"
    r"| (?P<bare>[0-9]{1,6})(?![0-9.:/]))?"
)
_NUMBER_FIRST = re.compile(_NUMBER_SIGN + r" ?(?P<number>[0-9]{1,6}) (?:სხდომის )?ოქმი(?!\w)")
_NUMBER = re.compile(_NUMBER_SIGN + r" ?(?P<number>[0-9]{1,6})(?![0-9])")
_GROUP_TAIL = re.compile(r"(?: სხდომ(?:ის|ისა|ა))+$")
_PLACE = re.compile(
    r"(?:ქ\.|ქალაქი?(?!\w)|სოფ\.|სოფელი(?!\w)|დაბა(?!\w)|დ\.) ?(?P<name>[^\W\d_][\w-]*)"
)
# A heading line: "… სხდომის ოქმი N5", "ოქმი №7", "ოქმი" alone.
HEADING = re.compile(
    r"^(?:.{0,150} )?ოქმი(?: ?" + _NUMBER_SIGN + r" ?[0-9]{1,6})?[ .]*$|^(?:სხდომის )?ოქმი"
    r" ?" + _NUMBER_SIGN + r" ?[0-9]{1,6}|^" + _NUMBER_SIGN + r" ?[0-9]{1,6} (?:სხდომის )?ოქმი"
)


def is_heading(line: str) -> bool:
    text = flat(line)
    return len(text) <= 200 and bool(HEADING.search(text)) and not (
        text.endswith(".") and not _NUMBER.search(text)
    )


# The prelude: heading, place, date ----------------------------------------------------------
def _read_prelude(section: Section, draft: Draft) -> None:
    """Heading (body and number), place, date and time: whatever comes before the first
    marker."""
    blocks: list[list[str]] = [[]]
    for line in section.lines:
        text = flat(line)
        _take_times(text, draft, labelled=bool(find_date(text)) or len(text) < 40)
        rest = _take_date(text, draft.protocol)
        rest = _without_times(rest) if rest != text or not rest else rest
        if rest and _take_place(rest, draft.protocol):
            rest = ""
        if rest:
            blocks[-1].append(rest)
        if rest != text or not text:  # a blank line, a date or a place line ends a block
            blocks.append([])
    _read_heading([" ".join(block) for block in blocks if block], draft)


def _without_times(text: str) -> str:
    for found in reversed(find_times(text)):
        text = text[: found.start] + text[found.end :]
    return " ".join(text.split()).strip(" ,;-–—")


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
    # "ქალაქ ნაპირის მუნიციპალიტეტის მერია" is the body's name: a place is the city alone or
    # the city and then its address after a comma.
    after = text[match.end():].strip()
    if after and not after.startswith((",", "(", "-", "–")) and len(after.split()) > 1:
        return False
    protocol.place = text.rstrip(" ,;.")
    return True


def _read_heading(blocks: list[str], draft: Draft) -> None:
    protocol = draft.protocol
    for index, block in enumerate(blocks):
        title = _TITLE.search(block)
        first = _NUMBER_FIRST.search(block)
        if title is None and first is None:
            continue
        if first is not None and (title is None or not (title["number"] or title["bare"])):
            number: str | None = first["number"]
            start, end = first.span()
        else:
            assert title is not None
            number = title["number"] or title["bare"]
            start, end = title.span()
        if number is None and (other := _NUMBER.search(block)):
            number = other["number"]
        if number is None and index + 1 < len(blocks):
            following = _NUMBER.match(blocks[index + 1])
            number = following["number"] if following else None
        protocol.number = int(number) if number else None
        group = f"{block[:start]} {block[end:]}".strip(" ,.:;-–—")
        if not group and index > 0:
            group = blocks[index - 1]
        protocol.group_name = _GROUP_TAIL.sub("", group).strip(" ,.:;-–—") or None
        return


# Times and dates ----------------------------------------------------------------------------
def _take_times(text: str, draft: Draft, *, labelled: bool = False) -> None:
    start, end = sitting_times(text, labelled=labelled)
    protocol = draft.protocol
    if start is not None and protocol.start_time is None:
        protocol.start_time = start
    if end is not None and protocol.end_time is None:
        protocol.end_time = end


def _time_reader(field_name: str) -> Callable[[Section, Draft], None]:
    def read(section: Section, draft: Draft) -> None:
        lines = trim_blank(section.lines)
        text = flat(lines[0]) if lines else ""
        head = section.head
        _take_date(head, draft.protocol)
        start, end = sitting_times(head, labelled=True)
        if field_name == "end_time" and start is not None and end is None and len(
            find_times(head)
        ) == 1:
            start, end = None, start
        if not find_times(head) and text:
            found = find_times(text)
            if found:
                value = found[0].time
                start, end = (value, None) if field_name == "start_time" else (None, value)
                lines = lines[1:]
        protocol = draft.protocol
        if start is not None and protocol.start_time is None:
            protocol.start_time = start
        if end is not None and protocol.end_time is None:
            protocol.end_time = end
        draft.discuss(lines[1:] if lines and find_times(head) and lines[0] in head else lines)

    return read


def _read_place(section: Section, draft: Draft) -> None:
    lines = trim_blank(section.lines)
    text = flat(lines[0]) if lines else ""
    rest = _take_date(text, draft.protocol)
    _take_times(rest, draft, labelled=True)
    rest = _without_times(rest).rstrip(" ,;.")
    if rest and draft.protocol.place is None:
        draft.protocol.place = rest
    draft.discuss(lines[1:])


def _read_date(section: Section, draft: Draft) -> None:
    text = " ".join(flat(line) for line in section.lines[:2])
    _take_date(text, draft.protocol)
    _take_times(text, draft, labelled=True)


# People -------------------------------------------------------------------------------------
def _first_statement(lines: list[str]) -> tuple[str, list[str]]:
    """The lines up to the first that ends a sentence (a wrapped "position - Name.")."""
    taken: list[str] = []
    for index, line in enumerate(lines):
        if not line and taken and index + 1 < len(lines) and len(taken) > 1:
            return " ".join(taken), lines[index + 1 :]
        if line:
            taken.append(flat(line))
        if line.endswith("."):
            return " ".join(taken), lines[index + 1 :]
        if len(taken) >= 3:
            return " ".join(taken), lines[index + 1 :]
    return " ".join(taken), []


def _person_reader(name_field: str, position_field: str) -> Callable[[Section, Draft], None]:
    def read(section: Section, draft: Draft) -> None:
        protocol = draft.protocol
        lines = trim_blank(section.lines)
        text, rest = _first_statement(lines)
        if getattr(protocol, name_field) or getattr(protocol, position_field) or not text:
            draft.discuss(section.lines)  # a second chair line, say: keep it, as discussion
            return
        sentence = re.split(r"(?<=[^\W\d_]{3})\. ", text, maxsplit=1)
        name, position = officer(sentence[0])
        if name is None and position is None:
            draft.discuss(lines)
            return
        setattr(protocol, name_field, name)
        setattr(protocol, position_field, position)
        draft.discuss(([sentence[1]] if len(sentence) > 1 else []) + rest)

    return read


_ABSENCE_VERB = re.compile(
    r"(?:სხდომას |სხდომაზე )?(?:საპატიო მიზეზით )?(?:არ|ვერ) (?:ესწრებოდნენ|ესწრებოდა|დაესწრნენ"
    r"|დაესწრო|დაესწრენ|იმყოფებოდნენ)(?: საპატიო მიზეზით)?:?"
)


def _attendance_reader(status: str, remote: bool = False) -> Callable[[Section, Draft], None]:
    def read(section: Section, draft: Draft) -> None:
        lines = section.lines
        if status != "present" and not any(line.strip(" .:") for line in lines):
            before = _ABSENCE_VERB.split(section.head)[0].strip(" ,.:")
            lines = [before] if before else []
        draft.protocol.attendees.extend(read_attendees(lines, status, remote))

    return read


# Agenda, discussion, decisions --------------------------------------------------------------
def _read_authority(section: Section, draft: Draft) -> None:
    """The statement is one paragraph; whatever follows it before the agenda is discussion."""
    lines = trim_blank(section.lines)
    end = lines.index("") if "" in lines else min(len(lines), 1)
    if draft.protocol.authority is None:
        draft.protocol.authority = " ".join(flat(line) for line in lines[:end]) or None
        lines = lines[end:]
    draft.discuss(lines)


def _read_agenda(section: Section, draft: Draft) -> None:
    items, rest = read_agenda_list(section.lines)
    draft.protocol.agenda.extend(item for item in items if item)
    draft.discuss(rest)


def _read_decisions(section: Section, draft: Draft) -> None:
    lines = trim_blank(section.lines)
    decisions = draft.protocol.decisions
    while lines and decisions and attaches(lines[0]):
        decisions[-1] = f"{decisions[-1]} {flat(lines.pop(0))}"
        lines = trim_blank(lines)
    items, rest = read_decision_list(lines)
    decisions.extend(item for item in items if item)
    draft.discuss(rest)


def _read_discussion(section: Section, draft: Draft) -> None:
    draft.discuss(section.lines)


_SIGNATURE_NAME = re.compile(r"/([^/0-9]{2,80})/[ _.]*$")


def _read_signature(section: Section, draft: Draft) -> None:
    match = _SIGNATURE_NAME.search(section.head)
    name = match[1].strip(" .") if match else ""
    if name:
        draft.protocol.signatures.append(name)
    draft.discuss(section.lines[1:])


SECTION_READERS: dict[str, Callable[[Section, Draft], None]] = {
    "prelude": _read_prelude,
    "start_time": _time_reader("start_time"),
    "end_time": _time_reader("end_time"),
    "chair": _person_reader("chair", "chair_position"),
    "secretary": _person_reader("secretary", "secretary_position"),
    "attendees": _attendance_reader("present"),
    "remote": _attendance_reader("present", remote=True),
    "absent": _attendance_reader("absent"),
    "excused": _attendance_reader("excused"),
    "authority": _read_authority,
    "agenda": _read_agenda,
    "discussion": _read_discussion,
    "decisions": _read_decisions,
    "place": _read_place,
    "date": _read_date,
    "signature": _read_signature,
}


# Whole-text passes ----------------------------------------------------------------------------
_SITTING_WORDS = re.compile(r"სხდომ|გაიმართა|ჩატარდა|შედგა|შეიკრიბ")


def find_times_in_text(lines: list[str], draft: Draft) -> None:
    """Start and end stated in a sentence anywhere: "სხდომა გაიხსნა 15:00 საათზე და
    დასრულდა 17:30 საათზე"."""
    for line in lines:
        if draft.protocol.start_time is not None and draft.protocol.end_time is not None:
            return
        if line:
            _take_times(flat(line), draft)


_BEFORE_AGENDA = frozenset({"prelude", "start_time", "end_time", "chair", "secretary", "date",
                            "place", "authority"})


def find_place_in_text(sections: list[Section], draft: Draft) -> None:
    """A place on a line of its own ("ქ. ნაპირი, … ქ. №7") after the first label."""
    for section in sections:
        if section.name not in _BEFORE_AGENDA:
            return
        for line in section.lines:
            if draft.protocol.place is not None:
                return
            rest = _without_times(find_date(flat(line))[1]) if find_date(flat(line)) else flat(line)
            _take_place(rest, draft.protocol)


def find_date_in_text(lines: list[str], draft: Draft) -> None:
    """A date stated in prose: a full date on a line about the sitting, else "11 აპრილს" with
    the year said elsewhere (then the date is marked uncertain)."""
    protocol = draft.protocol
    if protocol.date is not None:
        return
    texts = [flat(line) for line in lines if line]
    for text in texts:
        if _SITTING_WORDS.search(text) and (found := find_date(text)):
            protocol.date = found[0]
            return
    year = next((found for text in texts if (found := year_in(text))), None)
    if year is None:
        return
    for text in texts:
        if _SITTING_WORDS.search(text) and (day := day_and_month(text, year)):
            protocol.date = day
            draft.doubt("date")
            return


def take_action_items(draft: Draft) -> None:
    """Each decision's responsible and deadline become an action item; the decision keeps its
    text without them."""
    protocol = draft.protocol
    kept: list[str] = []
    for text in protocol.decisions:
        parts = decision_parts(text, protocol.date)
        if not parts.text:
            continue
        kept.append(parts.text)
        if parts.owner or parts.has_deadline:
            protocol.action_items.append(ParsedActionItem(
                len(kept), parts.owner, parts.deadline, short_title(parts.text)))
            if parts.guessed_year:
                draft.doubt("action_items")
    protocol.decisions = kept


def discussion_of(draft: Draft) -> str | None:
    return "\n\n".join(paragraphs(draft.unclaimed)) or None
