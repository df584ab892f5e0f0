"""``flask user``: create, grant, reset-password, reset-mfa, token, tokens, revoke-token."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NoReturn

import click
from flask.cli import AppGroup

from ..cli_common import MUNICIPALITY_OPTION, fail, resolve_municipality
from ..errors import ValidationFailed
from ..extensions import db
from ..i18n import format_day
from ..municipalities.scope import slug_of
from .mfa import reset_mfa
from .models import ApiToken, User
from .operations import (
    activate_user,
    create_user,
    deactivate_user,
    end_everyones_sessions,
    end_user_sessions,
    find_user,
    grant_role,
)
from .passwords import TEMPORARY_PASSWORD_LIFETIME, reset_password
from .roles import INSTANCE_ROLES, LANGUAGES, MUNICIPAL_ROLES, Role
from .tokens import MAX_TOKEN_DAYS, issue_token, revoke_token, tokens_of

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


def _user(email: str) -> User:
    user = find_user(email)
    if user is None:
        fail(f"no user with email {email}")
    return user


@user_cli.command("reset-password")
@click.argument("email")
def reset_password_command(email: str) -> None:
    """Give a user a new temporary password, printed once: it must be replaced at the next
    login and stops working after a few days. Every session of the user ends."""
    user = _user(email)
    temporary = reset_password(user, actor=None)
    db.session.commit()
    click.echo(temporary)
    days = TEMPORARY_PASSWORD_LIFETIME.days
    click.echo(f"{user.email} must replace this temporary password at the next login; it "
               f"stops working after {days} days.", err=True)


@user_cli.command("token")
@click.argument("email")
@click.option("--name", default="command line", show_default=True,
              help="What the token is for (listed by `user tokens`).")
@click.option("--days", type=click.IntRange(1, MAX_TOKEN_DAYS), default=None,
              help="Valid for this many days (default TRACKER_TOKEN_DAYS).")
def token(email: str, name: str, days: int | None) -> None:
    """Print a new API token for a user (only its hash is stored); the user's other tokens
    stay valid."""
    user = _user(email)
    try:
        _row, value = issue_token(user, name, days=days)
    except ValidationFailed as error:
        _refuse(error)
    db.session.commit()
    click.echo(value)


@user_cli.command("reset-mfa")
@click.argument("email")
def reset_mfa_command(email: str) -> None:
    """Remove a user's second factor and recovery codes (they lost both) and end their
    sessions: they log in with the password alone and set up a new one."""
    user = _user(email)
    had = reset_mfa(user, actor=None)
    db.session.commit()
    click.echo(f"{user.email}: two-factor authentication reset" if had else
               f"{user.email} had no second factor; sessions ended")


def _moment(value: object) -> str:
    return format_day(value) if value is not None else "-"  # type: ignore[arg-type]


@user_cli.command("tokens")
@click.argument("email")
def tokens(email: str) -> None:
    """One line per API token of a user, newest first: id, name, created, expires, last
    used, state (valid, expired, revoked), separated by tabs. Never the token itself."""
    for row in tokens_of(_user(email)):
        click.echo("\t".join([str(row.id), row.name, _moment(row.created_at),
                              _moment(row.expires_at), _moment(row.last_used_at), row.state]))


@user_cli.command("revoke-token")
@click.argument("token_id", type=int)
def revoke_token_command(token_id: int) -> None:
    """Revoke the API token with this id (see `user tokens`): it stops working at once."""
    row = db.session.get(ApiToken, token_id)
    if row is None:
        fail(f"no API token with id {token_id}")
    was = row.state
    revoke_token(row, actor=None)
    db.session.commit()
    note = f" (it was already {was})" if was != "valid" else ""
    click.echo(f"revoked token {row.id} {row.name!r} of {row.user.email}{note}")


@user_cli.command("end-sessions")
@click.argument("email", required=False)
@click.option("--everyone", is_flag=True, help="End every user's sessions instead.")
def end_sessions_command(email: str | None, everyone: bool) -> None:
    """End every session of a user (or, with --everyone, of all users): they log in again.
    API tokens are not sessions: see revoke-token."""
    if everyone == bool(email):
        raise click.UsageError("name one EMAIL, or --everyone")
    if everyone:
        ended = end_everyones_sessions(actor=None)
        db.session.commit()
        click.echo(f"ended {ended} session(s)")
        return
    user = _user(email)  # type: ignore[arg-type]
    ended = end_user_sessions(user, actor=None)
    db.session.commit()
    click.echo(f"{user.email}: ended {ended} session(s)")


@user_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Nobody logs in as this user any more: sessions ended for good, API tokens revoked."""
    _switch(email, deactivate_user, "deactivated")


@user_cli.command("activate")
@click.argument("email")
def activate_command(email: str) -> None:
    """Let a deactivated user log in again (with a new login; nothing old revives)."""
    _switch(email, activate_user, "active")


def _switch(email: str, operation: Callable[..., None], state: str) -> None:
    user = _user(email)
    operation(user, actor=None)
    db.session.commit()
    click.echo(f"{user.email}: {state}")
