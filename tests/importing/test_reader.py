"""The one reader both grammars use: files to clean lines, and the package's place in the
layers (foundation: it imports no area)."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from docx import Document

from tracker.importing import reader
from tracker.importing.minutes import parse_protocol, read_protocol_upload
from tracker.importing.unit_page import UnitImportError, read_unit_upload

PACKAGE = Path(reader.__file__).parent
PROTOCOLS = Path(__file__).parent / "protocols"


@pytest.mark.parametrize(
    "charset", ["hex", "base64", "zlib", "rot13", "unicode_escape", "raw_unicode_escape",
                "idna", "punycode", "utf-7", "undefined", "x-made-up", "utf-32"],
)
def test_a_charset_that_cannot_decode_a_page_falls_back_to_utf8(charset: str) -> None:
    data = f'<meta charset="{charset}"><p>ნაპირი \\ud800 +AGEA-</p>'.encode()
    assert read_unit_upload(data, "page.html") == "ნაპირი \\ud800 +AGEA-"


def test_a_page_that_decodes_to_nothing_readable_is_refused_not_a_500() -> None:
    data = b'<meta charset="windows-1252"><p>\x81\x8d\x8f</p>'  # undefined in cp1252
    with pytest.raises(UnitImportError) as refused:
        read_unit_upload(data, "page.html")
    assert refused.value.reason in {"not_utf8", "binary", "empty"}


def test_the_text_is_in_its_stored_form() -> None:
    """Control characters go (a vertical tab, Word's manual line break, becomes a line
    break), Mtavruli becomes Mkhedruli, invisible joiners go, NFC: whatever a grammar takes
    from it is stored as it is."""
    raw = "ᲡᲮᲓᲝᲛᲘᲡ ᲝᲥᲛᲘ\x0bN5\r\nა\u200bბ\x07გ\ufeffe\u0301"
    text = read_protocol_upload(raw.encode("utf-16"), "protocol.txt")
    assert text == "სხდომის ოქმი\nN5\nაბგ\u00e9"
    assert reader.document_text(text) == text
    assert reader.document_text("ა\x00ბ\x1f\x0cგ") == "აბ\nგ"


def test_word_lists_keep_their_bullets_and_section_labels_still_open_sections() -> None:
    usual = (PROTOCOLS / "napiri_07.txt").read_text(encoding="utf-8")
    document = Document()
    for line in usual.splitlines():
        labelled = line.startswith(("სამუშაო ჯგუფის სხდომის დღის", "სხდომას ესწრებოდნენ"))
        document.add_paragraph(line, style="List Number" if labelled else None)
    stream = io.BytesIO()
    document.save(stream)
    text = read_protocol_upload(stream.getvalue(), "napiri.docx")
    assert "• სხდომას ესწრებოდნენ:" in text.splitlines()
    assert parse_protocol(text) == parse_protocol(usual)


def _imported_modules(path: Path) -> set[str]:
    """Absolute names of what a module of the package imports (relative imports resolved)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                names.add(node.module or "")
            else:
                base = ["tracker", "importing"][: 3 - node.level]
                names.add(".".join([*base, *filter(None, [node.module])]))
    return names


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_importing_is_foundation_it_imports_no_area(module: Path) -> None:
    areas = ("commitments", "subgroups", "meetings", "directory", "board", "api")
    wrong = {
        name for name in _imported_modules(module)
        if name.split(".")[0] == "tracker" and len(name.split(".")) > 1
        and name.split(".")[1] in areas
    }
    assert not wrong, f"{module.name} imports {sorted(wrong)}"
