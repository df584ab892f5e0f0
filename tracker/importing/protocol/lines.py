"""A protocol as lines: normalised once, then cut into sections and lists.

Table rows stay tab-separated cells (the reader writes a .docx table row that way, and so does
Word when a table is saved as text): the attendee and decision readers read cells, the other
readers see a row as "1. cell - cell" (:func:`flat`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..reader import document_text

# A line (or a cell) of underscores, dashes, dots: layout, not text.
_DECORATION = re.compile(r"[_\-–—=*.·…\s]+")
# "ო ქ მ ი", "ს ხ დ ო მ ი ს" — a heading letter-spaced for show (single letters, one space).
_SPACED_LETTERS = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")
_GLUED_PROTOCOL = re.compile(r"(?<=\w)(?=ოქმი$)")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def _unspaced(cell: str) -> str:
    """"ო ქ მ ი № 2" → "ოქმი № 2"; a letter-spaced "სხდომისოქმი" gets its word gap back."""
    return _SPACED_LETTERS.sub(
        lambda match: _GLUED_PROTOCOL.sub(" ", match[0].replace(" ", "")), cell
    )


def normalise_lines(text: str, *, keep_empty_cells: bool = False) -> list[str]:
    """Lines in the reader's form (:func:`..reader.document_text`) with single spaces, table
    cells joined by one tab, and at most one blank line between blocks.

    Blank lines are kept (collapsed) because they separate paragraphs; lines of underscores or
    dashes are layout, not text, and count as blank. ``keep_empty_cells`` keeps a row's empty
    cells before its last filled one, so that a table's cells keep their columns (the action
    plan's one-row-a-commitment tables).
    """
    lines: list[str] = []
    for raw in document_text(text).splitlines():
        cells = []
        for cell in raw.split("\t"):
            # Two spaces or more separate letter-spaced words: keep them apart.
            words = [_unspaced(part) for part in re.split(r"[ \u00a0]{2,}", cell)]
            cell = " ".join(_SPACES.sub(" ", " ".join(words)).split())
            if cell and not _DECORATION.fullmatch(cell):
                cells.append(cell)
            elif keep_empty_cells:
                cells.append("")
        while cells and not cells[-1]:
            cells.pop()
        line = "\t".join(cells)
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


_CELL_NUMBER = re.compile(r"[0-9]{1,3}[.)]?")


def cells(line: str) -> list[str]:
    return [cell for cell in line.split("\t") if cell]


def is_row(line: str) -> bool:
    return "\t" in line


def flat(line: str) -> str:
    """A table row as one line of text: "1 | Name | Organisation" → "1. Name - Organisation"."""
    if "\t" not in line:
        return line
    parts = cells(line)
    if len(parts) > 1 and _CELL_NUMBER.fullmatch(parts[0]):
        number = parts.pop(0).rstrip(".)")
        parts[0] = f"{number}. {parts[0]}"
    return " - ".join(parts)


def row_number(parts: list[str]) -> bool:
    """Whether a row's first cell is its number ("1", "2.", "3)")."""
    return bool(parts) and bool(_CELL_NUMBER.fullmatch(parts[0]))


def trim_blank(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def paragraphs(lines: list[str]) -> list[str]:
    """Blocks of lines between blank lines, each joined into one line."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(flat(line))
        elif blocks[-1]:
            blocks.append([])
    return [" ".join(block) for block in blocks if block]


# Splitting at the top level --------------------------------------------------------------------
_OPENING = "(„«"
_CLOSING = {"(": ")", "„": "“”", "«": "»"}


def split_top(text: str, separators: re.Pattern[str]) -> list[tuple[str, str]]:
    """``text`` cut at each match of ``separators`` outside brackets and quotes, as
    (separator before the piece, piece) pairs; the first separator is ""."""
    pieces: list[tuple[str, str]] = []
    depth: list[str] = []
    start, before, index = 0, "", 0
    while index < len(text):
        character = text[index]
        if depth and character in _CLOSING[depth[-1]]:
            depth.pop()
        elif character in _OPENING and len(depth) < 20:
            depth.append(character)
        elif not depth:
            match = separators.match(text, index)
            if match and match.end() > index:
                pieces.append((before, text[start:index]))
                before, start, index = match[0], match.end(), match.end()
                continue
        index += 1
    pieces.append((before, text[start:]))
    return pieces


# Lists -----------------------------------------------------------------------------------------
# "1." "1)" "(1)" "I." "ა)" "-" "•"; a number must not be the start of a date or a time.
ITEM_START = re.compile(
    r"(?:[0-9]{1,3}[.)](?![0-9])|\([0-9]{1,3}\)|[IVXLC]{1,7}[.)](?= |$)|[a-zა-ჰ]\)(?= |$)"
    r"|[-–—•*·▪●◦➢►✓](?= |$)) ?"
)
SENTENCE_END = re.compile(r"[.!?;:]$")


def clean_item(text: str) -> str:
    """An item without its number or bullet and the punctuation around it."""
    text = flat(text).strip()
    match = ITEM_START.match(text)
    return (text[match.end():] if match else text).strip(" ;,.")


def numbered(line: str) -> bool:
    return bool(ITEM_START.match(flat(line)))


def read_list(
    lines: list[str],
    *,
    unnumbered: str,
    attaches: Callable[[str], bool] = lambda line: False,
    skip: Callable[[str], bool] = lambda line: False,
    stops: Callable[[str], bool] = lambda line: False,
    last_wraps: Callable[[str, str], bool] | None = None,
) -> tuple[list[str], list[str]]:
    """A list at the top of a section: its items, and the lines after it.

    Numbered (or bulleted) items run until a line that is neither an item nor a wrapped
    continuation of one (a line after the end of a sentence, or after a blank line that is not
    followed by the next item). ``attaches(line)``: the line belongs to the item above it
    wherever it stands (a vote tally, a responsible and a deadline); ``skip(line)``: the line
    is no item at all; ``stops(line)``: the list ends before it. ``last_wraps(previous,
    line)`` decides whether a line after the last item still continues it (an agenda followed
    by discussion without a blank line). Unnumbered lists are read as ``unnumbered`` says:
    "first_paragraph" (each line of the first paragraph is an item), "paragraphs" (each
    paragraph is an item, or each line when the section has no blank line) or "lines".
    """
    lines = trim_blank(lines)
    items: list[list[str]] = []
    if not lines:
        return [], []
    if numbered(lines[0]):
        index = _numbered(lines, items, attaches, skip, stops, last_wraps)
        return [clean_item(" ".join(item)) for item in items], lines[index:]
    if unnumbered == "first_paragraph":
        end = lines.index("") if "" in lines else len(lines)
        chosen, rest = lines[:end], lines[end:]
        blocks = [[line] for line in chosen]
    elif unnumbered == "paragraphs" and "" in lines:
        blocks, rest = _blocks(lines), []
    else:
        blocks, rest = [[line] for line in lines if line], []
    for block in blocks:
        text = " ".join(flat(line) for line in block)
        if stops(text):
            break
        if skip(text):
            continue
        if attaches(text) and items:
            items[-1].append(text)
        else:
            items.append([text])
    return [clean_item(" ".join(item)) for item in items], rest


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _numbered(
    lines: list[str], items: list[list[str]], attaches: Callable[[str], bool],
    skip: Callable[[str], bool], stops: Callable[[str], bool],
    last_wraps: Callable[[str, str], bool] | None,
) -> int:
    """Fills ``items`` from numbered ``lines``; the index of the first line after the list."""
    index = 0
    for index, line in enumerate(lines):
        text = flat(line)
        if not line:
            continue
        if stops(text):
            return index
        if skip(text):
            continue
        if attaches(text) and items:
            items[-1].append(text)
            continue
        if numbered(line):
            items.append([text])
            continue
        previous = lines[index - 1]
        if not previous or SENTENCE_END.search(previous):
            return index
        following = _next_item(lines, index + 1)
        if following is None and last_wraps is not None and not last_wraps(previous, text):
            return index
        items[-1].append(text)
    return len(lines)


def _next_item(lines: list[str], start: int) -> str | None:
    """The next numbered line before the list ends (a blank line not followed by an item)."""
    for line in lines[start:]:
        if numbered(line):
            return line
        if not line:
            return None
    return None
