"""Turning a parsed protocol into a draft meeting, after a person has reviewed it.

The importer (``importer.py``) only reads text; this module matches the people it found to
accounts, refuses a protocol imported before, and creates the meeting through the same
operations as the web form, so an import is audited like any other edit.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..errors import DomainError
from ..extensions import db
from . import operations as ops
from .importer import ParsedProtocol
from .models import Meeting, OrgKind, Presence


class DuplicateProtocol(DomainError):
    status = 409
    code = "duplicate"


def user_named(name: str | None) -> User | None:
    if not name:
        return None
    return db.session.execute(
        select(User).where(func.lower(User.name) == name.strip().lower())
    ).scalars().first()


def find_duplicate(fingerprint: str) -> Meeting | None:
    return db.session.execute(
        select(Meeting).where(Meeting.import_fingerprint == fingerprint)
    ).scalar_one_or_none()


def review_data(parsed: ParsedProtocol, subgroup_id: int | None = None) -> dict[str, Any]:
    """What the review form starts from: the parsed fields, people matched to accounts."""
    chair = user_named(parsed.chair)
    secretary = user_named(parsed.secretary)
    attendees = []
    for person in parsed.attendees:
        user = user_named(person.name)
        attendees.append({
            "user_id": user.id if user else None,
            "name": person.name or "",
            "organisation": person.organisation or "",
            "position": person.position or "",
            "org_kind": person.kind if person.kind in {k.value for k in OrgKind} else "other",
            "presence": person.status if person.status in {p.value for p in Presence}
            else Presence.PRESENT.value,
        })
    number = parsed.number
    if number is not None and ops.number_taken(subgroup_id, number):
        number = None
    return {
        "subgroup_id": subgroup_id,
        "number": number,
        "place": parsed.place or "",
        "date": parsed.date,
        "start_time": parsed.start_time,
        "end_time": parsed.end_time,
        "chair_id": chair.id if chair else None,
        "chair_name": parsed.chair or "",
        "secretary_id": secretary.id if secretary else None,
        "secretary_name": parsed.secretary or "",
        "authority": parsed.authority or "",
        "discussion": parsed.discussion or "",
        "agenda": list(parsed.agenda),
        "decisions": list(parsed.decisions),
        "attendees": attendees,
        "fingerprint": parsed.fingerprint,
        "missing": list(parsed.missing),
    }


def import_protocol(actor: User, data: dict[str, Any]) -> Meeting:
    """Create the draft meeting a reviewed protocol describes; the same text only once."""
    fingerprint = data.get("fingerprint") or None
    if fingerprint and (existing := find_duplicate(fingerprint)) is not None:
        raise DuplicateProtocol(
            _("This protocol was imported before, as meeting N%(number)d.", number=existing.number)
        )
    meeting = ops.create_meeting(actor, {k: data[k] for k in Meeting.EDITABLE if k in data})
    try:
        # Two people saving the same protocol at once: the unique index decides.
        with db.session.begin_nested():
            meeting.import_fingerprint = fingerprint
            db.session.flush()
    except IntegrityError as error:
        raise DuplicateProtocol(_("This protocol was imported before.")) from error
    present = {a.get("user_id") for a in data.get("attendees", [])}
    for role_user in (data.get("chair_id"), data.get("secretary_id")):
        if role_user and role_user not in present:
            user = db.session.get(User, role_user)
            if user is not None:
                ops.add_attendee(meeting, actor, {"user_id": user.id, "name": user.name})
                present.add(role_user)
    for attendee in data.get("attendees", []):
        ops.add_attendee(meeting, actor, attendee)
    for title in data.get("agenda", []):
        ops.add_agenda_item(meeting, actor, {"title": title})
    for body in data.get("decisions", []):
        ops.add_decision(meeting, actor, {"text": body})
    return meeting


def parsed_as_json(parsed: ParsedProtocol) -> dict[str, Any]:
    """The parse result for ``--json`` and the API: dates as ISO text."""
    data = asdict(parsed)
    for key in ("date", "start_time", "end_time"):
        if data.get(key) is not None:
            data[key] = data[key].isoformat()
    return data
