"""Helpers the area command groups share: who a command acts as, where it works, and how it
reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from sqlalchemy import select

from .accounts.models import User
from .accounts.operations import find_user
from .accounts.roles import Role
from .errors import DomainError, ValidationFailed
from .extensions import db
from .municipalities.models import Municipality

AS_OPTION = click.option(
    "--as", "as_email", default=None, metavar="EMAIL",
    help="Act as this user (default: the first administrator). The audit trail names them.",
)


MUNICIPALITY_OPTION = click.option(
    "--municipality", "municipality_slug", default=None, metavar="SLUG",
    help="The municipality to work in (may be left out when the instance has only one).",
)


def resolve_municipality(slug: str | None, as_json: bool = False) -> Municipality:
    """The municipality a data command works in: the one ``--municipality`` names, or the
    instance's only one. Several and none named is refused rather than guessed: data
    written into the wrong city cannot be told apart afterwards."""
    if slug:
        municipality = Municipality.by_slug(slug.strip().lower())
        if municipality is None:
            fail(f"no municipality {slug!r} (see: flask municipality list)", as_json,
                 "not_found")
        return municipality
    every = Municipality.ordered()
    if not every:
        fail("create a municipality first (flask municipality create SLUG --name NAME)",
             as_json, "not_found")
    if len(every) > 1:
        slugs = ", ".join(sorted(m.slug for m in every))
        fail(f"name the municipality with --municipality SLUG (one of: {slugs})", as_json,
             "municipality_required")
    return every[0]


def acting_user(email: str | None) -> User:
    user = find_user(email) if email else db.session.execute(
        select(User)
        .where(User.instance_role == Role.ADMIN, User.active.is_(True))
        .order_by(User.id)
    ).scalars().first()
    if user is None:
        fail("no such user" if email else "create an administrator first (flask user create)")
    return user


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror}")
        raise  # pragma: no cover


def fail(message: str, as_json: bool = False, code: str = "error") -> NoReturn:
    if as_json:
        click.echo(json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False))
    else:
        click.echo(f"error: {message}", err=True)
    db.session.rollback()
    sys.exit(1)


def fail_domain(error: DomainError, as_json: bool) -> NoReturn:
    message = error.message
    if isinstance(error, ValidationFailed):
        message += " " + "; ".join(f"{k}: {' '.join(v)}" for k, v in error.fields.items())
    fail(message, as_json, error.code)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
