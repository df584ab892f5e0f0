"""Reading the people of the records: lists and choices for forms."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import Person


def all_people() -> list[Person]:
    return list(db.session.execute(select(Person).order_by(Person.name, Person.id)).scalars())


def person_choices() -> list[tuple[str, str]]:
    """People of the records for a select: chairs, secretaries and owners without an
    account (a person linked to one is chosen as the account)."""
    return [("", "—")] + [(str(p.id), p.label) for p in all_people() if p.user_id is None]
