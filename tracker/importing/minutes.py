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

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import reader
from .protocol.grammar import (
    SECTION_READERS,
    discussion_of,
    find_date_in_text,
    find_place_in_text,
    find_times_in_text,
    is_heading,
    take_action_items,
)
from .protocol.lines import normalise_lines
from .protocol.model import (
    ParsedActionItem,
    ParsedAttendee,
    ParsedProtocol,
    protocol_fingerprint,
)
from .protocol.people import (
    Signatures,
    full_name,
    officer_among,
    parse_attendee,
    split_organisation,
    split_person,
    take_signatures,
)
from .protocol.sections import Draft, Section, split_inline, split_sections
from .protocol.when import DATE_PATTERNS, MONTHS, TIME_PATTERNS, find_date, find_time
from .reader import UploadRefused

__all__ = [
    "DATE_PATTERNS", "FILE_TYPES", "MAX_IMPORT_BYTES", "MONTHS", "TIME_PATTERNS",
    "ParsedActionItem", "ParsedAttendee", "ParsedProtocol", "ProtocolImportError", "find_date",
    "find_time", "normalise_lines", "parse_attendee", "parse_protocol", "protocol_fingerprint",
    "read_protocol_upload", "split_organisation", "split_person",
]

MAX_IMPORT_BYTES = reader.MAX_UPLOAD_BYTES
FILE_TYPES = (".txt", ".docx", ".pdf")


class ProtocolImportError(UploadRefused):
    """An upload or a text the importer refuses; ``reason`` (see UploadRefused) adds
    not_a_protocol."""

    default_message = _l("The protocol could not be imported.")

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


# Parsing -----------------------------------------------------------------------------------
# Sections whose label, written as a label (a colon, a line of its own, a table cell), shows
# the text is a protocol and not prose about a meeting (a news article).
_LABELLED_SECTIONS = frozenset({
    "start_time", "end_time", "chair", "secretary", "attendees", "absent", "excused", "remote",
    "agenda", "decisions", "place", "date", "discussion",
})
_UNCOUNTED_FIELDS = frozenset({"missing", "uncertain", "fingerprint", "action_items"})
_HEADING_LINES = 15


def parse_protocol(text: str) -> ParsedProtocol:
    """The fields of a protocol; ProtocolImportError if the text is not one at all.

    A text counts as a protocol if it has a heading naming it ("… სხდომის ოქმი N5") or at
    least two of its sections under their labels ("დღის წესრიგი:", "სხდომის თავმჯდომარე:",
    "გადაწყვიტეს:"…): an article that tells of a meeting in sentences is refused. What is
    missing is listed in ``missing``, what was read but is doubtful in ``uncertain``.
    """
    lines = split_inline(normalise_lines(text))
    lines, signatures = take_signatures(lines)
    draft = Draft(ParsedProtocol())
    sections = split_sections(lines)
    for section in sections:
        SECTION_READERS[section.name](section, draft)
    protocol = draft.protocol
    find_times_in_text(lines, draft)
    find_date_in_text(lines, draft)
    find_place_in_text(sections, draft)
    take_action_items(draft)
    protocol.signatures.extend(signatures.names)
    _officers_from_elsewhere(draft, signatures)
    protocol.discussion = discussion_of(draft)
    if not _is_protocol(lines, sections):
        raise ProtocolImportError(
            _("This does not look like a meeting protocol."), reason="not_a_protocol"
        )
    protocol.missing = [
        name for name, value in vars(protocol).items()
        if name not in _UNCOUNTED_FIELDS and value in (None, "", [])
    ]
    protocol.fingerprint = protocol_fingerprint(
        protocol.date, protocol.agenda, protocol.decisions, protocol.discussion
    )
    return protocol


def _officers_from_elsewhere(draft: Draft, signatures: Signatures) -> None:
    """A chair or secretary the protocol does not state under a label: the name signed under
    that title (written out in full when an attendee's name fits its initials), else the
    attendee listed in that role; either way marked uncertain."""
    protocol = draft.protocol
    for role in ("chair", "secretary"):
        if getattr(protocol, role) is not None:
            continue
        listed = officer_among(protocol.attendees, role, protocol.group_name)
        if role in signatures.roles:
            setattr(protocol, role, full_name(signatures.roles[role], protocol.attendees))
        elif listed is not None:
            setattr(protocol, role, listed.name)
            if getattr(protocol, f"{role}_position") is None:
                setattr(protocol, f"{role}_position", listed.position)
        else:
            continue
        draft.doubt(role)


def _is_protocol(lines: list[str], sections: list[Section]) -> bool:
    """A heading that names a protocol near the top, or two sections under their labels."""
    top = [line for line in lines if line][:_HEADING_LINES]
    if any(is_heading(line) for line in top):
        return True
    labelled = {section.name for section in sections
                if section.labelled and section.name in _LABELLED_SECTIONS}
    return len(labelled) >= 2
