"""Domain errors that operations raise and both the web views and the API translate.

Operations never build HTTP responses; they raise one of these, each carrying a stable
``code`` (the API contract), an HTTP status and a translated message for people.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    status = 400
    code = "bad_request"
    default_message = _l("The request could not be processed.")

    def __init__(self, message: str | None = None, **details: Any) -> None:
        self.message = str(message) if message is not None else str(self.default_message)
        self.details = details
        super().__init__(self.message)

    def as_json(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        error.update(self.details)
        return {"error": error}


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = _l("Not found.")


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"
    default_message = _l("You do not have permission to do this.")


class StaleVersion(DomainError):
    status = 409
    code = "stale_version"
    default_message = _l(
        "Someone else changed this item after you opened it. Reload it and apply your "
        "change again."
    )


class VersionRequired(DomainError):
    status = 422
    code = "version_required"
    default_message = _l("The version of the item you edited is missing.")


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"
    default_message = _l("Some fields are not valid.")
    #: A refusal whose record must stay (a wrong password, counted by the login throttle
    #: and logged): the caller commits the session as it is. Raise it only from a check
    #: made before the operation changes anything (``passwords.confirm_password`` is
    #: always an operation's first step), so the count and the log row are all it holds.
    keeps_record = False

    def __init__(self, fields: dict[str, list[str]], message: str | None = None) -> None:
        super().__init__(message, fields=fields)
        self.fields = fields


class TransitionRefused(DomainError):
    status = 422
    code = "transition_refused"
    default_message = _l("This change of state is not allowed.")

    def __init__(self, reasons: list[str], message: str | None = None) -> None:
        super().__init__(message or " ".join(reasons), reasons=reasons)
        self.reasons = reasons


class SavedMeanwhile(DomainError):
    """Two requests saving the same unique thing at once (a double-clicked form, two people):
    both passed the operation's check, the database's unique index refused the second."""

    status = 409
    code = "conflict"
    default_message = _l(
        "Someone else saved the same thing at the same moment. Reload the page and try again."
    )


def is_unique_violation(error: Exception) -> bool:
    """An ``IntegrityError`` from a unique index, on PostgreSQL (SQLSTATE 23505) or SQLite."""
    original = getattr(error, "orig", None)
    if getattr(original, "sqlstate", None) == "23505":
        return True
    name = getattr(original, "sqlite_errorname", None)
    if name in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"):
        return True
    # The sqlean module (database.engine_options) names only the primary code, the same for
    # every constraint; SQLite's message says which one: "UNIQUE constraint failed: …" for a
    # unique index and a primary key alike ("FOREIGN KEY …", "CHECK …", "NOT NULL …" else).
    return name == "SQLITE_CONSTRAINT" and str(original).startswith("UNIQUE constraint failed")


class UnknownState(DomainError):
    status = 422
    code = "unknown_state"
    default_message = _l("There is no such state.")


def wants_json() -> bool:
    from flask import request

    return request.path.startswith("/api/")


#: Told (status, code) of every 401, 403 and refused anti-forgery token, after the
#: request's changes were rolled back: the accounts area writes those that matter to the
#: security log (ASVS 16.3.2, 16.3.3).
ON_REFUSAL: list[Callable[[int, str], None]] = []


def init_app(app: Any) -> None:
    """Every error a client can cause becomes a 4xx in the client's language and shape."""
    from flask import render_template
    from flask_babel import gettext as _
    from flask_wtf.csrf import CSRFError
    from sqlalchemy.exc import IntegrityError
    from werkzeug.exceptions import HTTPException

    from .extensions import db

    http_codes = {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        422: "validation_failed",
        429: "too_many_requests",
    }

    def http_message(status: int) -> str:
        messages = {
            400: _("The request could not be understood."),
            401: _("Please log in."),
            403: _("You do not have permission to do this."),
            404: _("Not found."),
            405: _("This method is not allowed here."),
            413: _("The request is too large."),
            429: _("Too many requests. Try again later."),
        }
        return messages.get(status, _("The request could not be processed."))

    def respond(status: int, code: str, message: str, extra: dict[str, Any] | None = None):
        db.session.rollback()
        if status in (401, 403) or code == "csrf_failed":
            for hook in ON_REFUSAL:
                hook(status, code)
        if wants_json():
            error = {"code": code, "message": message, **(extra or {})}
            return {"error": error}, status
        return render_template("errors/error.html", status=status, message=message), status

    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        if getattr(error, "keeps_record", False):
            db.session.commit()  # only the refusal's own record (a counted wrong password)
        return respond(error.status, error.code, error.message, error.details)

    @app.errorhandler(IntegrityError)
    def _integrity(error: IntegrityError):
        """The operations check what is unique before writing, but two concurrent requests
        both pass the check; the second is a 409 (on PostgreSQL, where they run at once),
        not a 500. Whenever the database refuses (at a flush or at the commit, from a unique
        index, a foreign key to a row deleted meanwhile or a check), nothing was saved and
        the client may try again: a 409 in the client's shape. Re-raising the ones that are
        not a unique index (as this did) turned them into Werkzeug's HTML 500 page, even in
        the API; those are logged, since one the operations should have checked is a bug."""
        if not is_unique_violation(error):
            app.logger.error("integrity error answered as a conflict", exc_info=error)
        conflict = SavedMeanwhile()
        return respond(conflict.status, conflict.code, conflict.message)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        message = _("The form has expired or did not come from this site. Reload the page "
                    "and try again.")
        return respond(400, "csrf_failed", message)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        status = error.code or 500
        if status >= 500:
            return error
        return respond(status, http_codes.get(status, "error"), http_message(status))
