"""A chart as PNG for the .docx reports: a real bitmap of the asked width, drawn in one face
that carries Georgian, Latin and digits (cairo does not fall back glyph by glyph)."""

from __future__ import annotations

import struct

from tracker.charts import png
from tracker.charts.svg import FONT

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40" width="200" height="40" '
    "font-family=\"&#39;Noto Sans Georgian&#39;, &#39;DejaVu Sans&#39;, &#39;Segoe UI&#39;, "
    'sans-serif"><text x="4" y="26">ვადა 06/12/2026</text></svg>'
)


def test_the_svg_becomes_a_png_of_the_asked_width() -> None:
    data = png.to_png(SVG, width=800)
    assert data is not None and data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (800, 160)


def test_the_bitmap_is_set_in_one_face_with_every_script(monkeypatch) -> None:
    assert "Noto Sans Georgian" in FONT and png.PNG_FONT in FONT
    drawn: list[bytes] = []

    class Recorder:
        @staticmethod
        def svg2png(bytestring: bytes, output_width: int) -> bytes:
            drawn.append(bytestring)
            return b"png"

    monkeypatch.setattr(png, "_cairosvg", lambda: Recorder)
    assert png.to_png(SVG) == b"png"
    assert f'font-family="{png.PNG_FONT}"'.encode() in drawn[0]
    assert b"Noto Sans Georgian" not in drawn[0]
