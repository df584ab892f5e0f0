"""Who is asking: session cookies, Bearer tokens, and the login wall in front of every page."""

from __future__ import annotations

from flask import Flask, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from sqlalchemy import select

from ..errors import DomainError, wants_json
from ..extensions import csrf, db
from .models import User
from .operations import user_for_token

# Endpoints a logged-out visitor may reach; every other route requires a login.
PUBLIC_ENDPOINTS = frozenset({"accounts.login", "accounts.language", "static"})


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"
    default_message = _l("Please log in.")


def _bearer_token() -> str | None:
    auth = request.authorization
    if auth is not None and auth.type == "bearer" and auth.token:
        return auth.token
    return None


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load_user(session_id: str) -> User | None:
        if _bearer_token() is not None:
            # A token request is its token's user or nobody (then a 401), never the
            # session's: Flask-Login asks this loader first, the request loader only after.
            return None
        # The id carries the user's session token: after logout or a password change the
        # token is renewed and copies of old cookies no longer load anybody.
        user_id, _sep, token = session_id.partition(":")
        if not user_id.isdigit() or not token:
            return None
        user = db.session.execute(
            select(User).where(User.id == int(user_id), User.session_token == token)
        ).scalar_one_or_none()
        return user if user is not None and user.active else None

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
            return None
        if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:
            return login_manager.unauthorized()
        if app.config["WTF_CSRF_ENABLED"]:
            csrf.protect()
        return None
