"""Account operations: the CLI, the login form and the API all go through these."""

from __future__ import annotations

import math
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from ..database import utcnow
from ..errors import DomainError, PermissionDenied, ValidationFailed
from ..extensions import db
from ..municipalities.models import Membership, Municipality
from ..municipalities.operations import may_administer
from .models import ApiToken, LoginAttempt, User
from .roles import INSTANCE_ROLES, LANGUAGES, MUNICIPAL_ROLES, Role

MIN_PASSWORD_LENGTH = 10


class LoginFailed(DomainError):
    status = 401
    code = "login_failed"


class LoginThrottled(DomainError):
    status = 429
    code = "login_throttled"


def normalise_email(email: str) -> str:
    return email.strip().casefold()


def find_user(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


def create_user(
    email: str,
    name: str,
    role: str,
    password: str,
    language: str = "ka",
    municipality: Municipality | None = None,
) -> User:
    """A new account: ``admin`` and ``coordinator`` hold across the instance; any other role
    is granted in ``municipality``."""
    errors: dict[str, list[str]] = {}
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        errors["email"] = [_("Enter a valid email address.")]
    elif find_user(email) is not None:
        errors["email"] = [_("A user with this email already exists.")]
    if not name.strip():
        errors["name"] = [_("Enter a name.")]
    if role not in {r.value for r in Role}:
        errors["role"] = [_("Unknown role.")]
    elif role not in INSTANCE_ROLES and municipality is None:
        errors["municipality"] = [_("Name the municipality this role is held in.")]
    if language not in LANGUAGES:
        errors["language"] = [_("Unknown language.")]
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = [
            _("The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH)
        ]
    if errors:
        raise ValidationFailed(errors)
    user = User(email=email, name=name.strip(), language=language)
    user.set_password(password)
    db.session.add(user)
    if role in INSTANCE_ROLES:
        user.instance_role = role
    else:
        grant_role(user, municipality, role)  # type: ignore[arg-type]
    db.session.flush()
    return user


def grant_role(
    user: User, municipality: Municipality, role: str, *, actor: User | None = None
) -> Membership:
    """Give ``user`` a role in ``municipality`` (replacing the one held there). The instance
    roles are not held per municipality. ``actor`` (when a person asks, not the CLI) must
    be the instance administrator."""
    if actor is not None and not may_administer(actor):
        raise PermissionDenied()
    if role not in {r.value for r in MUNICIPAL_ROLES}:
        raise ValidationFailed({"role": [_("Unknown role.")]})
    membership = next(
        (m for m in user.memberships if m.municipality_id == municipality.id), None
    )
    if membership is None:
        membership = Membership(municipality_id=municipality.id, role=role)
        user.memberships.append(membership)
    else:
        membership.role = role
    db.session.flush()
    return membership


def authenticate(email: str, password: str, remote_addr: str | None = None) -> User:
    """Check a password, refusing after too many recent failures for the same account.

    The throttle counts per account (not per address) so that a botnet cannot guess one
    person's password; a wrong email is counted the same way, so the answer does not reveal
    which emails exist.
    """
    email = normalise_email(email)
    window: timedelta = current_app.config["LOGIN_FAILURE_WINDOW"]
    limit: int = current_app.config["LOGIN_MAX_FAILURES"]
    now = utcnow()
    failures, oldest = LoginAttempt.recent_failures(email, now - window)
    if failures >= limit and oldest is not None:
        minutes = max(1, math.ceil((oldest + window - now).total_seconds() / 60))
        raise LoginThrottled(
            _(
                "Too many failed login attempts. Try again in %(minutes)d minutes.",
                minutes=minutes,
            )
        )
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        db.session.add(LoginAttempt(email=email, remote_addr=remote_addr))
        raise LoginFailed(_("Wrong email or password."))
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    return user


def end_sessions(user: User) -> None:
    """Invalidate every session cookie issued to this user so far."""
    user.renew_session_token()


def issue_token(user: User) -> str:
    _row, token = ApiToken.issue(user)
    db.session.flush()
    return token


def user_for_token(token: str) -> User | None:
    row = ApiToken.lookup(token)
    if row is None or not row.user.active:
        return None
    return row.user


def set_language(user: User, language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationFailed({"language": [_("Unknown language.")]})
    user.language = language
