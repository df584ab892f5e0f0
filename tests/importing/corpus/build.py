"""Turning the corpus's document specs into the bytes people upload: .docx and .pdf files.

A spec (``NAME.docx.json`` / ``NAME.pdf.json``) is a JSON list of blocks, in document order:

- ``{"p": "text"}`` a paragraph; ``"style"`` names a Word paragraph style ("List Number",
  "List Bullet", "Title", ...), so Word's own numbering can be tested, not typed digits;
  a "\\n" inside the text is a manual line break in Word, a new line in a PDF;
- ``{"table": [["cell", ...], ...]}`` a table (in a PDF: one line per row, cells separated
  by spaces, which is what a PDF's text layer gives for a table);
- ``{"scan": ["line", ...]}`` (PDF only) the lines drawn into a picture, as a scanner
  would make them: the page has no text layer at all;
- ``{"page": true}`` a page break (a new page in a PDF).

A table cell is a text, or (in a .docx) a list of blocks: paragraphs (``"style"`` as above,
``"bold": true`` for a bold run) and tables, which become a table nested in the cell. In a
PDF such a cell is its paragraphs' and rows' texts, one after the other.

The files are generated rather than stored so that the corpus stays reviewable as text and
the bytes come from the same libraries people's documents come from (python-docx writes
what Word writes; fpdf2 with an embedded Unicode font writes a text layer as city halls'
PDF exports do). Building is deterministic: the same spec gives the same text.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SPEC_SUFFIXES = (".docx.json", ".pdf.json")
PLAIN_SUFFIXES = (".txt", ".html")


def load_spec(path: Path) -> list[dict[str, Any]]:
    blocks = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(blocks, list) or not all(isinstance(block, dict) for block in blocks):
        raise ValueError(f"{path.name}: a spec is a list of blocks")
    return blocks


def docx_bytes(blocks: list[dict[str, Any]]) -> bytes:
    """A Word file of the blocks, written by python-docx."""
    from docx import Document

    document = Document()
    for block in blocks:
        if "p" in block:
            document.add_paragraph(block["p"], style=block.get("style"))
        elif "table" in block:
            rows = block["table"]
            width = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, text in zip(row.cells, cells, strict=False):
                    if isinstance(text, list):
                        _fill_cell(cell, text)
                    else:
                        cell.text = text
        elif "page" in block:
            document.add_page_break()
        else:
            raise ValueError(f"a .docx block is a paragraph or a table, not {sorted(block)}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fill_cell(cell: Any, blocks: list[dict[str, Any]]) -> None:
    """A cell holding paragraphs (styled, bold) and nested tables, in order."""
    first = True
    for block in blocks:
        if "p" in block:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            if block.get("style"):
                paragraph.style = block["style"]
            paragraph.add_run(block["p"]).bold = bool(block.get("bold")) or None
        elif "table" in block:
            rows = block["table"]
            width = max(len(row) for row in rows)
            table = cell.add_table(rows=len(rows), cols=width)
            for row, cells in zip(table.rows, rows, strict=True):
                for inner, text in zip(row.cells, cells, strict=False):
                    inner.text = text
        else:
            raise ValueError(f"a cell's block is a paragraph or a table, not {sorted(block)}")
        first = False


def _cell_text(cell: Any) -> str:
    """A cell as a PDF's text layer gives it: a list of blocks as its texts, in order."""
    if not isinstance(cell, list):
        return cell
    parts = []
    for block in cell:
        if "p" in block:
            parts.append(block["p"])
        else:
            parts += ["   ".join(row) for row in block.get("table", [])]
    return "\n".join(parts)


def pdf_bytes(blocks: list[dict[str, Any]]) -> bytes:
    """A PDF of the blocks with a text layer in DejaVu Sans (it covers Georgian), or, for a
    ``scan`` block, a page that is only a picture."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))  # reproducible bytes
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    for block in blocks:
        if "p" in block:
            pdf.multi_cell(0, 5, block["p"], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif "table" in block:
            for row in block["table"]:
                pdf.multi_cell(0, 5, "   ".join(_cell_text(cell) for cell in row if cell),
                               new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif "page" in block:
            pdf.add_page()
        elif "scan" in block:
            pdf.image(_scanned_page(block["scan"]), x=10, y=10, w=190)
        else:
            raise ValueError(f"a .pdf block is a paragraph, table or scan, not {sorted(block)}")
    return bytes(pdf.output())


def _scanned_page(lines: list[str]) -> Any:
    """A grey, slightly noisy picture of the lines: a photocopy put through a scanner."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 1754), color=236)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 26)
    for index, line in enumerate(lines):
        draw.text((90, 120 + index * 44), line, fill=40, font=font)
    noise = random.Random(9)
    for _ in range(4000):
        x, y = noise.randrange(image.width), noise.randrange(image.height)
        image.putpixel((x, y), noise.randrange(120, 200))
    return image


def document_bytes(path: Path) -> tuple[bytes, str]:
    """The bytes of a corpus document and the file name to upload them under."""
    name = path.name
    if name.endswith(".docx.json"):
        return docx_bytes(load_spec(path)), name.removesuffix(".json")
    if name.endswith(".pdf.json"):
        return pdf_bytes(load_spec(path)), name.removesuffix(".json")
    if name.endswith(PLAIN_SUFFIXES):
        return path.read_bytes(), name
    raise ValueError(f"not a corpus document: {name}")


def is_document(path: Path) -> bool:
    return path.name.endswith(SPEC_SUFFIXES + PLAIN_SUFFIXES)


def document_stem(path: Path) -> str:
    """NAME of NAME.txt, NAME.docx.json, ...: the truth is NAME.truth.json beside it."""
    for suffix in SPEC_SUFFIXES + PLAIN_SUFFIXES:
        if path.name.endswith(suffix):
            return path.name.removesuffix(suffix)
    return path.stem


if __name__ == "__main__":  # python build.py OUT_DIR SPEC...: the files, to open them
    import sys

    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    for spec in sys.argv[2:]:
        data, filename = document_bytes(Path(spec))
        (out_dir / filename).write_bytes(data)
        print(out_dir / filename, len(data))
