"""A chart as PNG, for documents that cannot hold SVG (python-docx embeds only bitmaps).

CairoSVG draws with the cairo library of the system. Where that library is missing (a fresh
machine without it), :func:`to_png` answers ``None`` and the document keeps the figures'
tables alone: a report is never refused for want of a picture. That is why the import is
made on the first call, not at the top of the module — importing CairoSVG without cairo
raises ``OSError``.

Cairo picks one font per text and does not fall back glyph by glyph as a browser does; the
browser-first family list would set the digits in a Georgian-only face (no digits: empty
boxes). For the bitmap the whole chart is set in one family that carries both the Georgian
and the Latin alphabets and the digits.
"""

from __future__ import annotations

import logging
from functools import cache
from types import ModuleType

from markupsafe import escape

from .svg import FONT

#: One face with Mkhedruli, Latin and digits (Debian's fonts-dejavu-core, a dependency of
#: fontconfig itself); the family list's own second choice.
PNG_FONT = "DejaVu Sans"

log = logging.getLogger(__name__)


@cache
def _cairosvg() -> ModuleType | None:
    try:
        import cairosvg  # needs the system's cairo: see the docstring
    except (ImportError, OSError) as error:
        log.warning("charts: no PNG for documents (%s)", error)
        return None
    return cairosvg


def to_png(svg: str, width: int = 1600) -> bytes | None:
    """``svg`` (from :func:`tracker.charts.render`) as a PNG ``width`` pixels wide, or
    ``None`` where cairo is not installed."""
    cairosvg = _cairosvg()
    if cairosvg is None:
        return None
    one_font = svg.replace(f'font-family="{escape(FONT)}"', f'font-family="{PNG_FONT}"')
    try:
        png: bytes = cairosvg.svg2png(bytestring=one_font.encode("utf-8"), output_width=width)
    except Exception:  # a picture is never worth a failed report: the tables stay
        log.exception("charts: a chart could not be drawn as PNG")
        return None
    return png
