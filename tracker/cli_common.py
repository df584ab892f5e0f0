"""Helpers the area command groups share: who a command acts as, and how it reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select

from .accounts.models import User
from .accounts.operations import find_user
from .accounts.roles import Role
from .errors import DomainError, ValidationFailed
from .extensions import db

AS_OPTION = click.option(
    "--as", "as_email", default=None, metavar="EMAIL",
    help="Act as this user (default: the first administrator). The audit trail names them.",
)


def acting_user(email: str | None) -> User:
    user = find_user(email) if email else db.session.execute(
        select(User)
        .where(User.instance_role == Role.ADMIN, User.active.is_(True))
        .order_by(User.id)
    ).scalars().first()
    if user is None:
        fail("no such user" if email else "create an administrator first (flask user create)")
    return user  # type: ignore[return-value]


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror}")
        raise  # pragma: no cover


def fail(message: str, as_json: bool = False, code: str = "error") -> None:
    if as_json:
        click.echo(json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False))
    else:
        click.echo(f"error: {message}", err=True)
    db.session.rollback()
    sys.exit(1)


def fail_domain(error: DomainError, as_json: bool) -> None:
    message = error.message
    if isinstance(error, ValidationFailed):
        message += " " + "; ".join(f"{k}: {' '.join(v)}" for k, v in error.fields.items())
    fail(message, as_json, error.code)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
