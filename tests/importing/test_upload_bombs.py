"""Uploads made to be expensive are refused early or read within bounds (issue 12, item 8).

The files come from bench/uploads.py's builders (one place that knows how to make them);
bench/uploads.py measures what each costs, these tests hold what the reader answers. The
sizes are small variants with the reader's limits lowered, so each test is quick and still
fails if a bound is not checked where it should be.
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from tracker.importing import reader
from tracker.importing.minutes import ProtocolImportError, read_protocol_upload
from tracker.importing.unit_page import read_unit_upload

from ..helpers import zip_of

ROOT = Path(__file__).resolve().parents[2]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_uploads", ROOT / "bench" / "uploads.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()


def refusal(data: bytes, filename: str = "bomb.docx") -> ProtocolImportError:
    with pytest.raises(ProtocolImportError) as refused:
        read_protocol_upload(data, filename)
    return refused.value


def test_the_reported_bomb_is_refused_from_what_the_archive_declares() -> None:
    """The issue's file: a few hundred KB that unpack to 50 MB of XML."""
    bomb = bench.tiny_paragraphs(50 * 2**20)
    assert len(bomb) < 200 * 1024
    error = refusal(bomb)
    assert error.reason == "too_large"
    assert error.message == "The document is too large when unpacked."


def test_a_main_part_over_its_limit_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = bench.legitimate_protocol(200)
    assert len(read_protocol_upload(data, "ok.docx").splitlines()) == 200  # read as it is
    monkeypatch.setattr(reader, "MAX_DOCX_XML_BYTES", 10_000)
    # Refused without parsing: a stream that would fail to parse is never opened.
    monkeypatch.setattr(reader, "_docx_stream", _never_called)
    assert refusal(data).reason == "too_large"


def _never_called(*_args: object) -> None:
    raise AssertionError("the main part was read")


def test_one_paragraph_of_endless_runs_is_refused_while_it_grows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reader, "MAX_DOCX_BLOCK_ELEMENTS", 5_000)
    assert refusal(bench.one_paragraph_of_runs(200_000)).reason == "too_large"
    # The same number of elements spread over paragraphs is read: held, not total, counts.
    text = read_protocol_upload(bench.legitimate_protocol(500), "protocol.docx")
    assert len(text.splitlines()) == 500


def test_a_row_of_endless_cells_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_DOCX_BLOCK_ELEMENTS", 5_000)
    assert refusal(bench.table_of_cells(200_000)).reason == "too_large"


def test_elements_in_all_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    data = bench.legitimate_protocol(300)
    assert len(read_protocol_upload(data, "protocol.docx").splitlines()) == 300
    monkeypatch.setattr(reader, "MAX_DOCX_ELEMENTS", 2_000)
    assert refusal(data).reason == "too_large"


def test_nesting_is_bounded() -> None:
    depth = (reader.MAX_DOCX_DEPTH - 5) // 2  # document, body, p, r, t around the nest
    assert read_protocol_upload(bench.deep_nesting(depth), "deep.docx") == "ოქმი"
    assert refusal(bench.deep_nesting(depth + 1)).reason == "too_large"
    # libxml2's own limit answers far deeper files as damaged ones.
    assert refusal(bench.deep_nesting(100_000)).reason in {"too_large", "bad_docx"}


def test_paragraphs_over_the_line_limit_are_refused() -> None:
    assert refusal(bench.tiny_paragraphs(10 * 2**20)).reason == "too_large"


def test_paragraphs_deep_in_content_controls_are_read_and_let_go() -> None:
    """Each paragraph at the bottom of its own nest: all read, in order."""
    nest = ("<w:sdt><w:sdtContent>" * 5 + "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
            + "</w:sdtContent></w:sdt>" * 5)
    data = bench.docx_with_body(lambda: (nest.format(f"ხაზი {n}") for n in range(50)))
    assert read_protocol_upload(data, "nested.docx").splitlines() == [
        f"ხაზი {n}" for n in range(50)]


def test_a_package_without_a_main_part_is_damaged() -> None:
    data = bench.legitimate_protocol(3)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    del parts["word/document.xml"]
    assert refusal(zip_of(parts)).reason == "bad_docx"


def test_a_pdf_with_a_huge_content_stream_is_refused() -> None:
    assert refusal(bench.pdf_with_huge_stream(70), "bomb.pdf").reason == "too_large"
    assert refusal(bench.pdf_with_huge_stream(3), "bomb.pdf").reason == "too_large"


def test_pdf_text_operators_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    data = bench.pdf_with_huge_stream(0.01)
    assert read_protocol_upload(data, "small.pdf").startswith("aaaa")
    monkeypatch.setattr(reader, "MAX_PDF_TEXT_OPERATORS", 100)
    assert refusal(data, "small.pdf").reason == "too_large"


def test_html_of_too_many_tags_is_refused() -> None:
    with pytest.raises(reader.UploadRefused) as refused:
        read_unit_upload(bench.html_nested(reader.MAX_HTML_TAGS + 1), "page.html")
    assert refused.value.reason == "too_large"
