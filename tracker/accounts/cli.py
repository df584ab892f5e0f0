"""``flask user create`` and ``flask user token``."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..errors import ValidationFailed
from ..extensions import db
from .operations import create_user, find_user, issue_token
from .roles import LANGUAGES, Role

user_cli = AppGroup("user", help="Manage user accounts.")


@user_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--language", default="ka", type=click.Choice(list(LANGUAGES)))
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(email: str, name: str, role: str, language: str, password_stdin: bool) -> None:
    """Create a user account."""
    if not password_stdin:
        raise click.UsageError("pass --password-stdin and the password on standard input")
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(email, name, role, password, language)
    except ValidationFailed as error:
        db.session.rollback()
        for field, messages in error.fields.items():
            for message in messages:
                click.echo(f"{field}: {message}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"created user {user.id} {user.email} ({user.role})")


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
