"""``flask user create``, ``grant``, ``token`` and ``reset-mfa``."""

from __future__ import annotations

import sys
from typing import NoReturn

import click
from flask.cli import AppGroup

from ..cli_common import MUNICIPALITY_OPTION, fail, resolve_municipality
from ..errors import ValidationFailed
from ..extensions import db
from ..municipalities.scope import slug_of
from .mfa import reset_mfa
from .models import User
from .operations import create_user, find_user, grant_role, issue_token
from .roles import INSTANCE_ROLES, LANGUAGES, MUNICIPAL_ROLES, Role

user_cli = AppGroup("user", help="Manage user accounts.")


def _refuse(error: ValidationFailed) -> NoReturn:
    db.session.rollback()
    for field, messages in error.fields.items():
        for message in messages:
            click.echo(f"{field}: {message}", err=True)
    sys.exit(1)


def _where(user: User) -> str:
    """What the user holds, for the command's one line: ``chair in city`` or ``admin,
    instance-wide``."""
    held = [f"{user.instance_role}, instance-wide"] if user.instance_role else []
    held += [f"{m.role} in {slug_of(m.municipality_id)}" for m in user.memberships]
    return "; ".join(held) or "no role"


@user_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="admin and coordinator hold across the instance; the others in one "
                   "municipality.")
@MUNICIPALITY_OPTION
@click.option("--language", default="ka", type=click.Choice(list(LANGUAGES)))
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(email: str, name: str, role: str, municipality_slug: str | None, language: str,
           password_stdin: bool) -> None:
    """Create a user account with a role: instance-wide (admin, coordinator) or in one
    municipality (chair, secretary, member, observer)."""
    if not password_stdin:
        raise click.UsageError("pass --password-stdin and the password on standard input")
    if role in INSTANCE_ROLES:
        if municipality_slug:
            # Saying "admin of city" would suggest a limit the role does not have.
            fail(f"{role} is an instance-wide role: it takes no --municipality")
        municipality = None
    else:
        municipality = resolve_municipality(municipality_slug)
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(email, name, role, password, language, municipality=municipality)
    except ValidationFailed as error:
        _refuse(error)
    db.session.commit()
    click.echo(f"created user {user.id} {user.email} ({_where(user)})")


@user_cli.command("grant")
@click.argument("email")
@click.option("--municipality", "municipality_slug", required=True, metavar="SLUG",
              help="The municipality the role is held in.")
@click.option("--role", required=True, type=click.Choice([r.value for r in MUNICIPAL_ROLES]))
def grant(email: str, municipality_slug: str, role: str) -> None:
    """Give a user a role in a municipality, replacing the one they hold there (a chair in
    one municipality may be an observer in another)."""
    user = find_user(email)
    if user is None:
        fail(f"no user with email {email}")
    if user.is_admin:
        fail(f"{user.email} is the instance administrator: a role in one municipality "
             "would change nothing")
    municipality = resolve_municipality(municipality_slug)
    before = next(
        (m.role for m in user.memberships if m.municipality_id == municipality.id), None
    )
    try:
        grant_role(user, municipality, role)
    except ValidationFailed as error:
        _refuse(error)
    db.session.commit()
    was = f" (was {before})" if before and before != role else ""
    click.echo(f"{user.email}: {role} in {municipality.slug}{was}")


@user_cli.command("token")
@click.argument("email")
def token(email: str) -> None:
    """Print a new API token for a user (only its hash is stored)."""
    user = find_user(email)
    if user is None:
        click.echo(f"no user with email {email}", err=True)
        sys.exit(1)
    value = issue_token(user)
    db.session.commit()
    click.echo(value)


@user_cli.command("reset-mfa")
@click.argument("email")
def reset_mfa_command(email: str) -> None:
    """Remove a user's second factor and recovery codes (they lost both) and end their
    sessions: they log in with the password alone and set up a new one."""
    user = find_user(email)
    if user is None:
        fail(f"no user with email {email}")
    had = reset_mfa(user, actor=None)
    db.session.commit()
    click.echo(f"{user.email}: two-factor authentication reset" if had else
               f"{user.email} had no second factor; sessions ended")
