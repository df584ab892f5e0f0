"""Operations on the minutes of a meeting: attendees, agenda items, decisions and signing.

Every change to the minutes goes through :func:`minutes_changed`, which keeps the search
index in step (same transaction) and withdraws signatures given to an older text. Each
operation asks the meeting whether ``actor`` may change its minutes (``may_record``) and
compares the version the client saw, removals included.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..accounts.models import User
from ..audit.operations import apply_changes, editable_values, record, record_update
from ..database import check_version, utcnow
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..search.index import SearchIndex
from ..workflow import COMPLETED, MONITORED, fire
from .models import AgendaItem, Attendee, Decision, Meeting, OrgKind, Presence
from .workflow import MEETING_WORKFLOW

MEETING_INDEX = SearchIndex("meeting_search")

ATTENDEE_FIELDS = ("user_id", "name", "organisation", "position", "org_kind", "presence")
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
    for person in (meeting.chair, meeting.secretary):
        if person is not None:
            parts.append(person.name)
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
def sign_minutes(meeting: Meeting, actor: User, version: Any = None) -> Meeting:
    """The meeting's chair or its secretary signs, in that one capacity; the second of the
    two people's signatures approves the minutes."""
    if meeting.lock_reason:
        raise PermissionDenied(meeting.lock_reason)
    if version not in (None, ""):
        check_version(meeting, version)
    if meeting.state != MONITORED:
        raise PermissionDenied(_("Minutes can be signed once the meeting is recorded as held."))
    if meeting.chair_id is not None and meeting.chair_id == meeting.secretary_id:
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
    if meeting.signed_by_both:
        fire(MEETING_WORKFLOW, meeting, actor, COMPLETED, "")
    db.session.flush()
    return meeting


# Attendees -------------------------------------------------------------------------------
def validate_attendee(values: dict[str, Any]) -> None:
    if not (values.get("user_id") or values.get("name") or values.get("organisation")):
        raise ValidationFailed({"name": [_("Give a member, or a name or organisation.")]})
    if values.get("org_kind", OrgKind.GOVERNMENT) not in {k.value for k in OrgKind}:
        raise ValidationFailed({"org_kind": [_("Not a valid choice.")]})
    if values.get("presence", Presence.PRESENT) not in {p.value for p in Presence}:
        raise ValidationFailed({"presence": [_("Not a valid choice.")]})


def _describe_attendee(attendee: Attendee) -> str:
    """How an attendee reads in the history: name, organisation, attendance."""
    details = ", ".join(p for p in (attendee.organisation, attendee.presence) if p)
    return f"{attendee.display_name} ({details})" if details else attendee.display_name


def add_attendee(meeting: Meeting, actor: User, data: dict[str, Any]) -> Attendee:
    require_record(meeting, actor)
    values = editable_values(data, ATTENDEE_FIELDS)
    validate_attendee(values)
    attendee = Attendee(meeting=meeting, **values)
    db.session.add(attendee)
    db.session.flush()
    record(meeting, actor, "update", changes={"attendee": [None, _describe_attendee(attendee)]})
    minutes_changed(meeting, actor)
    return attendee


def update_attendee(attendee: Attendee, actor: User, data: dict[str, Any]) -> Attendee:
    meeting = attendee.meeting
    require_record(meeting, actor)
    check_version(attendee, data.get("version"))
    values = editable_values(data, ATTENDEE_FIELDS)
    validate_attendee({**{f: getattr(attendee, f) for f in ATTENDEE_FIELDS}, **values})
    before = _describe_attendee(attendee)
    if apply_changes(attendee, values):
        record(meeting, actor, "update",
               changes={"attendee": [before, _describe_attendee(attendee)]})
        minutes_changed(meeting, actor)
    return attendee


def remove_attendee(attendee: Attendee, actor: User, data: dict[str, Any]) -> None:
    meeting = attendee.meeting
    require_record(meeting, actor)
    check_version(attendee, data.get("version"))
    record(meeting, actor, "update", changes={"attendee": [_describe_attendee(attendee), None]})
    db.session.delete(attendee)
    minutes_changed(meeting, actor)


# Agenda items ----------------------------------------------------------------------------
def add_agenda_item(meeting: Meeting, actor: User, data: dict[str, Any]) -> AgendaItem:
    require_record(meeting, actor)
    values = editable_values(data, AGENDA_FIELDS)
    if not values.get("title"):
        raise ValidationFailed({"title": [_("This field is required.")]})
    position = max((i.position for i in meeting.agenda), default=0) + 1
    item = AgendaItem(meeting=meeting, position=position, **values)
    db.session.add(item)
    record(meeting, actor, "update", changes={"agenda_item": [None, values["title"]]})
    minutes_changed(meeting, actor)
    return item


def update_agenda_item(item: AgendaItem, actor: User, data: dict[str, Any]) -> AgendaItem:
    meeting = item.meeting
    require_record(meeting, actor)
    check_version(item, data.get("version"))
    values = editable_values(data, AGENDA_FIELDS)
    if "title" in values and not values["title"]:
        raise ValidationFailed({"title": [_("This field is required.")]})
    changes = apply_changes(item, values)
    if changes:
        record(meeting, actor, "update",
               changes={f"agenda_{field}": change for field, change in changes.items()})
        minutes_changed(meeting, actor)
    return item


def remove_agenda_item(item: AgendaItem, actor: User, data: dict[str, Any]) -> None:
    meeting = item.meeting
    require_record(meeting, actor)
    check_version(item, data.get("version"))
    record(meeting, actor, "update", changes={"agenda_item": [item.title, None]})
    db.session.delete(item)
    db.session.flush()
    for position, other in enumerate(sorted(meeting.agenda, key=lambda i: i.position), 1):
        other.position = position
    minutes_changed(meeting, actor)


# Decisions -------------------------------------------------------------------------------
def add_decision(meeting: Meeting, actor: User, data: dict[str, Any]) -> Decision:
    require_record(meeting, actor)
    body = (data.get("text") or "").strip()
    if not body:
        raise ValidationFailed({"text": [_("This field is required.")]})
    number = max((d.number for d in meeting.decisions), default=0) + 1
    decision = Decision(meeting=meeting, number=number, text=body)
    db.session.add(decision)
    record(meeting, actor, "update", changes={"decision": [None, f"{number}. {body}"]})
    minutes_changed(meeting, actor)
    return decision


def update_decision(decision: Decision, actor: User, data: dict[str, Any]) -> Decision:
    meeting = decision.meeting
    require_record(meeting, actor)
    check_version(decision, data.get("version"))
    body = (data.get("text") or "").strip()
    if not body:
        raise ValidationFailed({"text": [_("This field is required.")]})
    if body != decision.text:
        record(meeting, actor, "update", changes={
            "decision": [f"{decision.number}. {decision.text}", f"{decision.number}. {body}"]
        })
        decision.text = body
        minutes_changed(meeting, actor)
    return decision


def remove_decision(decision: Decision, actor: User, data: dict[str, Any]) -> None:
    meeting = decision.meeting
    require_record(meeting, actor)
    check_version(decision, data.get("version"))
    if decision.action_items:
        raise ValidationFailed(
            {"text": [_("This decision has action items; cancel them instead of deleting it.")]}
        )
    record(meeting, actor, "update",
           changes={"decision": [f"{decision.number}. {decision.text}", None]})
    db.session.delete(decision)
    db.session.flush()
    for number, other in enumerate(sorted(meeting.decisions, key=lambda d: d.number), 1):
        other.number = number
    minutes_changed(meeting, actor)
