"""A meeting's minutes laid out as a Georgian protocol (სხდომის ოქმი), for print and .docx.

:func:`build_protocol` decides what the protocol says and in which order — heading, number,
place and date, start time, who chaired, the secretary, attendees, authority, agenda,
discussion, decisions, end time, signature lines — and both the printable page
(``templates/meetings/protocol.html``) and :func:`protocol_docx` only lay that out, so the
two never disagree.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from flask_babel import gettext as _

from ..i18n import format_day
from ..text import strip_controls
from .models import Attendee, Meeting, Presence

# Sylfaen ships with Windows and covers Georgian; other systems substitute their own.
FONT = "Sylfaen"


@dataclass
class Line:
    text: str
    lead: str = ""  # a bold lead-in: the agenda item a discussion paragraph is about


@dataclass
class Section:
    label: str
    lines: list[Line] = field(default_factory=list)
    numbered: bool = False


@dataclass
class Signature:
    role: str
    name: str
    signed_on: str = ""


@dataclass
class Protocol:
    group: str
    title: str
    place: str
    date: str
    start: str
    sections: list[Section]
    end: str
    signatures: list[Signature]


def clock(value: object) -> str:
    """A time of day as people write it in minutes: 14:00."""
    return value.strftime("%H:%M") if value is not None else ""  # type: ignore[attr-defined]


def _paragraphs(text: str) -> list[Line]:
    return [Line(p.strip()) for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text or "") if p.strip()]


def _officer(meeting: Meeting, capacity: str) -> str:
    """"position, organisation — name", as the attendee list (or, for a person without an
    account, the records) describe the chair or the secretary."""
    holder = meeting.officer(capacity)
    if holder is None:
        return ""
    person = getattr(meeting, f"{capacity}_person")
    user_id = getattr(meeting, f"{capacity}_id")
    row = next((a for a in meeting.attendees if (user_id and a.user_id == user_id)
                or (person is not None and a.person_id == person.id)), None)
    name = (row.display_name if row else "") or holder.name
    details = ", ".join(p for p in ((row.position, row.organisation) if row else (
        (person.position, person.organisation) if person is not None else ())) if p)
    return f"{details} — {name}" if details else name


def _attendee(attendee: Attendee) -> Line:
    details = ", ".join(p for p in (attendee.position, attendee.organisation) if p)
    name = attendee.name or (attendee.user.name if attendee.user else "")
    if name and details:
        return Line(f"{name} — {details}")
    return Line(name or details)


def build_protocol(meeting: Meeting) -> Protocol:
    chair, secretary = meeting.chair_name, meeting.secretary_name
    sections = [
        Section(_("The meeting was chaired by:"), [Line(_officer(meeting, "chair"))]),
        Section(_("Secretary of the meeting:"), [Line(_officer(meeting, "secretary"))]),
    ]
    for presence, label in (
        (Presence.PRESENT, _("Present at the meeting:")),
        (Presence.EXCUSED, _("Absent for a good reason:")),
        (Presence.ABSENT, _("Absent:")),
    ):
        people = [_attendee(a) for a in meeting.attendees if a.presence == presence]
        if people or presence == Presence.PRESENT:
            sections.append(Section(label, people))
    if meeting.authority:
        sections.append(Section("", _paragraphs(meeting.authority)))
    sections.append(Section(_("Agenda of the meeting:"),
                            [Line(item.title) for item in meeting.agenda], numbered=True))
    discussion = [
        Line(item.discussion, lead=f"{item.position}. {item.title}")
        for item in meeting.agenda if item.discussion
    ] + _paragraphs(meeting.discussion)
    if discussion:
        sections.append(Section(_("Discussion:"), discussion))
    sections.append(Section(_("The members of the group decided:"),
                            [Line(d.text) for d in meeting.decisions], numbered=True))
    group = (meeting.subgroup.name if meeting.subgroup is not None
             else _("Open Government Partnership (OGP) working group"))
    return Protocol(
        group=group,
        title=_("Minutes of meeting N%(number)d", number=meeting.number),
        place=meeting.place,
        date=format_day(meeting.date),
        start=_("Start of the meeting: %(time)s", time=clock(meeting.start_time))
        if meeting.start_time else "",
        sections=sections,
        end=_("End of the meeting: %(time)s", time=clock(meeting.end_time))
        if meeting.end_time else "",
        signatures=[
            Signature(_("Chair of the meeting"), chair, format_day(meeting.chair_signed_at)),
            Signature(_("Secretary of the meeting"), secretary,
                      format_day(meeting.secretary_signed_at)),
        ],
    )


def docx_filename(meeting: Meeting) -> str:
    """ASCII only, for every browser: protocol-N5-2017-02-02.docx (sg3- for a subgroup)."""
    parts = ["protocol"]
    if meeting.subgroup_id is not None:
        parts.append(f"sg{meeting.subgroup_id}")
    parts.append(f"N{meeting.number}")
    if meeting.date is not None:
        parts.append(meeting.date.isoformat())
    return "-".join(parts) + ".docx"


def _font(style_or_run: object) -> None:
    """Georgian is outside the fonts Word picks for ASCII: name the font for every script."""
    font = style_or_run.font  # type: ignore[attr-defined]
    font.name = FONT
    fonts = style_or_run.element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _paragraph(document: object, text: str = "", *, bold: bool = False,
               align: int | None = None, lead: str = "") -> object:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    if align is not None:
        paragraph.alignment = align
    # Stored text may predate the cleaner: a control character (XML 1.0 forbids them) would
    # make the writer fail, and the export with it, for good.
    lead, text = strip_controls(lead), strip_controls(text)
    if lead:
        paragraph.add_run(lead + ": ").bold = True
    if text:
        paragraph.add_run(text).bold = bold
    return paragraph


def protocol_docx(protocol: Protocol) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    _font(normal)
    normal.font.size = Pt(11)
    document.core_properties.title = strip_controls(f"{protocol.title} — {protocol.group}")[:255]
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin

    centred = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, protocol.group, bold=True, align=centred)
    _paragraph(document, protocol.title, bold=True, align=centred)
    where = _paragraph(document, f"{protocol.place}\t{protocol.date}")
    where.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)  # type: ignore[attr-defined]
    if protocol.start:
        _paragraph(document, protocol.start)
    for part in protocol.sections:
        if part.label:
            _paragraph(document, part.label, bold=True)
        for number, line in enumerate(part.lines, 1):
            text = f"{number}. {line.text}" if part.numbered else line.text
            paragraph = _paragraph(document, text, lead=line.lead)
            paragraph.paragraph_format.left_indent = Cm(0.6)  # type: ignore[attr-defined]
    if protocol.end:
        _paragraph(document, protocol.end)
    for signature in protocol.signatures:
        _paragraph(document)
        _paragraph(document, signature.role, bold=True)
        line = _paragraph(document, f"_______________________\t/{signature.name}/")
        line.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
