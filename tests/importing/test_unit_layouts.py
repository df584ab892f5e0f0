"""Unit pages in the layouts other cities use: staff as tables, "cards" and inline lines,
ranks and categories in numerals or words, one head per unit, the phone formats people
write, saved pages full of site chrome, and documents that are not a unit page at all.

The pages in ``pages/`` are invented (the invented city of Mtisdziri, invented people and
numbers); Word documents are built here with python-docx.
"""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.importing.reader import html_to_text
from tracker.importing.unit_page import (
    ParsedStaff,
    UnitImportError,
    parse_unit_page,
    read_unit_upload,
)

from .test_unit_page import docx_bytes, one_person, small_page, to_mtavruli

PAGES = Path(__file__).parent / "pages"
PROTOCOLS = Path(__file__).parent / "protocols"
SPECIALIST = "უფროსი სპეციალისტი"


def upload(name: str):
    return parse_unit_page(read_unit_upload((PAGES / name).read_bytes(), name))


def people(unit) -> list[tuple]:
    return [(p.name, p.position, p.rank, p.category, p.phone, p.email, p.is_head)
            for p in unit.staff]


# Tables ------------------------------------------------------------------------------------
def test_a_saved_page_with_a_staff_table_and_all_its_chrome() -> None:
    text = read_unit_upload((PAGES / "finance_table.html").read_bytes(), "finance.html")
    for chrome in ("ქუქი", "GEO", "ENG", "იურიდიული სამსახური", "schema.org", "წარადგინა",
                   "ვინმე", "00 00 00", "©", "ვეთანხმები"):
        assert chrome not in text, chrome

    unit = parse_unit_page(text)

    assert unit.name == "ფინანსური სამსახური"
    assert unit.hotline == "+995431240050"  # "0 (431) 24 00 50"
    assert unit.functions == ["მუნიციპალიტეტის ბიუჯეტის პროექტის მომზადება",
                              "ბიუჯეტის შესრულების ანგარიშგება",
                              "შემოსავლებისა და ხარჯების აღრიცხვა."]
    assert people(unit) == [
        ("გურამ ხეობელი", "სამსახურის უფროსი", None, None, "+995599401001",
         "g.kheobeli@mtisdziri.example.ge", True),
        # A division's head inside the service is its staff, not a second head; her address
        # was saved behind the site's e-mail protection.
        ("მანანა წყალობაძე", "ბიუჯეტის განყოფილების უფროსი", None, None, "+995599401002",
         "m.tskalobadze@mtisdziri.example.ge", False),
        ("ირაკლი ფერდობიშვილი", SPECIALIST, "III რანგი", "I კატეგორია", "+995599401003",
         None, False),
        # "ელ-ფოსტა" is the link's text; the address is its mailto: target.
        ("სალომე ბარაქაშვილი", "მთავარი სპეციალისტი", "I რანგი", "II კატეგორია",
         "+995431240053", "s.baraqashvili@mtisdziri.example.ge", False),
    ]
    assert unit.missing == []
    assert unit.skipped == ["4 | ვაკანსია | მეოთხე რანგის მესამე კატეგორიის უმცროსი სპეციალისტი"]


def test_tab_separated_text_with_rank_and_category_columns() -> None:
    unit = upload("economy_table.txt")

    assert (unit.name, unit.hotline) == ("ეკონომიკური განვითარების სამსახური", "+995365272727")
    assert len(unit.functions) == 2
    assert people(unit) == [
        ("ვახტანგ მაღლაკელიძე", "სამსახურის უფროსი", "I რანგი", None, "+995595210051", None,
         True),
        ("ლიანა ბროწეულაძე", SPECIALIST, "III რანგი", "II კატეგორია", "+995595210052", None,
         False),
        ("გიგა ხორბალაძე", "მთავარი სპეციალისტი", "II რანგი", None, "+995365272728", None,
         False),  # "მეორე" under "რანგი"
    ]
    assert unit.skipped == ["უმცროსი სპეციალისტი | ვაკანტურია | IV | I"]


def test_a_word_table_with_a_header_row_and_a_vacancy() -> None:
    lines = ["ტრანსპორტის სამსახური", "ცხელი ხაზი: 0 431 22 33 40", "ფუნქციები:",
             "• მარშრუტების დაგეგმვა"]
    table = [
        ["№", "სახელი, გვარი", "თანამდებობა", "ტელეფონი", "ელ-ფოსტა"],
        ["1", "ზაზა ბილიკაძე", "სამსახურის უფროსი", "555 20-30-40", "z.bilikadze@city.example.ge"],
        ["2", "ვაკანსია", "უფროსი სპეციალისტი", "", ""],
        ["3", "ნია გზირიშვილი", "მესამე რანგის პირველი კატეგორიის უფროსი სპეციალისტი",
         "555 20-30-41", ""],
    ]

    unit = parse_unit_page(read_unit_upload(docx_bytes(lines, table), "transport.docx"))

    assert people(unit) == [
        ("ზაზა ბილიკაძე", "სამსახურის უფროსი", None, None, "+995555203040",
         "z.bilikadze@city.example.ge", True),
        ("ნია გზირიშვილი", SPECIALIST, "III რანგი", "I კატეგორია", "+995555203041", None,
         False),
    ]
    assert "სახელი, გვარი" not in " ".join(p.name for p in unit.staff)


def test_a_table_cell_with_line_breaks_is_read_as_fields_of_its_row() -> None:
    text = html_to_text(
        "<table><tr><th>თანამშრომელი</th><th>კონტაქტი</th></tr>"
        "<tr><td><b>ლია ქარელი</b><br>სამსახურის უფროსი, I რანგი</td>"
        "<td>599 10 20 30<br>l.kareli@city.example.ge</td></tr></table>"
    )
    assert text.splitlines()[1] == ("ლია ქარელი\tსამსახურის უფროსი, I რანგი\t599 10 20 30\t"
                                    "l.kareli@city.example.ge")
    unit = parse_unit_page(small_page(*text.splitlines()))
    assert people(unit) == [("ლია ქარელი", "სამსახურის უფროსი", "I რანგი", None,
                             "+995599102030", "l.kareli@city.example.ge", True)]


def test_a_table_used_for_page_layout_keeps_its_lines() -> None:
    long_cell = "<p>" + "ფუნქციის აღწერა " * 30 + "</p><p>მეორე აბზაცი</p>"
    text = html_to_text(f"<table><tr><td>{long_cell}</td><td><p>მენიუ</p></td></tr></table>")
    assert "მეორე აბზაცი" in text.splitlines()


# Cards ---------------------------------------------------------------------------------------
def test_staff_as_cards_in_a_saved_page() -> None:
    unit = upload("youth_cards.html")

    assert unit.name == "ახალგაზრდობისა და სპორტის განყოფილება"  # written in Mtavruli
    assert unit.hotline is None  # the site's hotline is in its footer, not the unit's
    assert len(unit.functions) == 3
    assert people(unit) == [
        ("თეონა მდინარაძე", "განყოფილების უფროსი", None, None, "+995577302010",
         "t.mdinaradze@mtisdziri.example.ge", True),
        ("ლუკა ქვიშაძე", "მთავარი სპეციალისტი", "II რანგი", "I კატეგორია", "+995577302011",
         None, False),
        # a "tel:" link that says "დარეკვა", an address written "[at]"
        ("ანი ჭალელი", "სპეციალისტი", None, None, "+995577302012",
         "a.chaleli@mtisdziri.example.ge", False),
    ]
    assert unit.missing == ["hotline"]
    assert unit.skipped == []  # a language switch and a list of news in plain elements


def test_cards_in_text_with_city_numbers_and_sub_units() -> None:
    unit = upload("district_cards.txt")

    assert unit.name == "ქვედა უბნის გამგეობა"
    assert unit.hotline == "+995322501100"
    assert people(unit) == [
        # "2 50 11 22": seven digits, the area code (32) comes from the hotline
        ("ლევან სერთაშვილი", "გამგებელი", None, None, "+995322501122", None, True),
        ("ნანა ბაღდავაძე", "გამგებლის მოადგილე", None, None, "+995322501123",
         "n.baghdavadze@mtisdziri.example.ge", False),
        ("ოთარ წისქვილაძე", "განყოფილების უფროსი", None, None, "+995322501124", None, False),
        ("მაია ნაკადულაშვილი", SPECIALIST, "III რანგი", "II კატეგორია", "+995599123460", None,
         False),
    ]
    # The sub-units' headings are kept for the review, not taken for people.
    assert unit.skipped == ["ინფრასტრუქტურის განყოფილება", "მოქალაქეთა მომსახურების ცენტრი"]


def card_docx(title: str, cards: list[list[str]]) -> bytes:
    """A Word page whose staff are paragraphs with manual line breaks (Shift+Enter)."""
    document = Document()
    document.add_paragraph(title)
    document.add_paragraph("განყოფილების ფუნქციები:")
    document.add_paragraph("ღონისძიებების კალენდრის შედგენა", style="List Number")
    document.add_paragraph("თანამშრომლები")
    for card in cards:
        paragraph = document.add_paragraph(card[0])
        for line in card[1:]:
            paragraph.add_run().add_break()
            paragraph.add_run(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_cards_in_a_word_document_with_line_breaks_and_a_mtavruli_title() -> None:
    data = card_docx(to_mtavruli("კულტურის განყოფილება"), [
        ["ქეთი ლეკიშვილი", "განყოფილების უფროსი", "ტელ.: 599 33 00 01",
         "ელ-ფოსტა: k.lekishvili@city.example.ge"],
        ["მეორე რანგის მოხელე", "მთავარი სპეციალისტი", "დავით ჭიაურელი", "599 33-00-02"],
        ["გიორგი ხევსური", "მესამე რანგის პირველი კატეგორიის", "უფროსი სპეციალისტი",
         "+995 599 33 00 03"],
    ])

    unit = parse_unit_page(read_unit_upload(data, "culture.docx"))

    assert unit.name == "კულტურის განყოფილება"
    assert unit.functions == ["ღონისძიებების კალენდრის შედგენა"]
    assert people(unit) == [
        ("ქეთი ლეკიშვილი", "განყოფილების უფროსი", None, None, "+995599330001",
         "k.lekishvili@city.example.ge", True),
        ("დავით ჭიაურელი", "მთავარი სპეციალისტი", "II რანგი", None, "+995599330002", None,
         False),
        ("გიორგი ხევსური", SPECIALIST, "III რანგი", "I კატეგორია", "+995599330003", None,
         False),
    ]


# The same three people in the ways saved pages lay out a card.
CARD_PEOPLE = [
    ("ნოდარ ხიდაშელი", "სამსახურის უფროსი", "I რანგი", "595 21 00 61",
     "n.khidasheli@city.example.ge"),
    ("ეთერ ბაღაშვილი", "III რანგის II კატეგორიის უფროსი სპეციალისტი", "", "595 21 00 62",
     "e.baghashvili@city.example.ge"),
    ("ზაზა ტყეშელაშვილი", "IV რანგის I კატეგორიის უმცროსი სპეციალისტი", "", "595 21 00 63", ""),
]
CARD_LAYOUTS = {
    "divs": "<div class='person'><h3>{n}</h3><p>{p} {r}</p><p>ტელ: {t}</p><p>ელ-ფოსტა: {e}</p>"
            "</div>",
    "line breaks": "<p><strong>{n}</strong><br>{p}, {r}<br>ტელ.: {t}<br>ელ. ფოსტა: {e}</p>",
    "position first": "<div><p>{r} {p}</p><h4>{n}</h4><p><a href='tel:{t}'>{t}</a></p>"
                      "<p><a href='mailto:{e}'>ელ-ფოსტა</a></p></div>",
    "list items": "<ul class='staff-list'><li><div>{n}</div><div>{p}, {r}</div><div>{t}</div>"
                  "<div>{e}</div></li></ul>",
    "definition list": "<dl><dt>{n}</dt><dd>{p}, {r}</dd><dd>ტელ: {t}</dd><dd>{e}</dd></dl>",
    "labels and values": "<p>სახელი, გვარი: {n}</p><p>თანამდებობა: {p} {r}</p>"
                         "<p>ტელეფონი: {t}</p><p>ელ-ფოსტა: {e}</p><hr>",
    "label cells": "<table><tr><td>სახელი, გვარი:</td><td>{n}</td></tr><tr><td>თანამდებობა:"
                   "</td><td>{p} {r}</td></tr><tr><td>ტელეფონი:</td><td>{t}</td></tr>"
                   "<tr><td>ელ-ფოსტა:</td><td>{e}</td></tr></table>",
    "labels above values": "<dl><dt>სახელი:</dt><dd>{n}</dd><dt>თანამდებობა:</dt><dd>{p} {r}"
                           "</dd><dt>ტელეფონი:</dt><dd>{t}</dd><dt>ელ-ფოსტა:</dt><dd>{e}</dd>"
                           "</dl>",
    "contacts first": "<div><p>{t}</p><p>{e}</p><h3>{n}</h3><p>{p} {r}</p></div>",
    "icons": "<div class='col'><p>{n}</p><p>{p}</p><p>{r}</p><p>☎ {t}</p><p>✉ {e}</p></div>",
    "contact line": "<p><strong>{n}</strong> – {p} {r}<br>ტელ: {t} · ელ-ფოსტა: {e}</p>",
    "civil servant": "<div><p>{p}</p><p>{r} მოხელე</p><p>{n}</p><p>{t}</p><p>{e}</p></div>",
}


@pytest.mark.parametrize("layout", CARD_LAYOUTS.values(), ids=CARD_LAYOUTS)
def test_cards_in_the_layouts_of_saved_pages(layout: str) -> None:
    cards = "".join(layout.format(n=n, p=p, r=r, t=t, e=e) for n, p, r, t, e in CARD_PEOPLE)
    page = ("<main><h1>ეკონომიკური განვითარების სამსახური</h1><h2>ფუნქციები</h2><ul>"
            "<li>ინვესტიციების მოზიდვა</li></ul><h2>თანამშრომლები</h2>" + cards + "</main>")

    unit = parse_unit_page(read_unit_upload(page.encode(), "economy.html"))

    assert people(unit) == [
        ("ნოდარ ხიდაშელი", "სამსახურის უფროსი", "I რანგი", None, "+995595210061",
         "n.khidasheli@city.example.ge", True),
        ("ეთერ ბაღაშვილი", SPECIALIST, "III რანგი", "II კატეგორია", "+995595210062",
         "e.baghashvili@city.example.ge", False),
        ("ზაზა ტყეშელაშვილი", "უმცროსი სპეციალისტი", "IV რანგი", "I კატეგორია",
         "+995595210063", None, False),
    ]
    assert unit.functions == ["ინვესტიციების მოზიდვა"]


def test_two_lines_of_a_function_list_are_not_a_card() -> None:
    unit = parse_unit_page("\n".join([
        "საცდელი სამსახური",
        "სამსახურის ფუნქციები:",
        "ბიუჯეტის შესრულება",
        "სპეციალისტების გადამზადება",
        "თანამშრომლები:",
        "ლია ქარელი",
        "სამსახურის უფროსი",
    ]))
    assert unit.functions == ["ბიუჯეტის შესრულება", "სპეციალისტების გადამზადება"]
    assert people(unit) == [("ლია ქარელი", "სამსახურის უფროსი", None, None, None, None, True)]


def test_a_phone_and_e_mail_on_the_line_after_a_person_are_theirs() -> None:
    unit = parse_unit_page(small_page(
        "ლია ქარელი – სამსახურის უფროსი",
        "ტელ: 599 10 20 30 | ელ-ფოსტა: l.kareli@city.example.ge",
        "ნინო მინდელი – უფროსი სპეციალისტი",
        "599 10 20 31",
    ))
    assert [(p.name, p.phone, p.email) for p in unit.staff] == [
        ("ლია ქარელი", "+995599102030", "l.kareli@city.example.ge"),
        ("ნინო მინდელი", "+995599102031", None),
    ]


def test_a_heading_that_names_a_post_gives_it_to_a_civil_servant_under_it() -> None:
    unit = parse_unit_page(small_page(
        "სამსახურის უფროსი:",
        "I რანგის მოხელე - ლია ქარელი - 599 10 20 30",
        "უფროსი სპეციალისტები:",
        "III რანგის მოხელე - ნინო მინდელი - 599 10 20 31",
    ))
    assert [(p.name, p.position, p.rank, p.is_head) for p in unit.staff] == [
        ("ლია ქარელი", "სამსახურის უფროსი", "I რანგი", True),
        ("ნინო მინდელი", "მოხელე", "III რანგი", False),  # a plural heading names no post
    ]


# Inline ------------------------------------------------------------------------------------
def test_inline_staff_with_rank_lines_labels_and_a_local_number() -> None:
    unit = upload("procurement_inline.txt")

    assert unit.name == "სახელმწიფო შესყიდვების სამსახური"
    assert unit.hotline == "+995422241200"
    assert len(unit.functions) == 3
    assert people(unit) == [
        ("გელა კლდიაშვილი", "სამსახურის უფროსი", "I რანგი", None, "+995599123456", None,
         True),
        ("ეკა ტყემალაძე", "შესყიდვების დაგეგმვის განყოფილების უფროსი", "II რანგი", None,
         "+995599123457", None, False),
        # "24 12 34": six digits, the area code (422) comes from the hotline
        ("ზურაბ ნაძვიშვილი", SPECIALIST, "III რანგი", "I კატეგორია", "+995422241234", None,
         False),
        ("თამთა ვენახიძე", "უმცროსი სპეციალისტი", "IV რანგი", "III კატეგორია",
         "+995577123456", "t.venakhidze@mtisdziri.example.ge", False),
    ]
    assert unit.skipped == ["II რანგის მეორე კატეგორიის უფროსი სპეციალისტი - ვაკანსია"]


# Ranks and categories ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("position", "rank", "category"),
    [
        ("მესამე რანგის პირველი კატეგორიის უფროსი სპეციალისტი", "III რანგი", "I კატეგორია"),
        ("I რანგის პირველი კატეგორიის უფროსი სპეციალისტი", "I რანგი", "I კატეგორია"),
        ("მეოთხე რანგის მეორე კატეგორიის უფროსი სპეციალისტი", "IV რანგი", "II კატეგორია"),
        ("მეორე რანგის უფროსი სპეციალისტი", "II რანგი", None),
        ("პირველი კატეგორიის უფროსი სპეციალისტი", None, "I კატეგორია"),
        ("უფროსი სპეციალისტი (რანგი: III, კატეგორია: II)", "III რანგი", "II კატეგორია"),
        ("3-ე რანგის 1-ლი კატეგორიის უფროსი სპეციალისტი", "III რანგი", "I კატეგორია"),
        ("მე-4 რანგის უფროსი სპეციალისტი", "IV რანგი", None),
        ("უფროსი სპეციალისტი", None, None),
    ],
)
def test_ranks_and_categories_in_numerals_or_words(position: str, rank: str | None,
                                                   category: str | None) -> None:
    person = one_person(f"{position} - ლია ქარელი - 599 10 20 30")
    assert (person.position.strip(" ()"), person.rank, person.category) == (
        SPECIALIST, rank, category)


def test_a_rank_in_words_on_the_line_above_the_person() -> None:
    unit = parse_unit_page(small_page(
        "მესამე რანგის პირველი კატეგორიის უფროსი სპეციალისტი",
        "ლია ქარელი - 599 10 20 30",
    ))
    assert people(unit) == [("ლია ქარელი", SPECIALIST, "III რანგი", "I კატეგორია",
                             "+995599102030", None, False)]


# Phones ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phone", "hotline", "e164"),
    [
        ("(0 422) 24 12 34", None, "+995422241234"),
        ("+995 599 12 34 56", None, "+995599123456"),
        ("577123456", None, "+995577123456"),
        ("599 12-34-56", None, "+995599123456"),
        ("0 (439) 22 33 00", None, "+995439223300"),
        ("0 365 27 27 27", None, "+995365272727"),
        ("2 50 11 22", "032 2 50 11 00", "+995322501122"),
        ("24 12 34", "(0 422) 24 12 00", "+995422241234"),
        # Without a city number on the page the area code is unknown: missing, not guessed.
        ("2 50 11 22", None, None),
        ("2 50 11 22", "555 10 20 30", None),
    ],
)
def test_phone_formats(phone: str, hotline: str | None, e164: str | None) -> None:
    page = small_page(f"უფროსი სპეციალისტი - ლია ქარელი - {phone}",
                      hotline=f"ცხელი ხაზი: {hotline}" if hotline else "")
    unit = parse_unit_page(page)
    assert unit.staff[0].phone == e164
    assert ("staff.0.phone" in unit.missing) is (e164 is None)


# One head ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("unit_name", "positions", "head"),
    [
        ("ფინანსური სამსახური",
         ["ბიუჯეტის განყოფილების უფროსი", "სამსახურის უფროსი"], 1),
        ("ფინანსური სამსახური",
         ["სამსახურის უფროსი", "ხაზინის განყოფილების უფროსი", "აღრიცხვის განყოფილების უფროსი"],
         0),
        ("ბიუჯეტის განყოფილება", ["სექტორის უფროსი", "განყოფილების უფროსი"], 1),
        ("ქვედა უბნის გამგეობა", ["გამგებელი", "განყოფილების უფროსი"], 0),
        ("იურიდიული სამსახური",
         ["მეორადი სტრუქტურული ერთეულის ხელმძღვანელი",
          "პირველადი სტრუქტურული ერთეულის ხელმძღვანელი"], 1),
        ("იურიდიული სამსახური",
         ["სამსახურის უფროსის მოადგილე", "სამსახურის უფროსის მ/შ"], 1),
    ],
)
def test_one_head_per_unit(unit_name: str, positions: list[str], head: int) -> None:
    page = small_page(*(f"{position} - ლია ქარელი{n} - 599 10 20 3{n}".replace(
        f"ქარელი{n}", ["ქარელი", "მინდელი", "ბერიძე"][n]) for n, position in
        enumerate(positions))).replace("საცდელი განყოფილება", unit_name)
    unit = parse_unit_page(page)
    assert unit.name == unit_name
    assert [person.is_head for person in unit.staff] == [n == head for n in range(len(positions))]


def test_the_units_own_hotline_wins_over_the_sites_top_bar_and_footer() -> None:
    page = "\n".join([
        "ცხელი ხაზი: 032 2 50 11 00",
        "საცდელი განყოფილება",
        "ცხელი ხაზი: 032 2 50 11 77",
        "განყოფილება დადგენილი წესით უზრუნველყოფს:",
        " • საცდელი ფუნქციის შესრულება;",
        "თანამშრომლები:",
        "უფროსი - ლია ქარელი - 599 10 20 30",
        "ცხელი ხაზი: 032 2 50 11 99",
    ])
    assert parse_unit_page(page).hotline == "+995322501177"
    assert parse_unit_page(small_page("უფროსი - ლია ქარელი - 599 10 20 30")
                           + "\nცხელი ხაზი: 032 2 50 11 99").hotline == "+995555102030"


# Not a unit page ---------------------------------------------------------------------------
def test_a_meeting_protocol_is_refused_as_not_a_unit_page() -> None:
    data = (PROTOCOLS / "napiri_07.txt").read_bytes()
    for text in (data.decode(), to_mtavruli(data.decode())):
        with pytest.raises(UnitImportError) as refused:
            parse_unit_page(text)
        assert refused.value.reason == "not_a_unit_page"
        assert "protocol of a meeting" in refused.value.message


def test_a_news_article_is_refused_as_not_a_unit_page() -> None:
    with pytest.raises(UnitImportError) as refused:
        upload("news_article.txt")
    assert refused.value.reason == "not_a_unit_page"
    assert "news article" in refused.value.message


VACANCY = """ბროლეთის მუნიციპალიტეტის მერია
ვაკანსია: ზედამხედველობის სამსახურის მთავარი სპეციალისტი
მერია აცხადებს ღია კონკურსს ვაკანტურ თანამდებობაზე.
საკვალიფიკაციო მოთხოვნები:
 • უმაღლესი განათლება;
 • სამუშაო გამოცდილება არანაკლებ 2 წელი;
 • კომპიუტერული პროგრამების ცოდნა.
ფუნქციები:
 • მშენებლობების მონიტორინგი;
 • მოქალაქეთა განცხადებების განხილვა.
თანამდებობრივი სარგო: 1800 ლარი.
დაინტერესებულმა პირებმა რეზიუმე გამოგზავნონ 20/03/2026-მდე.
საკონტაქტო პირი: ლია ქარელი - 599 10 20 30
"""


def test_a_job_vacancy_announcement_is_refused_as_not_a_unit_page() -> None:
    with pytest.raises(UnitImportError) as refused:
        parse_unit_page(VACANCY)
    assert refused.value.reason == "not_a_unit_page"
    assert "vacancy" in refused.value.message


def test_a_human_resources_unit_that_announces_vacancies_is_still_a_unit() -> None:
    unit = parse_unit_page(small_page("უფროსი - ლია ქარელი - 599 10 20 30").replace(
        "საცდელი ფუნქციის შესრულება;",
        "ვაკანსიების გამოცხადება;\n • საჯარო სამსახურში კონკურსის ჩატარება;"))
    assert [person.name for person in unit.staff] == ["ლია ქარელი"]


def test_a_unit_that_keeps_protocols_is_still_a_unit() -> None:
    unit = parse_unit_page(small_page("უფროსი - ლია ქარელი - 599 10 20 30").replace(
        "საცდელი ფუნქციის შესრულება;",
        "საკრებულოს სხდომების ოქმების მომზადება;\n • დღის წესრიგის პროექტის შედგენა;"))
    assert len(unit.functions) == 2


# Saved pages -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "chrome",
    [
        '<div class="cookie-consent">ქუქი-ფაილები</div>',
        '<div id="gdpr-banner">ვეთანხმები პირობებს</div>',
        '<ul class="language-switcher"><li>ქართ</li><li>English</li></ul>',
        '<div class="widget news-list"><p>ახალი ამბავი</p></div>',
        '<div role="complementary">გვერდითი ზოლი</div>',
        '<div role="navigation">ნავიგაცია</div>',
        '<div hidden>დამალული</div>',
        '<div aria-hidden="true">დამალული</div>',
        '<div class="sidebar-left">გვერდითი ზოლი</div>',
        '<script type="application/ld+json">{"name": "JSON-LD"}</script>',
        "<p>GEO | ENG | RUS</p>",
    ],
)
def test_site_chrome_is_not_read(chrome: str) -> None:
    page = ("<main><h1>საცდელი განყოფილება</h1>" + chrome + "<p>ფუნქციები:</p><ul><li>ფუნქცია"
            "</li></ul><p>უფროსი - ლია ქარელი - 599 10 20 30</p></main>")
    unit = parse_unit_page(read_unit_upload(page.encode(), "page.html"))
    assert unit.name == "საცდელი განყოფილება"
    assert unit.skipped == []
    assert len(unit.staff) == 1 and unit.functions == ["ფუნქცია"]


def test_the_unit_name_is_the_unit_not_the_city_above_it() -> None:
    unit = parse_unit_page("მთისძირის მუნიციპალიტეტის მერია\n" + small_page(
        "უფროსი - ლია ქარელი - 599 10 20 30"))
    assert unit.name == "საცდელი განყოფილება"
    assert unit.skipped == ["მთისძირის მუნიციპალიტეტის მერია"]


# Robustness ------------------------------------------------------------------------------
CARD_PIECES = st.sampled_from([
    "ლია ქარელი", "ნინო მინდელი", "განყოფილების უფროსი", "სამსახურის უფროსი", "უფროსი",
    SPECIALIST, "მესამე რანგის", "I კატეგორიის", "II რანგი", "მოხელე", "ტელ:", "ელ-ფოსტა:",
    "599 10 20 30", "2 50 11 22", "24 12 34", "a@b.ge", "ვაკანსია", "თანამშრომლები:",
    "ფუნქციები:", "სიახლეები", "12.03.2025", "ოქმი N5", "დღის წესრიგი:", "\t", " - ", ", ",
])
cards_text = st.lists(st.lists(CARD_PIECES, min_size=1, max_size=4).map(" ".join),
                      max_size=40).map("\n".join)


@settings(max_examples=300, deadline=timedelta(seconds=2))
@given(cards_text, st.sampled_from(["", "ცხელი ხაზი: 032 2 50 11 00"]))
def test_any_staff_block_parses_to_at_most_one_head_or_is_refused(text: str,
                                                                  hotline: str) -> None:
    try:
        unit = parse_unit_page(f"{hotline}\nსაცდელი სამსახური\n{text}")
    except UnitImportError as refused:
        assert refused.reason in {"not_a_unit_page", "too_large"}
        return
    assert sum(person.is_head for person in unit.staff) <= 1
    for person in unit.staff:
        assert isinstance(person, ParsedStaff) and person.name
        assert person.phone is None or person.phone.startswith("+995")
        assert person.rank is None or person.rank.endswith(" რანგი")
        assert person.category is None or person.category.endswith(" კატეგორია")


def test_a_council_commission_listing_its_chair_and_secretary_is_a_unit() -> None:
    unit = parse_unit_page(small_page(
        "თავმჯდომარე - ლია ქარელი - 599 10 20 30",
        "მდივანი - ნინო მინდელი - 599 10 20 31",
    ).replace("საცდელი განყოფილება", "საფინანსო-საბიუჯეტო კომისია"))
    assert [person.name for person in unit.staff] == ["ლია ქარელი", "ნინო მინდელი"]
