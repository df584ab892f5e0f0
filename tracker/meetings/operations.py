"""Operations on meetings, their minutes and action items (web, API, importer and CLI).

Every change to the minutes goes through :func:`_minutes_changed`, which keeps the search
index in step (same transaction) and withdraws signatures given to an older text.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..audit.operations import (
    apply_changes,
    editable_values,
    record,
    record_creation,
    record_update,
)
from ..database import check_version, utcnow
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..search.index import SearchIndex
from ..subgroups.models import Subgroup
from ..workflow import COMPLETED, MONITORED, WITHDRAWN, fire
from .models import (
    ActionItem,
    ActionState,
    AgendaItem,
    Attendee,
    Decision,
    Meeting,
    OrgKind,
    Presence,
)
from .workflow import MEETING_WORKFLOW

MEETING_INDEX = SearchIndex("meeting_search")

ATTENDEE_FIELDS = ("user_id", "name", "organisation", "position", "org_kind", "presence")
AGENDA_FIELDS = ("title", "discussion")


def require_record(meeting: Meeting, actor: User) -> None:
    if meeting.minutes_locked:
        if meeting.state == WITHDRAWN:
            raise PermissionDenied(_("This meeting was withdrawn; its minutes are read-only."))
        raise PermissionDenied(
            _("The minutes are approved and read-only. The chair can reopen them.")
        )
    if not meeting.may_record(actor):
        raise PermissionDenied()


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


def _minutes_changed(meeting: Meeting, actor: User) -> None:
    """Signatures cover a text: a change to that text withdraws them."""
    if meeting.chair_signed_at or meeting.secretary_signed_at:
        record_update(meeting, actor, {"chair_signed_at": None, "secretary_signed_at": None})
    reindex(meeting)


# Meetings ----------------------------------------------------------------------------------
def _of_group(subgroup_id: int | None) -> Any:
    """Meetings are numbered within their group: the working group, or one subgroup."""
    return Meeting.subgroup_id.is_(None) if subgroup_id is None else (
        Meeting.subgroup_id == subgroup_id
    )


def next_meeting_number(subgroup_id: int | None) -> int:
    stmt = select(func.max(Meeting.number)).where(_of_group(subgroup_id))
    return (db.session.execute(stmt).scalar() or 0) + 1


def number_taken(subgroup_id: int | None, number: int, meeting_id: int | None = None) -> bool:
    stmt = select(Meeting.id).where(_of_group(subgroup_id), Meeting.number == number)
    if meeting_id is not None:
        stmt = stmt.where(Meeting.id != meeting_id)
    return db.session.execute(stmt).first() is not None


def _check_number_free(subgroup_id: int | None, number: int, meeting_id: int | None) -> None:
    if number_taken(subgroup_id, number, meeting_id):
        raise ValidationFailed(
            {"number": [_("This group already has a meeting with number %(n)d.", n=number)]}
        )


def _check_times(values: dict[str, Any], meeting: Meeting | None = None) -> None:
    start = values.get("start_time", meeting.start_time if meeting else None)
    end = values.get("end_time", meeting.end_time if meeting else None)
    if start and end and end < start:
        raise ValidationFailed({"end_time": [_("The meeting cannot end before it starts.")]})


def _subgroup(subgroup_id: int | None) -> Subgroup | None:
    return db.session.get(Subgroup, subgroup_id) if subgroup_id else None


def create_meeting(actor: User, data: dict[str, Any]) -> Meeting:
    values = editable_values(data, Meeting.EDITABLE)
    subgroup = _subgroup(values.get("subgroup_id"))
    if not Meeting.may_create(actor, subgroup):
        raise PermissionDenied()
    if not values.get("number"):
        values["number"] = next_meeting_number(values.get("subgroup_id"))
    _check_number_free(values.get("subgroup_id"), values["number"], None)
    _check_times(values)
    meeting = Meeting(**values)
    db.session.add(meeting)
    record_creation(meeting, actor, list(Meeting.EDITABLE))
    reindex(meeting)
    return meeting


def update_meeting(meeting: Meeting, actor: User, data: dict[str, Any]) -> Meeting:
    require_record(meeting, actor)
    check_version(meeting, data.get("version"))
    values = editable_values(data, Meeting.EDITABLE)
    if "number" in values and not values["number"]:
        raise ValidationFailed({"number": [_("This field is required.")]})
    if "subgroup_id" in values and values["subgroup_id"] != meeting.subgroup_id:
        target = _subgroup(values["subgroup_id"])
        if not Meeting.may_create(actor, target):
            raise PermissionDenied()
    _check_number_free(
        values.get("subgroup_id", meeting.subgroup_id),
        values.get("number", meeting.number),
        meeting.id,
    )
    _check_times(values, meeting)
    if record_update(meeting, actor, values):
        _minutes_changed(meeting, actor)
    return meeting


def transition_meeting(
    meeting: Meeting, actor: User, to: str, comment: str = "", version: Any = None
) -> Meeting:
    source = meeting.state
    fire(MEETING_WORKFLOW, meeting, actor, to, comment, version)
    if source == COMPLETED and meeting.state == MONITORED:
        # Reopened minutes must be signed again once corrected.
        record_update(meeting, actor, {"chair_signed_at": None, "secretary_signed_at": None})
    db.session.flush()
    return meeting


def sign_minutes(meeting: Meeting, actor: User, version: Any = None) -> Meeting:
    """The meeting's chair or secretary signs; the second signature approves the minutes."""
    if meeting.minutes_locked:
        require_record(meeting, actor)  # says why: approved (or withdrawn) minutes are closed
    if version not in (None, ""):
        check_version(meeting, version)
    if meeting.state != MONITORED:
        raise PermissionDenied(_("Minutes can be signed once the meeting is recorded as held."))
    if not meeting.may_sign(actor):
        raise PermissionDenied(_("Only the meeting's chair and secretary sign its minutes."))
    if not meeting.decisions:
        raise ValidationFailed({"decisions": [_("The decisions must be recorded.")]})
    now = utcnow()
    signatures: dict[str, Any] = {}
    if actor.id == meeting.chair_id and meeting.chair_signed_at is None:
        signatures["chair_signed_at"] = now
    if actor.id == meeting.secretary_id and meeting.secretary_signed_at is None:
        signatures["secretary_signed_at"] = now
    if not signatures:
        raise ValidationFailed({"signature": [_("You have already signed these minutes.")]})
    record_update(meeting, actor, signatures)
    record(meeting, actor, "sign", comment=None)
    if meeting.signed_by_both:
        fire(MEETING_WORKFLOW, meeting, actor, COMPLETED, "")
    db.session.flush()
    return meeting


# Attendees, agenda, decisions ----------------------------------------------------------------
def _validate_attendee(values: dict[str, Any]) -> None:
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
    _validate_attendee(values)
    attendee = Attendee(meeting=meeting, **values)
    db.session.add(attendee)
    db.session.flush()
    record(meeting, actor, "update", changes={"attendee": [None, _describe_attendee(attendee)]})
    _minutes_changed(meeting, actor)
    return attendee


def update_attendee(attendee: Attendee, actor: User, data: dict[str, Any]) -> Attendee:
    meeting = attendee.meeting
    require_record(meeting, actor)
    check_version(attendee, data.get("version"))
    values = editable_values(data, ATTENDEE_FIELDS)
    _validate_attendee({**{f: getattr(attendee, f) for f in ATTENDEE_FIELDS}, **values})
    before = _describe_attendee(attendee)
    if apply_changes(attendee, values):
        record(meeting, actor, "update",
               changes={"attendee": [before, _describe_attendee(attendee)]})
        _minutes_changed(meeting, actor)
    return attendee


def remove_attendee(attendee: Attendee, actor: User) -> None:
    meeting = attendee.meeting
    require_record(meeting, actor)
    record(meeting, actor, "update", changes={"attendee": [_describe_attendee(attendee), None]})
    db.session.delete(attendee)
    _minutes_changed(meeting, actor)


def add_agenda_item(meeting: Meeting, actor: User, data: dict[str, Any]) -> AgendaItem:
    require_record(meeting, actor)
    values = editable_values(data, AGENDA_FIELDS)
    if not values.get("title"):
        raise ValidationFailed({"title": [_("This field is required.")]})
    position = max((i.position for i in meeting.agenda), default=0) + 1
    item = AgendaItem(meeting=meeting, position=position, **values)
    db.session.add(item)
    record(meeting, actor, "update", changes={"agenda_item": [None, values["title"]]})
    _minutes_changed(meeting, actor)
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
        _minutes_changed(meeting, actor)
    return item


def remove_agenda_item(item: AgendaItem, actor: User) -> None:
    meeting = item.meeting
    require_record(meeting, actor)
    record(meeting, actor, "update", changes={"agenda_item": [item.title, None]})
    db.session.delete(item)
    db.session.flush()
    for position, other in enumerate(sorted(meeting.agenda, key=lambda i: i.position), 1):
        other.position = position
    _minutes_changed(meeting, actor)


def add_decision(meeting: Meeting, actor: User, data: dict[str, Any]) -> Decision:
    require_record(meeting, actor)
    body = (data.get("text") or "").strip()
    if not body:
        raise ValidationFailed({"text": [_("This field is required.")]})
    number = max((d.number for d in meeting.decisions), default=0) + 1
    decision = Decision(meeting=meeting, number=number, text=body)
    db.session.add(decision)
    record(meeting, actor, "update", changes={"decision": [None, f"{number}. {body}"]})
    _minutes_changed(meeting, actor)
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
        _minutes_changed(meeting, actor)
    return decision


def remove_decision(decision: Decision, actor: User) -> None:
    meeting = decision.meeting
    require_record(meeting, actor)
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
    _minutes_changed(meeting, actor)


# Action items --------------------------------------------------------------------------------
def _validate_action(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if "title" in values and not values["title"]:
        errors["title"] = [_("This field is required.")]
    if "deadline" in values and not values["deadline"]:
        errors["deadline"] = [_("This field is required.")]
    if values.get("owner_id") and values.get("owner_unit_id"):
        errors["owner_id"] = [_("Give either a person or a unit as the owner, not both.")]
    if errors:
        raise ValidationFailed(errors)


def add_action_item(decision: Decision, actor: User, data: dict[str, Any]) -> ActionItem:
    """Action items are tracked work: they may be added until the minutes are approved."""
    meeting = decision.meeting
    require_record(meeting, actor)
    values = editable_values(data, ActionItem.EDITABLE)
    _validate_action({"title": values.get("title"), "deadline": values.get("deadline"),
                      **values})
    item = ActionItem(decision=decision, **values)
    db.session.add(item)
    record_creation(item, actor, list(ActionItem.EDITABLE))
    _minutes_changed(meeting, actor)
    return item


def update_action_item(item: ActionItem, actor: User, data: dict[str, Any]) -> ActionItem:
    require_record(item.decision.meeting, actor)
    check_version(item, data.get("version"))
    values = editable_values(data, ActionItem.EDITABLE)
    _validate_action({**{f: getattr(item, f) for f in ActionItem.EDITABLE}, **values})
    if record_update(item, actor, values):
        _minutes_changed(item.decision.meeting, actor)
    return item


def close_action_item(item: ActionItem, actor: User, data: dict[str, Any]) -> ActionItem:
    """Open → done or cancelled, by its owner or the chair, even after the minutes are
    approved: the minutes record the task, the task's progress is tracked here."""
    check_version(item, data.get("version"))
    state = data.get("state")
    if state not in (ActionState.DONE, ActionState.CANCELLED):
        raise ValidationFailed({"state": [_("Choose done or cancelled.")]})
    if not item.is_open:
        raise ValidationFailed({"state": [_("This action item is already closed.")]})
    if not item.may_close(actor):
        raise PermissionDenied(_("Only its owner or the chair can close this action item."))
    note = (data.get("note") or "").strip()
    record_update(item, actor, {"state": state, "closed_at": utcnow(),
                                **({"note": note} if note else {})})
    db.session.flush()
    return item


def reopen_action_item(item: ActionItem, actor: User, data: dict[str, Any]) -> ActionItem:
    check_version(item, data.get("version"))
    if not item.may_reopen(actor):
        raise PermissionDenied()
    record_update(item, actor, {"state": ActionState.OPEN.value, "closed_at": None})
    db.session.flush()
    return item
