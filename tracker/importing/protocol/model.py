"""What the protocol grammar returns: plain dataclasses, printed as JSON by the CLI
(``import minutes --json``) and turned into review data by the meetings area."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...text import fold


@dataclass
class ParsedAttendee:
    """One entry of the attendee list; minutes often name an organisation and a position only.

    ``kind`` lets the meeting show the balance of government and civil society, which is what
    OGP asks a working group to keep; ``remote`` is attendance by video link.
    """

    name: str | None
    organisation: str | None
    position: str | None
    kind: str
    status: str = "present"
    remote: bool = False


@dataclass
class ParsedActionItem:
    """A decision that names who is responsible and by when: ``decision`` is its 1-based
    number among the protocol's decisions, ``title`` the decision's text (shortened)."""

    decision: int
    owner: str | None
    deadline: dt.date | None
    title: str


@dataclass
class ParsedProtocol:
    """Everything the importer read from one protocol, for a person to review before saving.

    ``missing`` names the fields it could not find, ``uncertain`` those it read but a person
    should check (a year taken from elsewhere in the text, a chair known only from the
    signatures); ``fingerprint`` identifies what the protocol says (see
    :func:`protocol_fingerprint`), so a second import of the same protocol is recognised.
    """

    number: int | None = None
    group_name: str | None = None
    place: str | None = None
    # dt.date, not date: the field would shadow the type for typing.get_type_hints
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    chair: str | None = None
    chair_position: str | None = None
    secretary: str | None = None
    secretary_position: str | None = None
    attendees: list[ParsedAttendee] = field(default_factory=list)
    authority: str | None = None
    agenda: list[str] = field(default_factory=list)
    discussion: str | None = None
    decisions: list[str] = field(default_factory=list)
    action_items: list[ParsedActionItem] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    fingerprint: str | None = None


def protocol_fingerprint(
    date: dt.date | None, agenda: Iterable[str], decisions: Iterable[str],
    discussion: str | None,
) -> str | None:
    """What identifies a protocol, whoever uploads it: the sha256 of its date, agenda,
    decisions and discussion, with whitespace collapsed and letters folded.

    It is computed from content, on the server — from the parse at upload, from the reviewed
    fields at saving — never taken from a form. The details a reviewer fills in or corrects
    (number, place, times, people) are left out, so a protocol corrected during its review is
    still recognised when the same file comes again; line endings, spacing and Mtavruli
    capitals change nothing, a changed word does. ``None`` when there is nothing to go by.
    """
    parts = [date.isoformat() if date else "", *agenda, "", *decisions, "", discussion or ""]
    if not any(parts):
        return None
    normal = "\n".join(" ".join(fold(part).split()) for part in parts)
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()
