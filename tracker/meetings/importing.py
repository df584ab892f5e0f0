"""Saving a reviewed protocol: one operation that creates the meeting with its minutes.

The grammar (``tracker/importing/minutes.py``) only reads text; this module matches the
people it found to accounts, refuses a protocol imported before and creates the meeting,
attendees, agenda and decisions in one go: one creation entry in the history, one search
index update, a handful of statements — not one edit (with its audit row and reindex) per
attendee, item and decision, as adding them one by one through the minutes operations did.

The duplicate check goes by :func:`~tracker.importing.minutes.protocol_fingerprint` of the
content being saved, computed here: a form cannot switch it off or point it elsewhere. The
unique index on ``Meeting.import_fingerprint`` is the final arbiter when two people save the
same protocol at the same moment.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, time
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..audit.operations import editable_values, record, record_creation
from ..database import check_version
from ..directory.models import Unit
from ..errors import DomainError, PermissionDenied, ValidationFailed
from ..extensions import db
from ..importing.minutes import ParsedProtocol, protocol_fingerprint
from ..importing.vocabulary import looks_like_name
from ..people.models import Person, normal_name
from ..people.operations import find_person, person_for
from ..text import clean_text
from . import minutes
from . import operations as ops
from .models import ActionItem, AgendaItem, Attendee, Decision, Meeting, OrgKind, Presence


class DuplicateProtocol(DomainError):
    status = 409
    code = "duplicate"


class NothingToConfirm(DomainError):
    status = 409
    code = "nothing_to_confirm"


def user_named(name: str | None) -> User | None:
    if not name:
        return None
    return db.session.execute(
        select(User).where(func.lower(User.name) == name.strip().lower(), User.in_scope())
    ).scalars().first()


def find_duplicate(fingerprint: str | None) -> Meeting | None:
    if not fingerprint:
        return None
    return db.session.execute(
        select(Meeting).where(Meeting.import_fingerprint == fingerprint)
    ).scalar_one_or_none()


def _officer(name: str | None, position: str | None, capacity: str) -> dict[str, Any]:
    """An officer the protocol names: the account of that name, else the person of the
    records, else the name itself (a person is made of it on saving)."""
    user = user_named(name)
    person = find_person(name) if user is None else None
    return {f"{capacity}_id": user.id if user else None,
            f"{capacity}_person_id": person.id if person else None,
            f"{capacity}_name": (name or "") if user is None and person is None else "",
            f"{capacity}_position": position or ""}


def review_data(parsed: ParsedProtocol, subgroup_id: int | None = None) -> dict[str, Any]:
    """What the review form starts from: the parsed fields, people matched to accounts and
    to the people of the records. A protocol number the group has used already is kept and
    flagged (``number_taken``), not dropped."""
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
            "remote": person.remote,
        })
    number = parsed.number
    return {
        "subgroup_id": subgroup_id,
        "number": number,
        "number_taken": number is not None and ops.number_taken(subgroup_id, number),
        "place": parsed.place or "",
        "date": parsed.date,
        "start_time": parsed.start_time,
        "end_time": parsed.end_time,
        **_officer(parsed.chair, parsed.chair_position, "chair"),
        **_officer(parsed.secretary, parsed.secretary_position, "secretary"),
        "authority": parsed.authority or "",
        "discussion": parsed.discussion or "",
        "agenda": list(parsed.agenda),
        "decisions": list(parsed.decisions),
        "attendees": attendees,
        "action_items": [
            {"decision": item.decision, "owner": item.owner or "", "deadline": item.deadline,
             "title": item.title}
            for item in parsed.action_items
        ],
        "missing": list(parsed.missing),
        "uncertain": list(parsed.uncertain),
    }


def unreviewed_data(parsed: ParsedProtocol, subgroup_id: int | None = None) -> dict[str, Any]:
    """What :func:`import_protocol` takes for a protocol saved without a review page (the
    command line, a bulk upload): the review data, a number the group has used already given
    up for the next free one, and what a person must still check kept as ``import_review``
    (the review queue's)."""
    data = review_data(parsed, subgroup_id)
    flags: dict[str, Any] = {"missing": data["missing"], "uncertain": data["uncertain"]}
    if data["number_taken"]:
        flags["number_taken"] = data["number"]
        data["number"] = None
    return {**data, "import_review": flags}


def fingerprint_of(data: dict[str, Any]) -> str | None:
    """The fingerprint of the protocol that ``data`` (review data, or the reviewed form's
    :meth:`import_data`) describes, in its stored form."""
    return protocol_fingerprint(
        data.get("date"), _cleaned(data.get("agenda", [])), _cleaned(data.get("decisions", [])),
        _cleaned(data.get("discussion")),
    )


def _cleaned(value: Any) -> Any:
    """Stored text, whichever door the data came in by (CLI, form): see tracker.text."""
    if isinstance(value, str):
        return clean_text(value).strip()
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    return value


def _too_long(value: str | None, column: Any) -> str | None:
    """A parsed line can be longer than its column; PostgreSQL would refuse it (a 500)."""
    limit = column.type.length
    if value and len(value) > limit:
        return _("longer than %(limit)d characters", limit=limit)
    return None


def _attendees(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The listed attendees, then the chair and secretary when the list leaves them out
    (they were at the meeting, and the minutes are theirs to sign)."""
    rows = [editable_values(row, minutes.ATTENDEE_FIELDS) for row in data.get("attendees", [])]
    present = {row.get("user_id") for row in rows}
    for role_user in (data.get("chair_id"), data.get("secretary_id")):
        if role_user and role_user not in present:
            user = db.session.get(User, role_user)
            if user is not None:
                rows.append({"user_id": user.id, "name": user.name})
                present.add(role_user)
    return rows


def _officers(data: dict[str, Any], actor: User) -> dict[str, Any]:
    """Chair and secretary as the meeting stores them: an account, or a person of the
    records — found, or made from the name the protocol gives."""
    values: dict[str, Any] = {}
    for capacity in ("chair", "secretary"):
        if data.get(f"{capacity}_id") or data.get(f"{capacity}_person_id"):
            continue
        person = person_for(data.get(f"{capacity}_name"), "",
                            data.get(f"{capacity}_position"), actor=actor)
        if person is not None:
            values[f"{capacity}_person_id"] = person.id
    return values


def _with_officers(rows: list[dict[str, Any]], meeting_values: dict[str, Any],
                   actor: User) -> list[dict[str, Any]]:
    """Every named attendee linked to a person of the records, and the officers without an
    account listed among the attendees when the list leaves them out."""
    for row in rows:
        row.update(minutes.attendee_person(row, actor))
    listed = {row.get("person_id") for row in rows}
    for capacity in ("chair", "secretary"):
        person_id = meeting_values.get(f"{capacity}_person_id")
        if person_id and person_id not in listed:
            person = db.session.get(Person, person_id)
            if person is not None:
                rows.append({"person_id": person.id, "name": person.name,
                             "organisation": person.organisation, "position": person.position})
                listed.add(person_id)
    return rows


def owner_of(text: str | None, actor: User) -> dict[str, Any]:
    """The owner of an imported action item: an account, a unit of the directory or a person
    of the records when the words name one; else the words, kept as written."""
    words = " ".join((text or "").split())[:300]
    if not words:
        return {}
    user = user_named(words)
    if user is not None:
        return {"owner_id": user.id}
    unit = unit_named(words)
    if unit is not None:
        return {"owner_unit_id": unit.id}
    if looks_like_name(words):
        person = person_for(words, actor=actor)
        if person is not None:
            return {"owner_person_id": person.id}
    return {"owner_text": words}


def unit_named(words: str) -> Unit | None:
    """The one unit these words name: its name, or its name with the words around it that
    protocols add ("the city hall's …"), in any case ending the grammar strips."""
    wanted = normal_name(words)
    units = Unit.all_by_name()
    exact = [u for u in units if normal_name(u.name) == wanted]
    if exact:
        return exact[0] if len(exact) == 1 else None
    close = [u for u in units if normal_name(u.name) and (
        wanted.endswith(normal_name(u.name)) or normal_name(u.name).endswith(wanted)
        or _stem(wanted) == _stem(normal_name(u.name)))]
    return close[0] if len(close) == 1 else None


def _stem(text: str) -> str:
    """Words without their last letter or two: "სამსახურმა", "სამსახური" → "სამსახურ"."""
    return " ".join(word[:-2] if len(word) > 5 else word for word in text.split())


def _action_items(data: dict[str, Any], decisions: list[Decision],
                  actor: User) -> tuple[list[ActionItem], list[dict[str, Any]]]:
    """Action items the decisions assign (a responsible and a deadline), and those that
    cannot be made (no deadline, a decision that is not there), for the review."""
    made, skipped = [], []
    for entry in data.get("action_items", []) or []:
        number = entry.get("decision")
        deadline = entry.get("deadline")
        if not isinstance(number, int) or not 1 <= number <= len(decisions) or not deadline:
            skipped.append({"decision": number, "owner": entry.get("owner") or "",
                            "reason": "deadline" if not deadline else "decision"})
            continue
        decision = decisions[number - 1]
        title = (entry.get("title") or decision.text or "").strip()
        made.append(ActionItem(decision=decision, title=title[:500], deadline=deadline,
                               **owner_of(entry.get("owner"), actor)))
    return made, skipped


def _validate(values: dict[str, Any], attendees: list[dict[str, Any]]) -> None:
    errors: dict[str, list[str]] = {}
    if problem := _too_long(values.get("place"), Meeting.__table__.c.place):
        errors["place"] = [problem]
    for number, row in enumerate(attendees, 1):
        problems = [problem for name in ("name", "organisation", "position")
                    if (problem := _too_long(row.get(name), Attendee.__table__.c[name]))]
        try:
            minutes.validate_attendee(row)
        except ValidationFailed as error:
            problems += [m for messages in error.fields.values() for m in messages]
        errors.setdefault("attendees", []).extend(
            _("Line %(n)d: %(problem)s.", n=number, problem=problem.rstrip("."))
            for problem in problems
        )
    if errors.get("attendees") == []:
        del errors["attendees"]
    if errors:
        raise ValidationFailed(errors)


def import_protocol(actor: User, data: dict[str, Any]) -> Meeting:
    """Create the draft meeting a reviewed protocol describes, with its attendees, agenda
    and decisions; the same protocol only once.

    The meeting's own fields follow the rules of :func:`ops.create_meeting` (permission,
    number, times); the minutes come with it rather than one edit at a time, so the history
    has one creation entry and the search index is written once.
    """
    data = _cleaned(data)
    fingerprint = fingerprint_of(data)
    if (existing := find_duplicate(fingerprint)) is not None:
        raise DuplicateProtocol(
            _("This protocol was imported before, as meeting N%(number)d.", number=existing.number)
        )
    attendees = _attendees(data)
    _validate(editable_values(data, Meeting.EDITABLE), attendees)
    data = {**data, **_officers(data, actor)}
    attendees = _with_officers(attendees, data, actor)
    decisions = [Decision(number=number, text=text)
                 for number, text in enumerate(filter(None, data.get("decisions", [])), 1)]
    action_items, skipped = _action_items(data, decisions, actor)
    meeting = ops.new_meeting(
        actor,
        data,
        attendees=[Attendee(**row) for row in attendees],
        agenda=[AgendaItem(position=position, title=title)
                for position, title in enumerate(filter(None, data.get("agenda", [])), 1)],
        decisions=decisions,
    )
    review = {key: value for key, value in (data.get("import_review") or {}).items() if value}
    if skipped:
        review["action_items_skipped"] = skipped
    meeting.import_review = review or None
    db.session.add_all(action_items)
    db.session.flush()
    try:
        # Two people saving the same protocol at once: the unique index decides.
        with db.session.begin_nested():
            meeting.import_fingerprint = fingerprint
            db.session.flush()
    except IntegrityError as error:
        raise DuplicateProtocol(_("This protocol was imported before.")) from error
    record_creation(meeting, actor, list(Meeting.EDITABLE))
    for item in action_items:
        record_creation(item, actor, list(ActionItem.EDITABLE))
    minutes.reindex(meeting)
    return meeting


def review_topics(review: dict[str, Any] | None) -> list[str]:
    """The fields an import review asks a person to check, as field names: what was not
    found or not read for sure, the number when the protocol's was taken, the action items
    that could not be made. For the history, which keeps names, not sentences."""
    review = review or {}
    topics = [*review.get("missing", []), *review.get("uncertain", [])]
    if review.get("number_taken"):
        topics.append("number")
    if review.get("action_items_skipped"):
        topics.append("action_items")
    return list(dict.fromkeys(topics))


def confirm_import(meeting: Meeting, actor: User, version: Any) -> Meeting:
    """Who keeps the minutes has checked (and corrected, on the meeting's own forms) what the
    import flagged: the meeting leaves the review queue. One history entry says what was
    confirmed; the minutes' text is untouched, so signatures given stay."""
    if not meeting.may_confirm_import(actor):
        raise PermissionDenied(_("Only who keeps these minutes confirms their import."))
    check_version(meeting, version)
    if not meeting.import_review:
        raise NothingToConfirm(_("This meeting has no import waiting to be checked."))
    topics = review_topics(meeting.import_review)
    meeting.import_review = None
    db.session.flush()
    record(meeting, actor, "confirm_import", changes={"import_review": [topics, None]})
    return meeting


def parsed_as_json(parsed: ParsedProtocol) -> dict[str, Any]:
    """The parse result for ``--json`` and the API: dates and times as ISO text, at any depth
    (an action item's deadline too)."""
    return _iso(asdict(parsed))


def _iso(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _iso(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso(item) for item in value]
    if isinstance(value, date | time):
        return value.isoformat()
    return value
