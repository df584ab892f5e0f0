"""Operations on the meeting itself: creating, editing, numbering and its workflow.

The minutes (attendees, agenda, decisions, signing) are in :mod:`.minutes`, action items in
:mod:`.action_items`. Each operation asks the model for permission and compares the
version the client saw; the views and the API only load, validate and call.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..audit.operations import editable_values, record_creation, record_update
from ..database import check_version, claim_number
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..municipalities import scope
from ..people.models import Person
from ..subgroups.models import Subgroup
from ..workflow import COMPLETED, MONITORED, fire
from .minutes import minutes_changed, reindex, require_record, withdraw_signatures
from .models import Meeting
from .workflow import MEETING_WORKFLOW

OFFICERS = ("chair_id", "secretary_id")
OFFICES = {"chair": ("chair_id", "chair_person_id"),
           "secretary": ("secretary_id", "secretary_person_id")}


def _of_group(subgroup_id: int | None) -> Any:
    """Meetings are numbered within their group: the working group, or one subgroup."""
    return Meeting.subgroup_id.is_(None) if subgroup_id is None else (
        Meeting.subgroup_id == subgroup_id
    )


#: The series meetings are numbered in (see ``lock_series``): a subgroup's, and the working
#: group's, which is the municipality's (the one the request works in).
MEETINGS_OF_SUBGROUP = "meetings of a subgroup"
MEETINGS_OF_WORKING_GROUP = "meetings of the working group"


def next_meeting_number(subgroup_id: int | None) -> int:
    """The number a new meeting of the group would get (also the form's suggestion)."""
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


def _claim_number(subgroup_id: int | None, number: int | None, meeting_id: int | None) -> int:
    """A meeting's number in its group (:func:`~tracker.database.claim_number`): the
    working group's series is the municipality's, a subgroup's its own."""
    series, group = (
        (MEETINGS_OF_WORKING_GROUP, scope.current_id() or 0) if subgroup_id is None
        else (MEETINGS_OF_SUBGROUP, subgroup_id)
    )
    return claim_number(
        series, group, number, lambda: next_meeting_number(subgroup_id),
        lambda taken: _check_number_free(subgroup_id, taken, meeting_id),
    )


def _check_times(values: dict[str, Any], meeting: Meeting | None = None) -> None:
    start = values.get("start_time", meeting.start_time if meeting else None)
    end = values.get("end_time", meeting.end_time if meeting else None)
    if start and end and end < start:
        raise ValidationFailed({"end_time": [_("The meeting cannot end before it starts.")]})


def _check_officers(values: dict[str, Any], meeting: Meeting | None = None) -> None:
    """Chair and secretary are two people: approval takes two people's signatures. Both
    sign, and an observer writes nothing (PRODUCT.md), so neither can be an observer. Each
    office is held by an account or by a person of the records, not both."""
    def current(field: str) -> Any:
        return values.get(field, getattr(meeting, field) if meeting else None)

    errors: dict[str, list[str]] = {}
    holders: dict[str, tuple[Any, Any]] = {}
    for capacity, (user_field, person_field) in OFFICES.items():
        user_id, person_id = current(user_field), current(person_field)
        if user_id and person_id and (user_field in values or person_field in values):
            field = person_field if person_field in values else user_field
            errors[field] = [_("Choose an account or a person without one, not both.")]
        person = db.session.get(Person, person_id) if person_id else None
        if person_id and person is None:
            errors[person_field] = [_("Not a valid choice.")]
        holders[capacity] = (user_id or (person.user_id if person else None), person_id)
    (chair_user, chair_person), (secretary_user, secretary_person) = holders.values()
    if (chair_user is not None and chair_user == secretary_user) or (
        chair_person is not None and chair_person == secretary_person
    ):
        field = "secretary_person_id" if secretary_person else "secretary_id"
        errors.setdefault(field, []).append(
            _("The chair and the secretary of a meeting must be two different people.")
        )
    for field in OFFICERS:
        if field in values and (person := _user(values[field])) is not None \
                and not Meeting.may_be_officer(person):
            errors.setdefault(field, []).append(
                _("An observer cannot chair a meeting or keep its minutes."))
    if errors:
        raise ValidationFailed(errors)


def _user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


def _subgroup(subgroup_id: int | None) -> Subgroup | None:
    return db.session.get(Subgroup, subgroup_id) if subgroup_id else None


def new_meeting(actor: User, data: dict[str, Any], **parts: Any) -> Meeting:
    """A meeting built and added under every rule of its own fields (permission, number,
    times, chair and secretary two people), not yet audited nor indexed: the caller adds
    what comes with it (``parts``: an import's minutes) and then records it once."""
    values = editable_values(data, Meeting.EDITABLE)
    subgroup = _subgroup(values.get("subgroup_id"))
    if not Meeting.may_create(actor, subgroup):
        raise PermissionDenied(_("You may not record meetings of this group."))
    values["number"] = _claim_number(values.get("subgroup_id"), values.get("number"), None)
    _check_times(values)
    _check_officers(values)
    meeting = Meeting(**values, **parts)
    db.session.add(meeting)
    return meeting


def create_meeting(actor: User, data: dict[str, Any]) -> Meeting:
    meeting = new_meeting(actor, data)
    record_creation(meeting, actor, list(Meeting.EDITABLE))
    reindex(meeting)
    return meeting


def update_meeting(meeting: Meeting, actor: User, data: dict[str, Any]) -> Meeting:
    """Any change withdraws the signatures given: they covered the text, the date and the
    two people named as chair and secretary."""
    require_record(meeting, actor)
    check_version(meeting, data.get("version"))
    values = editable_values(data, Meeting.EDITABLE)
    if "number" in values and not values["number"]:
        raise ValidationFailed({"number": [_("This field is required.")]})
    moving = "subgroup_id" in values and values["subgroup_id"] != meeting.subgroup_id
    if moving and not Meeting.may_create(actor, _subgroup(values["subgroup_id"])):
        raise PermissionDenied(_("You may not record meetings of this group."))
    group = values.get("subgroup_id", meeting.subgroup_id)
    number = values.get("number", meeting.number)
    if (group, number) != (meeting.subgroup_id, meeting.number):
        _claim_number(group, number, meeting.id)
    _check_times(values, meeting)
    _check_officers(values, meeting)
    if record_update(meeting, actor, values):
        minutes_changed(meeting, actor)
    return meeting


def transition_meeting(
    meeting: Meeting, actor: User, to: str, comment: str = "", version: Any = None
) -> Meeting:
    source = meeting.state
    fire(MEETING_WORKFLOW, meeting, actor, to, comment, version)
    if source == COMPLETED and meeting.state == MONITORED:
        # Reopened minutes must be signed again once corrected.
        withdraw_signatures(meeting, actor)
    db.session.flush()
    return meeting
