"""PDF protocols: the text layer read in order, page furniture left out; scans, locked and
damaged files refused with a reason, never a crash."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.importing import reader
from tracker.importing.minutes import ProtocolImportError, parse_protocol, read_protocol_upload

from .pdfs import pdf_bytes, scanned_pdf_bytes

PROTOCOLS = Path(__file__).parent / "protocols"
LETTERHEAD = "ნაპირის მუნიციპალიტეტის მერია — ღია მმართველობის სამუშაო ჯგუფი"


def protocol_lines(name: str = "napiri_07.txt") -> list[str]:
    text = (PROTOCOLS / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def words(text: str) -> list[str]:
    return text.split()


def refusal(data: bytes, filename: str = "protocol.pdf") -> ProtocolImportError:
    with pytest.raises(ProtocolImportError) as refused:
        read_protocol_upload(data, filename)
    return refused.value


def test_a_pdf_protocol_reads_as_its_text() -> None:
    lines = protocol_lines()

    text = read_protocol_upload(pdf_bytes(lines), "ოქმი N7.pdf")

    # Long paragraphs wrap on the page: the words are the same, in the same order.
    assert words(text) == words("\n".join(lines))
    parsed, usual = parse_protocol(text), parse_protocol("\n".join(lines))
    assert (parsed.number, parsed.date, parsed.start_time) == (
        usual.number, usual.date, usual.start_time)
    assert parsed.number is not None and parsed.date is not None


def test_georgian_comes_out_in_its_stored_form() -> None:
    text = read_protocol_upload(
        pdf_bytes(["სხდომის ოქმი № 5", "„ღია ქალაქის“ წარმომადგენელი — ნინო მთისძირელი"]),
        "protocol.pdf",
    )
    assert text.splitlines() == [
        "სხდომის ოქმი № 5", "„ღია ქალაქის“ წარმომადგენელი — ნინო მთისძირელი"
    ]


def test_pages_are_joined_in_order_without_letterhead_and_page_numbers() -> None:
    lines = protocol_lines()

    data = pdf_bytes(lines, header=LETTERHEAD, numbered=True, lines_per_page=12)
    text = read_protocol_upload(data, "protocol.pdf")

    assert LETTERHEAD not in text
    assert "გვერდი" not in text
    assert words(text) == words("\n".join(lines))


def test_a_lone_page_number_at_the_foot_of_each_page_is_dropped() -> None:
    lines = [f"{n}. გადაწყვეტილება ნომერი {n}" for n in range(1, 7)]
    pages = [[*lines[:3], "1"], [*lines[3:], "2"]]

    assert reader._without_page_furniture(pages) == [lines[:3], lines[3:]]
    # A header numbering its page repeats on three pages at least.
    headed = [[f"ოქმი N5, გვერდი {n}", lines[n]] for n in (1, 2, 3)]
    assert reader._without_page_furniture(headed) == [[lines[1]], [lines[2]], [lines[3]]]
    assert reader._without_page_furniture(headed[:2]) == headed[:2]
    # In a one-page document only a number at the very end is a page number.
    assert reader._without_page_furniture([["2", *lines, "1"]]) == [["2", *lines]]


def test_a_scanned_pdf_is_refused_as_a_scan() -> None:
    error = refusal(scanned_pdf_bytes(protocol_lines()[:20], pages=2))

    assert error.reason == "scanned"
    assert "no text layer" in error.message and "scan" in error.message
    assert (error.status, error.code) == (422, "import_failed")


def test_a_pdf_with_only_page_numbers_is_a_scan_too() -> None:
    assert refusal(pdf_bytes(["1"])).reason == "scanned"


def test_a_pdf_locked_with_a_password_is_refused() -> None:
    error = refusal(pdf_bytes(protocol_lines(), password="secret"))
    assert error.reason == "encrypted"
    assert "password" in error.message


def test_a_pdf_locked_only_against_editing_is_read() -> None:
    text = read_protocol_upload(pdf_bytes(protocol_lines(), password=""), "protocol.pdf")
    assert words(text) == words("\n".join(protocol_lines()))


GOOD = pdf_bytes(protocol_lines())
BROKEN = {
    "header only": b"%PDF-1.7\n",
    "truncated": GOOD[: len(GOOD) // 2],
    "no header": GOOD[20:],
    "text called pdf": "ოქმი N5".encode(),
    "docx called pdf": b"PK\x03\x04" + b"\x00" * 100,
    "garbage body": b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF",
}


@pytest.mark.parametrize("data", BROKEN.values(), ids=BROKEN)
def test_a_damaged_pdf_is_refused_with_a_reason(data: bytes) -> None:
    error = refusal(data)
    assert error.reason in {"bad_pdf", "scanned"}
    assert error.message and error.message != str(ProtocolImportError.default_message)


def test_too_many_pages_are_refused_before_they_are_read(monkeypatch) -> None:
    monkeypatch.setattr(reader, "MAX_PDF_PAGES", 3)
    data = pdf_bytes(protocol_lines(), lines_per_page=5)
    assert refusal(data).reason == "too_large"


def test_too_much_text_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(reader, "MAX_PDF_CHARACTERS", 500)
    started = time.perf_counter()
    assert refusal(pdf_bytes(protocol_lines())).reason == "too_large"
    assert time.perf_counter() - started < 10


def test_a_unit_page_is_not_taken_as_pdf() -> None:
    from tracker.importing.unit_page import UnitImportError, read_unit_upload

    with pytest.raises(UnitImportError) as refused:
        read_unit_upload(GOOD, "page.pdf")
    assert refused.value.reason == "unsupported_type"


def _mutated(data: bytes, changes: list[tuple[int, int]]) -> bytes:
    buffer = bytearray(data)
    for position, value in changes:
        buffer[position % len(buffer)] = value
    return bytes(buffer)


@settings(max_examples=150, deadline=timedelta(seconds=5))
@given(
    st.binary(max_size=3000).map(lambda tail: b"%PDF-1.7\n" + tail)
    | st.binary(max_size=500)
    | st.lists(st.tuples(st.integers(0, len(GOOD)), st.integers(0, 255)), min_size=1,
               max_size=30).map(lambda changes: _mutated(GOOD, changes))
)
def test_any_bytes_named_pdf_are_read_or_refused(data: bytes) -> None:
    try:
        text = read_protocol_upload(data, "protocol.pdf")
    except ProtocolImportError as error:
        assert error.reason in {"bad_pdf", "scanned", "encrypted", "empty", "too_large",
                                "binary"}
        return
    assert text.strip()
