"""What every demo municipality is made of: its logins, and how it is built once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..accounts.models import User
from ..directory.models import Unit
from ..directory.operations import reindex_unit
from ..extensions import db


@dataclass(frozen=True)
class Login:
    """A demo account: ``role`` is an instance role (admin, coordinator) for the instance's
    logins and the role held in the municipality for a municipality's."""

    email: str
    name: str
    role: str
    password: str


@dataclass(frozen=True)
class DemoMunicipality:
    """One demo municipality: what ``flask demo`` creates, prints and checks for."""

    slug: str
    name: str
    logins: tuple[Login, ...]
    #: The title of its action plan: present means this municipality's demo is loaded.
    plan_title: str
    #: Builds its data, inside the municipality, from "today" and every demo user by email.
    build: Callable[[date, dict[str, User]], None]


def ensure_units(units: list[tuple[str, str | None, str]]) -> dict[str, Unit]:
    """The directory's units (name, parent name, kind) of the municipality entered; those
    already there are kept."""
    existing = {u.name: u for u in db.session.execute(select(Unit)).scalars()}
    for name, parent, kind in units:
        if name not in existing:
            unit = Unit(name=name, parent_id=existing[parent].id if parent else None, kind=kind)
            db.session.add(unit)
            reindex_unit(unit)  # the directory search finds it
            existing[name] = unit
    return existing
