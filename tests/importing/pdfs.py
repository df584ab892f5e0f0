"""PDFs for the importer tests, written by fpdf2 as city halls' exports write them: a text
layer in an embedded Unicode font (DejaVu Sans covers Georgian), optionally a running header
and a page-numbered footer on every page; or pages that are only a picture (a scan).

Built in the tests rather than kept as binaries, like the Word documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


class _Letterhead(FPDF):
    """Pages with the city's name on top and "გვერდი N / M" at the bottom."""

    running_header: str | None = None
    numbered: bool = False

    def header(self) -> None:
        if self.running_header:
            self.set_font("DejaVu", size=8)
            self.cell(0, 5, self.running_header, new_x="LMARGIN", new_y="NEXT", align="C")
            self.ln(3)

    def footer(self) -> None:
        if self.numbered:
            self.set_y(-12)
            self.set_font("DejaVu", size=8)
            self.cell(0, 5, f"გვერდი {self.page_no()} / {{nb}}", align="C")


def pdf_bytes(lines: list[str], *, header: str | None = None, numbered: bool = False,
              lines_per_page: int | None = None, password: str | None = None) -> bytes:
    """A PDF with ``lines`` as its text, each a paragraph (long ones wrap, as on paper); a
    new page every ``lines_per_page`` lines, or where the page is full."""
    pdf = _Letterhead(format="A4")
    pdf.running_header, pdf.numbered = header, numbered
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    for index, line in enumerate(lines):
        if lines_per_page and index and index % lines_per_page == 0:
            pdf.add_page()
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    if password is not None:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    return bytes(pdf.output())


def scanned_pdf_bytes(lines: list[str], pages: int = 1) -> bytes:
    """A PDF whose pages are pictures of the lines and nothing else: no text layer."""
    image = Image.new("L", (620, 877), color=240)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 14)
    for index, line in enumerate(lines):
        draw.text((45, 60 + index * 22), line, fill=30, font=font)
    pdf = FPDF(format="A4")
    for _ in range(pages):
        pdf.add_page()
        pdf.image(image, x=10, y=10, w=190)
    return bytes(pdf.output())
