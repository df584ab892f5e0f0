"""Recognising, correcting, merging and linking the people of the records.

:func:`person_for` is the one place a name read from a protocol or typed into a form becomes
a :class:`~.models.Person`: the same name and organisation give the same row in every
meeting, and a name that matches an account or a staff entry of the directory is linked to
it at once. Merging moves every reference to the merged row (found from the schema's
foreign keys, so an area that starts referring to people needs nothing here) and audits it.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from ..accounts.models import User
from ..audit.operations import editable_values, record, record_creation, record_update
from ..database import check_version
from ..directory.models import StaffMember
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..meetings.models import Meeting
from ..text import clean_text
from .models import NAME_LENGTH, ORGANISATION_LENGTH, Person, normal_name, person_key
from .queries import officed_meetings, shared_meetings


def require_manage(actor: User) -> None:
    if not Person.may_manage(actor):
        raise PermissionDenied(_("Only the chair, the secretary or an administrator may "
                                 "change the people of the records."))


def _by_key(key: str) -> Person | None:
    return db.session.execute(select(Person).where(Person.key == key)).scalars().first()


def _only_one(rows: list[Any]) -> Any:
    return rows[0] if len(rows) == 1 else None


def _same_name(name: str) -> list[Person]:
    """People of the municipality with this normal name, whatever their organisation."""
    prefix = normal_name(name) + "|"
    return list(db.session.execute(
        select(Person).where(Person.key.startswith(prefix, autoescape=True))
    ).scalars())


def _account_named(name: str) -> User | None:
    return _only_one([u for u in User.all_active() if normal_name(u.name) == normal_name(name)])


def _staff_named(name: str) -> StaffMember | None:
    surname = normal_name(name).split(" ")[-1]
    rows = db.session.execute(
        select(StaffMember).where(StaffMember.name.contains(surname, autoescape=True))
    ).scalars().all()
    return _only_one([s for s in rows if normal_name(s.name) == normal_name(name)])


def find_person(name: str | None, organisation: str | None = "") -> Person | None:
    """The person these words name, when exactly one fits: same name and organisation, or
    the same name where either side gives no organisation."""
    if not normal_name(name):
        return None
    found = _by_key(person_key(name, organisation))
    if found is not None:
        return found
    namesakes = _same_name(name or "")
    if not normal_name(organisation):
        return _only_one(namesakes)
    return _only_one([p for p in namesakes if not normal_name(p.organisation)])


def person_for(name: str | None, organisation: str | None = "", position: str | None = "",
               *, actor: User | None) -> Person | None:
    """The person a protocol or a form names, created (and linked to an account or a staff
    entry of the same name) the first time; None when there is no name to go by."""
    name = _one_line(name)[:NAME_LENGTH]
    organisation = _one_line(organisation)[:ORGANISATION_LENGTH]
    position = _one_line(position)[:300]
    if not normal_name(name):
        return None
    found = find_person(name, organisation)
    if found is not None:
        changes = {key: value for key, value in
                   (("organisation", organisation), ("position", position))
                   if value and not getattr(found, key)}
        if changes:
            changes["key"] = person_key(found.name, changes.get("organisation",
                                                                found.organisation))
            if "organisation" in changes and _by_key(changes["key"]) is not None:
                changes.pop("organisation")
                changes.pop("key")
            record_update(found, actor, changes)
        return found
    account = _account_named(name)
    staff = _staff_named(name)
    person = Person(name=name, organisation=organisation, position=position,
                    key=person_key(name, organisation),
                    user_id=account.id if account else None,
                    staff_member_id=staff.id if staff else None)
    db.session.add(person)
    record_creation(person, actor, list(Person.EDITABLE))
    return person


def _one_line(text: str | None) -> str:
    """A name, an organisation or a position as stored: one line, single spaces, never
    None (a form field left out of a post reads as None)."""
    return " ".join(clean_text(text or "").split())


def _editable(data: dict[str, Any]) -> dict[str, Any]:
    values = editable_values(data, Person.EDITABLE)
    for field in ("name", "organisation", "position"):
        if field in values:
            values[field] = _one_line(values[field])
    return values


def create_person(actor: User, data: dict[str, Any]) -> Person:
    require_manage(actor)
    values = _editable(data)
    _validate(values)
    key = person_key(values["name"], values.get("organisation"))
    if _by_key(key) is not None:
        raise ValidationFailed({"name": [_("This person is already in the records.")]})
    _check_links(values, actor)
    person = Person(**values, key=key)
    db.session.add(person)
    record_creation(person, actor, list(Person.EDITABLE))
    return person


def _validate(values: dict[str, Any]) -> None:
    if "name" in values and not normal_name(values["name"]):
        raise ValidationFailed({"name": [_("This field is required.")]})


def _check_links(values: dict[str, Any], actor: User, person: Person | None = None) -> None:
    """An account or staff entry stands for one person of the records; only the chair or an
    administrator links an account (``Person.may_link_account``)."""
    if values.get("user_id") and values["user_id"] != getattr(person, "user_id", None) \
            and not Person.may_link_account(actor):
        raise PermissionDenied(_("Only the chair or an administrator links a person to an "
                                 "account."))
    errors: dict[str, list[str]] = {}
    for field, model in (("user_id", User), ("staff_member_id", StaffMember)):
        target = values.get(field)
        if not target:
            continue
        # Scoped reads (a staff entry of the municipality, an account with a role in it):
        # an id of another municipality's is no valid choice.
        found = select(model.id).where(model.id == target)
        if model is User:
            found = found.where(User.in_scope())
        if db.session.execute(found).first() is None:
            errors[field] = [_("Not a valid choice.")]
            continue
        taken = db.session.execute(
            select(Person).where(getattr(Person, field) == target)
        ).scalars().first()
        if taken is not None and taken is not person:
            errors[field] = [_("Already linked to %(name)s; merge the two instead.",
                               name=taken.label)]
    if errors:
        raise ValidationFailed(errors)


def update_person(person: Person, actor: User, data: dict[str, Any]) -> Person:
    """Correct a name, link an account or a staff entry (or unlink it)."""
    require_manage(actor)
    check_version(person, data.get("version"))
    values = _editable(data)
    _validate(values)
    _check_links(values, actor, person)
    key = person_key(values.get("name", person.name),
                     values.get("organisation", person.organisation))
    other = _by_key(key)
    if other is not None and other is not person:
        raise ValidationFailed({"name": [
            _("%(name)s is already in the records; merge the two instead.", name=other.label)
        ]})
    values["key"] = key
    record_update(person, actor, values)
    return person


def references_to_people() -> list[tuple[Any, Any]]:
    """Every (table, column) of the schema that refers to a person: merging moves them all."""
    people = Person.__table__
    return [
        (table, fk.parent)
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table is people
    ]


def merge_people(keep: Person, other: Person, actor: User, version: Any = None) -> Person:
    """Two rows of the records that are one person: every meeting, attendance and action
    item of ``other`` moves to ``keep``; ``other``'s account or staff link fills ``keep``'s
    when it has none; ``other`` is deleted. One entry in ``keep``'s history says so.

    ``version`` is the one of ``other``, the row whose page the merge is asked from and
    which goes. Refused: a person into themselves, two municipalities' people, two people
    linked to different accounts or staff entries, and two named in one meeting as its
    chair and secretary or twice in its attendance (they are two people, or the minutes
    need correcting first)."""
    require_manage(actor)
    check_version(other, version)
    if keep.id == other.id:
        raise ValidationFailed({"into_id": [_("Choose another person to merge into.")]})
    if keep.municipality_id != other.municipality_id:
        raise ValidationFailed({"into_id": [_("Not a valid choice.")]})
    if (keep.user_id and other.user_id and keep.user_id != other.user_id) or (
        keep.staff_member_id and other.staff_member_id
        and keep.staff_member_id != other.staff_member_id
    ):
        raise ValidationFailed({"into_id": [
            _("The two are linked to different accounts or staff entries: they are not one "
              "person.")
        ]})
    shared = shared_meetings(keep, other)
    if shared:
        raise ValidationFailed({"into_id": [
            _("Both are named in meeting %(numbers)s as two people (chair and secretary, or "
              "two lines of the attendance). Correct the minutes first.",
              numbers=", ".join(f"N{m.number}" for m in shared))
        ]})
    renamed = officed_meetings(other)
    for table, column in references_to_people():
        db.session.execute(update(table).where(column == other.id).values({column.name: keep.id}))
    links = {field: getattr(other, field) for field in ("user_id", "staff_member_id")
             if getattr(keep, field) is None and getattr(other, field) is not None}
    merged = {"name": other.name, "organisation": other.organisation, "id": other.id}
    db.session.delete(other)
    db.session.flush()
    if links:
        record_update(keep, actor, links)
    record(keep, actor, "merge", changes={"merged": [merged, None]})
    # The moves went round the session: what it holds of the rows they touched is stale.
    # Flushed first, or expiring would drop the links just set on ``keep``.
    db.session.flush()
    db.session.expire_all()
    _reindex(renamed)
    return keep


def _reindex(meeting_ids: list[int]) -> None:
    """The archive searches a meeting by its chair's and secretary's names: where the merged
    person held an office, the meeting is now found by the name kept."""
    # Imported here: the minutes' operations name people through this module.
    from ..meetings.minutes import reindex

    for meeting_id in meeting_ids:
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is not None:
            reindex(meeting)
