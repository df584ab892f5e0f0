"""The protocol importer: uploads become text, text becomes the fields of a meeting.

The fixtures under ``protocols/`` are invented protocols (city "ნაპირი", invented people and
organisations) in the shape the working group's real minutes have; most tests take one and
change one thing, the way people vary the minutes when they type them.
"""

from __future__ import annotations

import codecs
import importlib.util
import io
from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import DomainError
from tracker.importing import reader
from tracker.importing.minutes import (
    MAX_IMPORT_BYTES,
    MONTHS,
    ParsedAttendee,
    ParsedProtocol,
    ProtocolImportError,
    parse_attendee,
    parse_protocol,
    read_protocol_upload,
)
from tracker.importing.vocabulary import KINDS, guess_kind

from ..helpers import zip_of

PROTOCOLS = Path(__file__).parent / "protocols"
CHAIR = "ნატა ტალღიშვილი"
SECRETARY = "ეკა ქვიშაძე"



def load(name: str) -> str:
    return (PROTOCOLS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def usual() -> str:
    """Protocol N7: every part present, laid out like a Word file saved as text."""
    return load("napiri_07.txt")


def varied(text: str, old: str, new: str) -> ParsedProtocol:
    """The protocol with one piece of it written another way."""
    assert old in text, old
    return parse_protocol(text.replace(old, new))


def refused(call, *args) -> ProtocolImportError:  # type: ignore[no-untyped-def]
    with pytest.raises(ProtocolImportError) as caught:
        call(*args)
    return caught.value


# The usual shape ---------------------------------------------------------------------------
def test_every_part_of_a_protocol_in_the_usual_shape_is_read(usual: str) -> None:
    protocol = parse_protocol(usual)

    assert protocol.number == 7
    assert protocol.group_name == (
        "ქალაქ ნაპირის მუნიციპალიტეტის ღია მმართველობის პარტნიორობის (OGP) სამოქმედო გეგმის "
        "შემუშავებისა და შესრულების მონიტორინგის სამუშაო ჯგუფის"
    )
    assert protocol.place == "ქ. ნაპირი"
    assert protocol.date == date(2023, 3, 14)
    assert (protocol.start_time, protocol.end_time) == (time(11, 0), time(12, 30))
    assert protocol.chair == CHAIR
    assert protocol.chair_position == (
        "სამუშაო ჯგუფის ხელმძღვანელი - ქ. ნაპირის მუნიციპალიტეტის მერის პირველი მოადგილე"
    )
    assert protocol.secretary == SECRETARY  # its line wraps, across a blank line
    assert protocol.secretary_position == (
        "ქ. ნაპირის მუნიციპალიტეტის მერიის ადმინისტრაციის საერთო განყოფილების მთავარი სპეციალისტი"
    )
    assert protocol.authority == (
        "სხდომის უფლებამოსილება განისაზღვრა სამუშაო ჯგუფის ხელმძღვანელისა და ზემოთ ჩამოთვლილი "
        "წევრების შემადგენლობით."
    )
    assert protocol.agenda == [
        "სამოქმედო გეგმის პირველი კვარტლის შესრულების ანგარიშის განხილვა",
        "საჯარო ინფორმაციის პროაქტიული გამოქვეყნების ვალდებულების შესახებ მოხსენება",
        "მოქალაქეთა ჩართულობის ონლაინ პლატფორმის პრეზენტაცია",
    ]
    assert protocol.discussion is not None
    paragraphs = protocol.discussion.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("სხდომა გახსნა სამუშაო ჯგუფის ხელმძღვანელმა")
    assert paragraphs[2].endswith("გამოთქვეს შენიშვნები.")
    assert protocol.decisions == [
        "პირველი კვარტლის ანგარიში გამოქვეყნდეს მუნიციპალიტეტის ვებგვერდზე",
        "იურიდიულმა სამსახურმა 30 აპრილამდე მოამზადოს პროაქტიულად გამოსაქვეყნებელი დოკუმენტების "
        "ნუსხა",
        "ციფრული მომსახურების სააგენტომ გაითვალისწინოს წევრების შენიშვნები და პლატფორმის "
        "განახლებული ვერსია წარმოადგინოს მომდევნო სხდომაზე",
        "თითოეულმა შემსრულებელმა სამსახურმა თავისი ვალდებულებისთვის შექმნას თემატური სამუშაო "
        "ჯგუფი",
    ]
    assert protocol.signatures == [CHAIR, SECRETARY]
    assert protocol.missing == []
    assert len(protocol.fingerprint) == 64


def test_attendees_are_split_into_organisation_position_and_kind(usual: str) -> None:
    attendees = parse_protocol(usual).attendees

    assert [(a.organisation, a.position, a.kind) for a in attendees] == [
        ("ქ. ნაპირის მუნიციპალიტეტის მერიის ადმინისტრაცია", "უფროსი", "government"),
        ("ქ. ნაპირის მუნიციპალიტეტის მერიის იურიდიული სამსახური", "უფროსი", "government"),
        ("ქ. ნაპირის მუნიციპალიტეტის მერიის საფინანსო სამსახური", "წარმომადგენლები",
         "government"),
        ("ქ. ნაპირის მუნიციპალიტეტის ა(ა)იპ „ციფრული მომსახურების სააგენტო“", "დირექტორი",
         "government"),
        ("„ღია ქალაქის ინსტიტუტი“", "წარმომადგენელი", "civil_society"),
        ("ა(ა)იპ „ზღვისპირა გამჭვირვალობის ცენტრი“", "მკვლევარი", "civil_society"),
        ("ადგილობრივი თვითმმართველობის მხარდაჭერის პროგრამა (EU)", "მრჩეველი", "donor"),
        ("ქ. ნაპირის მუნიციპალიტეტის საკრებულოს აპარატი", "წარმომადგენელი", "government"),
    ]
    assert all(a.name is None and a.status == "present" for a in attendees)


# Variations in a compact protocol and a capitalised one -------------------------------------
def test_a_compact_protocol_with_names_bullets_and_no_end_time() -> None:
    protocol = parse_protocol(load("napiri_08.txt"))

    assert protocol.number == 8  # "#8", on the same line as the body's name
    assert protocol.group_name == "ქალაქ ნაპირის მუნიციპალიტეტის ღია მმართველობის სამუშაო ჯგუფის"
    assert protocol.date == date(2023, 5, 2)  # "2 მაისი 2023"
    assert protocol.start_time == time(10, 30)  # "10.30 სთ"
    assert (protocol.chair, protocol.chair_position) == (CHAIR, "სამუშაო ჯგუფის ხელმძღვანელი")
    assert (protocol.secretary, protocol.secretary_position) == (
        SECRETARY, "მერიის ადმინისტრაციის მთავარი სპეციალისტი"
    )
    assert [(a.name, a.organisation, a.position, a.kind) for a in protocol.attendees] == [
        ("დათო ნავიშვილი", "ქ. ნაპირის მუნიციპალიტეტის მერიის იურიდიული სამსახური", None,
         "government"),
        ("ლია მზიანაძე", "„ღია ქალაქის ინსტიტუტი“", None, "civil_society"),
        ("ზურა ფრთაძე", "ადგილობრივი თვითმმართველობის მხარდაჭერის პროგრამა (EU)", None, "donor"),
        (None, "„ნაპირის მოქალაქეთა ასოციაცია“", "წარმომადგენელი", "civil_society"),
        ("გელა კენჭაძე", "ქ. ნაპირის მუნიციპალიტეტის ა(ა)იპ „ციფრული მომსახურების სააგენტო“",
         None, "government"),
    ]
    assert protocol.agenda == [  # "1)" numbering; the discussion follows without a blank line
        "ონლაინ პლატფორმის განახლებული ვერსიის განხილვა",
        "თემატური სამუშაო ჯგუფების შექმნის მიმდინარეობა",
    ]
    assert protocol.discussion == (
        "სხდომაზე წარმოდგენილი იქნა პლატფორმის განახლებული ვერსია. წევრებმა აღნიშნეს, რომ "
        "შენიშვნების უმეტესობა გათვალისწინებულია."
    )
    assert protocol.decisions == [  # "-" bullets, one wrapped onto a second line
        "პლატფორმა საპილოტე რეჟიმში ამოქმედდეს ივნისიდან",
        "იურიდიულმა სამსახურმა თემატური ჯგუფის შემადგენლობა წარმოადგინოს 15 მაისამდე",
        "მომდევნო სხდომა ჩატარდეს ივნისის ბოლოს",
    ]
    assert protocol.signatures == [CHAIR, SECRETARY]
    assert protocol.end_time is None
    assert protocol.missing == ["end_time", "authority"]


def test_mtavruli_extra_spaces_roman_agenda_and_paragraph_decisions() -> None:
    protocol = parse_protocol(load("napiri_09.txt"))

    assert protocol.number == 9  # "ᲝᲥᲛᲘ  №  9"
    assert protocol.group_name == "ქალაქ ნაპირის მუნიციპალიტეტის ღია მმართველობის სამუშაო ჯგუფის"
    assert protocol.place == "ქ. ნაპირი"
    assert protocol.date == date(2023, 11, 9)  # "2023 წლის 9 ნოემბერი"
    assert (protocol.start_time, protocol.end_time) == (time(14, 0), time(15, 45))
    assert (protocol.chair, protocol.secretary) == (CHAIR, SECRETARY)
    assert [(a.organisation, a.position) for a in protocol.attendees] == [  # "1." and a wrap
        ("ქ. ნაპირის მუნიციპალიტეტის მერიის იურიდიული სამსახური", "უფროსი"),
        ("„ღია ქალაქის ინსტიტუტი“", "წარმომადგენელი"),
        ("ა(ა)იპ „ზღვისპირა გამჭვირვალობის ცენტრი“", "მკვლევარი"),
    ]
    assert protocol.agenda == [
        "თემატური სამუშაო ჯგუფების ანგარიშები",
        "სამოქმედო გეგმის შუალედური შეფასება",
    ]
    assert protocol.decisions == [
        "თემატურმა სამუშაო ჯგუფებმა ანგარიშები წარმოადგინონ დეკემბრის პირველ კვირაში",
        "შუალედური შეფასების პროექტი გადაეგზავნოს სამოქალაქო საზოგადოების ორგანიზაციებს "
        "კომენტარებისთვის",
    ]
    assert protocol.signatures == [CHAIR, SECRETARY]  # "title ________ /Name/" on one line
    assert protocol.missing == []


# One thing written another way -------------------------------------------------------------
@pytest.mark.parametrize(
    "written",
    [
        "14/03/2023",
        "14.03.2023",
        "14.03.2023 წ.",
        "14-03-2023",
        "14. 03. 2023",
        "2023-03-14",
        "14 მარტი 2023",
        "14 მარტის 2023 წელი",
        "14 მარტი, 2023",
        "2023 წლის 14 მარტი",
        "2023 წ. 14 მარტს",
        "ქ. ნაპირი, 14.03.2023",
        "ქ. ნაპირი\t\t\t14.03.2023 წ.",  # place and date aligned apart with tabs
    ],
)
def test_dates_in_the_ways_people_write_them(usual: str, written: str) -> None:
    protocol = varied(usual, "14/03/2023 წელი", written)
    assert protocol.date == date(2023, 3, 14)
    assert protocol.place == "ქ. ნაპირი"


@pytest.mark.parametrize(
    ("form", "month"),
    [(form, number) for number, forms in enumerate(MONTHS, 1) for form in forms],
)
def test_every_georgian_month_in_both_cases(usual: str, form: str, month: int) -> None:
    assert varied(usual, "14/03/2023 წელი", f"5 {form} 2024").date == date(2024, month, 5)


def test_an_impossible_date_is_missing_not_guessed(usual: str) -> None:
    protocol = varied(usual, "14/03/2023 წელი", "31/02/2023 წელი")
    assert protocol.date is None
    assert protocol.missing == ["date"]


@pytest.mark.parametrize(
    "written",
    ["11:00საათი", "11:00 სთ", "11:00სთ.", "11.00", "11 : 00", "11 საათზე", "11:00 საათზე"],
)
def test_times_in_the_ways_people_write_them(usual: str, written: str) -> None:
    assert varied(usual, "11:00საათი", written).start_time == time(11, 0)


@pytest.mark.parametrize(
    "written",
    ["სხდომის ოქმი № 7", "სხდომის ოქმი №7", "სხდომის ოქმი #7", "სხდომის ოქმი N 7",
     "სხდომის ოქმი No. 7", "სხდომის ოქმი 7"],
)
def test_protocol_numbers(usual: str, written: str) -> None:
    protocol = varied(usual, "სხდომის ოქმი N7", written)
    assert protocol.number == 7
    assert protocol.group_name is not None and protocol.group_name.endswith("სამუშაო ჯგუფის")


def test_the_number_may_come_before_the_body(usual: str) -> None:
    heading = usual.split("\n\n")[0]
    rewritten = "ოქმი N7\n" + heading.replace("\nსხდომის ოქმი N7", " სხდომისა")
    protocol = varied(usual, heading, rewritten)
    assert protocol.number == 7
    assert protocol.group_name == parse_protocol(usual).group_name


AGENDA = """1. სამოქმედო გეგმის პირველი კვარტლის შესრულების ანგარიშის განხილვა
2. საჯარო ინფორმაციის პროაქტიული გამოქვეყნების ვალდებულების შესახებ მოხსენება.
3. მოქალაქეთა ჩართულობის ონლაინ პლატფორმის პრეზენტაცია."""


@pytest.mark.parametrize(
    "marks",
    [("1)", "2)", "3)"), ("I.", "II.", "III."), ("(1)", "(2)", "(3)"), ("ა)", "ბ)", "გ)"),
     ("-", "-", "-"), ("•", "•", "•"), ("1.", "2.", "3.")],
)
def test_agenda_numbering(usual: str, marks: tuple[str, str, str]) -> None:
    lines = [f"{mark} {line[3:]}" for mark, line in zip(marks, AGENDA.splitlines(), strict=True)]
    protocol = varied(usual, AGENDA, "\n".join(lines))
    assert protocol.agenda == parse_protocol(usual).agenda
    assert protocol.discussion == parse_protocol(usual).discussion


def test_an_unnumbered_agenda_ends_at_the_first_blank_line(usual: str) -> None:
    protocol = varied(usual, AGENDA, "\n".join(line[3:] for line in AGENDA.splitlines()))
    assert protocol.agenda == parse_protocol(usual).agenda
    assert protocol.discussion == parse_protocol(usual).discussion


@pytest.mark.parametrize(
    "phrase",
    ["სხდომის ბოლოს სამუშაო ჯგუფის წევრებმა გადაწყვიტეს:", "სამუშაო ჯგუფმა დაადგინა:",
     "წევრებმა დაადგინეს:", "გადაწყვეტილებები:"],
)
def test_decisions_under_other_phrases(usual: str, phrase: str) -> None:
    protocol = varied(usual, "სხდომის ბოლოს სამუშაო ჯგუფის წევრები შეთანხმდნენ:", phrase)
    assert protocol.decisions == parse_protocol(usual).decisions


HEARD_AND_DECIDED = """სამუშაო ჯგუფის სხდომის ოქმი №10
სხდომის ჩატარების ადგილი: ქ. ნაპირი, მერიის საკონფერენციო დარბაზი
სხდომის დაწყების დრო: 01.06.2023, 15:00
დღის წესრიგი:
1. ბიუჯეტის გამჭვირვალობა
2. პეტიციების პორტალი
მოისმინეს:
ლია მზიანაძის ინფორმაცია ბიუჯეტის გამჭვირვალობის შესახებ.
გადაწყვიტეს:
1. ბიუჯეტის მოკლე ვერსია გამოქვეყნდეს ივლისში.
მოისმინეს:
დათო ნავიშვილის ინფორმაცია პეტიციების პორტალის შესახებ.
გადაწყვიტეს:
1. პორტალის ტესტირება დასრულდეს აგვისტოში.
"""


def test_heard_and_decided_blocks_per_agenda_item() -> None:
    protocol = parse_protocol(HEARD_AND_DECIDED)
    assert protocol.number == 10
    assert protocol.place == "ქ. ნაპირი, მერიის საკონფერენციო დარბაზი"
    assert (protocol.date, protocol.start_time) == (date(2023, 6, 1), time(15, 0))
    assert protocol.agenda == ["ბიუჯეტის გამჭვირვალობა", "პეტიციების პორტალი"]
    assert protocol.decisions == [
        "ბიუჯეტის მოკლე ვერსია გამოქვეყნდეს ივლისში",
        "პორტალის ტესტირება დასრულდეს აგვისტოში",
    ]
    assert protocol.discussion == (
        "ლია მზიანაძის ინფორმაცია ბიუჯეტის გამჭვირვალობის შესახებ.\n\n"
        "დათო ნავიშვილის ინფორმაცია პეტიციების პორტალის შესახებ."
    )
    assert protocol.missing == [
        "end_time", "chair", "chair_position", "secretary", "secretary_position", "attendees",
        "authority", "signatures",
    ]


def decisions_block(text: str) -> str:
    start = text.index("1. პირველი კვარტლის")
    return text[start : text.index("\n\nსხდომის დახურვის")]


def test_decisions_as_paragraphs_or_bullets_without_numbers(usual: str) -> None:
    block = decisions_block(usual)
    expected = parse_protocol(usual).decisions
    paragraphs = "\n\n".join(line[3:] for line in block.splitlines())
    bullets = "\n".join(f"- {line[3:]}" for line in block.splitlines())
    lines = "\n".join(line[3:] for line in block.splitlines())
    assert varied(usual, block, paragraphs).decisions == expected
    assert varied(usual, block, bullets).decisions == expected
    assert varied(usual, block, lines).decisions == expected


def test_a_missing_end_time_is_listed_and_the_signature_labels_are_not_decisions(
    usual: str,
) -> None:
    protocol = varied(usual, "სხდომის დახურვის დრო: 12:30სთ.\n", "")
    assert protocol.end_time is None
    assert protocol.missing == ["end_time"]
    assert protocol.decisions == parse_protocol(usual).decisions
    assert protocol.signatures == [CHAIR, SECRETARY]


def test_unnumbered_decisions_without_end_time_stop_at_the_signature_labels(usual: str) -> None:
    block = decisions_block(usual)
    paragraphs = "\n\n".join(line[3:] for line in block.splitlines())
    text = usual.replace(block, paragraphs).replace("სხდომის დახურვის დრო: 12:30სთ.\n", "")
    assert parse_protocol(text).decisions == parse_protocol(usual).decisions


def attendee_block(text: str) -> str:
    start = text.index("ქ. ნაპირის მუნიციპალიტეტის მერიის ადმინისტრაციის უფროსი;")
    return text[start : text.index("\n\nსხდომის უფლებამოსილება")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("; ", "\n"),  # one a line, no ";"
        ("; ", ";\n"),  # one a line, with ";"
        ("; ", ";\n\n"),  # one a paragraph
        (" სამსახურის უფროსი;", "\nსამსახურის უფროსი;"),  # ";"-separated, one entry wrapped
    ],
)
def test_attendees_spread_over_lines(usual: str, old: str, new: str) -> None:
    block = attendee_block(usual)
    rewritten = block.rstrip(";").replace(old, new) if new == "\n" else block.replace(old, new)
    assert varied(usual, block, rewritten).attendees == parse_protocol(usual).attendees


def test_a_numbered_attendee_list(usual: str) -> None:
    block = attendee_block(usual)
    entries = [entry.strip() for entry in block.split(";") if entry.strip()]
    numbered = "\n".join(f"{index}. {entry}" for index, entry in enumerate(entries, 1))
    assert varied(usual, block, numbered).attendees == parse_protocol(usual).attendees


def test_absent_and_excused_members() -> None:
    text = load("napiri_08.txt").replace(
        "დღის წესრიგი:",
        "სხდომას არ ესწრებოდნენ:\nქ. ნაპირის მუნიციპალიტეტის საკრებულოს აპარატი - ნიკა ხიდაშვილი\n"
        "საპატიო მიზეზით არ ესწრებოდნენ:\nმაკა ნისლიანი („ღია ქალაქის ინსტიტუტი“)\n"
        "დღის წესრიგი:",
    )
    attendees = parse_protocol(text).attendees
    assert [(a.name, a.status) for a in attendees[-2:]] == [
        ("ნიკა ხიდაშვილი", "absent"),
        ("მაკა ნისლიანი", "excused"),
    ]
    assert all(a.status == "present" for a in attendees[:-2])


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("„ღია ქალაქის ინსტიტუტი“ - ლია მზიანაძე",
         ParsedAttendee("ლია მზიანაძე", "„ღია ქალაქის ინსტიტუტი“", None, "civil_society")),
        ("ლია მზიანაძე - „ღია ქალაქის ინსტიტუტი“-ს ანალიტიკოსი",
         ParsedAttendee("ლია მზიანაძე", "„ღია ქალაქის ინსტიტუტი“", "ანალიტიკოსი",
                        "civil_society")),
        ("ზურა ფრთაძე (ქ. ნაპირის მუნიციპალიტეტის მერიის იურიდიული სამსახურის უფროსი)",
         ParsedAttendee("ზურა ფრთაძე", "ქ. ნაპირის მუნიციპალიტეტის მერიის იურიდიული სამსახური",
                        "უფროსი", "government")),
        ("საქართველოს საჯარო მმართველობის სამინისტროს ანალიტიკური დეპარტამენტის მრჩეველი",
         ParsedAttendee(None, "საქართველოს საჯარო მმართველობის სამინისტროს ანალიტიკური "
                        "დეპარტამენტი", "მრჩეველი", "government")),
        ("კარგი მმართველობის პროგრამის (USAID) უფროსი მრჩეველი",
         ParsedAttendee(None, "კარგი მმართველობის პროგრამა (USAID)", "უფროსი მრჩეველი", "donor")),
        ("ევროკავშირის წარმომადგენლობა საქართველოში",
         ParsedAttendee(None, "ევროკავშირის წარმომადგენლობა საქართველოში", None, "donor")),
        ("დავით მთვარელი",
         ParsedAttendee("დავით მთვარელი", None, None, "other")),
        ("ღია მმართველობის ეროვნული კოორდინატორი",
         ParsedAttendee(None, None, "ღია მმართველობის ეროვნული კოორდინატორი", "other")),
        ("3. „ზღვის ფონდი“-ს ექსპერტი;",
         ParsedAttendee(None, "„ზღვის ფონდი“", "ექსპერტი", "civil_society")),
    ],
)
def test_one_attendee_entry(entry: str, expected: ParsedAttendee) -> None:
    assert parse_attendee(entry) == expected


@pytest.mark.parametrize(
    ("organisation", "kind"),
    [
        ("USAID", "donor"),
        ("UNDP-ის ოფისი", "donor"),
        ("ევროკავშირის წარმომადგენლობა", "donor"),
        ("სამართლებრივი რეფორმების პროგრამა", "donor"),
        ("ქ. ნაპირის მერია", "government"),
        ("ქ. ნაპირის მუნიციპალიტეტის საკრებულო", "government"),
        ("საქართველოს ფინანსთა სამინისტრო", "government"),
        ("ა(ა)იპ „ქალაქის ტრანსპორტის სააგენტო“", "government"),
        ("ა(ა)იპ „ნაპირის ხმა“", "civil_society"),
        ("„ღია ქალაქის ინსტიტუტი“", "civil_society"),
        ("„მოქალაქეთა ასოციაცია“", "civil_society"),
        ("„საზოგადოებრივი გამჭვირვალობა“", "civil_society"),
        ("„ზღვის ფონდი“", "civil_society"),
        ("შპს „ნაპირის ბეჭდვითი სახლი“", "other"),
        (None, "other"),
    ],
)
def test_the_kind_of_an_organisation(organisation: str | None, kind: str) -> None:
    assert guess_kind(organisation) == kind
    assert kind in KINDS


# Layout: line endings, spaces, capitals ----------------------------------------------------
def test_crlf_indentation_and_extra_spaces_change_nothing(usual: str) -> None:
    expected = parse_protocol(usual)
    assert parse_protocol(usual.replace("\n", "\r\n")) == expected
    assert parse_protocol(usual.replace("\n", "\r")) == expected
    spaced = usual.replace(" ", "  \u00a0 ").replace("\n", " \t\n\t  \u200b")
    assert parse_protocol(spaced) == expected


def test_mtavruli_reads_like_mkhedruli(usual: str) -> None:
    heading = usual.split("\n\n")[0]
    capitalised = usual.replace(heading, heading.upper())
    assert capitalised != usual
    assert parse_protocol(capitalised) == parse_protocol(usual)


def test_the_fingerprint_tells_the_same_protocol_from_another(usual: str) -> None:
    fingerprint = parse_protocol(usual).fingerprint
    reflowed = "\ufeff" + usual.replace("\n", "\r\n").replace(" ", "   ") + "\n\n\n"
    assert parse_protocol(reflowed).fingerprint == fingerprint
    assert parse_protocol(load("napiri_08.txt")).fingerprint != fingerprint
    assert parse_protocol(usual.replace("30 აპრილამდე", "31 აპრილამდე")).fingerprint != fingerprint


# Uploads -----------------------------------------------------------------------------------
def docx_of(text: str, *, signatures_in_a_table: bool = True) -> bytes:
    """The protocol as a Word file: a paragraph a line, the signature block as a table."""
    document = Document()
    body, tail = text, ""
    if signatures_in_a_table:
        body, tail = text.split("სამუშაო ჯგუფის ხელმძღვანელი\n\n\n\n")
    for line in body.splitlines():
        document.add_paragraph(line)
    if tail:
        labels = ["სამუშაო ჯგუფის ხელმძღვანელი", "სამუშაო ჯგუფის მდივანი:"]
        names = [line for line in tail.splitlines() if line.startswith("/")]
        table = document.add_table(rows=2, cols=2)
        for row, label, name in zip(table.rows, labels, names, strict=True):
            row.cells[0].text, row.cells[1].text = label, name
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_a_docx_protocol_reads_like_its_text(usual: str) -> None:
    from_docx = parse_protocol(read_protocol_upload(docx_of(usual), "ოქმი N7.docx"))
    assert from_docx == parse_protocol(usual)


ATTENDEE_TABLE = [
    ("№", "სახელი, გვარი", "ორგანიზაცია, თანამდებობა"),
    ("1", "ლია მზიანაძე", "„ღია ქალაქის ინსტიტუტი“-ს ანალიტიკოსი"),
    ("2", "დათო ნავიშვილი", "ქ. ნაპირის მუნიციპალიტეტის მერიის იურიდიული სამსახურის უფროსი"),
    ("3.", "ზურა ფრთაძე", "მხარდაჭერის პროგრამის (EU) მრჩეველი"),
]
TABLE_ATTENDEES = [
    ParsedAttendee("ლია მზიანაძე", "„ღია ქალაქის ინსტიტუტი“", "ანალიტიკოსი", "civil_society"),
    ParsedAttendee("დათო ნავიშვილი", "ქ. ნაპირის მუნიციპალიტეტის მერიის იურიდიული სამსახური",
                   "უფროსი", "government"),
    ParsedAttendee("ზურა ფრთაძე", "მხარდაჭერის პროგრამა (EU)", "მრჩეველი", "donor"),
]


def test_an_attendee_table_in_a_docx_and_as_word_saves_it_as_text(usual: str) -> None:
    before, after = usual.split(attendee_block(usual))
    document = Document()
    for line in before.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=len(ATTENDEE_TABLE), cols=3)
    for row, values in zip(table.rows, ATTENDEE_TABLE, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for line in after.splitlines():
        document.add_paragraph(line)
    stream = io.BytesIO()
    document.save(stream)
    tab_separated = "\n".join("\t".join(row) for row in ATTENDEE_TABLE)

    from_docx = parse_protocol(read_protocol_upload(stream.getvalue(), "napiri.docx"))
    from_text = parse_protocol(before + tab_separated + after)

    assert from_docx.attendees == TABLE_ATTENDEES
    assert from_docx == from_text
    assert replace(from_docx, attendees=[], fingerprint="") == replace(
        parse_protocol(usual), attendees=[], fingerprint=""
    )


def test_a_protocol_laid_out_in_a_one_cell_table() -> None:
    text = load("napiri_08.txt")
    document = Document()
    cell = document.add_table(rows=1, cols=2).rows[0].cells[0]
    cell.text = text.rstrip("\n")
    stream = io.BytesIO()
    document.save(stream)
    from_docx = read_protocol_upload(stream.getvalue(), "napiri.docx")
    assert parse_protocol(from_docx) == parse_protocol(text)


def test_a_docx_extension_in_capitals(usual: str) -> None:
    text = read_protocol_upload(docx_of(usual, signatures_in_a_table=False), "PROTOCOL.DOCX")
    assert parse_protocol(text) == parse_protocol(usual)


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with its BOM, as Notepad saves "Unicode"
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be"],
)
def test_text_encodings(usual: str, encode) -> None:  # type: ignore[no-untyped-def]
    text = read_protocol_upload(encode(usual), "napiri.txt")
    assert text.lstrip("\ufeff") == usual
    assert parse_protocol(text) == parse_protocol(usual)



def empty_docx() -> bytes:
    stream = io.BytesIO()
    Document().save(stream)
    return stream.getvalue()


BAD_FILES = {
    "empty": (b"", "napiri.txt", "empty"),
    "blank": (b" \r\n\t\n", "napiri.txt", "empty"),
    "docx without text": (empty_docx(), "napiri.docx", "empty"),
    "six megabytes": (b"a" * (6 * 1024 * 1024), "napiri.txt", "too_large"),
    "binary": (bytes(range(256)) * 4, "napiri.txt", "binary"),
    "control characters": (b"\x01\x02\x03\x04" * 100, "napiri.txt", "binary"),
    "latin-1": ("Sitzungsprotokoll Nr. 5, Größe, Tagesordnung".encode("latin-1"), "p.txt",
                "not_utf8"),
    "zip of junk": (zip_of({"junk.txt": b"not a document"}), "napiri.docx", "bad_docx"),
    "docx of noise": (b"PK\x03\x04" + b"\x00\xff" * 500, "napiri.docx", "bad_docx"),
    "text called docx": ("ოქმი N5".encode(), "napiri.docx", "bad_docx"),
    "truncated pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "napiri.pdf", "bad_pdf"),
    "old word": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "napiri.doc", "unsupported_type"),
    "no extension": ("ოქმი N5".encode(), "napiri", "unsupported_type"),
}


@pytest.mark.parametrize(("data", "filename", "reason"), BAD_FILES.values(), ids=BAD_FILES)
def test_bad_files_are_refused_with_a_reason(data: bytes, filename: str, reason: str) -> None:
    error = refused(read_protocol_upload, data, filename)
    assert error.reason == reason
    assert isinstance(error, DomainError)
    assert (error.status, error.code) == (422, "import_failed")
    assert error.message and error.message != str(ProtocolImportError.default_message)
    assert error.as_json()["error"]["reason"] == reason


def test_a_docx_that_unpacks_too_large_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch, usual: str
) -> None:
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 10_000)
    assert refused(read_protocol_upload, docx_of(usual), "napiri.docx").reason == "too_large"


def test_the_size_limit_is_inclusive() -> None:
    text = "ოქმი N5\n".encode()
    data = text + b" " * (MAX_IMPORT_BYTES - len(text))
    assert read_protocol_upload(data, "napiri.txt").startswith("ოქმი N5")
    assert refused(read_protocol_upload, data + b" ", "napiri.txt").reason == "too_large"


# Not a protocol, and hostile input ---------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n\t",
        "Hello, world.",
        "ნაპირის სანაპიროზე ახალი ხიდი აშენდა. მშენებლობა შარშან დაიწყო და წელს დასრულდა.",
        "1234 5678",
    ],
)
def test_text_that_is_not_a_protocol_is_refused(text: str) -> None:
    assert refused(parse_protocol, text).reason == "not_a_protocol"


def test_a_fragment_with_a_landmark_is_read_with_the_rest_missing() -> None:
    protocol = parse_protocol("სამუშაო ჯგუფის სხდომის ოქმი N3")
    assert protocol.number == 3
    assert protocol.group_name == "სამუშაო ჯგუფის"
    assert "date" in protocol.missing and "decisions" in protocol.missing


LANDMARK_LINES = [
    line for name in ("napiri_07.txt", "napiri_08.txt") for line in load(name).splitlines()
] + ["ოქმი", "N", "№", "/", "1.", "- ", "I.", "(", ")", "„", "“-ს", ":", "სხდომ", "02/02/2017"]


@settings(max_examples=300, deadline=timedelta(seconds=1))
@given(st.text())
def test_arbitrary_text_is_parsed_or_refused(text: str) -> None:
    try:
        protocol = parse_protocol(text)
    except ProtocolImportError:
        return
    assert isinstance(protocol, ParsedProtocol)


@settings(max_examples=300, deadline=timedelta(seconds=1))
@given(
    st.lists(st.one_of(st.sampled_from(LANDMARK_LINES), st.text(max_size=30)), max_size=60),
    st.sampled_from(["\n", "\r\n", "\n\n", " ", ""]),
)
def test_shuffled_protocol_pieces_are_parsed_or_refused(pieces: list[str], joint: str) -> None:
    try:
        protocol = parse_protocol(joint.join(pieces))
    except ProtocolImportError:
        return
    assert all(attendee.kind in KINDS for attendee in protocol.attendees)
    assert set(protocol.missing) <= {f for f in vars(protocol) if f != "missing"}


@settings(max_examples=200, deadline=timedelta(seconds=1))
@given(st.binary(max_size=2000), st.sampled_from(["p.txt", "p.docx", "p.pdf", "p", ".txt"]))
def test_arbitrary_bytes_are_read_or_refused(data: bytes, filename: str) -> None:
    try:
        text = read_protocol_upload(data, filename)
    except ProtocolImportError:
        return
    assert text.strip()


def _hostile_texts() -> dict[str, str]:
    """The long hostile texts, kept with their timing in bench/hostile_text.py."""
    path = Path(__file__).resolve().parents[2] / "bench" / "hostile_text.py"
    spec = importlib.util.spec_from_file_location("bench_hostile_text", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.HOSTILE_TEXTS


@pytest.mark.timeout(120)  # a guard against a hang, not a speed goal (bench/hostile_text.py)
@pytest.mark.parametrize("name", sorted(_hostile_texts()))
def test_long_hostile_text_is_read_or_refused(name: str) -> None:
    try:
        protocol = parse_protocol(_hostile_texts()[name])
    except ProtocolImportError as refused:
        assert refused.reason
        return
    assert set(protocol.missing) <= {f for f in vars(protocol) if f != "missing"}


def test_the_refusal_is_a_domain_error_for_the_api() -> None:
    error = ProtocolImportError()
    assert error.message == "The protocol could not be imported."
    assert error.as_json() == {
        "error": {"code": "import_failed", "message": error.message, "reason": "invalid"}
    }


def test_results_can_be_copied_and_compared(usual: str) -> None:
    protocol = parse_protocol(usual)
    assert replace(protocol, number=8) != protocol
    assert replace(protocol) == protocol
