"""Agenda items, decisions and the action items decisions name.

A decision keeps its vote with it ("მომხრე - 7, წინააღმდეგი - 1", "მიღებულია ერთხმად"): a
vote line never starts a decision or an agenda item of its own. A decision's responsible
("პასუხისმგებელი: …") and deadline ("ვადა: …"), on lines of their own or in the sentence,
become an action item and leave the decision's text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .lines import SENTENCE_END, cells, clean_item, flat, is_row, read_list, row_number, trim_blank
from .people import split_person
from .when import deadline_date

# A vote or its outcome, said of the decision above it.
VOTE = re.compile(
    r"^(?:[0-9]{1,2} (?:მომხრე|ხმით|ხმა|წევრმა)\b.*"
    r"|[(\[]?(?:კენჭისყრის შედეგ\w*|კენჭისყრა|ხმის მიცემის შედეგ\w*|შედეგი|ხმათა|კენჭი ეყარა)\b.*"
    r"|[(\[]?(?:მომხრე|მხარი დაუჭირა|წინააღმდეგ|თავი შეიკავა|ერთხმად|ხმათა უმრავლესობით)\b.*"
    r"|[(\[]?(?:გადაწყვეტილება )?(?:მიღებულია|მიღებულ იქნა|მიღებული იქნა|არ იქნა მიღებული"
    r"|დამტკიცდა|დამტკიცებულია|ერთხმად)\b.*)$"
)
# The responsible and the deadline of a decision, on a line of their own or inside it.
_OWNER_LABEL = (r"(?:პასუხისმგებელი|პასუხისმგებელ(?:ი )?(?:პირი|სამსახური|უწყება|ორგანო)"
                r"|შემსრულებელი|შესრულებაზე პასუხისმგებელი|პასუხისმგებლობა)")
_DEADLINE_LABEL = r"(?:შესრულების ვადა|ვადა|ვადები|შესრულების თარიღი)"
OWNER = re.compile(
    r"[(\[]?(?<!\w)" + _OWNER_LABEL + r" ?[:\-–—] ?(?P<owner>.+?)"
    r"(?=[;,.]? ?[(\[]?(?<!\w)" + _DEADLINE_LABEL + r" ?[:\-–—]|[)\]]|[;]|\. |\.?$)"
)
DEADLINE = re.compile(
    r"[(\[]?(?<!\w)" + _DEADLINE_LABEL + r" ?[:\-–—] ?(?P<deadline>.+?)"
    r"(?=[;,]? ?[(\[]?(?<!\w)" + _OWNER_LABEL + r" ?[:\-–—]|[)\]]|;|\. (?!\d)|\.?$)"
)
_RESPONSIBLE_LINE = re.compile(r"^[(\[]?(?:" + _OWNER_LABEL + "|" + _DEADLINE_LABEL + r") ?[:\-–—]")
_NO_DEADLINE = re.compile(r"მუდმივ|პერიოდულ|ყოველ|საჭიროებისამებრ|მიმდინარე|უწყვეტ")
# The speaker of an agenda item: "(მომხსენებელი: …)", "მომხსენებელი - …".
_SPEAKER = re.compile(r"[ ,;(\[-–—]*(?:მომხსენებელი|მომხსენებლები|მოხსენებით)\b.*$")
TITLE_LENGTH = 120


# A short line that speaks of the vote anywhere in it: "ყველა დამსწრემ მხარი დაუჭირა".
_VOTE_WORDS = re.compile(r"მომხრე|მხარი დაუჭირ|თავი შეიკავ")
_SHORT = 90


def is_vote(line: str) -> bool:
    text = clean_item(line) if not line.startswith(("(", "[")) else line
    return bool(VOTE.match(text) or (len(text) <= _SHORT and _VOTE_WORDS.search(text)))


def attaches(line: str) -> bool:
    """A line that belongs to the decision above it: a vote, a responsible, a deadline."""
    text = clean_item(line) if not line.startswith(("(", "[")) else line
    return is_vote(line) or bool(_RESPONSIBLE_LINE.match(text))


@dataclass
class Decision:
    text: str
    owner: str | None
    deadline: dt.date | None
    has_deadline: bool
    guessed_year: bool


def decision_parts(text: str, meeting: dt.date | None) -> Decision:
    """A decision's text without its responsible and deadline, and what they say."""
    owner_match = OWNER.search(text)
    deadline_match = DEADLINE.search(text)
    owner = _owner(owner_match["owner"]) if owner_match else None
    deadline: dt.date | None = None
    guessed = False
    if deadline_match and not _NO_DEADLINE.search(deadline_match["deadline"]):
        deadline, guessed = deadline_date(deadline_match["deadline"], meeting)
    spans = sorted(match.span() for match in (owner_match, deadline_match) if match)
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    text = _balanced(re.sub(r"\(\s*[,;.]?\s*\)|\[\s*\]", "", text))
    text = " ".join(text.split()).strip(" ;,-–—")
    text = re.sub(r"[ ,;]+([.,;])", r"\1", text)
    return Decision(text.rstrip(" ;,."), owner, deadline,
                    deadline_match is not None, guessed)


def _balanced(text: str) -> str:
    """The text without brackets left unmatched when a "(პასუხისმგებელი: …)" was cut out."""
    depth = 0
    kept = []
    for character in text:
        if character == "(":
            depth += 1
        elif character == ")":
            if depth == 0:
                continue
            depth -= 1
        kept.append(character)
    text = "".join(kept)
    if depth:
        text = text[::-1].replace("(", "", depth)[::-1]
    return text


def _owner(text: str) -> str | None:
    text = text.strip(" ,;.:-–—()")
    if not text:
        return None
    name, _ = split_person(text)
    return name or text


def short_title(text: str) -> str:
    """A decision as an action item's title: its first sentence, cut at a word."""
    sentence = re.split(r"(?<=[.!?;]) ", text, maxsplit=1)[0].rstrip(" .;")
    if len(sentence) <= TITLE_LENGTH:
        return sentence
    cut = sentence[:TITLE_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


# Decision tables: № | decision | responsible | deadline -----------------------------------------
_DECISION_HEADER = re.compile(
    r"^(?:№|n|#|გადაწყვეტილება|გადაწყვეტილებები|საკითხი|ღონისძიება|ქმედება|"
    + _OWNER_LABEL + "|" + _DEADLINE_LABEL + r")$"
)


def table_decisions(lines: list[str]) -> list[str] | None:
    """Decisions written as table rows, each "text პასუხისმგებელი: … ვადა: …", or None if the
    section is not a table."""
    rows = [cells(line) for line in trim_blank(lines) if line]
    if not rows or not all(is_row(line) for line in trim_blank(lines) if line):
        return None
    header: list[str] | None = None
    found: list[str] = []
    for parts in rows:
        if all(_DECISION_HEADER.match(part.casefold().rstrip(":")) for part in parts):
            header = parts
            continue
        if row_number(parts):
            parts = parts[1:]
            if header and _DECISION_HEADER.match("№") and header[0] in ("№", "N", "#"):
                header = header[1:]
        if not parts:
            continue
        text = parts[0]
        for index, part in enumerate(parts[1:], 1):
            label = header[index] if header and len(header) == len(parts) else ""
            if re.fullmatch(_DEADLINE_LABEL, label) or (not label and index == len(parts) - 1
                                                          and len(parts) > 2):
                text += f". ვადა: {part}"
            else:
                text += f". პასუხისმგებელი: {part}"
        found.append(text)
    return found


def read_decision_list(lines: list[str]) -> tuple[list[str], list[str]]:
    """The decisions at the top of a section and the lines after them."""
    from_table = table_decisions(lines)
    if from_table is not None:
        return from_table, []
    return read_list(lines, unnumbered="paragraphs", attaches=attaches)


def _agenda_wraps(width: int) -> Callable[[str, str], bool]:
    """After the last agenda item, a line continues it only if the item was cut mid-sentence
    (a long line) and the line is not a sentence of its own. A wrapped line (a PDF's) was
    cut because the next word did not fit: when the line's first word would have fitted
    after the item (``width``, the section's longest line), the item had ended there."""

    def wraps(previous: str, line: str) -> bool:
        first = line.split()[0] if line.split() else ""
        if len(flat(previous)) + 1 + len(first) < _FULL * width:
            return False
        return len(previous) >= 50 and not SENTENCE_END.search(previous) and ". " not in line

    return wraps


# How full a line must be to count as cut by the page's width (proportional fonts vary).
_FULL = 0.8


def read_agenda_list(lines: list[str]) -> tuple[list[str], list[str]]:
    width = max((len(flat(line)) for line in lines), default=0)
    items, rest = read_list(lines, unnumbered="first_paragraph", skip=is_vote,
                            last_wraps=_agenda_wraps(width))
    return [_SPEAKER.sub("", item).strip(" ;,.") for item in items], rest

