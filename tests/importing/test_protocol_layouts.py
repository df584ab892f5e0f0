"""The protocol grammar on the layouts issue 9 lists, one fixture (or one variation) each.

The fixtures under ``protocols/`` (cities "ვარსკვლავეთი" and "ნისლეული", invented people
and organisations) are written for these tests: a letter-spaced Mtavruli heading with votes in
the მოისმინეს / გადაწყვიტეს layout and initials in the signatures (varskvlaveti_03), times in a
sentence, officers by their verbs, attendees in prose and by organisation, absences and action
items (varskvlaveti_04), pasted text with a BOM, CRLF and a non-breaking space, bullets and
inline responsibles (varskvlaveti_12), a protocol laid out in tables (nisleuli_07), a date in
a sentence and remote attendees under a heading (nisleuli_08), and a news article about a
sitting, which is not a protocol.
"""

from __future__ import annotations

import io
import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.importing.minutes import (
    ParsedActionItem,
    ParsedProtocol,
    ProtocolImportError,
    find_time,
    parse_protocol,
    read_protocol_upload,
)

PROTOCOLS = Path(__file__).parent / "protocols"


def load(name: str) -> str:
    return read_protocol_upload((PROTOCOLS / name).read_bytes(), name)


def people(protocol: ParsedProtocol) -> list[tuple[object, ...]]:
    return [(a.name, a.organisation, a.kind, a.status, a.remote) for a in protocol.attendees]


# Headings, dates, times --------------------------------------------------------------------

def docx_with_table(before: list[str], rows: list[list[str]], after: list[str]) -> bytes:
    """A Word document: paragraphs, one table of ``rows``, paragraphs."""
    document = Document()
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for text in after:
        document.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()

def test_letter_spaced_mtavruli_heading_minutes_times_and_votes_kept_with_decisions() -> None:
    protocol = parse_protocol(load("varskvlaveti_03.txt"))

    assert protocol.number == 3  # "ს ხ დ ო მ ი ს   ო ქ მ ი   № 3"
    assert protocol.group_name == "ვარსკვლავეთის მუნიციპალიტეტის ღია მმართველობის საბჭოს"
    assert (protocol.place, protocol.date) == ("ქ. ვარსკვლავეთი", date(2017, 2, 2))
    assert (protocol.start_time, protocol.end_time) == (time(10, 30), time(12, 15))
    assert (protocol.chair, protocol.chair_position) == ("თამარ ცისკარიძე", "საბჭოს თავმჯდომარე")
    assert (protocol.secretary, protocol.secretary_position) == (
        "ლევან ღრუბელაძე", "მერიის ადმინისტრაციის უფროსი სპეციალისტი")
    assert people(protocol) == [
        ("ნინო ვარსკვლავაძე", "მერიის საფინანსო სამსახური", "government", "present", False),
        ("გოჩა მთვარიშვილი", "„ღია ქუჩის ასოციაცია“", "civil_society", "present", False),
        ("ეთერ ნისლიანი", "ადგილობრივი დემოკრატიის პროგრამა (UNDP)", "donor", "present", False),
    ]
    assert protocol.agenda == ["ბიუჯეტის შესრულების ანგარიში", "საჯარო შეხვედრების განრიგი"]
    assert protocol.decisions == [
        "ანგარიში გამოქვეყნდეს მერიის ვებგვერდზე. მომხრე - 7, წინააღმდეგი - 1",
        "შეხვედრები ჩატარდეს ყოველ კვარტალში (ერთხმად). მიღებულია ერთხმად",
    ]
    assert protocol.signatures == ["თ. ცისკარიძე", "ლ. ღრუბელაძე"]  # initials, not attendees
    assert protocol.missing == ["authority"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("02/02/2017", date(2017, 2, 2)),
        ("15.03.2018", date(2018, 3, 15)),
        ("2019 წლის 14 მარტი", date(2019, 3, 14)),
        ("14 მარტი, 2019 წ.", date(2019, 3, 14)),
        ("2019 წ. 14 მარტს", date(2019, 3, 14)),
    ],
)
def test_heading_dates(written: str, expected: date) -> None:
    text = load("varskvlaveti_03.txt").replace("02/02/2017", written)
    assert parse_protocol(text).date == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("14:00", "15:45", (time(14), time(15, 45))),
        ("14:00საათი", "15:45 საათი", (time(14), time(15, 45))),
        ("11:00 სთ", "12.00", (time(11), time(12))),
        ("10 სთ 30 წთ", "12 სთ 15 წთ", (time(10, 30), time(12, 15))),
        ("10 საათი და 5 წუთი", "12 საათზე", (time(10, 5), time(12))),
        ("15:00 საათზე", "17:30 საათზე", (time(15), time(17, 30))),
        # minutes that cannot be read leave the time empty, never on the hour
        ("10 სთ 30", "12 სთ 15", (None, None)),
    ],
)
def test_times(start: str, end: str, expected: tuple[time | None, time | None]) -> None:
    text = load("varskvlaveti_03.txt").replace("10 სთ 30 წთ", start).replace("12 სთ 15 წთ", end)
    protocol = parse_protocol(text)
    assert (protocol.start_time, protocol.end_time) == expected
    for name, value in zip(("start_time", "end_time"), expected, strict=True):
        assert (name in protocol.missing) == (value is None)


@pytest.mark.parametrize(
    "sentence",
    [
        "სხდომა გაიხსნა 15:00 საათზე და დასრულდა 17:30 საათზე.",
        "სხდომა დაიწყო 15 სთ-ზე, დაიხურა 17 სთ 30 წთ-ზე.",
        "სხდომის დრო: 15:00 – 17:30",
    ],
)
def test_start_and_end_in_one_sentence(sentence: str) -> None:
    text = load("varskvlaveti_04.txt").replace(
        "სხდომა გაიხსნა 15:00 საათზე და დასრულდა 17:30 საათზე.", sentence)
    protocol = parse_protocol(text)
    assert (protocol.start_time, protocol.end_time) == (time(15), time(17, 30))


@pytest.mark.parametrize(
    ("heading", "number"),
    [("ოქმი N5", 5), ("ოქმი №7", 7), ("ოქმი #12", 12), ("ო ქ მ ი № 2", 2),
     ("ᲡᲮᲓᲝᲛᲘᲡ ᲝᲥᲛᲘ № 9", 9), ("სხდომის ოქმი", None)],
)
def test_heading_numbers(heading: str, number: int | None) -> None:
    text = load("varskvlaveti_04.txt").replace(
        "სამუშაო ჯგუფის სხდომის ოქმი N4", f"სამუშაო ჯგუფის\n{heading}")
    protocol = parse_protocol(text)
    assert protocol.number == number
    assert protocol.group_name == "ვარსკვლავეთის მუნიციპალიტეტის ღია მმართველობის სამუშაო ჯგუფის"
    assert ("number" in protocol.missing) == (number is None)


def test_a_date_in_a_sentence_takes_its_year_from_the_heading_and_is_marked_uncertain() -> None:
    protocol = parse_protocol(load("nisleuli_08.txt"))
    assert protocol.number == 8
    assert protocol.group_name == (
        "ნისლეულის მუნიციპალიტეტის საკრებულოსთან არსებული ღია მმართველობის საბჭო")
    assert protocol.date == date(2020, 4, 11)  # "… 11 აპრილს", the year on a line of its own
    assert protocol.uncertain == ["date"]
    assert (protocol.start_time, protocol.end_time) == (time(11), time(12, 15))


# People ---------------------------------------------------------------------------------------
def test_officers_by_their_verbs_attendees_in_prose_absent_and_excused() -> None:
    protocol = parse_protocol(load("varskvlaveti_04.txt"))

    assert (protocol.chair, protocol.chair_position) == ("ზურაბ ელვაშვილი", "მერის მოადგილე")
    assert (protocol.secretary, protocol.secretary_position) == (
        "მაია ცვარაძე", "მერიის სპეციალისტი")
    assert people(protocol) == [
        # "organisation: name, name"
        ("ბექა ქარიშხალაძე", "მერიის იურიდიული სამსახური", "government", "present", False),
        ("ნატო თოვლაძე", "მერიის იურიდიული სამსახური", "government", "present", False),
        # "name (organisation), name (organisation) და name (remote)"
        ("დარეჯან ზღვაძე", "„მწვანე ველის კლუბი“", "civil_society", "present", False),
        ("ირაკლი მდინარაძე", "ევროკავშირის წარმომადგენლობა", "donor", "present", False),
        ("სოფო ტალღაძე", None, "other", "present", True),
        ("გიორგი ქვიშაშვილი", "მერიის ეკონომიკის სამსახური", "government", "excused", False),
        ("ლალი ნაკადულიძე", None, "other", "absent", False),
    ]
    assert protocol.signatures == ["ზურაბ ელვაშვილი", "მაია ცვარაძე"]


@pytest.mark.parametrize(
    "written",
    [
        "სხდომის თავმჯდომარე: მერის მოადგილე - ზურაბ ელვაშვილი",
        "სხდომის თავმჯდომარე: ზურაბ ელვაშვილი, მერის მოადგილე",
        "სხდომის თავმჯდომარე:\nმერის მოადგილე ზურაბ ელვაშვილი.",
        "სხდომას უძღვებოდა მერის მოადგილე ზურაბ ელვაშვილი.",
        "თავმჯდომარე\tზურაბ ელვაშვილი (მერის მოადგილე)",
    ],
)
def test_chair_layouts(written: str) -> None:
    text = load("varskvlaveti_04.txt").replace(
        "სხდომას თავმჯდომარეობდა მერის მოადგილე ზურაბ ელვაშვილი, ოქმს აწარმოებდა მერიის "
        "სპეციალისტი მაია ცვარაძე.", f"{written}\nოქმს აწარმოებდა: მაია ცვარაძე")
    protocol = parse_protocol(text)
    assert (protocol.chair, protocol.chair_position) == ("ზურაბ ელვაშვილი", "მერის მოადგილე")
    assert protocol.secretary == "მაია ცვარაძე"


@pytest.mark.parametrize(("sentence", "secretary"), [
    ("ოქმი შეადგინა თეკლე მაისურაძემ.", "თეკლე მაისურაძე"),
    ("ოქმს აწარმოებდა გიორგი კაპანაძე.", "გიორგი კაპანაძე"),
])
def test_a_secretary_named_in_the_ergative_is_named_in_their_own_form(sentence: str,
                                                                      secretary: str) -> None:
    protocol = parse_protocol("\n".join([
        "ბროლეთის საბჭოს სხდომის ოქმი №5", "სხდომას თავმჯდომარეობდა ნინო ბერიძე.", sentence,
        "დღის წესრიგი:", "1. ბიუჯეტის შესრულება"]))
    assert (protocol.chair, protocol.secretary) == ("ნინო ბერიძე", secretary)


def test_a_chair_without_a_name_is_missing_not_a_position() -> None:
    text = load("varskvlaveti_04.txt").replace("მერის მოადგილე ზურაბ ელვაშვილი,", "მერის მოადგილე,")
    text = text.replace("სამუშაო ჯგუფის ხელმძღვანელი /ზურაბ ელვაშვილი/\n", "")
    protocol = parse_protocol(text)
    assert protocol.chair is None
    assert "chair" in protocol.missing


def test_a_chair_known_only_from_the_signatures_is_uncertain() -> None:
    text = load("varskvlaveti_03.txt").replace(
        "სხდომის თავმჯდომარე: საბჭოს თავმჯდომარე - თამარ ცისკარიძე\n", "")
    protocol = parse_protocol(text)
    assert protocol.chair == "თ. ცისკარიძე"
    assert protocol.uncertain == ["chair"]


def test_a_protocol_in_tables_key_value_attendees_with_remote_and_decisions() -> None:
    protocol = parse_protocol(load("nisleuli_07.txt"))

    assert protocol.number == 7
    assert protocol.place == "ქ. ნისლეული, ვარდების ქ. №4, მერიის შენობა"
    assert protocol.date == date(2018, 3, 15)
    assert (protocol.start_time, protocol.end_time) == (time(10), time(11, 40))
    assert (protocol.chair, protocol.secretary) == ("მარიამ ფიქრიაშვილი", "გურამ ჭალაძე")
    assert [(a.name, a.organisation, a.position, a.kind, a.remote)
            for a in protocol.attendees] == [
        ("თეა მზეჭაბუკი", "მერიის სამართლებრივი უზრუნველყოფის სამსახური", "უფროსი",
         "government", False),
        ("რევაზ ქედელაძე", "ა(ა)იპ „ნისლეულის განვითარების ცენტრი“", "პროექტის კოორდინატორი",
         "civil_society", True),
        ("ხატია წყაროძე", "მსოფლიო ბანკის ოფისი", "კონსულტანტი", "donor", True),
    ]
    assert protocol.decisions == ["შესყიდვების გეგმა გამოქვეყნდეს ვებგვერდზე",
                                  "მომართვების სისტემის ტესტირება დასრულდეს"]
    assert protocol.action_items == [
        ParsedActionItem(1, "მერიის შესყიდვების სამსახური", date(2018, 6, 1),
                         "შესყიდვების გეგმა გამოქვეყნდეს ვებგვერდზე"),
        ParsedActionItem(2, "რევაზ ქედელაძე", date(2018, 4, 15),
                         "მომართვების სისტემის ტესტირება დასრულდეს"),
    ]
    assert protocol.signatures == ["მ. ფიქრიაშვილი", "გ. ჭალაძე"]


def test_members_in_a_sentence_and_remote_ones_under_a_heading() -> None:
    protocol = parse_protocol(load("nisleuli_08.txt"))
    assert people(protocol) == [
        ("ოთარ ხევსურიანი", "საკრებულოს აპარატი", "government", "present", False),
        ("ლია ჩანჩქერაძე", "ა(ა)იპ „ნისლეულის ქალთა ქსელი“", "civil_society", "present", False),
        ("ვახო მეწყერაძე", None, "other", "present", False),
        ("ანა ბორცვაძე", "„ახალგაზრდა იურისტების კლუბი“", "civil_society", "present", True),
        ("თემურ კლდიაშვილი", "მერიის ფინანსური სამსახური", "government", "present", True),
    ]
    assert protocol.chair == "ნესტან ბუბუთეიშვილი"
    assert protocol.secretary is None and "secretary" in protocol.missing


# Agenda, decisions, action items --------------------------------------------------------------
def test_responsible_and_deadline_lines_become_action_items() -> None:
    protocol = parse_protocol(load("varskvlaveti_04.txt"))
    assert protocol.decisions == [
        "ღია მონაცემების პორტალზე განთავსდეს ბიუჯეტის მონაცემები",
        "პეტიციების წესის პროექტი წარედგინოს საკრებულოს",
        "მომდევნო სხდომა ჩატარდეს მაისში",
    ]
    assert protocol.action_items == [
        ParsedActionItem(1, "მერიის საფინანსო სამსახური", date(2019, 5, 30),
                         "ღია მონაცემების პორტალზე განთავსდეს ბიუჯეტის მონაცემები"),
        ParsedActionItem(2, "ბექა ქარიშხალაძე", None,  # "ვადა: მუდმივად"
                         "პეტიციების წესის პროექტი წარედგინოს საკრებულოს"),
    ]


def test_pasted_text_bullets_and_responsibles_inside_the_decision() -> None:
    raw = (PROTOCOLS / "varskvlaveti_12.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and "\u00a0".encode() in raw
    protocol = parse_protocol(load("varskvlaveti_12.txt"))

    assert protocol.number == 12 and protocol.date == date(2021, 3, 14)
    assert (protocol.start_time, protocol.end_time) == (time(14), time(15, 45))
    assert (protocol.chair, protocol.secretary) == ("ქეთი ბროლაძე", "დავით ყინულაშვილი")
    assert [(a.name, a.organisation, a.position) for a in protocol.attendees] == [
        ("ნანა ელვაძე", "მერიის ადმინისტრაცია", None),
        ("ბაჩო ხეობაძე", "„ქალაქის მოქალაქეთა პლატფორმა“", None),
        (None, "საკრებულოს აპარატი", "წარმომადგენელი"),
    ]
    assert protocol.agenda == ["ტრანსპორტის მონაცემების გახსნა",
                               "საჯარო ინფორმაციის მოთხოვნების ანგარიში"]
    assert protocol.decisions == [
        "ტრანსპორტის მონაცემები გამოქვეყნდეს ღია ფორმატში. მიღებულია ერთხმად",
        "საჯარო ინფორმაციის ანგარიში განთავსდეს ვებგვერდზე",
    ]
    assert [(a.decision, a.owner, a.deadline) for a in protocol.action_items] == [
        (1, "მერიის ტრანსპორტის სამსახური", date(2021, 4, 30)),  # "30 აპრილამდე"
        (2, "ნანა ელვაძე", date(2021, 5, 31)),  # "მაისის ბოლომდე"
    ]
    assert protocol.uncertain == ["action_items"]  # the deadlines' year is the meeting's
    assert protocol.signatures == ["ქეთი ბროლაძე"]


def test_inline_responsible_with_dashes_and_a_vote_line_after_the_list() -> None:
    protocol = parse_protocol(load("nisleuli_08.txt"))
    assert protocol.agenda == ["ბიუჯეტის საჯარო განხილვები", "მოქალაქეთა ბიუჯეტი"]
    assert protocol.decisions == [
        "საჯარო განხილვები ჩატარდეს ყველა უბანში",
        "მოქალაქეთა ბიუჯეტის კონცეფცია გადაეგზავნოს მერიას. კენჭისყრის შედეგი: მომხრე 5, "
        "წინააღმდეგი 0, თავი შეიკავა 1",
    ]
    assert protocol.action_items == [ParsedActionItem(
        1, "საკრებულოს აპარატი", date(2020, 6, 1), "საჯარო განხილვები ჩატარდეს ყველა უბანში")]


def _docx(paragraphs: list[tuple[str, str | None]]) -> bytes:
    document = Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_word_numbering_does_not_swallow_the_discussion() -> None:
    text = load("varskvlaveti_12.txt")
    lines = text.splitlines()
    body: list[tuple[str, str | None]] = []
    for line in lines:
        listed = line.startswith(("ტრანსპორტის მონაცემების გახსნა", "საჯარო ინფორმაციის მოთ",
                                  "ტრანსპორტის მონაცემები გამოქვ", "საჯარო ინფორმაციის ანგ"))
        if line.strip() and not line.startswith("მიღებულია"):
            body.append((line, "List Number" if listed else None))
    body = [(t, s) for t, s in body if t != "სხდომის მიმდინარეობა:"]
    protocol = parse_protocol(read_protocol_upload(_docx(body), "n12.docx"))
    assert protocol.agenda == ["ტრანსპორტის მონაცემების გახსნა",
                               "საჯარო ინფორმაციის მოთხოვნების ანგარიში"]
    assert protocol.discussion is not None and protocol.discussion.startswith("ნანა ელვაძემ")
    assert protocol.decisions == ["ტრანსპორტის მონაცემები გამოქვეყნდეს ღია ფორმატში",
                                  "საჯარო ინფორმაციის ანგარიში განთავსდეს ვებგვერდზე"]
    assert len(protocol.action_items) == 2


def test_wrapped_lines_the_last_agenda_item_ends_where_a_sentence_starts() -> None:
    text = "\n".join([
        "ბროლეთის ღია მმართველობის საბჭოს სხდომის ოქმი №4",
        "დღის წესრიგი:",
        "1. ბიუჯეტის შესრულების ანგარიში",
        "2. სოფლის მოსახლეობის ჩართულობის სამოქმედო გეგმის პროექტის განხილვა",
        "ნინო ბერიძემ აღნიშნა, რომ ჩართულობის სამოქმედო გეგმა მომზადდა სამი სოფლის"
        " მოსახლეობასთან გამართული",
        "შეხვედრების საფუძველზე და დღეს საბჭოს წევრები მის პირველ ვერსიას განიხილავენ და"
        " შენიშვნებს წერილობით",
        "წარმოადგენენ.",
    ])
    protocol = parse_protocol(text)
    assert protocol.agenda == ["ბიუჯეტის შესრულების ანგარიში",
                               "სოფლის მოსახლეობის ჩართულობის სამოქმედო გეგმის პროექტის განხილვა"]
    assert protocol.discussion is not None and protocol.discussion.startswith("ნინო ბერიძემ")


def test_an_attendee_table_in_a_docx_with_a_remote_column() -> None:
    rows = [line.split("\t") for line in load("nisleuli_07.txt").splitlines() if "\t" in line]
    table_rows = [row for row in rows if len(row) == 5]
    document = docx_with_table(
        ["ნისლეულის ღია მმართველობის სამუშაო ჯგუფის სხდომის ოქმი №7", "დამსწრე პირები:"],
        table_rows, ["დღის წესრიგი:", "შესყიდვების გამჭვირვალობა"])
    protocol = parse_protocol(read_protocol_upload(document, "n7.docx"))
    assert [(a.name, a.remote) for a in protocol.attendees] == [
        ("თეა მზეჭაბუკი", False), ("რევაზ ქედელაძე", True), ("ხატია წყაროძე", True)]


def test_an_attendee_table_with_status_and_format_columns_and_no_label_above_it() -> None:
    rows = [["№", "სახელი, გვარი", "თანამდებობა", "სტატუსი", "ფორმატი"],
            ["1", "ნინო ბერიძე", "მერიის იურიდიული სამსახურის უფროსი", "ესწრებოდა", "ადგილზე"],
            ["2", "გიორგი კაპანაძე", "„მწვანე ხეობის“ თავმჯდომარე", "ესწრებოდა", "ონლაინ"],
            ["3", "ლია მელაძე", "საკრებულოს წევრი", "არ ესწრებოდა", ""],
            ["4", "დავით ხარაძე", "მერიის სპეციალისტი", "საპატიო მიზეზით", ""]]
    document = docx_with_table(["ბროლეთის ღია მმართველობის საბჭოს სხდომის ოქმი №3"], rows,
                               ["დღის წესრიგი:", "შესყიდვების გამჭვირვალობა"])
    protocol = parse_protocol(read_protocol_upload(document, "b3.docx"))
    assert [(a.name, a.status, a.remote) for a in protocol.attendees] == [
        ("ნინო ბერიძე", "present", False), ("გიორგი კაპანაძე", "present", True),
        ("ლია მელაძე", "absent", False), ("დავით ხარაძე", "excused", False)]


# Not a protocol, and the review's JSON ----------------------------------------------------------
def test_a_news_article_about_a_sitting_is_not_a_protocol() -> None:
    with pytest.raises(ProtocolImportError) as refused:
        parse_protocol(load("varskvlaveti_news.txt"))
    assert refused.value.reason == "not_a_protocol"


def test_review_data_carries_action_items_remote_and_uncertain(app_ctx) -> None:  # type: ignore[no-untyped-def]
    from tracker.meetings.importing import review_data

    protocol = parse_protocol(load("varskvlaveti_12.txt"))
    review = review_data(protocol)
    assert review["uncertain"] == ["action_items"]
    assert review["action_items"][0] == {
        "decision": 1, "owner": "მერიის ტრანსპორტის სამსახური", "deadline": date(2021, 4, 30),
        "title": "ტრანსპორტის მონაცემები გამოქვეყნდეს ღია ფორმატში"}
    review = review_data(parse_protocol(load("nisleuli_07.txt")))
    assert [person["remote"] for person in review["attendees"]] == [False, True, True]


# Hostile and arbitrary text ----------------------------------------------------------------------
_HOURS_AND_MINUTES = re.compile(r"([0-9]{1,2}) ?სთ\.? ?([0-9]{1,2}) ?წთ")


@settings(max_examples=300, deadline=timedelta(seconds=2))
@given(st.text(), st.integers(0, 23), st.integers(1, 59), st.sampled_from(["", " ", "\n"]))
def test_arbitrary_text_never_crashes_and_minutes_are_never_dropped(
    text: str, hour: int, minute: int, joint: str
) -> None:
    sitting = f"სხდომის ოქმი N1\nსხდომა დასრულდა {hour} სთ {minute} წთ-ზე.{joint}{text}"
    for candidate in (text, sitting):
        try:
            protocol = parse_protocol(candidate)
        except ProtocolImportError:
            continue
        assert isinstance(protocol, ParsedProtocol)
        if candidate is sitting:
            assert protocol.end_time in (time(hour, minute), None)
            assert protocol.end_time != time(hour, 0)


@settings(max_examples=200, deadline=timedelta(seconds=1))
@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(["სთ", "საათი", "საათსა და"]),
       st.sampled_from(["წთ", "წუთი", "წუთზე", ""]))
def test_hours_with_minutes_keep_their_minutes(hour: int, minute: int, hour_word: str,
                                               minute_word: str) -> None:
    found = find_time(f"{hour} {hour_word} {minute} {minute_word}".strip())
    if minute_word:
        assert found == time(hour, minute)
    else:
        assert found is None  # "12 სთ 15": minutes not said to be minutes — no time at all


@pytest.mark.parametrize(("text", "due"), [
    ("2025 წლის 1 აპრილიდან 30 ივნისამდე", "2025-06-30"),
    ("15 მარტიდან 30 აპრილამდე", "2025-04-30"),
])
def test_a_deadline_from_one_day_to_another_is_the_last(text: str, due: str) -> None:
    """"From … until …": the minutes' action item is due on the second day (the plans read
    "-დან" as a start; the minutes' grammar must not take it for the deadline)."""
    import datetime as dt

    from tracker.importing.protocol.when import deadline_date

    assert str(deadline_date(text, dt.date(2025, 1, 10))[0]) == due
