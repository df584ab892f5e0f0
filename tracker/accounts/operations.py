"""Account operations: the CLI, the login form and the API all go through these."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..errors import DomainError, PermissionDenied, ValidationFailed
from ..extensions import db
from ..municipalities.models import Membership, Municipality
from ..municipalities.operations import may_administer
from . import throttle
from .events import Event, record
from .models import User, UserSession
from .passwords import confirm_password, password_problem, temporary_password_expired
from .roles import INSTANCE_ROLES, LANGUAGES, MUNICIPAL_ROLES, Role
from .sessions import end_all, end_session, open_clause
from .tokens import revoke_all


class LoginFailed(DomainError):
    status = 401
    code = "login_failed"


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
    *,
    actor: User | None = None,
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
    if (problem := password_problem(password, email=email, name=name)) is not None:
        errors["password"] = [problem]
    if errors:
        raise ValidationFailed(errors)
    user = User(email=email, name=name.strip(), language=language)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(Event.USER_CREATED, user=user, actor=actor, role=role,
           municipality=municipality.slug if municipality is not None else None)
    if role in INSTANCE_ROLES:
        user.instance_role = role
    else:
        grant_role(user, municipality, role, actor=actor)  # type: ignore[arg-type]
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
    before = membership.role if membership is not None else None
    if membership is None:
        membership = Membership(municipality_id=municipality.id, role=role)
        user.memberships.append(membership)
    else:
        membership.role = role
    if before != role:
        record(Event.ROLE_CHANGED, user=user, actor=actor, municipality=municipality.slug,
               role=[before, role])
    db.session.flush()
    return membership


def authenticate(email: str, password: str, remote_addr: str | None = None,
                 device: str | None = None) -> User:
    """The user whose password this is, or :class:`LoginFailed` (401) — the same answer,
    after the same work, for an unknown e-mail, a deactivated account and a wrong password
    — or :class:`~.throttle.LoginThrottled` (429) over a limit (:mod:`.throttle`). Every
    outcome is in the security log; a failure is counted. The caller commits either way."""
    email = normalise_email(email)
    try:
        throttle.check(email, remote_addr, device)
    except throttle.LoginThrottled:
        record(Event.LOGIN_THROTTLED, user=find_user(email), email=email)
        raise
    user = find_user(email)
    if user is None:
        User.check_nobody(password)
        reason = "unknown"
    elif not user.check_password(password):
        reason = "password"
    elif not user.active:
        reason = "inactive"
    elif temporary_password_expired(user):
        reason = "temporary_expired"
    else:
        reason = ""
    if user is None or reason:
        throttle.failed(email, remote_addr, device)
        record(Event.LOGIN_FAILED, user=user, email=email, reason=reason)
        raise LoginFailed(_("Wrong email or password."))
    return user


def deactivate_user(user: User, *, actor: User | None = None) -> None:
    """Nobody logs in as ``user`` any more: their sessions end for good (re-activation does
    not revive them) and their API tokens are revoked."""
    if actor is not None and not may_administer(actor):
        raise PermissionDenied()
    if actor is not None and actor.id == user.id:
        # An administrator locking themself out leaves the instance without one.
        raise PermissionDenied(_("You cannot deactivate your own account."))
    if not user.active:
        return
    user.active = False
    end_all(user, "deactivated", actor=actor)
    revoke_all(user, "deactivated", actor=actor)
    record(Event.USER_DEACTIVATED, user=user, actor=actor)
    db.session.flush()


def activate_user(user: User, *, actor: User | None = None) -> None:
    if actor is not None and not may_administer(actor):
        raise PermissionDenied()
    if user.active:
        return
    user.active = True
    record(Event.USER_ACTIVATED, user=user, actor=actor)
    db.session.flush()


def set_language(user: User, language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationFailed({"language": [_("Unknown language.")]})
    user.language = language


# Sessions -----------------------------------------------------------------------------------
def end_my_sessions(actor: User, password: str, session_ids: list[int] | None,
                    keep: UserSession | None) -> int:
    """``actor`` ends some of their own sessions (``session_ids``) or all but ``keep`` (the
    one asking; ``None`` ids), after re-entering their password (ASVS 7.5.2). Ids of
    sessions that are not theirs, or already ended, end nothing. Returns how many ended."""
    confirm_password(actor, password)
    if session_ids is None:
        return end_all(actor, "ended", actor=actor, keep=keep)
    rows = db.session.execute(
        select(UserSession).where(UserSession.id.in_(session_ids),
                                  UserSession.user_id == actor.id,
                                  open_clause())
    ).scalars().all()
    for row in rows:
        end_session(row, "ended", actor=actor)
    db.session.flush()
    return len(rows)


def end_user_sessions(user: User, *, actor: User | None, keep: UserSession | None = None) -> int:
    """End every session of ``user``: the person themself (all but ``keep``, the one
    asking) or an administrator (all; ``actor`` ``None``: the command line)."""
    if actor is not None and actor.id != user.id and not may_administer(actor):
        raise PermissionDenied()
    ended = end_all(user, "ended" if actor is not None and actor.id == user.id else "admin",
                    actor=actor, keep=keep)
    db.session.flush()
    return ended


def end_everyones_sessions(*, actor: User | None, keep: UserSession | None = None) -> int:
    """End every open session of every user but ``keep`` (the administrator's own): after a
    suspected breach (ASVS 7.4.5). Logged once per user whose sessions ended."""
    if actor is not None and not may_administer(actor):
        raise PermissionDenied()
    owners = db.session.execute(
        select(User).where(User.id.in_(select(UserSession.user_id).where(open_clause())))
    ).scalars().all()
    ended = sum(end_all(user, "admin", actor=actor, keep=keep) for user in owners)
    db.session.flush()
    return ended
