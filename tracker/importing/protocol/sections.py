"""The marker table: phrases that open a section of a protocol, and the cutting itself.

A marker is a label ("სხდომის თავმჯდომარე:", "დღის წესრიგი", "ვადა:") or a verb
("სხდომას უძღვებოდა", "ესწრებოდნენ", "გადაწყვიტეს:") at the start of a line. A label ends with
a colon, a tab (a two-column table: label | value), a dash or the end of its line. Some
markers also open a section in the middle of a line, after a comma or a full stop ("…,
ოქმს აწარმოებდა …"): the line is cut there first (``INLINE``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import cells, flat
from .model import ParsedProtocol
from .people import is_attendee_header


@dataclass(frozen=True)
class Marker:
    """A phrase at the start of a line that opens a section of the protocol.

    ``keeps_line``: the marker line is itself the section's text (the authority statement, a
    signature), rather than a label followed by it.
    """

    section: str
    pattern: re.Pattern[str]
    keeps_line: bool = False


# What ends a label: a colon, a tab (the value in the next cell), a spaced dash, the line's end.
_END = r"(?: ?[:;]|(?=\t)| [-–—](?= )|$)"
# What may follow a verb: a colon, or the value itself.
_VERB = r"(?!\w) ?:?"
# Up to four words before a label: "სამუშაო ჯგუფის თავმჯდომარე:", "საბჭოს მდივანი:".
_FEW_WORDS = r"(?:[^\W\d_][^\s:\t]* ){0,4}?"


def _marker(section: str, *patterns: str, keeps_line: bool = False) -> Marker:
    return Marker(section, re.compile("|".join(f"(?:{p})" for p in patterns)), keeps_line)


# Lines are normalised to single spaces, so a space in a pattern is one space. First match wins.
MARKERS: tuple[Marker, ...] = (
    _marker(
        "start_time",
        r"(?:სხდომის )?(?:დაწყების|გახსნის) (?:დრო|საათი)" + _END,
        r"(?:სხდომის )?დასაწყისი" + _END,
        r"(?:სხდომის |ჩატარების )?(?:დრო|თარიღი და დრო|დრო და ადგილი)" + _END,
        r"სხდომა (?:დაიწყო|გაიხსნა)(?!\w)",
    ),
    _marker(
        "end_time",
        r"(?:სხდომის )?(?:დახურვის|დასრულების|დამთავრების) (?:დრო|საათი)" + _END,
        r"(?:სხდომის )?დასასრული" + _END,
        r"სხდომა (?:დაიხურა|დასრულდა|დამთავრდა)(?!\w)",
    ),
    _marker(
        "chair",
        r"(?:სხდომას |რომელსაც |მას )?(?:უძღვებოდა|თავმჯდომარეობდა|წარმართავდა|ხელმძღვანელობდა)"
        + _VERB,
        _FEW_WORDS + r"(?:თავმჯდომარე|წამყვანი|თავმჯდომარეობს)" + _END,
    ),
    _marker(
        "secretary",
        _FEW_WORDS + r"მდივანი" + _END,
        r"(?:სხდომის )?ოქმ(?:ს|ი) (?:აწარმოებდა|აწარმოა|ადგენდა|შეადგინა)" + _VERB,
        r"(?:სხდომის )?ოქმის (?:შემდგენი|შემდგენელი|მწარმოებელი)" + _END,
        r"მდივნის (?:ფუნქციას|მოვალეობას) (?:ასრულებდა|ასრულებს)" + _VERB,
    ),
    _marker(
        "excused",
        r"(?:[^:\t]{0,60} )?საპატიო მიზეზით(?: [^:\t]{0,30})?(?:არ |ვერ )(?:ესწრებოდნენ|ესწრებოდა"
        r"|დაესწრნენ|დაესწრო|დაესწრენ)" + _VERB,
        r"(?:სხდომას )?(?:არ |ვერ )(?:ესწრებოდნენ|ესწრებოდა|დაესწრნენ|დაესწრო|დაესწრენ)"
        r" საპატიო მიზეზით" + _VERB,
        r"(?:[^:\t]{0,40} )?(?:საპატიო მიზეზით )?გაცდენილი(?: წევრები)?" + _END,
    ),
    _marker(
        "absent",
        r"(?:[^:\t]{0,60} )?(?:არ |ვერ )(?:ესწრებოდნენ|ესწრებოდა|დაესწრნენ|დაესწრო|დაესწრენ)"
        + _VERB,
        r"(?:სხდომაზე )?არ(?: დამსწრე| იმყოფებოდნენ)(?: წევრები| პირები)?" + _END,
    ),
    _marker(
        "remote",
        r"(?:[^:\t]{0,60} )?(?:დისტანციურად|ონლაინ(?: რეჟიმში)?|ვიდეოკავშირით|ვიდეო ?კონფერენციით"
        r"|zoom-ით|zoom-ის საშუალებით)(?: [^:\t]{0,40})?(?:ესწრებოდნენ|ესწრებოდა|ჩაერთნენ"
        r"|ჩაერთო|მონაწილეობდნენ|დაესწრნენ|ჩართულნი|ჩართული)(?: იყვნენ)?" + _VERB,
        r"(?:დისტანციურად|ონლაინ) (?:ჩართული|ჩართულები|მონაწილეები|მონაწილე|დამსწრეები)"
        r"(?: წევრები| პირები)?" + _END,
        r"(?:დისტანციურად|ონლაინ)" + r"(?: ?:|$)",
    ),
    _marker(
        "attendees",
        r"(?:[^:\t]{0,60} )?(?:ესწრებოდნენ|ესწრებოდა|დაესწრნენ|დაესწრო|იმყოფებოდნენ"
        r"|მონაწილეობდნენ|მონაწილეობა მიიღეს|დაესწრენ)" + _VERB,
        r"(?:სხდომის |სხდომაზე )?(?:დამსწრე|დამსწრეები|დამსწრენი|დამსწრეთა სია|მონაწილეები"
        r"|მონაწილეთა სია|მონაწილენი)(?: პირები| წევრები| პირთა სია)?" + _END,
        r"(?:და |ასევე )?მოწვეული(?: პირები| სტუმრები| სტუმარი|ნი)?" + _END,
        r"(?:და |ასევე )?მოწვეულები" + _END,
        r"(?:სამუშაო ჯგუფის |საბჭოს |კომისიის )?(?:დამსწრე )?წევრები" + r"(?: ?:|$)",
        r"სხდომაზე (?:იმყოფებოდნენ|მოწვეულნი იყვნენ|იყვნენ)" + _VERB,
        r"(?:[^:\t]{0,60} )?(?:წევრები|მონაწილეები) ?:",
    ),
    _marker(
        "authority",
        r"(?=(?:სხდომის )?უფლებამოსილებ|სხდომა უფლებამოსილია|კვორუმი|სხდომა იყო "
        r"უფლებამოსილი|ქვორუმი)",
        keeps_line=True,
    ),
    _marker(
        "agenda",
        r"(?:[^:\t]{0,120} )?დღის წესრიგი" + _END,
        r"(?:[^:\t]{0,120} )?დღის წესრიგით გათვალისწინებული საკითხები" + _END,
        r"განსახილველი საკითხები" + _END,
    ),
    _marker(
        "discussion",
        r"(?:[0-9]{1,2}[.)] ?)?(?:მოისმინეს|განიხილეს|განხილვა|მსჯელობა|სხდომის მიმდინარეობა"
        r"|მოხსენება|ისმინეს)" + r"(?: ?:| ?\t|$)",
    ),
    _marker(
        "decisions",
        r"(?:[^:\t]{0,160} )?(?:შეთანხმდნენ|გადაწყვიტეს|გადაწყვიტა|დაადგინეს|დაადგინა|გადაწყდა"
        r"|გადაწყვეტილებ(?:ა|ები)(?: მიღებულ(?:ი|ია|იქნა))?|მიღებული გადაწყვეტილებები|დაადგინეს"
        r"|დადგინდა|ნაბიჯები) ?:",
        r"(?:სხდომის |მიღებული )?(?:გადაწყვეტილებ(?:ა|ები)|გადაწყვიტეს|დაადგინეს)$",
    ),
    _marker("place", r"(?:სხდომის )?(?:ჩატარების )?(?:ადგილი|მისამართი|ადგილმდებარეობა)"
            r"(?: და (?:დრო|თარიღი))?" + _END),
    _marker("date", r"(?:სხდომის )?(?:ჩატარების )?თარიღი" + _END),
    _marker("signature", r"[^/]{0,100}/[^/0-9]{2,80}/[ _.]*$", keeps_line=True),
)

# Phrases that open a section in the middle of a line, after ", " or ". ".
INLINE = re.compile(
    r"(?<=[.,;]) (?=(?:ხოლო )?(?:(?:სხდომის )?ოქმს აწარმოებდა|ოქმი აწარმოა|სხდომის მდივანი"
    r"|სხდომას (?:თავმჯდომარეობდა|უძღვებოდა|ესწრებოდნენ|დაესწრნენ)|რომელსაც "
    r"(?:თავმჯდომარეობდა|უძღვებოდა)|სხდომა (?:დაიწყო|გაიხსნა|დაიხურა|დასრულდა)(?!\w)))"
)
_LEADING_AND = re.compile(r"^ხოლო ")


@dataclass
class Section:
    name: str
    head: str
    lines: list[str]
    # Written as a label (a colon, a cell, a line of its own), not as a verb in a sentence.
    labelled: bool = False


@dataclass
class Draft:
    """The protocol being filled in, plus text that no field claimed (it becomes discussion)."""

    protocol: ParsedProtocol
    unclaimed: list[str] = field(default_factory=list)

    def discuss(self, lines: list[str]) -> None:
        self.unclaimed.extend(["", *lines])

    def doubt(self, name: str) -> None:
        if name not in self.protocol.uncertain:
            self.protocol.uncertain.append(name)


def match_marker(line: str) -> tuple[Marker, str, str] | None:
    """The marker that opens ``line``, its label and the text after it on the same line. A
    section label in a Word list comes as "• label" (see the reader): the bullet is not the
    label's."""
    text = line[2:] if line.startswith(("• ", "- ")) else line
    for marker in MARKERS:
        match = marker.pattern.match(text)
        if match:
            rest = text if marker.keeps_line else text[match.end() :]
            return marker, match[0], rest.strip(" :-–—\t")
    return None


ATTENDANCE = frozenset({"attendees", "absent", "excused", "remote"})
OFFICERS = frozenset({"chair", "secretary"})


def split_inline(lines: list[str]) -> list[str]:
    """Lines cut where a marker starts in the middle of a sentence (not in table rows)."""
    result: list[str] = []
    for line in lines:
        if "\t" in line or not INLINE.search(line):
            result.append(line)
            continue
        result.extend(_LEADING_AND.sub("", part) for part in INLINE.split(line))
    return result


def split_sections(lines: list[str]) -> list[Section]:
    """The text before the first marker (the heading) and one section per marker line."""
    sections = [Section("prelude", "", [])]
    for line in lines:
        found = match_marker(line) if line else None
        if (found is None and "\t" in line and sections[-1].name not in ATTENDANCE
                and is_attendee_header(cells(line))):
            sections.append(Section("attendees", "", [line], True))
            continue
        if found is None:
            sections[-1].lines.append(line)
            continue
        marker, label, rest = found
        if sections[-1].name in ATTENDANCE and marker.section in OFFICERS and ":" not in label:
            # "საბჭოს თავმჯდომარე - გელა ნოზაძე" in a list of attendees is one of them.
            sections[-1].lines.append(line)
            continue
        labelled = label.rstrip().endswith(":") or not rest or "\t" in line
        sections.append(Section(marker.section, flat(line), [rest] if rest else [], labelled))
    return sections
