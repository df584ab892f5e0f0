"""Creating municipalities: the instance administrator's work (CLI and web)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.roles import MANAGERS
from ..audit.operations import record_update
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..text import clean_text
from .models import SLUG, Municipality


def may_administer(actor: object) -> bool:
    """Creating municipalities and giving people their roles in them (the first chair) is
    the instance administrator's work, nobody else's."""
    return bool(getattr(actor, "is_admin", False))


def create_municipality(slug: str, name: str, *, actor: object | None = None) -> Municipality:
    """A new, empty municipality. ``actor`` (when a person asks, not the CLI) must be the
    instance administrator."""
    if actor is not None and not may_administer(actor):
        raise PermissionDenied()
    errors: dict[str, list[str]] = {}
    slug = (slug or "").strip().lower()
    name = clean_text(name or "").strip()
    if not SLUG.fullmatch(slug):
        errors["slug"] = [_("Use 1–40 latin lower-case letters, digits and hyphens, "
                            "not starting or ending with a hyphen.")]
    elif Municipality.by_slug(slug) is not None:
        errors["slug"] = [_("A municipality with this address already exists.")]
    if not name:
        errors["name"] = [_("Enter a name.")]
    elif db.session.execute(
        select(Municipality.id).where(Municipality.name == name)
    ).first() is not None:
        errors["name"] = [_("A municipality with this name already exists.")]
    if errors:
        raise ValidationFailed(errors)
    municipality = Municipality(slug=slug, name=name)
    db.session.add(municipality)
    db.session.flush()
    return municipality


def may_publish(actor: object, municipality: Municipality) -> bool:
    """Switching a municipality's public site on or off is its chair's (or an
    administrator's) decision: what the working group shows citizens."""
    role_in = getattr(actor, "role_in", None)
    return role_in is not None and role_in(municipality.id) in MANAGERS


def set_public(municipality: Municipality, on: bool, *, actor: object | None = None) -> bool:
    """Switch the public site (``/p/<slug>/``) on or off, audited; ``actor`` None is the
    CLI. Returns whether anything changed."""
    if actor is not None and not may_publish(actor, municipality):
        raise PermissionDenied()
    entry = record_update(municipality, actor, {"public": bool(on)})  # type: ignore[arg-type]
    db.session.flush()
    return entry is not None
