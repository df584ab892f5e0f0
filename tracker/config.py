"""Configuration read from the environment.

Only three variables are part of the product's contract (``DATABASE_URL``, ``SECRET_KEY``,
``TRACKER_TIMEZONE``); everything else has a safe default so that ``make run`` needs no setup.

Production is the default: a served app needs a strong ``SECRET_KEY`` (whoever has the key
can sign a session cookie for any user). ``TRACKER_ENV=development`` (``make run``) and
``TESTING`` allow a key kept in the instance folder instead; see :func:`settle_secret_key`.
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import ScriptInfo

from .text import json_text

#: Shorter keys are refused in production: 32 characters of ``secrets.token_hex`` are 128 bits.
MIN_SECRET_KEY_LENGTH = 32
GENERATE_KEY = "python3 -c 'import secrets; print(secrets.token_hex(32))'"


class ConfigurationError(RuntimeError):
    """A setting the app cannot start with; its message is one line, meant for the operator."""



def normalise_database_url(url: str) -> str:
    """Point bare ``postgresql://`` URLs at psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instance_secret_key(instance_path: Path) -> str:
    """A random key kept in the instance folder, for development.

    Keeping it on disk means a local restart does not log everybody out, while no key is
    ever committed to the repository.
    """
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _proxy_hops() -> int:
    raw = os.environ.get("TRACKER_PROXY_HOPS", "").strip() or "0"
    if not re.fullmatch(r"[0-9]{1,2}", raw) or int(raw) > 10:
        raise ConfigurationError(
            f"TRACKER_PROXY_HOPS must be the number of reverse proxies in front (0-10), not {raw!r}"
        )
    return int(raw)


def development() -> bool:
    """``TRACKER_ENV=development``: the machine is a developer's (``make run`` sets it)."""
    return os.environ.get("TRACKER_ENV", "").strip().lower() == "development"


def _under_flask_command() -> bool:
    """True while the ``flask`` command loads the app (``flask --app wsgi db upgrade``):
    such a command signs nothing, and ``flask run`` is the development server anyway."""
    context = click.get_current_context(silent=True)
    return context is not None and context.find_object(ScriptInfo) is not None


def settle_secret_key(app: Flask) -> None:
    """Make sure the app signs its cookies with a key nobody else knows.

    In development and tests a missing key comes from the instance folder. In production a
    served app refuses to start without ``SECRET_KEY`` or with a short one: a key kept in
    a file next to the code is lost, or copied, with the deployment. A ``flask`` command
    without one gets a throw-away key, so that a command run without the server's
    environment (``user create``, ``db upgrade``) still works.
    """
    key = app.config.get("SECRET_KEY")
    if development() or app.testing:
        if not key:
            app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))
        return
    if not key:
        if _under_flask_command():
            app.config["SECRET_KEY"] = secrets.token_hex(32)
            return
        raise ConfigurationError(
            f"SECRET_KEY is not set: generate one with {GENERATE_KEY} and put it in the "
            "environment (or set TRACKER_ENV=development on a development machine)"
        )
    if len(str(key)) < MIN_SECRET_KEY_LENGTH:
        raise ConfigurationError(
            f"SECRET_KEY is too short ({len(str(key))} characters, at least "
            f"{MIN_SECRET_KEY_LENGTH} in production): generate one with {GENERATE_KEY}"
        )


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigurationError(f"{name} must be a whole number of at least 1, not {raw!r}")
    return int(raw)


def _roles(name: str) -> frozenset[str]:
    """A comma-separated list of roles (``admin,chair``); the accounts area refuses an
    unknown one at start (tracker.accounts.auth.init_app)."""
    raw = os.environ.get(name, "")
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


def from_environment(instance_path: str) -> dict[str, object]:
    path = Path(instance_path)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{path / 'tracker.db'}"
    return {
        # Checked, or taken from the instance folder, by settle_secret_key once the app's
        # own settings are known.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        # How many reverse proxies in front set X-Forwarded-For/-Proto/-Host/-Prefix;
        # 0 (no proxy) ignores those headers, which a client could otherwise forge.
        "TRACKER_PROXY_HOPS": _proxy_hops(),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "TRACKER_TIMEZONE": os.environ.get("TRACKER_TIMEZONE", "Asia/Tbilisi"),
        # Where the data of a single-city installation goes when it is migrated to many
        # municipalities (migration 0003): its slug (in URLs) and its name.
        "TRACKER_FIRST_MUNICIPALITY": os.environ.get("TRACKER_FIRST_MUNICIPALITY", "city"),
        "TRACKER_FIRST_MUNICIPALITY_NAME": os.environ.get(
            "TRACKER_FIRST_MUNICIPALITY_NAME", "მუნიციპალიტეტი"
        ),
        # Cookies: Flask's defaults are permissive (no SameSite, 31-day sessions). Served
        # over HTTPS (TRACKER_SECURE_COOKIES=1), see secure_settings().
        "TRACKER_SECURE_COOKIES": os.environ.get("TRACKER_SECURE_COOKIES", "0") == "1",
        # The public site's answers, kept in each worker's memory under a key that changes
        # with the data (tracker.disclosure.site): a change is never served stale.
        "CACHE_TYPE": "SimpleCache",
        "CACHE_DEFAULT_TIMEOUT": 3600,
        "CACHE_THRESHOLD": 2000,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        # The cookie lives as long as the session may (the server ends it sooner when idle).
        "PERMANENT_SESSION_LIFETIME": timedelta(
            hours=_positive_int("TRACKER_SESSION_HOURS", 12)),
        # The cookie is not sent anew with every answer (which made its 12 hours slide
        # forever): the server-side session record holds the lifetime and the idle timeout.
        "SESSION_REFRESH_EACH_REQUEST": False,
        # Whole request bodies (protocol uploads are up to 5 MB) and single form fields.
        "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
        "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
        # CSRF is checked in a before_request hook so that Bearer-token API calls skip it.
        "WTF_CSRF_CHECK_DEFAULT": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_I18N_ENABLED": False,
        "BABEL_DEFAULT_LOCALE": "ka",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        # Throttling (tracker/accounts/throttle.py): failures a window per account from
        # unknown browsers, per account on one known browser, and per client address.
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
        "LOGIN_FAILURE_WINDOW": timedelta(minutes=15),
        # Sessions (tracker/accounts/sessions.py): an absolute end and an idle timeout.
        "SESSION_ABSOLUTE_LIFETIME": timedelta(
            hours=_positive_int("TRACKER_SESSION_HOURS", 12)),
        "SESSION_IDLE_TIMEOUT": timedelta(
            minutes=_positive_int("TRACKER_SESSION_IDLE_MINUTES", 120)),
        # Open sessions a person may have at once; a login beyond it ends the oldest.
        "SESSION_MAX_PER_USER": _positive_int("TRACKER_SESSION_MAX", 10),
        # API tokens expire this many days after they are issued.
        "TRACKER_TOKEN_DAYS": _positive_int("TRACKER_TOKEN_DAYS", 90),
        # Roles that must have a second factor (TOTP) to use the tracker.
        "TRACKER_REQUIRE_MFA": _roles("TRACKER_REQUIRE_MFA"),
        **mail_settings(),
        # Early warnings (tracker/warnings): an active subgroup that has not met for this
        # many days warns; so will a commitment without a progress report for this many
        # (the progress reports' rule, once they exist).
        "TRACKER_WARN_SUBGROUP_DAYS": _positive_int("TRACKER_WARN_SUBGROUP_DAYS", 60),
        "TRACKER_WARN_REPORT_DAYS": _positive_int("TRACKER_WARN_REPORT_DAYS", 60),
        # JSON columns (audit changes, import reviews) stored as UTF-8: Georgian escaped as
        # \uXXXX took six bytes a letter.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "json_serializer": json_text},
    }


SMTP_TLS_MODES = ("none", "starttls", "ssl")


def _days(name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    parts = [part.strip() for part in raw.split(",")]
    if not all(part.isdigit() for part in parts):
        raise ConfigurationError(f"{name} must be whole numbers of days, comma-separated, "
                                 f"not {raw!r}")
    return tuple(sorted({int(part) for part in parts}, reverse=True))


def mail_settings() -> dict[str, Any]:
    """Notifications (tracker/notifications): the SMTP server (none: e-mails go to the
    outbox an administrator reads), the address in links, the queue, and when reminders go."""
    tls = os.environ.get("TRACKER_SMTP_TLS", "").strip().lower()
    host = os.environ.get("TRACKER_SMTP_HOST", "").strip()
    if tls and tls not in SMTP_TLS_MODES:
        raise ConfigurationError(
            f"TRACKER_SMTP_TLS must be one of {', '.join(SMTP_TLS_MODES)}, not {tls!r}")
    tls = tls or "starttls"
    default_port = {"none": 25, "starttls": 587, "ssl": 465}[tls]
    port = os.environ.get("TRACKER_SMTP_PORT", "").strip()
    if port and not port.isdigit():
        raise ConfigurationError(f"TRACKER_SMTP_PORT must be a port number, not {port!r}")
    return {
        "TRACKER_SMTP_HOST": host or None,
        "TRACKER_SMTP_PORT": int(port) if port else default_port,
        "TRACKER_SMTP_TLS": tls,
        "TRACKER_SMTP_USER": os.environ.get("TRACKER_SMTP_USER", "").strip() or None,
        "TRACKER_SMTP_PASSWORD": os.environ.get("TRACKER_SMTP_PASSWORD") or None,
        "TRACKER_MAIL_FROM": os.environ.get("TRACKER_MAIL_FROM", "").strip()
        or "tracker@localhost",
        # Where the links in e-mails point (a command has no request to take it from).
        "TRACKER_BASE_URL": os.environ.get("TRACKER_BASE_URL", "").strip().rstrip("/")
        or "http://127.0.0.1:5000",
        "REDIS_URL": os.environ.get("REDIS_URL", "").strip() or None,
        "TRACKER_REMIND_DAYS": _days("TRACKER_REMIND_DAYS", (7, 1)),
        "TRACKER_ESCALATE_DAYS": _positive_int("TRACKER_ESCALATE_DAYS", 7),
        "TRACKER_MINUTES_DAYS": _positive_int("TRACKER_MINUTES_DAYS", 5),
        # The weekly digest goes from this weekday (0 Monday) and hour on, local time.
        "TRACKER_DIGEST_WEEKDAY": 0,
        "TRACKER_DIGEST_HOUR": 8,
        # A failed e-mail is tried again after 5, 10, 20, 40 minutes, then reported.
        "TRACKER_MAIL_ATTEMPTS": 5,
        "TRACKER_MAIL_RETRY_MINUTES": 5,
    }


def secure_settings(secure: bool) -> dict[str, Any]:
    """What serving over HTTPS only (``TRACKER_SECURE_COOKIES``) turns on, derived once the
    app's settings are final: cookies sent over HTTPS only, the session cookie named with
    the ``__Host-`` prefix (the browser then keeps it only if it is Secure, for Path=/ and
    without a Domain, so no sibling sub-domain can set or shadow it), and HSTS in every
    answer (see ``_security_headers``). Over plain HTTP none of it may be on: a Secure
    cookie is never sent back over http://, and HSTS would lock a trial host into HTTPS."""
    return {
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "SESSION_COOKIE_NAME": "__Host-session" if secure else "session",
        # __Host- requires Path=/ (Flask would take APPLICATION_ROOT) and no Domain (Flask
        # 3.1 sets none unless SESSION_COOKIE_DOMAIN says so).
        "SESSION_COOKIE_DOMAIN": None,
        "SESSION_COOKIE_PATH": "/" if secure else None,
    }
