"""Configuration read from the environment.

Only three variables are part of the product's contract (``DATABASE_URL``, ``SECRET_KEY``,
``TRACKER_TIMEZONE``); everything else has a safe default so that ``make run`` needs no setup.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def normalise_database_url(url: str) -> str:
    """Point bare ``postgresql://`` URLs at psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(instance_path: Path) -> str:
    """Use SECRET_KEY if set; otherwise a random key kept in the instance folder.

    Keeping it on disk means a local restart does not log everybody out, while no key is
    ever committed to the repository.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def from_environment(instance_path: str) -> dict[str, object]:
    path = Path(instance_path)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{path / 'tracker.db'}"
    return {
        "SECRET_KEY": _secret_key(path),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "TRACKER_TIMEZONE": os.environ.get("TRACKER_TIMEZONE", "Asia/Tbilisi"),
        # Where the data of a single-city installation goes when it is migrated to many
        # municipalities (migration 0003): its slug (in URLs) and its name.
        "TRACKER_FIRST_MUNICIPALITY": os.environ.get("TRACKER_FIRST_MUNICIPALITY", "city"),
        "TRACKER_FIRST_MUNICIPALITY_NAME": os.environ.get(
            "TRACKER_FIRST_MUNICIPALITY_NAME", "მუნიციპალიტეტი"
        ),
        # Cookies: Flask's defaults are permissive (no SameSite, 31-day sessions).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("TRACKER_SECURE_COOKIES", "0") == "1",
        "REMEMBER_COOKIE_SECURE": os.environ.get("TRACKER_SECURE_COOKIES", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        # Whole request bodies (protocol uploads are up to 5 MB) and single form fields.
        "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
        "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
        # CSRF is checked in a before_request hook so that Bearer-token API calls skip it.
        "WTF_CSRF_CHECK_DEFAULT": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_I18N_ENABLED": False,
        "BABEL_DEFAULT_LOCALE": "ka",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_FAILURE_WINDOW": timedelta(minutes=15),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    }
