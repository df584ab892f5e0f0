"""A :class:`~tracker.selfassessment.document.Report` laid out as a Word document.

Only layout lives here: headings for the sections, two-column tables for a commitment's
template fields and an assessment, tables for milestones, reports and the figures (the
completion summary, the attendance balance), each figure followed by its charts as pictures
(:func:`tracker.charts.png.to_png`; where the system lacks cairo the tables stand alone), the
Georgian font named for every script (as the protocol does), and page numbers in the footer.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..charts.png import to_png
from ..meetings.protocol import _font as georgian_font
from ..text import strip_controls
from .document import Bullets, Fields, Item, Paragraph, Report, Section, Table

HEADING_SIZES = {1: 14, 2: 12, 3: 11}


def _clean(text: str) -> str:
    # Built from cleaned text already; a label or a translation is cleaned too, so that
    # nothing can make the writer fail (XML 1.0 forbids control characters).
    return strip_controls(str(text))


def _styles(document: Any) -> None:
    normal = document.styles["Normal"]
    georgian_font(normal)
    normal.font.size = Pt(11)
    for level, size in HEADING_SIZES.items():
        style = document.styles[f"Heading {level}"]
        georgian_font(style)
        style.font.size = Pt(size)
    for name in ("Title", "List Bullet", "Table Grid"):
        if name in [s.name for s in document.styles]:
            georgian_font(document.styles[name])


def _paragraph(document: Any, text: str = "", *, lead: str = "", bold: bool = False,
               align: int | None = None, style: str | None = None) -> Any:
    paragraph = document.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    if lead:
        paragraph.add_run(_clean(lead) + (": " if text else "")).bold = True
    if text:
        paragraph.add_run(_clean(text)).bold = bold
    return paragraph


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    lines = _clean(text).split("\n")
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        if index < len(lines) - 1:
            run.add_break()


def _table(document: Any, header: list[str] | None, rows: list[list[str]],
           total: list[str] | None = None, *, label_column: bool = False) -> None:
    columns = len(header) if header else len(rows[0]) if rows else 1
    table = document.add_table(rows=0, cols=columns)
    table.style = document.styles["Table Grid"]
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            _cell(cell, text, bold=True)
        # Repeat the header on every page a long table runs over.
        properties = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _cell(cell, text, bold=label_column and index == 0)
    if total:
        cells = table.add_row().cells
        for cell, text in zip(cells, total, strict=True):
            _cell(cell, text, bold=True)
    document.add_paragraph()


#: A chart's width on an A4 page with Word's default margins (16.5 cm of text).
CHART_WIDTH = Cm(16)


def _charts(document: Any, svgs: list[str]) -> None:
    for svg in svgs:
        png = to_png(svg)
        if png is not None:
            document.add_picture(io.BytesIO(png), width=CHART_WIDTH)


def _item(document: Any, item: Item, charts: dict[str, list[str]]) -> None:
    if isinstance(item, Paragraph):
        _paragraph(document, item.text, lead=item.lead)
    elif isinstance(item, Fields):
        _table(document, None, [[label, value] for label, value in item.rows],
               label_column=True)
    elif isinstance(item, Table):
        _table(document, item.header, item.rows, item.total)
        _charts(document, charts.get(item.figure, []) if item.figure else [])
    elif isinstance(item, Bullets):
        for text in item.items:
            _paragraph(document, text, style="List Bullet")


def _section(document: Any, section: Section, level: int,
             charts: dict[str, list[str]]) -> None:
    document.add_heading(_clean(section.heading), level=min(level, 3))
    for item in section.items:
        _item(document, item, charts)
    for child in section.children:
        _section(document, child, level + 1, charts)


def _page_numbers(document: Any) -> None:
    """A PAGE field, centred in the footer: Word fills the number in."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)


def report_docx(report: Report) -> bytes:
    document = Document()
    _styles(document)
    properties = document.core_properties
    properties.title = _clean(f"{report.kind} — {report.title}")[:255]
    properties.language = report.lang
    centred = WD_ALIGN_PARAGRAPH.CENTER
    if report.municipality:
        _paragraph(document, report.municipality, bold=True, align=centred)
    _paragraph(document, report.kind, bold=True, align=centred)
    heading = document.add_heading(_clean(report.title), level=0)
    heading.alignment = centred
    for line in report.lines:
        _paragraph(document, line, align=centred)
    _paragraph(document, report.generated, align=centred)
    for section in report.sections:
        _section(document, section, 1, report.charts)
    _paragraph(document)
    _paragraph(document, report.closing, align=centred)
    _page_numbers(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

