"""Operations on the minutes of a meeting: attendees, agenda items, decisions and signing.

Every change to the minutes goes through :func:`minutes_changed`, which keeps the search
index in step (same transaction) and withdraws signatures given to an older text. Each
operation asks the meeting whether ``actor`` may change its minutes (``may_record``) and
compares the version the client saw, removals included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..accounts.models import User
from ..audit.operations import apply_changes, editable_values, record, record_update
from ..database import check_version, utcnow
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..i18n import local_today, noon_of
from ..people.operations import person_for
from ..search.index import SearchIndex
from ..workflow import COMPLETED, MONITORED, fire
from .models import AgendaItem, Attendee, Decision, Meeting, OrgKind, Presence
from .workflow import MEETING_WORKFLOW


def all_meeting_documents(session: Session) -> Iterator[tuple[int, str]]:
    """Every meeting's search document, loaded in batches (``flask search reindex``, and
    migrations: users are read as id and name only, the columns every revision has)."""
    named = (User.id, User.name)
    stmt = select(Meeting).order_by(Meeting.id).options(
        selectinload(Meeting.agenda),
        selectinload(Meeting.attendees).selectinload(Attendee.user).load_only(*named),
        selectinload(Meeting.attendees).selectinload(Attendee.person),
        selectinload(Meeting.decisions).selectinload(Decision.action_items),
        selectinload(Meeting.subgroup), selectinload(Meeting.chair).load_only(*named),
        selectinload(Meeting.secretary).load_only(*named),
        selectinload(Meeting.chair_person), selectinload(Meeting.secretary_person),
    )
    for meeting in session.scalars(stmt.execution_options(yield_per=200)):
        yield meeting.id, meeting_document(meeting)


MEETING_INDEX = SearchIndex("meeting_search", all_meeting_documents)

ATTENDEE_FIELDS = ("user_id", "name", "organisation", "position", "org_kind", "presence",
                   "remote")
AGENDA_FIELDS = ("title", "discussion")
SIGNATURES = ("chair_signed_at", "secretary_signed_at")


def require_record(meeting: Meeting, actor: User) -> None:
    """Refuse (403, saying why) a change to minutes ``actor`` may not change."""
    if not meeting.may_record(actor):
        raise PermissionDenied(meeting.lock_reason)


def meeting_document(meeting: Meeting) -> str:
    """Everything the archive searches: agenda, discussion, decisions and who was there."""
    parts = [meeting.place, meeting.authority, meeting.discussion]
    if meeting.subgroup is not None:
        parts.append(meeting.subgroup.name)
    parts += [meeting.chair_name, meeting.secretary_name]
    for item in meeting.agenda:
        parts += [item.title, item.discussion]
    for decision in meeting.decisions:
        parts.append(decision.text)
        parts += [a.title for a in decision.action_items]
    for attendee in meeting.attendees:
        parts += [attendee.display_name, attendee.organisation, attendee.position]
    return "\n".join(p for p in parts if p)


def reindex(meeting: Meeting) -> None:
    db.session.flush()
    db.session.refresh(meeting)
    MEETING_INDEX.replace(meeting.id, meeting_document(meeting))


def withdraw_signatures(meeting: Meeting, actor: User) -> None:
    """Signatures cover a text and the two people named: either changing withdraws them
    (audited as a change of the meeting)."""
    if meeting.chair_signed_at or meeting.secretary_signed_at:
        record_update(meeting, actor, dict.fromkeys(SIGNATURES))


def minutes_changed(meeting: Meeting, actor: User) -> None:
    withdraw_signatures(meeting, actor)
    reindex(meeting)


# Signing ---------------------------------------------------------------------------------
def sign_minutes(meeting: Meeting, actor: User, version: Any) -> Meeting:
    """The meeting's chair or its secretary signs, in that one capacity; the second of the
    two people's signatures approves the minutes.

    A signature covers the minutes as the signer saw them: the version they read is
    required, and a change since (which withdraws signatures) makes it stale (409)."""
    if meeting.lock_reason:
        raise PermissionDenied(meeting.lock_reason)
    check_version(meeting, version)
    if meeting.state != MONITORED:
        raise PermissionDenied(_("Minutes can be signed once the meeting is recorded as held."))
    if meeting.officers_coincide:
        raise PermissionDenied(_("The chair and the secretary of a meeting must be two "
                                 "different people; correct the meeting before signing."))
    if not meeting.may_sign(actor):
        raise PermissionDenied(_("Only the meeting's chair and secretary sign its minutes."))
    if not meeting.decisions:
        raise ValidationFailed({"decisions": [_("The decisions must be recorded.")]})
    signature = f"{meeting.signing_capacity(actor)}_signed_at"
    if getattr(meeting, signature) is not None:
        raise ValidationFailed({"signature": [_("You have already signed these minutes.")]})
    record_update(meeting, actor, {signature: utcnow()})
    record(meeting, actor, "sign", comment=None)
    _approve_when_signed(meeting, actor)
    return meeting


def _approve_when_signed(meeting: Meeting, actor: User) -> None:
    if meeting.signed_by_both:
        fire(MEETING_WORKFLOW, meeting, actor, COMPLETED, "")
    db.session.flush()


def may_record_paper_signature(meeting: Meeting, user: User, capacity: str) -> bool:
    """Who records the paper signature of a chair or secretary without an account: whoever
    keeps these minutes (the secretary, the chair, an administrator), not an observer, and
    not the signer's own office held by an account (that one signs online)."""
    return (
        meeting.state == MONITORED
        and meeting.officer_without_account(capacity) is not None
        and getattr(meeting, f"{capacity}_signed_at") is None
        and not meeting.officers_coincide
        and meeting.may_record(user)
        and not user.reads_only(meeting)
    )


def record_paper_signature(meeting: Meeting, actor: User, capacity: str, signed_on: date,
                           version: Any) -> Meeting:
    """The chair or secretary of a meeting who has no account signed the paper protocol;
    whoever keeps the minutes records it, with the day it was signed. The history says who
    recorded it, for whom and in which capacity, and that it was on paper."""
    if capacity not in ("chair", "secretary"):
        raise ValidationFailed({"capacity": [_("Not a valid choice.")]})
    if meeting.lock_reason:
        raise PermissionDenied(meeting.lock_reason)
    check_version(meeting, version)
    if meeting.state != MONITORED:
        raise PermissionDenied(_("Minutes can be signed once the meeting is recorded as held."))
    person = meeting.officer_without_account(capacity)
    if person is None:
        raise PermissionDenied(_("Only the signature of a chair or secretary without an "
                                 "account is recorded from paper; the others sign here."))
    if not may_record_paper_signature(meeting, actor, capacity):
        raise PermissionDenied(_("Only who keeps these minutes records a paper signature."))
    if not meeting.decisions:
        raise ValidationFailed({"decisions": [_("The decisions must be recorded.")]})
    if signed_on is None or signed_on > local_today() or (
        meeting.date is not None and signed_on < meeting.date
    ):
        raise ValidationFailed({"signed_on": [
            _("The day of signing is between the meeting's day and today.")
        ]})
    # One entry says it all: the office and day (the signature field) and whose hand.
    changes = apply_changes(meeting, {f"{capacity}_signed_at": noon_of(signed_on)})
    record(meeting, actor, "paper_sign", changes={**changes, "signer": [None, person.name]})
    _approve_when_signed(meeting, actor)
    return meeting


# Attendees, agenda items, decisions --------------------------------------------------------
# The three parts of the minutes are added, edited and removed by the same rules: only who
# records this meeting, only while the minutes are open, with the version the client saw;
# each change is one entry in the meeting's history and withdraws signatures given.
@dataclass(frozen=True)
class PartRules:
    """What differs between the parts of the minutes."""

    model: type[Any]
    listing: str                          # the meeting's list of them
    key: str                              # its name in the meeting's history
    fields: tuple[str, ...]               # what a person edits
    describe: Callable[[Any], str]        # how one reads in the history
    validate: Callable[[dict[str, Any]], None]
    numbered: str | None = None           # a column kept 1, 2, 3… in the meeting
    before_removal: Callable[[Any], None] | None = None
    # Values the row derives from what a person typed (an attendee's person of the records).
    derive: Callable[[dict[str, Any], User], dict[str, Any]] | None = None

    def rows(self, meeting: Meeting) -> list[Any]:
        return list(getattr(meeting, self.listing))


def add_part(rules: PartRules, meeting: Meeting, actor: User, data: dict[str, Any]) -> Any:
    require_record(meeting, actor)
    values = editable_values(data, rules.fields)
    rules.validate(values)
    if rules.numbered:
        values[rules.numbered] = 1 + max(
            (getattr(row, rules.numbered) for row in rules.rows(meeting)), default=0
        )
    if rules.derive is not None:
        values.update(rules.derive(values, actor))
    row = rules.model(meeting=meeting, **values)
    db.session.add(row)
    db.session.flush()
    record(meeting, actor, "update", changes={rules.key: [None, rules.describe(row)]})
    minutes_changed(meeting, actor)
    return row


def update_part(rules: PartRules, row: Any, actor: User, data: dict[str, Any]) -> Any:
    meeting = row.meeting
    require_record(meeting, actor)
    check_version(row, data.get("version"))
    values = editable_values(data, rules.fields)
    merged = {**{f: getattr(row, f) for f in rules.fields}, **values}
    rules.validate(merged)
    if rules.derive is not None:
        values.update(rules.derive(merged, actor))
    before = rules.describe(row)
    if apply_changes(row, values):
        record(meeting, actor, "update", changes={rules.key: [before, rules.describe(row)]})
        minutes_changed(meeting, actor)
    return row


def remove_part(rules: PartRules, row: Any, actor: User, data: dict[str, Any]) -> None:
    meeting = row.meeting
    require_record(meeting, actor)
    check_version(row, data.get("version"))
    if rules.before_removal is not None:
        rules.before_removal(row)
    record(meeting, actor, "update", changes={rules.key: [rules.describe(row), None]})
    db.session.delete(row)
    db.session.flush()
    if rules.numbered:
        ordered = sorted(rules.rows(meeting), key=lambda r: getattr(r, rules.numbered))
        for number, other in enumerate(ordered, 1):
            setattr(other, rules.numbered, number)
    minutes_changed(meeting, actor)


def validate_attendee(values: dict[str, Any]) -> None:
    if not (values.get("user_id") or values.get("name") or values.get("organisation")):
        raise ValidationFailed({"name": [_("Give a member, or a name or organisation.")]})
    if values.get("org_kind", OrgKind.GOVERNMENT) not in {k.value for k in OrgKind}:
        raise ValidationFailed({"org_kind": [_("Not a valid choice.")]})
    if values.get("presence", Presence.PRESENT) not in {p.value for p in Presence}:
        raise ValidationFailed({"presence": [_("Not a valid choice.")]})


def attendee_person(values: dict[str, Any], actor: User | None) -> dict[str, Any]:
    """A named attendee without an account is a person of the records: the same name and
    organisation in another meeting is the same person (tracker.people)."""
    if values.get("user_id") or not values.get("name"):
        return {"person_id": None}
    person = person_for(values["name"], values.get("organisation"), values.get("position"),
                        actor=actor)
    return {"person_id": person.id if person else None}


def _describe_attendee(attendee: Attendee) -> str:
    """How an attendee reads in the history: name, organisation, attendance."""
    details = ", ".join(p for p in (attendee.organisation, attendee.presence) if p)
    return f"{attendee.display_name} ({details})" if details else attendee.display_name


def _required(field: str) -> Callable[[dict[str, Any]], None]:
    def validate(values: dict[str, Any]) -> None:
        if not values.get(field):
            raise ValidationFailed({field: [_("This field is required.")]})

    return validate


def _keep_action_items(decision: Decision) -> None:
    if decision.action_items:
        raise ValidationFailed(
            {"text": [_("This decision has action items; cancel them instead of deleting it.")]}
        )


ATTENDEES = PartRules(Attendee, "attendees", "attendee", ATTENDEE_FIELDS, _describe_attendee,
                      validate_attendee, derive=attendee_person)
AGENDA = PartRules(AgendaItem, "agenda", "agenda_item", AGENDA_FIELDS,
                   lambda i: f"{i.title}: {i.discussion}" if i.discussion else i.title,
                   _required("title"), numbered="position")
DECISIONS = PartRules(Decision, "decisions", "decision", ("text",),
                      lambda d: f"{d.number}. {d.text}", _required("text"),
                      numbered="number", before_removal=_keep_action_items)

add_attendee = partial(add_part, ATTENDEES)
update_attendee = partial(update_part, ATTENDEES)
remove_attendee = partial(remove_part, ATTENDEES)
add_agenda_item = partial(add_part, AGENDA)
update_agenda_item = partial(update_part, AGENDA)
remove_agenda_item = partial(remove_part, AGENDA)
add_decision = partial(add_part, DECISIONS)
update_decision = partial(update_part, DECISIONS)
remove_decision = partial(remove_part, DECISIONS)
