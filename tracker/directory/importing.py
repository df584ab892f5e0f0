"""Saving a reviewed unit page: create or update the unit and its staff.

The grammar (``tracker/importing/unit_page.py``) only reads the page; this operation matches
what it read to the directory by name and changes it through the directory's operations, so
an import is audited like any other edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..audit.operations import record_update
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..importing.unit_page import ParsedUnit
from . import operations as ops
from .models import StaffMember, Unit

STAFF_FIELDS = ("name", "position", "rank", "category", "phone", "email")


@dataclass
class UnitImportResult:
    unit: Unit
    created: bool
    staff_added: list[str] = field(default_factory=list)
    staff_updated: list[str] = field(default_factory=list)
    staff_not_on_page: list[str] = field(default_factory=list)


def _check_lengths(parsed: ParsedUnit) -> None:
    """A page's line can hold more than a column does (PostgreSQL would refuse it: a 500):
    say which person's field is too long instead."""
    problems = []
    for person in parsed.staff:
        for name in STAFF_FIELDS:
            value = getattr(person, name) or ""
            limit = StaffMember.__table__.c[name].type.length
            if len(value) > limit:
                problems.append(_("What the page says about %(name)s is longer than the "
                                  "directory keeps (%(limit)d characters).",
                                  name=person.name[:80], limit=limit))
                break
    if problems:
        raise ValidationFailed({"staff": problems})


def import_unit(actor: User, parsed: ParsedUnit, parent_id: int | None = None
                ) -> UnitImportResult:
    """Create or update a unit from a parsed department page (matched by name).

    Staff are matched by name: new people are added, known people updated; people no longer
    on the page are reported, not deleted, so a partial page never loses anyone.
    """
    if not Unit.may_manage(actor):
        raise PermissionDenied()
    _check_lengths(parsed)
    unit = db.session.execute(select(Unit).where(Unit.name == parsed.name)).scalar_one_or_none()
    values: dict[str, Any] = {"hotline": parsed.hotline, "functions": list(parsed.functions)}
    if unit is None:
        unit = ops.create_unit(actor, {"name": parsed.name, "parent_id": parent_id, **values})
        result = UnitImportResult(unit, created=True)
    else:
        # What the page leaves out (a hotline, the functions) keeps its stored value.
        record_update(unit, actor, {k: v for k, v in values.items() if v})
        result = UnitImportResult(unit, created=False)
    known = {s.name: s for s in unit.staff}
    for person in parsed.staff:
        data = {
            "name": person.name, "position": person.position, "rank": person.rank,
            "category": person.category, "phone": person.phone, "email": person.email,
            "is_head": person.is_head,
        }
        if person.name in known:
            # Nor does a person's stored phone, e-mail or grade go when the page omits it.
            given = {k: v for k, v in data.items() if v not in (None, "") or k == "is_head"}
            if record_update(known[person.name], actor, given):
                result.staff_updated.append(person.name)
        else:
            ops.add_staff(unit, actor, data)
            result.staff_added.append(person.name)
    listed = {p.name for p in parsed.staff}
    result.staff_not_on_page = sorted(name for name in known if name not in listed)
    ops.reindex_unit(unit)
    return result
