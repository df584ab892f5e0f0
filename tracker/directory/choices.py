"""Who and which unit a form can name: the choices of every owner, chair, lead or member
field, in every area's forms (one query each, the same order everywhere)."""

from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from .models import StaffMember, Unit

NOBODY = ("", "—")


def people_choices() -> list[tuple[str, str]]:
    """Active accounts by name, after an empty choice."""
    users = db.session.execute(
        select(User.id, User.name).where(User.active.is_(True), User.in_scope()).order_by(User.name)
    )
    return [NOBODY] + [(str(uid), name) for uid, name in users]


def unit_choices() -> list[tuple[str, str]]:
    """Units by name, after an empty choice."""
    return [NOBODY] + [(str(u.id), u.name) for u in Unit.all_by_name()]


def staff_choices() -> list[tuple[str, str]]:
    """Staff entries by name, each with its unit (two namesakes in two units differ), after
    an empty choice."""
    rows = db.session.execute(
        select(StaffMember.id, StaffMember.name, Unit.name)
        .join(Unit, StaffMember.unit_id == Unit.id)
        .order_by(StaffMember.name, Unit.name, StaffMember.id)
    )
    return [NOBODY] + [(str(sid), f"{name} — {unit}") for sid, name, unit in rows]
