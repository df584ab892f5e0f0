"""The plan grammar: a document's lines to a :class:`~.model.ParsedPlan`.

One walk over the lines (the reader's form: table rows as tab-separated cells, the
paragraphs of one Word cell kept apart by " ¶ "). A commitment starts at a heading
("ვალდებულება 1: …", "Commitment 2 – …") or, in documents without headings, where a label
it already has comes again (the next table's "ვალდებულების დასახელება"). A field is a label
— the first cell of a row, the words before a colon, or a line of its own — with its value:
the rest of the row, the rest of the line, or the lines that follow up to the next label.
Milestones are the rows of a table whose header names a milestone and its dates or who is
responsible, the rows of the commitment's table whose label is a milestone, or the list
under a "Milestones" label. What no label claims is kept (the description, or additional
information) and what could not be read is listed in ``ParsedPlan.problems`` with where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...text import fold
from .. import reader
from ..protocol.lines import normalise_lines, row_number, split_top
from ..reader import UploadRefused
from .fields import (
    date_range,
    find_dates,
    one_date,
    one_name,
    person_and_contact,
    read_budget,
    read_names,
    read_sdgs,
    read_values,
    value_mark,
)
from .labels import (
    MILESTONE_HEADER_WORDS,
    label_at_start,
    label_of,
    matrix_roles,
    normal_label,
)
from .model import ParsedCommitment, ParsedMilestone, ParsedPlan, PlanProblem

FILE_TYPES = (".txt", ".docx", ".pdf")
#: What stands between the paragraphs of one Word table cell in the lines read.
CELL_BREAK = " ¶ "
_BREAK = "¶"


class PlanImportError(UploadRefused):
    """An upload the plan importer refuses; ``reason`` (see UploadRefused) adds
    ``not_a_plan``."""

    default_message = _l("The action plan could not be imported.")


#: The most lines a plan may have: a plan of thirty commitments on OGP's template is a few
#: thousand; the bound keeps a hostile file's reading within a request's time (each line is
#: compared with the template's labels).
MAX_PLAN_LINES = 10_000


def read_plan_upload(data: bytes, filename: str) -> str:
    """The text of an uploaded plan (.txt, .docx or a PDF with a text layer)."""
    text = reader.read_upload(data, filename, accept=FILE_TYPES, error=PlanImportError,
                              unsupported=_unsupported_message, cell_break=CELL_BREAK,
                              max_lines=MAX_PLAN_LINES)
    if text.count("\n") > MAX_PLAN_LINES:
        raise reader.too_long(PlanImportError)
    return text


def _unsupported_message(suffix: str) -> str:
    if suffix == ".doc":
        return _("Old Word (.doc) files cannot be read. Save the action plan as .docx and "
                 "upload it again.")
    return _("Only .txt, .docx and .pdf files can be imported.")


# Lines -----------------------------------------------------------------------------------------
# "1. ვალდებულება: …", "II. …", "3) …": a heading when a template label follows it.
_NUMBERED_HEADING = re.compile(
    r"^(?:(?P<number>[0-9]{1,2}|[IVX]{1,4})[.)]\s*(?:(?:ვალდებულება|commitment)\s*[:.\-–—]\s*)?)"
    r"(?P<title>[^\d\s].{2,250})$", re.IGNORECASE)
# "1-ლი ვალდებულება", "მე-2 ვალდებულება: …": a heading by its ordinal.
_ORDINAL_HEADING = re.compile(
    r"^(?:([0-9]{1,2})-?(?:ლი|ე)|მე-?([0-9]{1,2})(?:-?ე)?)\s+ვალდებულება\s*[:.\-–—]?\s*(.*)$")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10}
_HEADING = re.compile(
    r"^(?:ვალდებულება|commitment)\s*(?:№|n|no\.?|#)?\s*([0-9]{1,3})(?![0-9])(?!\.[0-9])"
    r"(?!-?(?:ის|ში|ზე|თვის|ით|ს)(?!\w))(?!'s)\s*[:.)\-–—]?\s*(.*)$",
    re.IGNORECASE,
)
_NUMBER_TITLE = re.compile(
    r"^(?:(?:ვალდებულება|commitment)\s*)?(?:№|n|no\.?|#)?\s*([0-9]{1,3})(?![0-9])\s*[.:)\-–—]?\s+(.+)$",
    re.IGNORECASE | re.DOTALL,
)
_LEADING = re.compile(r"^(?:•\s*|[-–—*·]\s+|[0-9]{1,2}(?:\.[0-9]{1,2})*[.)](?![0-9])\s*|"
                      r"[0-9]{1,2}\.[0-9]{1,2}\s+(?![0-9])|"
                      r"[ა-ჰa-z]\)\s*|"
                      r"(?:ეტაპი|milestone|აქტივობა|activity)\s*№?\s*[0-9]{1,2}\s*[.:)–—-]\s*)",
                      re.IGNORECASE)
# A table of contents' line: "ვალდებულება 1. … ........ 3".
_PART_INSIDE = (re.compile(r"(?:^|¶\s*)(?:ვადა|შესრულების ვადა|პასუხისმგებელი|deadline|due|"
                           r"responsible)\s*:", re.IGNORECASE),)
_CONTENTS = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){4,})\s*[0-9]{1,3}\s*$")
_MILESTONE_PART_LABELS = {
    "responsible": re.compile(r"^(?:პასუხისმგებელი(?: პირი| უწყება)?|შემსრულებელი|"
                              r"responsible(?: party| agency)?|lead)\s*[:\-–—]\s*", re.I),
    "start": re.compile(r"^(?:დაწყება|დაწყების თარიღი|start(?: date)?|from)\s*[:\-–—]?\s*", re.I),
    "end": re.compile(r"^(?:ვადა|შესრულების ვადა|დასრულება|დასრულების თარიღი|deadline|due|"
                      r"end(?: date)?|by|until)\s*[:\-–—]?\s*", re.I),
}
# A milestone's line cut into its parts: dashes, semicolons, brackets ("ა(ა)იპ" keeps its
# own), a comma before "ვადა" or "პასუხისმგებელი".
_MILESTONE_SPLIT = re.compile(r"\s+[–—|]\s+|;\s+|\s+-\s+|\t|\s+\(|^\(|\)(?=\s|$|[,;.])|"
                              r",\s+(?=(?:ვადა|პასუხისმგ\w*|შემსრულ\w*|deadline|due|"
                              r"responsible|start|დაწყ\w*)\b)", re.IGNORECASE)
_TEXT_FIELDS = ("title", "problem", "description", "solution", "programme_links",
                "additional_info")
_DATE_REST = re.compile(r"^[\W\d_]*(?:-?(?:მდე|დან|ით|ის)|until|by|წ|წლის|წელი)?[\W_]*$",
                        re.IGNORECASE)


@dataclass
class _Draft:
    """A commitment being read: its raw field texts, its milestones, what it has seen."""

    index: int
    number: int | None = None
    title: str = ""
    raw: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    milestones: list[ParsedMilestone] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    key: tuple[str, str] | None = None  # a plan-wide table's number and title cells

    def add(self, name: str, text: str) -> None:
        if text.strip():
            self.raw.setdefault(name, []).append(text.strip())


class _Walk:
    def __init__(self) -> None:
        self.plan = ParsedPlan()
        self.drafts: list[_Draft] = []
        self.header: list[str] = []
        self.plan_raw: dict[str, list[str]] = {}
        self.field: str | None = None  # the field whose text goes on in the next lines
        self.columns: list[str] | None = None  # a milestone table's columns, while in one
        self.listing = False  # lines under a "Milestones" label are milestones
        self.last_listed: tuple[str, int, int] | None = None  # the line, and counts before it
        self.matrix: list[str | None] | None = None  # a plan-wide table's column roles
        self.after_milestones = False  # prose after a commitment's milestones: the plan's
        self.raw_cells: list[str] = []  # the row's cells, empty ones kept
        self.group = ""  # the group label of the rows above ("საკონტაქტო პირი | ტელეფონი | …")
        self.previous = ""  # the text line before
        self.last_field: str | None = None  # the field that line went to

    @property
    def current(self) -> _Draft | None:
        return self.drafts[-1] if self.drafts else None

    def problem(self, code: str, text: str = "", draft: _Draft | None = None,
                name: str = "") -> None:
        self.plan.problems.append(PlanProblem(code, text[:300],
                                              draft.index if draft else None, name))

    def start(self, number: int | None = None, title: str = "") -> _Draft:
        draft = _Draft(len(self.drafts) + 1, number, title.strip())
        self.drafts.append(draft)
        self.field, self.columns, self.listing = None, None, False
        self.after_milestones = False
        return draft

    def start_or_reopen(self, number: int, title: str) -> _Draft:
        """A commitment's heading: a new commitment, or — where a summary table listed the
        commitments first (their number, title, dates, lead unit) — that one, taken up
        again for its details."""
        key = fold(" ".join(title.split()))
        for draft in self.drafts:
            if draft.number == number and draft.key is not None and key \
                    and draft.key[1] == key:
                self.drafts.remove(draft)
                self.drafts.append(draft)
                self.field, self.columns, self.listing = None, None, False
                self.after_milestones = False
                return draft
        return self.start(number, title)

    # One line --------------------------------------------------------------------------------
    def line(self, line: str, following: str = "") -> None:
        """One line; ``following`` is the next, which says whether "II. …" heads a
        commitment (a label of the template follows) or a section of the document."""
        if not line:
            return
        raw = [cell.strip() for cell in line.split("\t")]
        cells = [cell for cell in raw if cell]
        self.raw_cells = raw[1:] if len(raw) > 2 and raw[0] == raw[1] else raw
        if not cells:
            return
        if len(cells) > 1 and len(set(cells)) == 1:
            cells = cells[:1]  # a row Word merged across: its text once, a heading
        elif len(cells) > 2 and cells[0] == cells[1]:
            cells = cells[1:]  # a label cell merged over two columns
        if self.drafts and _signature(cells):
            self.header.append(": ".join(cells))  # the plan's signatures, kept with it
            self.columns, self.listing, self.field = None, False, None
            return
        if self.matrix is not None:
            if self.matrix_row(raw, cells):
                return
            self.matrix = None
        first = cells[0]
        heading = _HEADING.match(first) if len(first) <= 300 else None
        if _CONTENTS.search(first):
            return  # a table of contents: its headings come again where they stand
        ordinal = _ORDINAL_HEADING.match(first) if len(first) <= 300 else None
        if ordinal:
            title = " ".join([ordinal[3], *cells[1:]]).strip()
            self.start_or_reopen(int(ordinal[1] or ordinal[2]), title.replace(_BREAK, " "))
            return
        if heading and label_of(first) in (None, "number"):
            title = " ".join([heading[2], *cells[1:]]).strip()
            self.start_or_reopen(int(heading[1]), title.replace(_BREAK, " "))
            return
        numbered = _NUMBERED_HEADING.match(first) if len(cells) == 1 else None
        if numbered and label_of(first) is None and _opens_commitment(following) \
                and (not self.listing or numbered["number"].isalpha()
                     or not any(pattern.match(following)
                                for pattern in _MILESTONE_PART_LABELS.values())):
            # "II. სასმელი წყლის …" then "Start date / დაწყება: …": a commitment's heading.
            number = numbered["number"]
            self.start(int(number) if number.isdigit() else _ROMAN.get(number.upper()),
                       numbered["title"])
            return
        if len(cells) >= 2:
            self.previous = ""
            self.row(cells)
        else:
            self.text(first)

    def row(self, cells: list[str]) -> None:
        columns = _milestone_header(cells)
        if columns is not None:
            self.columns, self.field, self.listing = columns, None, False
            return
        if _VALUES_HEADER.match(" ".join(normal_label(" ".join(cells)))):
            self.field = "ogp_values"  # "ღირებულება | მონიშვნა | განმარტება": the values' table
            return
        roles = matrix_roles(cells)
        if roles is not None:
            self.matrix, self.columns, self.field, self.listing = roles, None, None, False
            return
        if self.columns is None and len(cells) in (2, 3) and row_number(cells) \
                and _line_label(cells[1], plan=False) is not None:
            cells = cells[1:]  # "7 | საჯარო პრობლემა | …": the row's number, then its label
            self.raw_cells = self.raw_cells[1:]
        grouped = len(self.raw_cells) >= 3 or (len(cells) == 2 and cells[0] == self.group)
        if self.current is not None and len(cells) >= 2 and self.raw_cells[:1] == cells[:1] \
                and grouped and self.raw_cells[1] and len(cells[1]) <= 250 \
                and label_of(cells[0]) != "milestones":
            sub = _line_label(cells[1].rstrip(":"), plan=False)
            if sub is not None and sub not in _NOT_IN_A_CELL:
                # A group's label, the field's own, its value: "საკონტაქტო პირი | ტელეფონი | …",
                # "ხელშემწყობი მხარეები | სახელმწიფო | …", "ვალდებულების აღწერა | question | …".
                self.labelled_cell(sub, " ".join(cells[2:]))
                self.group = cells[0]
                return
        self.group = ""
        name = label_of(cells[0], plan=self.current is None) if len(cells[0]) <= 250 else None
        if name == "milestones" and len(cells) > 2 \
                and any(find_dates(cell) for cell in cells[1:]):
            self.milestone_cells(cells[1:], None)  # a milestone row of a long table
            return
        if name is not None:
            self.labelled_cell(name, " ".join(cells[1:]))
            return
        if self.columns is not None and len(cells) < len(self.columns) \
                and not any(find_dates(cell) for cell in cells):
            self.columns = None  # a row that is no milestone: the table has ended
        if self.columns is not None or self.listing:
            self.milestone_cells(cells, self.columns)
            return
        draft = self.current
        if draft is not None and any(find_dates(cell) for cell in cells[1:]) \
                and len(cells) >= 3 and row_number(cells):
            self.milestone_cells(cells, None)  # a numbered dated row: a milestone table's
            return
        # A label the grammar does not know: kept, and listed for the review.
        text = f"{cells[0]}: {' '.join(cells[1:])}"
        if draft is None:
            self.header.append(text)
        else:
            draft.add("additional_info", text)
            self.problem("unknown_label", cells[0], draft)
        self.field = None

    def text(self, line: str) -> None:
        previous, self.previous = self.previous, line
        last_field, self.last_field = self.last_field, None
        if self.listing and self.last_listed is not None and self.current is not None \
                and len(self.last_listed[0]) < _MILESTONE_LONGEST \
                and any(pattern.match(line) for pattern in _MILESTONE_PART_LABELS.values()) \
                and ":" in line[:40]:
            # "ვადა: …" / "პასუხისმგებელი: …" under "ეტაპი 1. …": the milestone's own lines.
            source, milestones, problems = self.last_listed
            del self.current.milestones[milestones:]
            del self.plan.problems[problems:]
            self.last_listed = (f"{source}; {line}", milestones, problems)
            self.milestone_text(f"{source}; {line}")
            return
        if self.field == "ogp_values" and self.current is not None and _BOX_LINE.match(line):
            self.current.add("ogp_values", line)  # "[ ] value", "[x] value — why"
            return
        if self.current is not None and last_field is not None and _runs_on(previous) \
                and not self.listing:
            self.current.add(last_field, line)  # a wrapped line: "… 12 (მდგრადი მოხმარება და"
            self.last_field = last_field
            return
        head, colon, rest = line.partition(":")
        name = None
        if colon and len(head) <= 150 and not _runs_on(previous):
            name = _line_label(head, plan=self.current is None)
            if name is not None:
                # "მდგრადი განვითარების მიზანი 5: გენდერული თანასწორობა": the goal is in the head.
                self.labelled(name, line if name == "sdgs" and re.search(r"[0-9]", head)
                              else rest)
                return
        dashed = _DASHED.match(line) if not colon or name is None else None
        if dashed and not _runs_on(previous):
            # "პრობლემა — …", "ძირითადი ეტაპები —": a dash after a label, as a colon.
            name = _line_label(dashed[1], plan=self.current is None)
            if name is not None:
                self.labelled(name, dashed[2])
                return
        if len(line) <= 200 and not _runs_on(previous) and not _sentence(line) \
                and (name := _line_label(line, plan=self.current is None)) is not None:
            self.labelled(name, "")
            return
        spaced = _spaced_label(line) if self.current is not None and not self.listing \
            and not self.after_milestones \
            and (not previous or previous.rstrip().endswith((".", "!", "?", ":", "—", "–"))
                 or self.field is None) else None
        if spaced is not None and spaced[0] == "title" and (self.current.title
                                                            or "title" in self.current.seen):
            spaced = None  # a title is a commitment's first line, not a line of its text
        if spaced is not None:
            # A two-column layout's line: "ვადები 2025 წლის მე-4 კვარტალი – …".
            self.labelled(*spaced)
            if spaced[0] in ("title", "lead_unit", "programme_links"):
                self.field = None  # a name: the next line is the next label's
            return
        if self.listing:
            self.listed(line)
            return
        draft = self.current
        if draft is not None and (self.columns is not None or self.after_milestones):
            # Prose after a commitment's milestones ("the working group will monitor…") is
            # the plan's, not the commitment's: kept with the plan's text.
            self.columns, self.after_milestones = None, True
            self.header.append(line)
            return
        self.columns = None
        if self.field is not None and draft is not None:
            draft.add(self.field, line)
            self.last_field = self.field
            if self.field in _NEXT_LINE:
                self.field = None  # "Start date" alone, its date below: that one line
        elif self.field is not None:
            self.plan_raw.setdefault(self.field, []).append(line)
            if self.field in _NEXT_LINE:
                self.field = None
        elif draft is None:
            self.header.append(line)
        else:
            draft.add("loose", line)

    def labelled_cell(self, name: str, value: str) -> None:
        """A label's cell, whose paragraphs may carry labels of their own (OGP's "Additional
        information" cell: "Budget: …", "Link to other government programmes: …", "SDGs:
        …"): each such paragraph starts its own field."""
        current, own = name, []
        for part in (part.strip() for part in value.split(_BREAK)):
            head, colon, rest = part.partition(":")
            label = _line_label(head, plan=False) if colon and len(head) <= 150 else None
            if label is not None and label != current and label not in _NOT_IN_A_CELL \
                    and not label.startswith("value:"):
                self.labelled(current, f" {_BREAK} ".join(own))
                current, own = label, [rest.strip()]
            else:
                own.append(part)
        self.labelled(current, f" {_BREAK} ".join(own))

    def labelled(self, name: str, value: str) -> None:
        self.columns, self.listing, self.after_milestones = None, False, False
        if self.current is None and name in ("dates", "start_date", "deadline"):
            name = "period"  # dates before any commitment are the plan's
        if name in ("plan_title", "period"):
            if self.current is None:
                self.plan_raw.setdefault(name, []).append(value.strip())
                self.field = None if value.strip() and name == "period" else name
                return
            name = "dates" if name == "period" else "title"
        draft = self.current
        if draft is None or (name in ("number_title", "title", "number")
                             and {"number_title", "title", "number"} & draft.seen
                             and (name in draft.seen or name == "number_title"
                                  or (name == "number" and "number_title" in draft.seen))):
            draft = self.start()
        if name == "section":
            self.field = None  # "Commitment planning": a heading of the template's, no field
            return
        if name.startswith("value:"):
            draft.values[name.removeprefix("value:")] = value.strip()
            draft.seen.add("ogp_values")
            # "How will the commitment promote transparency?" alone, or a sentence that wraps:
            # the lines below are its.
            self.field = name
            return
        draft.seen.add(name)
        self.last_field = name
        if name == "milestones":
            self.listing = True
            self.field = None
            self.last_listed = None
            for line in value.split(_BREAK):
                if line.strip():
                    self.listed(line.strip())
            return
        draft.add(name, value)
        # A date, a number, a name or an amount is one line: what follows is not its.
        self.field = None if value.strip() and name in _ONE_LINE else name

    # A plan-wide table -------------------------------------------------------------------------
    def matrix_row(self, raw: list[str], cells: list[str]) -> bool:
        """A row of a plan-wide table (see :func:`.labels.matrix_roles`): the commitment
        its number and title cells name — a new one when they change, the one above when
        they repeat or are empty (a merged cell) — and the row's milestone. False for a row
        that does not fit the header (the table has ended)."""
        roles = self.matrix or []
        if len(cells) == 1:
            if _HEADING.match(cells[0]) or _ORDINAL_HEADING.match(cells[0]) \
                    or label_of(cells[0], whole=True) is not None:
                return False  # the details after a summary table
            self.header.append(cells[0])  # a heading across the table: kept with the plan's
            return True
        if max(len(roles) - 3, len(roles) // 2 + 1) <= len(raw) < len(roles):
            raw = raw + [""] * (len(roles) - len(raw))  # the line lost its empty last cells
        values = raw if len(raw) == len(roles) else cells if len(cells) == len(roles) else None
        if values is None:
            return False
        record: dict[str, list[str]] = {}
        for role, value in zip(roles, values, strict=True):
            if role and value:
                record.setdefault(role, []).append(value)
        number = (record.get("number") or [""])[0]
        title = (record.get("title") or record.get("number_title") or [""])[0]
        digits = re.search(r"[0-9]{1,3}", number)
        key = (digits[0] if digits else "", fold(" ".join(title.split())))
        draft = self.current
        if (number or title) and (draft is None or draft.key != key):
            draft = self.start(int(digits[0]) if digits else None)
            draft.key = key
            if "number_title" in record:
                draft.add("number_title", title)
            else:
                draft.title = " ".join(title.replace(_BREAK, " ").split())
            draft.seen.add("title")
        elif draft is None:
            return False
        for role, texts in record.items():
            if role.startswith("m_") or role in ("number", "title", "number_title",
                                                 "milestones"):
                continue
            value = f" {_BREAK} ".join(texts)
            for name, part in _pair(role, value):
                if name not in draft.seen:  # repeated on each of its milestones' rows
                    self.labelled(name, part)
        self.field, self.listing, self.columns = None, False, None
        for text in record.get("milestones", []):
            # A column of all the milestones: "title (date) - responsible; …".
            for _separator, part in split_top(text, _LIST_BREAK):
                if part.strip():
                    self.milestone_text(part.strip())
        if record.get("m_title"):
            starts = " ".join(record.get("m_start", []))
            ends = " ".join(record.get("m_end", []))
            start = one_date(starts) if starts else None
            end = one_date(ends, end=True) if ends else None
            if ends and not starts and len(find_dates(ends)) >= 2:
                start = one_date(ends)
            self.add_milestone(draft, record["m_title"][0], start, end,
                               " ".join(record.get("m_responsible", [])), " | ".join(cells))
        return True

    # Milestones ------------------------------------------------------------------------------
    def milestone_cells(self, cells: list[str], columns: list[str] | None) -> None:
        draft = self.current or self.start()
        self.field = None
        title, responsible, start, end = "", "", None, None
        if columns is not None and len(cells) == len(columns):
            for role, cell in zip(columns, cells, strict=True):
                if role == "title":
                    title = title or cell
                elif role == "responsible":
                    responsible = cell
                elif role == "other":
                    continue
                elif role in ("start", "end"):
                    found = find_dates(cell, end=role == "end")
                    if len(found) >= 2:
                        start, end = found[0], find_dates(cell, end=True)[-1]
                    elif found and role == "start":
                        start = found[0]
                    elif found:
                        end = found[0]
        elif any(pattern.search(cell) for cell in cells for pattern in _PART_INSIDE):
            # "1. title | ვადა: … ¶ პასუხისმგებელი: …": the parts say what they are.
            parts = cells[1:] if row_number(cells) and len(cells) > 1 else cells
            self.milestone_text("; ".join(cell.replace(_BREAK, ";") for cell in parts))
            return
        else:
            parts = cells[1:] if row_number(cells) and len(cells) > 1 else cells
            texts, dates = [], []
            for cell in parts:
                found = find_dates(cell)
                if found and _only_dates(cell):
                    dates.append(cell)
                else:
                    texts.append(cell)
            title = texts[0] if texts else ""
            responsible = texts[-1] if len(texts) > 1 else ""
            start, end = _start_end(dates)
        self.add_milestone(draft, title, start, end, responsible, " | ".join(cells))

    def listed(self, line: str) -> None:
        """A line of a milestone list. One that starts with no number or bullet goes on
        with the milestone before it (a PDF wraps long lines), which is read again."""
        draft = self.current
        last = self.last_listed
        if last is not None and draft is not None and not _LEADING.match(line) \
                and len(draft.milestones) <= last[1] + 1 and len(last[0]) < _MILESTONE_LONGEST \
                and _goes_on(last[0], line):
            source, milestones, problems = last
            del draft.milestones[milestones:]
            del self.plan.problems[problems:]
            line = f"{source} {line}"
        elif last is not None and not _LEADING.match(line) and not find_dates(line) \
                and ((_sentence(line) and len(line.split()) > 6)
                     or (draft is not None and draft.milestones
                         and all(m.deadline for m in draft.milestones))):
            # Prose after the list, or a heading ("მონიტორინგი") after dated milestones.
            self.listing, self.after_milestones = False, True
            self.header.append(line)  # prose after the list: the plan's
            return
        self.last_listed = (line, len(draft.milestones) if draft else 0, len(self.plan.problems))
        self.milestone_text(line)

    def milestone_text(self, line: str) -> None:
        draft = self.current or self.start()
        text = _LEADING.sub("", line.replace(_BREAK, " ")).strip()
        if not text:
            return
        title, responsible, start = "", "", None
        dated: list[str] = []
        pieces = [p.strip(" ,.;:") for p in _MILESTONE_SPLIT.split(text)]
        if len([p for p in pieces if p]) == 1:
            # "title 30.11.2025 responsible": one piece, the date in its middle parts it.
            inside = _NUMERIC_DATE.search(pieces[0])
            if inside and inside.start() > 0 and inside.end() < len(pieces[0]):
                pieces = [pieces[0][:inside.start()].strip(), inside[0],
                          pieces[0][inside.end():].strip()]
        for piece in pieces:
            if not piece:
                continue
            role = next((name for name, pattern in _MILESTONE_PART_LABELS.items()
                         if pattern.match(piece)), None)
            body = _MILESTONE_PART_LABELS[role].sub("", piece) if role else piece
            if role == "responsible":
                responsible = body
            elif find_dates(body) and (_only_dates(body) or role):
                if role == "start":
                    start = find_dates(body)[0]
                else:
                    dated.append(body)
            elif not title:
                title = body
            elif not responsible:
                responsible = body
            else:
                title = f"{title} ({body})"
        first, last = _start_end(dated)
        self.add_milestone(draft, title, start or first, last, responsible, line)

    def add_milestone(self, draft: _Draft, title: str, start, end, responsible: str,  # type: ignore[no-untyped-def]
                      source: str) -> None:
        title = _LEADING.sub("", " ".join(title.replace(_BREAK, " ").split())).strip(" .,;:")
        if not title:
            self.problem("milestone_no_title", source, draft, "milestones")
            return
        if end is None:
            end, start = start, None
        if end is None:
            self.problem("milestone_no_date", title, draft, "milestones")
        draft.milestones.append(ParsedMilestone(title[:300], end, start, one_name(responsible)))

    # The end ---------------------------------------------------------------------------------
    def finish(self) -> ParsedPlan:
        plan = self.plan
        self._plan_heading()
        for draft in self.drafts:
            commitment = self._commitment(draft)
            if commitment.title or len(draft.seen) >= 2 or commitment.milestones:
                plan.commitments.append(commitment)
        # A heading met twice (a list of the commitments before them) is one commitment: the
        # one with content keeps the place; a bare heading of the same number and title goes.
        kept: list[ParsedCommitment] = []
        for commitment in plan.commitments:
            twin = next((other for other in kept if commitment.number is not None
                         and other.number == commitment.number
                         and fold(other.title) == fold(commitment.title)), None)
            if twin is not None and _bare(twin):
                kept[kept.index(twin)] = commitment
            elif twin is None or not _bare(commitment):
                kept.append(commitment)
        plan.commitments = kept
        return plan

    def _plan_heading(self) -> None:
        plan = self.plan
        raw = {key: _text(values) for key, values in self.plan_raw.items()}
        lines = list(self.header)
        title = raw.get("plan_title", "")
        if not title:
            named = [line for line in lines
                     if any(word in fold(line) for word in ("სამოქმედო გეგმ", "action plan"))]
            title = named[0] if named else (lines[0] if lines else "")
            if title in lines:
                # A title set over several short lines ("…მუნიციპალიტეტის" / "ღია
                # მმართველობის" / "სამოქმედო გეგმა"): the short lines just above it are its.
                at = lines.index(title)
                first = at
                while first > 0 and _title_piece(lines[first - 1]) and _title_piece(title):
                    first -= 1
                title = " ".join(lines[first:at + 1])
                del lines[first:at + 1]
        plan.title = " ".join(title.split())[:300]
        period = raw.get("period", "")
        start, end = date_range(period) if period else (None, None)
        if start is None or end is None:
            # A line with both days ("2025 წლის 1 მარტი – 2026 წლის 31 დეკემბერი") before the
            # title's years ("2025–2026").
            candidates = sorted([plan.title, *lines], key=lambda line: len(find_dates(line)) < 2)
            for line in candidates:
                found = date_range(line)
                if found[0] and found[1]:
                    start, end = found
                    if line in lines:
                        lines.remove(line)
                    break
        plan.period_start, plan.period_end = start, end
        plan.description = "\n".join(lines)
        if not plan.title:
            self.problem("no_plan_title")
        if start is None or end is None or end < start:
            plan.period_start = plan.period_end = None
            self.problem("no_period", period)

    def _commitment(self, draft: _Draft) -> ParsedCommitment:
        raw = {key: _text(values) for key, values in draft.raw.items()}
        commitment = ParsedCommitment(number=draft.number, title=draft.title)
        if "number_title" in raw:
            match = _NUMBER_TITLE.match(raw["number_title"])
            if match:
                commitment.number, commitment.title = int(match[1]), match[2].strip()
            else:
                commitment.title = raw["number_title"]
        if "number" in raw:
            digits = re.findall(r"[0-9]+", raw["number"])  # "OKR0001" is 1, "1.2" is 1
            if digits:
                number = int(digits[0] if "." in raw["number"] else digits[-1])
                commitment.number = number if number < 1000 else commitment.number
        for name in _TEXT_FIELDS:
            if raw.get(name) and not _NOTHING.match(raw[name]):
                text = raw[name]
                if name == "additional_info" and commitment.additional_info:
                    text = commitment.additional_info + "\n" + text
                setattr(commitment, name, text)
        loose = raw.get("loose", "")
        if loose and not commitment.description:
            commitment.description = loose
        elif loose:
            commitment.additional_info = "\n".join(
                part for part in (commitment.additional_info, loose) if part)
        commitment.title = " ".join(commitment.title.split())[:300]
        self._dates(draft, raw, commitment)
        commitment.lead_unit = one_name(raw.get("lead_unit", ""))
        commitment.owner, contact = person_and_contact(raw.get("owner", ""))
        commitment.owner_contact = ", ".join(part for part in (contact, " ".join(
            raw.get("owner_detail", "").replace("\n", ", ").split())) if part)
        values = read_values(raw.get("ogp_values", "").replace("\n", " "))
        for key, answer in raw.items():
            if key.startswith("value:") and answer:
                code = key.removeprefix("value:")
                draft.values[code] = " ".join(
                    part for part in (draft.values.get(code, ""), answer.replace("\n", " "))
                    if part)
        marks = {code: value_mark(sentence) for code, sentence in draft.values.items()}
        ticks = any(mark is True for mark, _sentence in marks.values())
        for code, (mark, sentence) in marks.items():
            if mark == "x":
                mark = not ticks  # a bare X is a cross where the others are ticked with ✔
            if mark is True or (mark is None and sentence):
                values[code] = sentence
            else:
                values.pop(code, None)
        if raw.get("ogp_values") and not values:
            self.problem("unknown_value", raw["ogp_values"], draft, "ogp_values")
        commitment.ogp_values = [code for code in _VALUE_ORDER if code in values]
        commitment.value_relevance = {code: values[code] for code in commitment.ogp_values
                                      if values[code]}
        commitment.stakeholders_government = read_names(raw.get("stakeholders_government", ""))
        commitment.stakeholders_other = read_names(raw.get("stakeholders_other", ""))
        for line in raw.get("stakeholders", "").split("\n"):
            # "Partners": "სახელმწიფო: …" / "სამოქალაქო: …" lines, or names (civil society's).
            head, colon, rest = line.partition(":")
            sector = label_of(head, whole=True) if colon and len(head) <= 120 else None
            listed = commitment.stakeholders_government \
                if sector == "stakeholders_government" else commitment.stakeholders_other
            for name in read_names(rest if sector in _SECTORS else line):
                if name not in listed:
                    listed.append(name)
        if raw.get("budget"):
            amount, currency, note = read_budget(raw["budget"].replace("\n", " "))
            commitment.budget_amount, commitment.budget_currency = amount, currency
            commitment.budget_note = note
        if raw.get("sdgs"):
            goals, wrong = read_sdgs(raw["sdgs"])
            commitment.sdgs = goals
            if wrong or not goals:
                self.problem("bad_sdg", raw["sdgs"], draft, "sdgs")
        commitment.milestones = draft.milestones
        if not commitment.title:
            self.problem("no_title", "", draft, "title")
        return commitment

    def _dates(self, draft: _Draft, raw: dict[str, str], commitment: ParsedCommitment) -> None:
        if raw.get("dates"):
            commitment.start_date, commitment.deadline = date_range(raw["dates"])
            if commitment.deadline is None:
                self.problem("bad_date", raw["dates"], draft, "deadline")
        if raw.get("start_date"):
            commitment.start_date = one_date(raw["start_date"])
            if commitment.start_date is None:
                self.problem("bad_date", raw["start_date"], draft, "start_date")
        if raw.get("deadline"):
            commitment.deadline = one_date(raw["deadline"], end=True)
            if commitment.deadline is None:
                self.problem("bad_date", raw["deadline"], draft, "deadline")
        if commitment.start_date and commitment.deadline \
                and commitment.deadline < commitment.start_date:
            self.problem("bad_date", f"{commitment.start_date} – {commitment.deadline}", draft,
                         "deadline")
            commitment.start_date = None


_NOTHING = re.compile(r"^\W*(?:n/?a|none|არ არის|არა|—|-+)?\W*$", re.IGNORECASE)
_SECTORS = frozenset({"stakeholders_government", "stakeholders_other"})
_ONE_LINE = frozenset({"number", "dates", "start_date", "deadline", "owner", "owner_detail",
                       "sdgs", "budget"})
# A label of these alone on its line takes the one line below it; what follows is not its.
_NEXT_LINE = frozenset({"number", "dates", "start_date", "deadline", "period"})
# Labels a cell's paragraph cannot start: a new commitment's or its milestones'.
_NOT_IN_A_CELL = frozenset({"milestones", "number_title", "title", "number", "plan_title"})


def _line_label(text: str, *, plan: bool) -> str | None:
    """The field a line (or the words before a colon) names: the label and at most a word
    more; or a question that starts with one ("რა პრობლემას პასუხობს ვალდებულება?", "How
    will the commitment contribute to solve the problem?") — the template asks its fields as
    questions, and plans copy them whole."""
    name = label_of(text, whole=True, plan=plan)
    if name is None and text.rstrip().endswith("?"):
        name = label_of(text, plan=plan)
    if name is None and " / " in text:
        # "Start date / დაწყება", "პრობლემა / Problem": either language's label.
        for part in text.split(" / "):
            if (name := _line_label(part, plan=plan)) is not None:
                break
    return name
_VALUE_ORDER = ("access_to_information", "civic_participation", "public_accountability",
                "technology_and_innovation")


def _spaced_label(line: str) -> tuple[str, str] | None:
    """A label followed by its value with nothing between them but a space: the label is one
    of two words or more, or one the template uses alone on a line ("ვადები 2025 წლის …")."""
    found = label_at_start(line)
    if found is None or found[0] in _NOT_SPACED or found[0].startswith("value:"):
        return None
    name, count = found
    if count < 2 and name not in _SPACED_ALONE:
        return None
    taken, rest = 0, line.split()
    while rest and taken < count:
        taken += len(normal_label(rest[0])) or 0
        rest = rest[1:]
    value = " ".join(rest).lstrip(":–—- ")
    return (name, value) if value and taken == count else None


_NOT_SPACED = frozenset({"section", "owner_detail", "number_title"})
_SPACED_ALONE = frozenset({"dates", "budget", "sdgs", "problem", "solution", "lead_unit",
                           "owner", "stakeholders", "title", "description", "ogp_values"})


def _title_piece(line: str) -> bool:
    """A short line of a title set over several: a few words, no sentence, no date."""
    return 0 < len(line.split()) <= 4 and not _sentence(line) and not find_dates(line) \
        and ":" not in line


def _opens_commitment(line: str) -> bool:
    """Whether a line is one of the template's labels that a commitment starts with."""
    first = line.split("\t")[0]
    if _HEADING.match(first):
        return False  # "II. ვალდებულებები" over "ვალდებულება №1": a section of the document
    head = re.split(r":|\s[—–]\s|\s[—–]$", first, maxsplit=1)[0]
    name = _line_label(head, plan=False) if len(head) <= 150 else None
    return name is not None and name not in ("milestones", "section", "owner_detail") \
        and not name.startswith("value:")


def _bare(commitment: ParsedCommitment) -> bool:
    """A commitment of which only a heading was read."""
    return not commitment.milestones and not any(
        getattr(commitment, name) for name in ("problem", "description", "solution",
                                               "lead_unit", "owner", "deadline"))


def _pair(role: str, value: str) -> list[tuple[str, str]]:
    """A plan-wide table's cell as fields: "lead_unit/owner" (a unit and a person in one
    cell, on two lines or "unit / person") is two."""
    if "/" not in role:
        return [(role, value)]
    first, second = role.split("/", 1)
    pieces = [piece.strip() for piece in re.split(r"\s*¶\s*|\n|\s/\s", value) if piece.strip()]
    if len(pieces) < 2:
        return [(first, value)]
    return [(first, pieces[0]), (second, " ".join(pieces[1:]))]


# A title whose last word is a report's, an assessment's or an order's: the document is
# about a plan ("…სამოქმედო გეგმის შესრულების შუალედური ანგარიში", "… Action Plan: Mid-term
# Report"), not the plan.
_ABOUT_A_PLAN = re.compile(r"(?:ანგარიში|ანგარიშის|report|assessment|evaluation|"
                           r"შეფასება|შეფასების|ოქმი|ბრძანება|განკარგულება|დადგენილება)"
                           r"[\W\d]*$", re.IGNORECASE)
_VALUES_HEADER = re.compile(r"^(?:ogp )?(?:ღირებულება|ღირებულებები|value|values)\s+"
                            r"(?:მონიშვნა|ნიშანი|mark|tick|✔|რელევანტურია|relevant)"
                            r"(?:\s+(?:განმარტება|ახსნა|explanation|relevance|რელევანტურობა))?$",
                            re.IGNORECASE)
# A milestone's text with its date and who is responsible never runs longer than this: lines
# that would go on with it past it start anew (and a hostile list cannot grow one without end).
_MILESTONE_LONGEST = 1000
_NUMERIC_DATE = re.compile(r"(?<![0-9])[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{4}(?![0-9])")
_LIST_BREAK = re.compile(r";|¶")
_DASHED = re.compile(r"^(.{2,150}?)\s+[—–]\s*(.*)$")
_BOX_LINE = re.compile(r"^\s*(?:☐|□|☒|☑|✓|✔|■|✘|✗|\[\s*[x✓✔]?\s*\])", re.IGNORECASE)
_SIGNED = re.compile(r"/[^/\d]{2,60}/\s*$|^(?:ხელმოწერა|signature|signed)\b", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:[ა-ჰA-Z]\.\s?){1,2}[ა-ჰA-Za-z-]{2,}$|"
                       r"^[ა-ჰA-Za-z-]{2,}\s(?:[ა-ჰA-Z]\.)$")
_SIGNER = re.compile(r"თავმჯდომარე|მერი\b|კოორდინატორ|მდივანი|chair|mayor|coordinator|"
                     r"secretary", re.IGNORECASE)


def _signature(cells: list[str]) -> bool:
    """A line that signs the plan: "…მერი /ბ. ჩხეიძე/", "Chair: G. Name"."""
    if len(cells) == 1:
        return bool(_SIGNED.search(cells[0])) and len(cells[0]) <= 120
    return len(cells) == 2 and bool(_INITIALS.match(cells[1])) \
        and (cells[0].endswith(":") or bool(_SIGNER.search(cells[0])))


def _sentence(line: str) -> bool:
    """A line that ends a sentence ("…შენიშვნების მიწოდება."): text, not a label."""
    stripped = line.rstrip()
    return stripped.endswith((".", "!")) and not stripped.endswith("..") \
        and len(stripped.split()) > 1


def _runs_on(previous: str) -> bool:
    """A line after which the text goes on: it ends with a comma, a dash or a conjunction
    ("…დაგეგმონ სხდომაზე დასწრება ან")."""
    stripped = previous.rstrip()
    if len(stripped) < 20:
        return False  # "სხვა: -" says nothing more is coming
    return stripped.endswith(",") or re.search(r"\w-$", stripped) is not None \
        or stripped.count("(") > stripped.count(")") or (
        bool(stripped) and stripped.split()[-1] in ("და", "ან", "and", "or", "რომ", "the",
                                                     "of", "to", "a"))


def _goes_on(line: str, after: str) -> bool:
    """Whether ``after`` is the rest of the milestone ``line`` (a PDF wraps long lines): a
    bracket left open, no date yet, a last word that asks for more ("და", a genitive
    "მერიის"), or a few words that end nothing. A long sentence after a finished milestone is
    the plan's text, not the milestone's."""
    words = line.rstrip(" .").split()
    return line.count("(") > line.count(")") or not find_dates(line) \
        or line.rstrip().endswith((",", ":", "–", "-", "—", "და", "and", "ა(ა)იპ", "შპს",
                                   "ააიპ", "სსიპ", "ა.ა.ი.პ.", "|")) \
        or (bool(words) and words[-1].endswith("ის") and not line.rstrip().endswith(".")) \
        or after.lstrip().startswith(("„", "“", "\"", ")", "|"))


def _text(values: list[str]) -> str:
    """A field's pieces as one text: a Word cell's paragraphs and the lines that went on
    after a label as lines of their own."""
    lines = []
    for value in values:
        lines.extend(part.strip() for part in value.split(_BREAK))
    return "\n".join(line for line in lines if line)


def _only_dates(cell: str) -> bool:
    """A cell that holds dates and nothing else but joining words ("01.03.2025 –
    30.06.2025", "30 ივნისამდე 2025")."""
    rest = cell
    for pattern in (r"[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}", r"[0-9]{4}-[0-9]{2}-[0-9]{2}"):
        rest = re.sub(pattern, " ", rest)
    words = [word for word in normal_label(rest) if not word.isdigit()]
    return len(words) <= 3 and len(" ".join(words)) <= 30


def _start_end(cells: list[str]):  # type: ignore[no-untyped-def]
    dates = [date for cell in cells for date in find_dates(cell)]
    if not dates:
        return None, None
    if len(dates) == 1:
        return None, find_dates(" ".join(cells), end=True)[-1]
    return dates[0], find_dates(" ".join(cells), end=True)[-1]


def _milestone_header(cells: list[str]) -> list[str] | None:
    """The roles of a milestone table's header cells, when the row is one: a milestone (or
    activity) column and a date or responsible column."""
    roles = []
    for cell in cells:
        words = normal_label(cell)
        text = " ".join(words)
        if len(text) > 120:
            return None
        if text in MILESTONE_HEADER_WORDS["number"]:
            roles.append("number")
            continue
        role = next((name for name in ("start", "end", "responsible", "title", "other")
                     if any(word.startswith(stem) for word in words
                            for stem in MILESTONE_HEADER_WORDS[name])), None)
        if role is None:
            return None
        roles.append(role)
    if "title" in roles and ({"start", "end", "responsible"} & set(roles)) and len(cells) >= 2:
        if any(find_dates(cell) for cell in cells):
            return None
        return roles
    return None


def parse_plan(text: str) -> ParsedPlan:
    """The plan, its commitments and milestones; PlanImportError if the text holds no
    commitment at all."""
    walk = _Walk()
    lines = [line for line in normalise_lines(text, keep_empty_cells=True) if line]
    for index, line in enumerate(lines):
        walk.line(line, lines[index + 1] if index + 1 < len(lines) else "")
    plan = walk.finish()
    if _ABOUT_A_PLAN.search(fold(plan.title)):
        raise PlanImportError(
            _("This looks like a document about an action plan (a report, an assessment, an "
              "order), not the plan itself: “%(title)s”.", title=plan.title[:120]),
            reason="not_a_plan",
        )
    if not plan.commitments:
        raise PlanImportError(
            _("This does not look like an action plan: no commitment was found in it."),
            reason="not_a_plan",
        )
    return plan
