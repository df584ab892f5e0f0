"""People in a protocol: the chair and the secretary, attendees, signatures.

A person is written in many ways — "position - Name", "Name - position", "Name (organisation)",
"organisation: Name, Name", "position Name." without a dash, a table row (№ | name |
organisation | position) — and Georgian has no capital letters to tell a name. A name is two
words that are not positions or organisations (:func:`..vocabulary.looks_like_name`); the rest
is an organisation in the genitive followed by a position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...text import fold
from ..vocabulary import (
    NOMINATIVE,
    ORGANISATION_FORMS,
    POSITION_STEMS,
    SIGNATURE_ROLES,
    bare,
    guess_kind,
    looks_like_name,
)
from .lines import ITEM_START, cells, clean_item, flat, read_list, row_number, split_top
from .model import ParsedAttendee

_SPACED_DASH = re.compile(" [-–—] ")
_CLOSING_QUOTES = ("“", "”", '"', "»")
_QUOTED_GENITIVE = re.compile(r"([“”\"»])-?(?:ის|ს)$")
_ACRONYM = re.compile(r"\([A-Z]{2,10}\)[,;.]?")
_ORGANISATION_START = re.compile(r"[„“\"«(]|ა\(ა\)იპ|ააიპ|შპს|ქ\.|სს(?!\w)")


# Names -----------------------------------------------------------------------------------------
# Words that describe a person without being a name: "სოფლის მკვიდრი", "მოწვეული სტუმარი".
_DESCRIPTORS = ("მკვიდრ", "მცხოვრებ", "მოქალაქ", "სტუმ", "მოწვეულ", "ბენეფიციარ", "ხელმოწერ")


def is_name(text: str) -> bool:
    """:func:`..vocabulary.looks_like_name`, and no word in the genitive or the plural
    ("სოფლის მკვიდრი", "მერის პირველი" are not names) nor a word that describes a person."""
    if not looks_like_name(text):
        return False
    for word in text.split():
        core = bare(word)
        if len(core) > 4 and core.endswith(("ის", "ები", "ების", "ებს")):
            return False
        if core.startswith(_DESCRIPTORS):
            return False
    return True


def _is_position_word(word: str) -> bool:
    return bare(word).startswith(POSITION_STEMS)


def _starts_affiliation(word: str) -> bool:
    """A word an organisation or a position starts with: "მერიის", "„ღია…", "უფროსი"."""
    core = bare(word)
    return bool(
        _ORGANISATION_START.match(word)
        or _is_position_word(word)
        or core in ORGANISATION_FORMS
        or (len(core) > 3 and core.endswith("ის"))
    )


def _has_affiliation(words: list[str]) -> bool:
    return any(_is_position_word(word) or bare(word) in ORGANISATION_FORMS
               or _ORGANISATION_START.match(word) or _ACRONYM.fullmatch(word)
               or (len(bare(word)) > 4 and bare(word).endswith("ის")) for word in words)


def _matching_open(text: str) -> int:
    """The index of the "(" that the final ")" of ``text`` closes, or -1."""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                return index
    return -1


def split_person(text: str) -> tuple[str | None, str | None]:
    """(name, the rest) of "position - Name", "Name - position", "Name (position)",
    "position (Name)", "Name, position", "position, Name", "Name position" or "position Name";
    (None, text) when no part looks like a name.
    """
    text = text.strip(" .;,:")
    if not text:
        return None, None
    parts = _SPACED_DASH.split(text)
    if len(parts) > 1:
        if is_name(parts[-1]):
            return parts[-1], " - ".join(parts[:-1])
        if is_name(parts[0]):
            return parts[0], " - ".join(parts[1:])
        for index, part in enumerate(parts[1:-1], 1):
            if is_name(part):
                return part, " - ".join(parts[:index] + parts[index + 1 :])
    opening = _matching_open(text) if text.endswith(")") else -1
    if opening > 0:
        outer, inner = text[:opening].strip(" ,-–—"), text[opening + 1 : -1].strip()
        if is_name(outer):
            return outer, inner or None
        if is_name(inner):
            return inner, outer or None
    pieces = [piece.strip() for _, piece in split_top(text, re.compile(", "))]
    if len(pieces) > 1:
        if is_name(pieces[0]):
            return pieces[0], ", ".join(pieces[1:]) or None
        if is_name(pieces[-1]):
            return pieces[-1], ", ".join(pieces[:-1]) or None
    if is_name(text):
        return text, None
    words = text.split()
    if len(words) > 2:
        if is_name(" ".join(words[:2])) and _starts_affiliation(words[2]):
            return " ".join(words[:2]), " ".join(words[2:])
        if is_name(" ".join(words[-2:])) and _has_affiliation(words[:-2]):
            return " ".join(words[-2:]), " ".join(words[:-2]).rstrip(" ,-–—")
    return None, text


def has_name(text: str) -> bool:
    return split_person(clean_item(text))[0] is not None


# Organisations ---------------------------------------------------------------------------------
def _ends_organisation(word: str) -> bool:
    """"მერიის", "სამსახური", "„…ინსტიტუტი“-ს", "(USAID)": an organisation's name ends here."""
    return bool(
        _QUOTED_GENITIVE.search(word)
        or word.rstrip(",;.").endswith(_CLOSING_QUOTES)
        or _ACRONYM.fullmatch(word)
        or bare(word) in ORGANISATION_FORMS
    )


def _nominative(words: list[str]) -> list[str]:
    """The organisation as its own name: "…იურიდიული სამსახურის" → "…იურიდიული სამსახური"."""
    index = len(words) - 1
    if index > 0 and _ACRONYM.fullmatch(words[index]):
        index -= 1
    word = _QUOTED_GENITIVE.sub(r"\1", words[index])
    core = bare(word)
    if core in NOMINATIVE:
        word = word.replace(core, NOMINATIVE[core])
    return [*words[:index], word, *words[index + 1 :]]


def _is_position(text: str) -> bool:
    """A position ends with a position word: "პროექტის კოორდინატორი", "უფროსი"."""
    words = text.split()
    return bool(words) and _is_position_word(words[-1])


def split_organisation(text: str) -> tuple[str | None, str | None]:
    """(organisation, position) of "ქ. ნაპირის მერიის იურიდიული სამსახურის უფროსი", of
    "„ღია ქალაქის ინსტიტუტი“, ანალიტიკოსი" or "organisation - position".

    Minutes write a position after its organisation in the genitive; the organisation ends
    at its last organisation word (or closing quote, or "(USAID)").
    """
    text = text.strip(" ,;.-–—")
    pieces = [piece.strip() for _, piece in split_top(text, re.compile(", | [-–—] "))]
    pieces = [piece for piece in pieces if piece]
    if len(pieces) > 1:
        positions = [piece for piece in pieces if _is_position(piece)
                     and not _ends_organisation(piece.split()[-1])]
        others = [piece for piece in pieces if piece not in positions]
        if positions and others:
            organisation, extra = _split_one(", ".join(others))
            position = ", ".join(filter(None, [extra, *positions]))
            return organisation, position or None
    return _split_one(text)


def _split_one(text: str) -> tuple[str | None, str | None]:
    words = text.split()
    ends = [index for index, word in enumerate(words) if _ends_organisation(word)]
    if not ends:
        if words and (_is_position_word(words[-1])
                      or any(bare(word).startswith(_DESCRIPTORS) for word in words)):
            return None, text or None
        return text or None, None
    tail = words[ends[-1] + 1 :]
    if tail and not any(_is_position_word(word) or bare(word).startswith(_DESCRIPTORS)
                        for word in tail):
        # "ევროკავშირის წარმომადგენლობა საქართველოში": no position after it, all of it is
        # the organisation.
        return text or None, None
    organisation = " ".join(_nominative(words[: ends[-1] + 1])).strip(" ,;-–—")
    position = " ".join(tail).strip(" ,;.-–—") or None
    return organisation or None, position


# Attendance flags ------------------------------------------------------------------------------
REMOTE = re.compile(
    r"[(\[]?(?:დისტანციურად|დისტანციური(?: ფორმით| რეჟიმით)?|ონლაინ(?: რეჟიმში| ფორმატში)?"
    r"|ვიდეოკავშირით|ვიდეო ?ზარით|zoom-ით|zoom|online|remote)(?!\w)[)\]]?",
    re.IGNORECASE,
)
EXCUSED = re.compile(r"[(\[]?(?:საპატიო მიზეზით|საპატიო)(?!\w)[^)\]]{0,20}[)\]]?")
ABSENT = re.compile(r"[(\[]?(?:არ (?:ესწრებოდა|დაესწრო|იმყოფებოდა|ესწრება)|არა|არ)(?!\w)[)\]]?")
PRESENT_MARK = re.compile(
    r"(?:ესწრებოდა|დაესწრო|ადგილზე|პირადად|კი|დიახ|\+|✓|✔|v|x|ხელმოწერა|/[^/]*/)",
    re.IGNORECASE,
)


def _flags(text: str) -> tuple[str, str | None, bool]:
    """The entry without its attendance remarks, the status they state, and remote."""
    remote = False
    status: str | None = None
    if REMOTE.search(text):
        remote = True
        text = REMOTE.sub("", text)
    if EXCUSED.search(text):
        status = "excused"
        text = EXCUSED.sub("", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    return " ".join(text.split()).strip(" ,;-–—"), status, remote


# Attendees -------------------------------------------------------------------------------------
# The header row of an attendee table: "№ | სახელი, გვარი | ორგანიზაცია | თანამდებობა".
_HEADER_WORDS = {
    "name": re.compile(r"სახელი|გვარი|სახ\.|პირი|წევრი"),
    "organisation": re.compile(r"ორგანიზაცი|უწყებ|დაწესებულებ|ინსტიტუცი|სამსახური|კომპანი"),
    "position": re.compile(r"თანამდებობ|პოზიცი|როლი"),
    "attendance": re.compile(r"დასწრებ|ფორმა|სტატუს|რეჟიმ|დისტანც|ონლაინ|შენიშვნ|მონაწილეობ"),
    "signature": re.compile(r"ხელმოწერ"),
    "number": re.compile(r"^(?:№|n|no|#|რიგი|ნომერი)\.?$"),
}


def _header(parts: list[str]) -> list[str] | None:
    """The column kinds of a header row, or None if ``parts`` is not one."""
    kinds = []
    for part in parts:
        folded = fold(part)
        kind = next((kind for kind, pattern in _HEADER_WORDS.items() if pattern.search(folded)),
                    None)
        if kind is None or is_name(part):
            return None
        kinds.append(kind)
    return kinds


def is_attendee_header(parts: list[str]) -> bool:
    """A table's header row that names a column of people ("№ | სახელი, გვარი | სტატუსი"):
    it opens the list of attendees even with no label above the table."""
    kinds = _header(parts)
    return kinds is not None and "name" in kinds and len(set(kinds)) > 1


def _attendee(name: str | None, affiliation: str | None, status: str, remote: bool,
              organisation: str | None = None, position: str | None = None
              ) -> ParsedAttendee | None:
    if affiliation:
        found_organisation, found_position = split_organisation(affiliation)
        organisation = organisation or found_organisation
        position = position or found_position
    if not (name or organisation or position):
        return None
    return ParsedAttendee(name, organisation, position, guess_kind(organisation, position),
                          status, remote)


def parse_attendee(text: str, status: str = "present", remote: bool = False
                   ) -> ParsedAttendee | None:
    """One attendee entry; None for an entry with no letters in it, or a table's header."""
    text = clean_item(text)
    text, flagged, flagged_remote = _flags(text)
    if not any(character.isalpha() for character in text) or _header(text.split()):
        return None
    name, rest = split_person(text)
    return _attendee(name, rest, flagged or status, remote or flagged_remote)


def _row_attendee(parts: list[str], header: list[str] | None, status: str, remote: bool
                  ) -> ParsedAttendee | None:
    """A table row: by its header's columns when they line up, else by what each cell holds."""
    if row_number(parts):
        parts = parts[1:]
        header = header[1:] if header and header[0] == "number" else header
    if header is not None and len(parts) < len(header):
        parts = parts + [""] * (len(header) - len(parts))  # the reader drops empty last cells
    if header is not None and len(header) != len(parts):
        header = None
    name: str | None = None
    organisation: str | None = None
    position: str | None = None
    texts: list[str] = []
    for index, part in enumerate(parts):
        kind = header[index] if header else None
        text, flagged, flagged_remote = _flags(part)
        status = flagged or status
        remote = remote or flagged_remote
        absent = bool(ABSENT.fullmatch(part.strip()))
        if kind == "attendance" or absent or ((flagged_remote or flagged) and not text):
            if absent:
                status = "absent"
            continue
        if kind == "signature" or not text or PRESENT_MARK.fullmatch(text):
            continue
        if kind == "name" or (kind is None and name is None and is_name(text)):
            name = text if is_name(text) or kind == "name" else None
            if name is None:
                texts.append(text)
        elif kind == "organisation":
            organisation, extra = split_organisation(text)
            position = position or extra
        elif kind == "position":
            position = text
        else:
            texts.append(text)
    if name is None and texts:
        name, rest = split_person(texts[0])
        texts[0] = rest or ""
    affiliation = ", ".join(filter(None, texts)) or None
    return _attendee(name, affiliation, status, remote, organisation, position)


# "საბჭოს წევრები", "მოწვეული სტუმრები": a label in the plural over a list of people.
_GROUP_LABEL = re.compile(r"(?:ები|ებიც|ნი)$")
_HEADING_LINE = re.compile(r"^[^:]{1,80}:$")
_PEOPLE_SEPARATORS = re.compile(r", | და |; | (?=[0-9]{1,2}[.)] )")


def _people(entry: str) -> list[str]:
    """One entry or several: "Name (org), Name (org) და Name", "org: Name, Name"."""
    head, colon, tail = entry.partition(": ")
    if colon and tail and not has_name(head) and has_name(tail.split(",")[0]):
        if _GROUP_LABEL.search(head):  # "საბჭოს წევრები: …" names a group, not an employer
            return _people(tail)
        return [f"{person} - {head}" if " - " not in person and "(" not in person
                else person for person in _people(tail)]
    pieces = split_top(entry, _PEOPLE_SEPARATORS)
    if len(pieces) < 2:
        return [entry]
    groups: list[str] = []
    leading = ""
    for separator, piece in pieces:
        if has_name(piece.strip()):
            groups.append(leading + piece)
            leading = ""
        elif groups:
            groups[-1] += separator + piece
        else:
            leading += piece + separator
    if leading:
        groups.append(leading)
    return groups if len(groups) > 1 else [entry]


def read_attendees(lines: list[str], status: str, remote: bool) -> list[ParsedAttendee]:
    """The attendees of a section: a table, a list (numbered, bulleted, one a line, ";"
    separated) or prose, with sub-headings ("მოწვეული პირები:", "ონლაინ ჩაერთნენ:") that say
    how the people below them attended."""
    found: list[ParsedAttendee] = []
    header: list[str] | None = None
    block: list[str] = []

    def flush() -> None:
        for entry in _entries(block):
            for person in _people(entry):
                attendee = parse_attendee(person, status, remote)
                if attendee is not None:
                    found.append(attendee)
        block.clear()

    for line in lines:
        if "\t" in line:
            parts = cells(line)
            kinds = _header(parts)
            if kinds is not None:
                header = kinds
                continue
            flush()
            attendee = _row_attendee(parts, header, status, remote)
            if attendee is not None:
                found.append(attendee)
            continue
        text = clean_item(line) if line else ""
        if text and _HEADING_LINE.match(line) and not has_name(text):
            flush()
            remote = bool(REMOTE.search(text))
            continue
        block.append(line)
    flush()
    return found


def _entries(lines: list[str]) -> list[str]:
    """Entries separated by ";" (wrapped over lines at will), or one a line / list item."""
    written = [flat(line) for line in lines if line]
    if any(";" in line for line in written):
        joined = " ".join(written)
        return [piece for _, piece in split_top(joined, re.compile(";"))]
    items, rest = read_list(lines, unnumbered="lines")
    return items + [flat(line) for line in rest if line]


# Officers --------------------------------------------------------------------------------------
# A surname in the ergative ("ოქმი შეადგინა თეკლე მაისურაძემ") and its own form.
_ERGATIVE_SURNAMES = (("შვილმა", "შვილი"), ("ძემ", "ძე"), ("იამ", "ია"), ("ავამ", "ავა"),
                      ("უამ", "უა"), ("ანმა", "ანი"), ("ელმა", "ელი"), ("ურმა", "ური"),
                      ("ულმა", "ული"))


def _nominative_name(name: str) -> str:
    """The name with its surname out of the ergative a verb put it in."""
    first, _, surname = name.rpartition(" ")
    for ergative, own in _ERGATIVE_SURNAMES:
        if first and surname.endswith(ergative) and len(surname) > len(ergative) + 1:
            return f"{first} {surname[: -len(ergative)]}{own}"
    return name


def officer(text: str) -> tuple[str | None, str | None]:
    """(name, position) of the chair or the secretary as a protocol states them."""
    text, _, _ = _flags(flat(text))
    name, rest = split_person(text)
    return (_nominative_name(name) if name else name), rest


_OFFICER_WORDS = {"chair": ("თავმჯდომარე", "ხელმძღვანელი"), "secretary": ("მდივანი",)}


def officer_among(attendees: list[ParsedAttendee], role: str, group: str | None
                  ) -> ParsedAttendee | None:
    """The attendee listed as the chair ("…, საბჭოს თავმჯდომარე") or the secretary of the
    group: a position that ends with the role's word (a deputy, "თავმჯდომარის მოადგილე",
    does not), of no organisation or of the group itself (the chair of an association that
    attends is not the sitting's chair)."""
    words = _OFFICER_WORDS[role]
    group_text = fold(group or "")

    def of_the_group(person: ParsedAttendee) -> bool:
        if not person.organisation:
            return True
        stem = fold(person.organisation).split()[-1][:-1]
        return len(stem) > 2 and stem in group_text

    found = [person for person in attendees
             if person.name and person.position and of_the_group(person)
             and fold(person.position.split()[-1]).strip(" ,.;()") in words]
    return found[0] if len(found) == 1 else None


def full_name(name: str, attendees: list[ParsedAttendee]) -> str:
    """"ნ. ბერიძე" as the attendee it abbreviates ("ნინო ბერიძე"), when exactly one fits."""
    match = _INITIALS.match(name)
    if not match:
        return name
    initial, surname = name[0], name.split()[-1]
    found = {person.name for person in attendees
             if person.name and person.name.split()[-1] == surname
             and person.name.startswith(initial)}
    return found.pop() if len(found) == 1 else name


# Signatures ------------------------------------------------------------------------------------
_SLASHED = re.compile(r"/([^/0-9]{2,80})/")
_INITIALS = re.compile(r"^(?:[^\W\d_]\. ?){1,2}[^\W\d_][\w-]+$")
_ROLE = re.compile(
    r"^(?P<label>(?:[^\W\d_][^\s:\t]* ){0,6}?(?:" + "|".join(sorted(SIGNATURE_ROLES))
    + r"|წევრები|ხელი მოაწერეს))(?: ?:)?(?P<rest>[\t ].*)?$"
)
_ROLE_FIELDS = {"თავმჯდომარე": "chair", "ხელმძღვანელი": "chair", "მდივანი": "secretary"}


@dataclass
class Signatures:
    names: list[str]
    # "chair" / "secretary" → the name signed under that title
    roles: dict[str, str]


def _signed_name(text: str) -> str | None:
    text = text.strip(" \t_.:-–—")
    slashed = _SLASHED.search(text)
    if slashed:
        return slashed[1].strip(" .") or None
    text = " ".join(part for part in text.split("\t") if part.strip(" _.")).strip(" _.")
    text = re.sub(r"^[_. ]+|[_. ]+$", "", text)
    if is_name(text) or _INITIALS.match(text):
        return text
    return None


def _signature_line(line: str) -> tuple[bool, str | None, str | None]:
    """(is a signature line, the role it names, the name on it)."""
    text = line.replace("\t", " \t ").strip()
    flat_text = " ".join(text.replace("\t", " ").split())
    if not flat_text:
        return True, None, None
    if ITEM_START.match(flat_text) and not flat_text.startswith("/"):
        return False, None, None
    role = _ROLE.match(flat_text)
    if role and len(role["label"].split()) <= 7:
        word = fold(role["label"].split()[-1])
        rest = role["rest"] or ""
        name = _signed_name(rest) if rest.strip(" _.") else None
        if rest.strip(" _.") and name is None:
            return False, None, None
        return True, _ROLE_FIELDS.get(word, "role"), name
    name = _signed_name(flat_text)
    if name is not None and flat_text.endswith(".") and not _INITIALS.match(flat_text):
        return False, None, None  # "მიღებულია ერთხმად." ends a sentence, not a name
    if name is not None and (len(flat_text) <= 90):
        slashed = bool(_SLASHED.search(flat_text))
        return True, "slashed" if slashed else None, name
    return False, None, None


def take_signatures(lines: list[str]) -> tuple[list[str], Signatures]:
    """The protocol without the signature block at its end, and the names signed in it.

    The block is the run of lines at the end that are titles ("სხდომის თავმჯდომარე"),
    names ("/ნინო ბერიძე/", "ნ. ბერიძე", "ნინო ბერიძე") or blank; it counts only if it holds a
    title or a /name/, so a list that happens to end with names stays where it is.
    """
    index = len(lines)
    marked = False
    entries: list[tuple[str | None, str | None]] = []
    while index > 0:
        is_signature, role, name = _signature_line(lines[index - 1])
        if not is_signature:
            break
        marked = marked or role is not None
        entries.append((role, name))
        index -= 1
    if not marked:
        return lines, Signatures([], {})
    entries.reverse()
    names: list[str] = []
    roles: dict[str, str] = {}
    pending: str | None = None
    for role, name in entries:
        if role in ("chair", "secretary", "role"):
            pending = role
        if name:
            names.append(name)
            if pending in ("chair", "secretary") and pending not in roles:
                roles[pending] = name
            pending = None
    return lines[:index], Signatures(names, roles)
