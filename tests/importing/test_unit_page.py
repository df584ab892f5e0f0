"""The unit page importer: department pages as text, saved web pages and Word documents.

The pages in ``pages/`` are invented (an invented city, Mtisdziri, invented people and
numbers) in the shape of real municipal department pages. Word documents are built here with
python-docx rather than kept as binaries.
"""

from __future__ import annotations

import io
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.importing.reader import html_to_text
from tracker.importing.unit_page import (
    MAX_DOCX_LINES,
    MAX_HTML_TAGS,
    MAX_PAGE_LINES,
    MAX_UPLOAD_BYTES,
    ParsedStaff,
    ParsedUnit,
    UnitImportError,
    format_phone_local,
    normalise_phone,
    parse_unit_page,
    read_unit_upload,
)
from tracker.importing.vocabulary import is_head_position

from ..helpers import zip_of

PAGES = Path(__file__).parent / "pages"
TOURISM = "ტურიზმისა და კულტურული მემკვიდრეობის განყოფილება"
SPECIALIST = "უფროსი სპეციალისტი"



def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def page_bytes(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def small_page(*staff: str, hotline: str = "ცხელი ხაზი : 555 10-20-30") -> str:
    """A minimal page around the given staff lines."""
    return "\n".join([
        hotline,
        "საცდელი განყოფილება",
        "განყოფილება დადგენილი წესით უზრუნველყოფს:",
        " • საცდელი ფუნქციის შესრულება;",
        "თანამშრომლები:",
        *staff,
        "გააზიარე",
    ])


def one_person(line: str) -> ParsedStaff:
    unit = parse_unit_page(small_page(line))
    assert len(unit.staff) == 1, unit
    return unit.staff[0]


def to_mtavruli(text: str) -> str:
    """Georgian letters in capitals (Mtavruli); Latin letters, digits and the rest as they are."""
    return text.translate({code: code - 0x10D0 + 0x1C90 for code in range(0x10D0, 0x10FB)})


def docx_bytes(lines: list[str], table: list[list[str]] | None = None) -> bytes:
    """A Word document of the page: "•" lines become Word list items (no "•" in their text,
    as Word keeps bullets), the others plain paragraphs, then an optional table."""
    document = Document()
    for line in lines:
        text = line.strip(" \u00a0")
        if text.startswith("•"):
            document.add_paragraph(text.lstrip("• \u00a0"), style="List Bullet")
        elif text:
            document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# The whole page ----------------------------------------------------------------------------
def test_a_department_page_gives_name_hotline_functions_and_staff() -> None:
    unit = parse_unit_page(page("tourism.txt"))

    assert unit.name == TOURISM
    assert unit.hotline == "+995431223344"
    assert len(unit.functions) == 6  # the empty bullet is dropped
    assert unit.functions[0] == (
        "მთისძირის მუნიციპალიტეტის ტურისტული მარშრუტების აღწერა და განახლება"
    )
    assert unit.functions[4] == (  # a year range is not a phone number
        "ტურიზმის განვითარების სტრატეგიის (2025-2028) პროექტის მომზადებაში მონაწილეობა"
    )
    assert unit.functions[-1].endswith("პასუხის მომზადება.")
    assert unit.staff == [
        ParsedStaff(name="ნატო მთისძირელი", position="განყოფილების უფროსი", rank="II რანგი",
                    phone="+995555102030", is_head=True),
        ParsedStaff(name="ლევან ხევისელი", position=SPECIALIST, rank="III რანგი",
                    category="I კატეგორია", phone="+995555102031"),
        ParsedStaff(name="თეა ნაკადულიძე", position=SPECIALIST, rank="III რანგი",
                    category="I კატეგორია", phone="+995555102032",
                    email="tea.nakadulidze@mtisdziri.example.ge"),
        ParsedStaff(name="სოსო ბორცვაძე", position=SPECIALIST, rank="III რანგი",
                    category="II კატეგორია", phone="+995555102033"),
    ]
    assert unit.missing == []
    assert unit.skipped == []  # breadcrumb, repeated title, "გააზიარე" are chrome


def test_a_page_without_hotline_with_a_division_head_and_a_deputy() -> None:
    unit = parse_unit_page(page("legal.txt"))

    assert unit.name == "იურიდიული სამსახური"
    assert unit.hotline is None
    assert unit.functions == [
        "მერიის სამართლებრივი აქტების პროექტების იურიდიული ექსპერტიზა",
        "სასამართლოში მერიის ინტერესების დაცვა",
        "მოქალაქეთა იურიდიული კონსულტირება.",
    ]
    heads = {person.name: person.is_head for person in unit.staff}
    assert heads == {
        "გიორგი წყაროსთვალი": True,  # სამსახურის უფროსი
        "ია ველისციხელი": False,  # სამსახურის უფროსის მოადგილე: a deputy is not a head
        "დათო ბორჯომელი": False,  # იურიდიული განყოფილების უფროსი: a division's head
        "ეკა ნისლიანი": False,
        "მაკა ლომისძე": False,
        "ნიკა ქედელი": False,
    }
    phones = [person.phone for person in unit.staff]
    assert phones == ["+995555112201", "+995431223345", "+995555112203", None,
                      "+995555112205", "+995555112206"]
    assert unit.staff[2].email == "d.borjomeli@mtisdziri.example.ge"
    assert unit.staff[3].category == "I კატეგორია"
    assert unit.staff[3].rank is None
    assert unit.missing == ["hotline", "staff.3.phone"]
    assert unit.skipped == ["უფროსი სპეციალისტი - ვაკანსია"]  # a vacancy is not a person


def test_the_same_page_saved_from_a_browser_parses_to_the_same_unit() -> None:
    text = read_unit_upload(page_bytes("tourism.html"), "tourism.html")

    assert parse_unit_page(text) == parse_unit_page(page("tourism.txt"))
    for chrome in ("სიახლეები", "window.", "©", "სხვა სამსახურები", "555 99-99-99",
                   "რედაქტორის"):
        assert chrome not in text


def test_the_same_page_as_a_word_document_parses_to_the_same_unit() -> None:
    data = docx_bytes(page("tourism.txt").splitlines())

    text = read_unit_upload(data, "tourism.docx")

    assert "• მთისძირის მუნიციპალიტეტის" in text  # Word's list items become bullets
    assert parse_unit_page(text) == parse_unit_page(page("tourism.txt"))


def test_staff_in_a_word_table_and_functions_as_plain_paragraphs() -> None:
    lines = [
        "ცხელი ხაზი: 0 431 22 33 44",
        "ტრანსპორტის განყოფილება",
        "განყოფილების ფუნქციები:",
        "საზოგადოებრივი ტრანსპორტის მარშრუტების დაგეგმვა",
        "გაჩერებების მოვლის კოორდინაცია",
    ]
    table = [
        ["განყოფილების უფროსი", "ზაზა ბილიკაძე", "555 20-30-40"],
        ["III რანგი I კატეგორიის უფროსი სპეციალისტი", "ნია გზირიშვილი", "555 20-30-41"],
    ]

    unit = parse_unit_page(read_unit_upload(docx_bytes(lines, table), "transport.docx"))

    assert unit.functions == ["საზოგადოებრივი ტრანსპორტის მარშრუტების დაგეგმვა",
                              "გაჩერებების მოვლის კოორდინაცია"]
    assert [(p.name, p.is_head, p.phone) for p in unit.staff] == [
        ("ზაზა ბილიკაძე", True, "+995555203040"),
        ("ნია გზირიშვილი", False, "+995555203041"),
    ]
    assert unit.staff[1].rank == "III რანგი"


def test_a_page_in_mtavruli_parses_to_the_same_unit() -> None:
    text = page("tourism.txt")
    capitals = to_mtavruli(text)
    assert "ა" not in capitals and "Ა" in capitals

    assert parse_unit_page(capitals) == parse_unit_page(text)


def test_windows_line_ends_and_a_byte_order_mark_change_nothing() -> None:
    text = page("tourism.txt")
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")

    assert parse_unit_page(read_unit_upload(data, "PAGE.TXT")) == parse_unit_page(text)
    assert parse_unit_page(text.replace("\n", "\r\n")) == parse_unit_page(text)


# Staff lines -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "position", "rank", "category"),
    [
        ("III რანგი I კატეგორიის უფროსი სპეციალისტი - ლია ქარელი - 555 10-20-31",
         SPECIALIST, "III რანგი", "I კატეგორია"),
        ("IIIრანგი IIკატეგორიის უფროსი სპეციალისტი - ლია ქარელი - 555 10-20-31",
         SPECIALIST, "III რანგი", "II კატეგორია"),
        ("IV რანგის III კატეგორიის მთავარი სპეციალისტი - ლია ქარელი - 555 10-20-31",
         "მთავარი სპეციალისტი", "IV რანგი", "III კატეგორია"),
        ("3 რანგი 1 კატეგორიის უფროსი სპეციალისტი - ლია ქარელი - 555 10-20-31",
         SPECIALIST, "III რანგი", "I კატეგორია"),
        ("უფროსი სპეციალისტი - ლია ქარელი - 555 10-20-31", SPECIALIST, None, None),
        ("უფროსი სპეციალისტი III რანგი - ლია ქარელი - 555 10-20-31",
         SPECIALIST, "III რანგი", None),
    ],
)
def test_rank_and_category_are_taken_out_of_the_position(
    line: str, position: str, rank: str | None, category: str | None
) -> None:
    person = one_person(line)
    assert (person.name, person.position, person.rank, person.category) == (
        "ლია ქარელი", position, rank, category
    )


@pytest.mark.parametrize(
    ("line", "phone", "email"),
    [
        ("უფროსი სპეციალისტი - ლია ქარელი - 555 10-20-31", "+995555102031", None),
        ("უფროსი სპეციალისტი - ლია ქარელი - 555 10 20 31", "+995555102031", None),
        ("უფროსი სპეციალისტი - ლია ქარელი - 555102031", "+995555102031", None),
        ("უფროსი სპეციალისტი - ლია ქარელი - +995 555 10-20-31", "+995555102031", None),
        ("უფროსი სპეციალისტი - ლია ქარელი - +995 (555) 10 20 31", "+995555102031", None),
        ("უფროსი სპეციალისტი - ლია ქარელი - (0 431) 22 33 44", "+995431223344", None),
        ("უფროსი სპეციალისტი - ლია ქარელი - (0431) 22-33-44", "+995431223344", None),
        ("უფროსი სპეციალისტი - ლია ქარელი - 032 2 11 11 11", "+995322111111", None),
        ("უფროსი სპეციალისტი – ლია ქარელი – 555 10-20-31", "+995555102031", None),
        ("უფროსი სპეციალისტი | ლია ქარელი | 555 10-20-31 |", "+995555102031", None),
        ("უფროსი სპეციალისტი: ლია ქარელი, ტელ: 555 10 20 31", "+995555102031", None),
        ("უფროსი სპეციალისტი - ლია ქარელი", None, None),
        ("უფროსი სპეციალისტი - ლია ქარელი - 12-34", None, None),  # not a phone number
        ("უფროსი სპეციალისტი - ლია ქარელი - 555 10-20-31 - lia.kareli@city.example.ge",
         "+995555102031", "lia.kareli@city.example.ge"),
        ("უფროსი სპეციალისტი - ლია ქარელი - ელ-ფოსტა: lia.kareli@city.example.ge",
         None, "lia.kareli@city.example.ge"),
        ("უფროსი სპეციალისტი - ლია ქარელი - ტელ. 555 10 20 31, e-mail: lia@city.example.ge.",
         "+995555102031", "lia@city.example.ge"),
    ],
)
def test_phone_and_email_in_a_staff_line(line: str, phone: str | None, email: str | None) -> None:
    person = one_person(line)
    assert (person.name, person.position, person.phone, person.email) == (
        "ლია ქარელი", SPECIALIST, phone, email
    )


@pytest.mark.parametrize(
    ("position", "is_head"),
    [
        ("განყოფილების უფროსი", True),
        ("სამსახურის ხელმძღვანელი", True),
        ("სააგენტოს დირექტორი", True),
        ("უფროსი", True),
        ("განყოფილების უფროსის მოადგილე", False),
        ("განყოფილების უფროსის მოვალეობის შემსრულებელი", True),
        ("განყოფილების უფროსის მ/შ", True),
        ("უფროსი სპეციალისტი", False),
        ("უფროსი ინსპექტორი", False),
        ("მთავარი სპეციალისტი", False),
        ("", False),
    ],
)
def test_who_is_the_head_of_the_unit(position: str, is_head: bool) -> None:
    assert is_head_position(position) is is_head


def test_a_rank_line_before_a_person_gives_that_person_the_rank() -> None:
    unit = parse_unit_page(small_page(
        "I რანგი - პირველადი სტრუქტურული ერთეულის ხელმძღვანელი",
        "სამსახურის უფროსი - ლია ქარელი - 555 10-20-31",
        "უფროსი სპეციალისტი - ნინო მინდელი - 555 10-20-32",
    ))
    assert [(p.name, p.rank, p.is_head) for p in unit.staff] == [
        ("ლია ქარელი", "I რანგი", True),
        ("ნინო მინდელი", None, False),  # the rank line was for one person only
    ]


def test_a_person_without_a_position_takes_it_from_the_rank_line() -> None:
    unit = parse_unit_page(small_page(
        "II რანგი - მეორადი სტრუქტურული ერთეულის ხელმძღვანელი",
        "ლია ქარელი - 555 10-20-31",
    ))
    person = unit.staff[0]
    assert (person.position, person.rank, person.is_head) == (
        "მეორადი სტრუქტურული ერთეულის ხელმძღვანელი", "II რანგი", True
    )


def test_a_page_without_a_head_says_so() -> None:
    unit = parse_unit_page(small_page("უფროსი სპეციალისტი - ლია ქარელი"))
    assert unit.missing == ["head", "staff.0.phone"]


# Hotline, chrome, lists -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("hotline", "expected"),
    [
        ("ცხელი ხაზი : (0 431) 22 33 44", "+995431223344"),
        ("ცხელი ხაზი: +995 32 2 00 00 00", "+995322000000"),
        ("ცხელი ხაზი - 032 2 11 11 11", "+995322111111"),
        ("Hotline: 555 10-20-30", "+995555102030"),
        ("ცხელი ხაზი:\n(0 431) 22 33 44", "+995431223344"),
    ],
)
def test_hotline_forms(hotline: str, expected: str) -> None:
    unit = parse_unit_page(small_page("უფროსი - ლია ქარელი", hotline=hotline))
    assert unit.hotline == expected
    assert unit.name == "საცდელი განყოფილება"
    assert "hotline" not in unit.missing


def test_a_hotline_that_is_not_a_phone_number_is_reported_not_guessed() -> None:
    unit = parse_unit_page(small_page("უფროსი - ლია ქარელი", hotline="ცხელი ხაზი: 1505"))
    assert unit.hotline is None
    assert "hotline" in unit.missing
    assert unit.skipped == ["ცხელი ხაზი: 1505"]


@pytest.mark.parametrize(
    "chrome",
    [
        "მთავარი » სტრუქტურა » საცდელი განყოფილება",
        "Home > Structure > Test unit",
        "მთავარი",
        "Share",
        "ბეჭდვა",
        "•\u00a0",
        "© 2025 მთისძირის მერია",
        "\u200b",
    ],
)
def test_page_chrome_before_the_name_is_not_the_name(chrome: str) -> None:
    unit = parse_unit_page(chrome + "\n" + small_page("უფროსი - ლია ქარელი"))
    assert unit.name == "საცდელი განყოფილება"
    assert unit.skipped == []


def test_functions_without_a_heading_and_a_list_that_ends() -> None:
    unit = parse_unit_page("\n".join([
        "საცდელი განყოფილება",
        "- პირველი ფუნქცია;",
        "- მეორე ფუნქცია;",
        "უფროსი - ლია ქარელი - 555 10-20-31",
    ]))
    assert unit.functions == ["პირველი ფუნქცია", "მეორე ფუნქცია"]
    assert unit.missing == ["hotline"]


def test_a_plain_line_after_the_bullets_ends_the_functions() -> None:
    unit = parse_unit_page("\n".join([
        "საცდელი განყოფილება",
        "განყოფილების ფუნქციები:",
        "• პირველი ფუნქცია",
        "სტრუქტურა",
        "• ეს ფუნქცია აღარ არის",
        "უფროსი - ლია ქარელი - 555 10-20-31",
    ]))
    assert unit.functions == ["პირველი ფუნქცია"]
    assert unit.skipped == ["სტრუქტურა", "ეს ფუნქცია აღარ არის"]


def test_a_function_with_a_dash_and_a_year_is_not_a_person() -> None:
    unit = parse_unit_page(small_page("უფროსი - ლია ქარელი").replace(
        "საცდელი ფუნქციის შესრულება;",
        "მიღება - გაცილება, სტუმრების მასპინძლობა - 2024-2025 წლებში;",
    ))
    assert unit.functions == ["მიღება - გაცილება, სტუმრების მასპინძლობა - 2024-2025 წლებში"]
    assert [person.name for person in unit.staff] == ["ლია ქარელი"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\u00a0\n\r\n",
        "გააზიარე\nბეჭდვა",
        "საცდელი განყოფილება",
        "განყოფილება დადგენილი წესით უზრუნველყოფს:\n• ფუნქცია",
        "Lorem ipsum dolor sit amet.\nConsectetur adipiscing elit.",
    ],
)
def test_text_that_is_not_a_unit_page_is_refused(text: str) -> None:
    with pytest.raises(UnitImportError) as refused:
        parse_unit_page(text)
    assert refused.value.reason == "not_a_unit_page"
    assert "does not look like a unit page" in refused.value.message


# Phones ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("555 10-20-30", "+995555102030"),
        ("(0 431) 22 33 44", "+995431223344"),
        ("0 431 22 33 44", "+995431223344"),
        ("+995 32 2 00 00 00", "+995322000000"),
        ("032 2 11 11 11", "+995322111111"),
        ("+995 (555) 10 20 30", "+995555102030"),
        ("995555102030", "+995555102030"),
        ("", None),
        ("abc", None),
        ("12", None),
        ("1505", None),
        ("555 10 20", None),
        ("2024-2025", None),
        ("5" * 1000, None),
    ],
)
def test_normalise_phone(raw: str, e164: str | None) -> None:
    assert normalise_phone(raw) == e164


@pytest.mark.parametrize(
    ("e164", "local"),
    [
        ("+995555102030", "555 10 20 30"),
        ("+995431223344", "0431 22 33 44"),
        ("+995322111111", "032 211 11 11"),
        ("+12025550123", "+1 202-555-0123"),
        ("not a number", "not a number"),
    ],
)
def test_format_phone_local(e164: str, local: str) -> None:
    assert format_phone_local(e164) == local


# Uploads -----------------------------------------------------------------------------------


BAD_UPLOADS = {
    "empty": (b"", "page.txt", "empty"),
    "blank": (b"  \r\n\t ", "page.txt", "empty"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "page.txt", "binary"),
    "control characters": (bytes(range(1, 9)) * 20, "page.txt", "binary"),
    "utf-16 html": ("<p>ტესტი</p>".encode("utf-16"), "page.html", "binary"),
    "6 MB": (b"x" * (6 * 2**20), "page.txt", "too_large"),
    "latin-1": ("Café crème".encode("latin-1"), "page.txt", "not_utf8"),
    "latin-1 html without charset": (b"<p>Caf\xe9</p>", "page.htm", "not_utf8"),
    "junk docx": (b"this is not a zip archive", "page.docx", "bad_docx"),
    "zip that is not docx": (zip_of({"a.txt": b"hello"}), "page.docx", "bad_docx"),
    "docx bomb": (zip_of({"word/document.xml": b"\0" * (60 * 2**20)}), "page.docx",
                  "too_large"),
    "empty docx": (docx_bytes([]), "page.docx", "empty"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "page.pdf", "unsupported_type"),
    "old word": (b"\xd0\xcf\x11\xe0", "page.doc", "unsupported_type"),
    "no extension": (b"text", "page", "unsupported_type"),
}


@pytest.mark.parametrize(("data", "filename", "reason"), BAD_UPLOADS.values(), ids=BAD_UPLOADS)
def test_bad_files_are_refused_with_a_reason(data: bytes, filename: str, reason: str) -> None:
    with pytest.raises(UnitImportError) as refused:
        read_unit_upload(data, filename)
    error = refused.value
    assert error.reason == reason
    assert error.message and error.message != UnitImportError.default_message
    assert (error.status, error.code) == (422, "import_failed")
    assert error.as_json()["error"] == {
        "code": "import_failed", "message": error.message, "reason": reason
    }


def test_the_size_limit_is_five_megabytes() -> None:
    assert MAX_UPLOAD_BYTES == 5 * 2**20
    text = "ა" * ((MAX_UPLOAD_BYTES - 3) // 3)
    assert read_unit_upload(text.encode("utf-8"), "page.txt") == text


def test_an_unknown_type_is_named_in_the_message() -> None:
    with pytest.raises(UnitImportError, match=r"\.pdf"):
        read_unit_upload(b"%PDF-1.7", "C:\\Users\\lia\\Desktop\\page.PDF")


@pytest.mark.parametrize(
    "head",
    [
        b'<meta charset="windows-1252">',
        b"<META http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'>",
    ],
)
def test_a_saved_page_is_read_in_the_charset_it_declares(head: bytes) -> None:
    text = read_unit_upload(head + b"<p>Caf\xe9</p>", "page.html")
    assert text == "Café"


def test_a_declared_charset_that_does_not_fit_falls_back_to_utf8() -> None:
    data = '<meta charset="utf-16"><meta charset="nonsense"><p>ტესტი</p>'.encode()
    assert read_unit_upload(data, "page.html") == "ტესტი"


def test_html_lists_tables_and_line_breaks_become_lines() -> None:
    text = html_to_text(
        "<ul><li>ერთი</li><li><p>ორი</p></li></ul>"
        "<table><tr><td>უფროსი</td><td>ლია ქარელი</td></tr></table>"
        "<p>ა<br>ბ</p><pre>ხაზი\nხაზი</pre>"
    )
    assert text.splitlines() == [
        "• ერთი", "•", "ორი", "უფროსი\tლია ქარელი", "ა", "ბ", "ხაზი", "ხაზი"
    ]


# Robustness ---------------------------------------------------------------------------------
PAGE_PIECES = st.sampled_from([
    "ცხელი ხაზი : ", "Hotline:", "•", " • ", "- ", " - ", " – ", "|", ", ", ": ", ":",
    "\n", "\r\n", "\u00a0", "\u200b", "III რანგი", "IIრანგის", "I კატეგორიის", "4 კატეგორია",
    "უფროსი", "სპეციალისტი", "უფროსის მოადგილე", "მ/შ", "ხელმძღვანელი", "ვაკანსია",
    "უზრუნველყოფს:", "ფუნქციები:", "თანამშრომლები:", "ლია ქარელი", "ნ. მინდელი", "Ანა",
    "555 10-20-30", "(0 431) 22 33 44", "+995", "(0", "1505", "2024-2025", "@", "a@b.ge",
    "ტელ:", "ელ-ფოსტა:", "მთავარი / ", " » ", "გააზიარე", "©", "I", "V", "(", ")", "0",
])
page_like_text = st.lists(PAGE_PIECES | st.text(max_size=8), max_size=60).map("".join)


def parses_or_refuses(text: str) -> ParsedUnit | None:
    try:
        return parse_unit_page(text)
    except UnitImportError:
        return None


@settings(max_examples=300, deadline=timedelta(seconds=2))
@given(st.text() | page_like_text)
def test_any_text_parses_or_is_refused(text: str) -> None:
    unit = parses_or_refuses(text)
    if unit is not None:
        assert unit.name and len(unit.name) <= 300
        assert unit.functions or unit.staff
        for person in unit.staff:
            assert person.name
            assert person.phone is None or person.phone.startswith("+")


HTML_PIECES = st.sampled_from([
    "<ul>", "<li>", "</li>", "</ul>", "<p>", "</p>", "<br>", "<nav>", "</nav>", "<header>",
    "<main>", "<article>", "<footer>", "<script>", "</script>", "<style>", "<!--", "-->",
    "<table><tr><td>", "</td><td>", "&nbsp;", "&amp;", "<div class='breadcrumb'>", "</div>",
    "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?xml ?>", "<pre>", "<", ">", "=", "'", '"',
    "ცხელი ხაზი: 555 10-20-30", "საცდელი განყოფილება", "უფროსი - ლია ქარელი - 555 10-20-31",
])


@settings(max_examples=200, deadline=timedelta(seconds=2))
@given(
    st.binary(max_size=300)
    | st.lists(HTML_PIECES | st.text(max_size=6), max_size=40).map(lambda p: "".join(p).encode()),
    st.sampled_from(["page.txt", "page.html", "page.docx", "page.pdf", ""]),
)
def test_any_upload_reads_or_is_refused(data: bytes, filename: str) -> None:
    try:
        text = read_unit_upload(data, filename)
    except UnitImportError:
        return
    assert text.strip()
    parses_or_refuses(text)


@pytest.mark.parametrize(
    "text",
    [
        "1-" * 200_000,
        "-" * 400_000,
        ("I" * 50_000 + " რანგი ") * 4,
        "უფროსი - " * 50_000,
        "ა ა ა ა ა - " * 40_000,
        ("5" * 30 + " ") * 10_000,
        "a@" * 200_000,
        ("ლია ქარელი - 555 10-20-30\n" * 20_000),
        "• " * 200_000,
        "მთავარი / " * 50_000,
    ],
    ids=["digits and dashes", "dashes", "romans", "positions", "short words", "long numbers",
         "at signs", "many people", "bullets", "breadcrumb"],
)
def test_large_hostile_text_does_not_hang(text: str) -> None:
    started = time.perf_counter()
    parses_or_refuses(small_page("უფროსი - ლია ქარელი") + "\n" + text)
    parses_or_refuses(text)
    assert time.perf_counter() - started < 10


def test_a_text_of_thousands_of_lines_is_not_one_unit_page() -> None:
    people = [f"უფროსი სპეციალისტი - ლია ქარელი - 555 {n:06d}" for n in range(MAX_PAGE_LINES)]

    started = time.perf_counter()
    unit = parse_unit_page(small_page(*people[: MAX_PAGE_LINES - 10]))
    assert len(unit.staff) == MAX_PAGE_LINES - 10
    assert time.perf_counter() - started < 10

    with pytest.raises(UnitImportError) as refused:
        parse_unit_page(small_page(*people))
    assert refused.value.reason == "too_large"


def docx_with_body(body_xml: str) -> bytes:
    """A Word document whose body starts with the given XML: documents far larger than
    python-docx could write in a test's time."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes([])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = content.replace(b"<w:body>", b"<w:body>" + body_xml.encode(), 1)
            target.writestr(info.filename, content)
    return buffer.getvalue()


SLOW_UPLOADS = {
    "bare tags": (b"<p>a</p>" * (MAX_HTML_TAGS // 2 + 1), "page.html"),
    "paragraphs": (docx_with_body("<w:p><w:r><w:t>ა</w:t></w:r></w:p>" * (MAX_DOCX_LINES + 1)),
                   "page.docx"),
    "table rows": (docx_with_body(
        "<w:tbl>" + "<w:tr><w:tc><w:p/></w:tc></w:tr>" * (MAX_DOCX_LINES + 1) + "</w:tbl>"
    ), "page.docx"),
}


@pytest.mark.parametrize(("data", "filename"), SLOW_UPLOADS.values(), ids=SLOW_UPLOADS)
def test_files_made_of_too_many_elements_are_refused_quickly(data: bytes, filename: str) -> None:
    started = time.perf_counter()
    with pytest.raises(UnitImportError) as refused:
        read_unit_upload(data, filename)
    assert refused.value.reason == "too_large"
    assert time.perf_counter() - started < 10


def test_deeply_nested_html_is_read_in_linear_time() -> None:
    started = time.perf_counter()
    text = html_to_text("<div><header>x</header><span>ა" * 10_000)
    assert text.count("ა") == 10_000 and "x" not in text
    assert time.perf_counter() - started < 10
