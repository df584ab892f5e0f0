"""Operations on units and staff: admin pages, the API and the unit-page import
(``importing.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..accounts.models import User
from ..audit.operations import editable_values, record, record_creation, record_update
from ..database import check_version
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..search.index import SearchIndex
from .models import StaffMember, Unit


def all_unit_documents(session: Session) -> Iterator[tuple[int, str]]:
    """Every unit's search document (``flask search reindex``)."""
    stmt = select(Unit).order_by(Unit.id).options(selectinload(Unit.staff))
    for unit in session.scalars(stmt):
        yield unit.id, unit_document(unit)


UNIT_INDEX = SearchIndex("unit_search", all_unit_documents)


def _require_admin(actor: User) -> None:
    if not Unit.may_manage(actor):
        raise PermissionDenied(_("Only an administrator changes the directory."))


def unit_document(unit: Unit) -> str:
    """What the directory search finds a unit by: its name, functions and people."""
    parts = [unit.name, *unit.functions]
    for person in unit.staff:
        parts += [person.name, person.position]
    return "\n".join(p for p in parts if p)


def reindex_unit(unit: Unit) -> None:
    db.session.flush()
    db.session.refresh(unit)
    UNIT_INDEX.replace(unit.id, unit_document(unit))


def _check_name(name: str, unit_id: int | None) -> None:
    stmt = select(Unit.id).where(Unit.name == name)
    if unit_id is not None:
        stmt = stmt.where(Unit.id != unit_id)
    if db.session.execute(stmt).first():
        raise ValidationFailed({"name": [_("A unit with this name already exists.")]})


def _check_parent(unit: Unit | None, parent_id: int | None) -> None:
    """A unit cannot sit below itself."""
    seen = {unit.id} if unit is not None and unit.id else set()
    current = db.session.get(Unit, parent_id) if parent_id else None
    if parent_id and current is None:
        raise ValidationFailed({"parent_id": [_("Not a valid choice.")]})
    while current is not None:
        if current.id in seen:
            raise ValidationFailed({"parent_id": [_("A unit cannot be placed below itself.")]})
        seen.add(current.id)
        current = current.parent


def create_unit(actor: User, data: dict[str, Any]) -> Unit:
    _require_admin(actor)
    values = editable_values(data, Unit.EDITABLE)
    _check_name(values["name"], None)
    _check_parent(None, values.get("parent_id"))
    unit = Unit(**values)
    db.session.add(unit)
    record_creation(unit, actor, list(Unit.EDITABLE))
    reindex_unit(unit)
    return unit


def update_unit(unit: Unit, actor: User, data: dict[str, Any]) -> Unit:
    _require_admin(actor)
    check_version(unit, data.get("version"))
    values = editable_values(data, Unit.EDITABLE)
    if "name" in values:
        _check_name(values["name"], unit.id)
    if "parent_id" in values:
        _check_parent(unit, values["parent_id"])
    if record_update(unit, actor, values):
        reindex_unit(unit)
    return unit


def _check_user_link(user_id: int | None, staff_id: int | None) -> None:
    if not user_id:
        return
    if db.session.get(User, user_id) is None:
        raise ValidationFailed({"user_id": [_("Not a valid choice.")]})
    stmt = select(StaffMember.name).where(StaffMember.user_id == user_id)
    if staff_id is not None:
        stmt = stmt.where(StaffMember.id != staff_id)
    other = db.session.execute(stmt).scalar()
    if other is not None:
        raise ValidationFailed(
            {"user_id": [_("This account is already linked to %(name)s.", name=other)]}
        )


def add_staff(unit: Unit, actor: User, data: dict[str, Any]) -> StaffMember:
    _require_admin(actor)
    values = editable_values(data, StaffMember.EDITABLE)
    if not values.get("name"):
        raise ValidationFailed({"name": [_("This field is required.")]})
    _check_user_link(values.get("user_id"), None)
    person = StaffMember(unit=unit, position_order=len(unit.staff), **values)
    db.session.add(person)
    record_creation(person, actor, list(StaffMember.EDITABLE))
    reindex_unit(unit)
    return person


def update_staff(person: StaffMember, actor: User, data: dict[str, Any]) -> StaffMember:
    _require_admin(actor)
    check_version(person, data.get("version"))
    values = editable_values(data, StaffMember.EDITABLE)
    if "name" in values and not values["name"]:
        raise ValidationFailed({"name": [_("This field is required.")]})
    if "user_id" in values:
        _check_user_link(values["user_id"], person.id)
    if record_update(person, actor, values):
        reindex_unit(person.unit)
    return person


def remove_staff(person: StaffMember, actor: User, data: dict[str, Any]) -> None:
    _require_admin(actor)
    check_version(person, data.get("version"))
    unit = person.unit
    record(unit, actor, "update", changes={"staff": [person.name, None]})
    db.session.delete(person)
    reindex_unit(unit)
