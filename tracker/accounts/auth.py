"""Who is asking: session cookies, Bearer tokens, and the login wall in front of every page."""

from __future__ import annotations

from flask import Flask, current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user

from ..config import ConfigurationError
from ..errors import ON_REFUSAL, DomainError, PermissionDenied, wants_json
from ..extensions import csrf, db
from . import sessions
from .events import Event, init_logging, record
from .models import User
from .roles import Role
from .tokens import user_for_token

# Endpoints a logged-out visitor may reach; every other route requires a login.
PUBLIC_ENDPOINTS = frozenset(
    {"accounts.login", "accounts.language", "mfa.verify", "static",
     "feeds.municipal_calendar", "feeds.municipal_atom", "feeds.personal_calendar",
     "notifications.unsubscribe"}
    | {f"public.{page}" for page in (  # the public site (tracker/public/views.py)
        "home", "plan", "commitment", "subgroup", "meetings", "meeting", "sitemap", "data",
        "data_file")})
# Endpoints whose URL carries a token signed with SECRET_KEY for one person: that token
# proves the request as a CSRF token would, and a mail program's one-click unsubscribe
# (RFC 8058) posts without any other.
SIGNED_ENDPOINTS = frozenset({"notifications.unsubscribe"})
# What a logged-in person who must first replace a temporary password or set up a second
# factor may still reach.
UNWALLED_ENDPOINTS = PUBLIC_ENDPOINTS | {
    "accounts.logout", "passwords.change", "mfa.setup", "mfa.confirm"}


def mfa_required(user: User) -> bool:
    """Whether ``user`` holds a role for which TRACKER_REQUIRE_MFA demands a second factor
    (an instance role, or a role in any municipality)."""
    required: frozenset[str] = current_app.config["TRACKER_REQUIRE_MFA"]
    held = {user.instance_role} | {m.role for m in user.memberships}
    return bool(required & held)


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"
    default_message = _l("Please log in.")


def _bearer_token() -> str | None:
    auth = request.authorization
    if auth is not None and auth.type == "bearer" and auth.token:
        return auth.token
    return None


def _refused(status: int, code: str) -> None:
    """Log refusals that say someone tried what they may not: a 403, a form without
    its anti-forgery token, an API token that is wrong, expired or revoked. (A visitor
    asking for a page before logging in is no attempt and is not logged.)"""
    if status == 403:
        kind = Event.PERMISSION_DENIED
    elif code == "csrf_failed":
        kind = Event.CSRF_FAILED
    elif _bearer_token() is not None:
        kind = Event.TOKEN_REFUSED
    else:
        return
    user = current_user._get_current_object() if current_user.is_authenticated else None
    record(kind, user=user, code=code, method=request.method, path=request.path[:300])
    db.session.commit()


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    unknown = set(app.config["TRACKER_REQUIRE_MFA"]) - {role.value for role in Role}
    if unknown:
        # A misspelt role would be a requirement that silently never applies.
        raise ConfigurationError(
            f"TRACKER_REQUIRE_MFA: unknown role(s) {', '.join(sorted(unknown))}; the roles "
            "are " + ", ".join(role.value for role in Role))

    User.check_nobody("")  # the dummy hash made now, not in the first refusal's time
    init_logging()
    if _refused not in ON_REFUSAL:  # one hook for every app of the process
        ON_REFUSAL.append(_refused)

    @login_manager.user_loader
    def _load_user(session_token: str) -> User | None:
        if _bearer_token() is not None:
            # A token request is its token's user or nobody (then a 401), never the
            # session's: Flask-Login asks this loader first, the request loader only after.
            return None
        # The cookie carries the login's own token (tracker.accounts.sessions): an ended,
        # expired or idle session, or a deactivated user, loads nobody.
        return sessions.load(session_token)

    @login_manager.request_loader
    def _load_from_token(_request: object) -> User | None:
        token = _bearer_token()
        return user_for_token(token) if token else None

    @login_manager.unauthorized_handler
    def _unauthorized():  # type: ignore[no-untyped-def]
        if wants_json():
            raise Unauthorized()
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))

    @app.before_request
    def _login_wall_and_csrf():  # type: ignore[no-untyped-def]
        if _bearer_token() is not None:
            # Browsers never add a Bearer header on their own, so token calls need no CSRF
            # token; a wrong token is a 401, never a fall-back to the session.
            if not current_user.is_authenticated:
                raise Unauthorized(_l("The API token is not valid."))
            # The walls below hold for tokens too: no way round them by the API.
            if current_user.must_change_password or (
                    mfa_required(current_user) and not current_user.has_mfa):
                raise PermissionDenied(_l(
                    "Log in on the web first: replace the temporary password or set up "
                    "two-factor authentication."))
            return None
        if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:
            return login_manager.unauthorized()
        if app.config["WTF_CSRF_ENABLED"] and request.endpoint not in SIGNED_ENDPOINTS:
            csrf.protect()
        if current_user.is_authenticated and request.endpoint not in UNWALLED_ENDPOINTS:
            # A temporary password opens only the page that replaces it; an account that
            # must have a second factor (TRACKER_REQUIRE_MFA) only the page that sets one up.
            if current_user.must_change_password:
                return redirect(url_for("passwords.change"))
            if mfa_required(current_user) and not current_user.has_mfa:
                return redirect(url_for("mfa.setup"))
        return None
