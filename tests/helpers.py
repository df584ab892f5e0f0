"""What tests share besides fixtures: the database under test, markers and small helpers.

Every helper a test module would otherwise write for itself lives here once: reading pages
(``text_of``, ``csrf_token_in``, ``html_lang``), the app's "today" (``today_of``), translated
messages, and reading an object's facts back afresh (``subgroup_facts``).
"""

from __future__ import annotations

import html
import io
import logging
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import Flask
from flask_babel import get_translations
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tracker import create_app
from tracker.config import normalise_database_url
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.meetings.models import Meeting
from tracker.municipalities import scope
from tracker.municipalities.models import Municipality
from tracker.subgroups.models import Subgroup

TEST_DATABASE_URL = normalise_database_url(os.environ.get("TEST_DATABASE_URL", ""))
ON_POSTGRES = bool(TEST_DATABASE_URL)

postgres_only = pytest.mark.skipif(
    not ON_POSTGRES, reason="PostgreSQL only: set TEST_DATABASE_URL to run it"
)
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="SQLite only: TEST_DATABASE_URL is set")

PASSWORD = "correct horse battery staple"
ROLES = ("admin", "chair", "secretary", "member", "observer")
MANAGER_ROLES = ("admin", "chair")
T = TypeVar("T")
#: The municipality every test works in unless it asks for another (``factory.elsewhere``).
CITY = "city"

VISITOR = "anonymous"  # ``browse_as(VISITOR)``: nobody logged in (a name for parametrize ids)


def app_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "tests-only-secret-key",
        "TRACKER_TIMEZONE": "Asia/Tbilisi",
        **overrides,
    }


def dispose(app: Flask) -> None:
    """Close every pooled connection (SQLite checkpoints its WAL when the last one closes)."""
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


@contextmanager
def migration_environment() -> Iterator[None]:
    """Run Alembic without letting it rewire the test run's logging: ``migrations/env.py``
    calls ``logging.config.fileConfig``, which replaces the root handlers (pytest's capture
    among them) and disables every logger that exists."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    disabled = {
        name: logger.disabled
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, was_disabled in disabled.items():
            logging.getLogger(name).disabled = was_disabled


def migrate(app: Flask, command: str = "upgrade", revision: str = "head") -> None:
    """``flask db upgrade`` / ``flask db downgrade base`` on the app's database."""
    with app.app_context(), migration_environment():
        getattr(flask_migrate, command)(revision=revision)


@contextmanager
def migrated_app(database_url: str) -> Iterator[Flask]:
    app = create_app(app_config(database_url))
    try:
        migrate(app)
        yield app
    finally:
        dispose(app)


@contextmanager
def postgres_database(name: str) -> Iterator[str]:
    """A new, empty database on the server of TEST_DATABASE_URL, dropped afterwards."""
    server = make_url(TEST_DATABASE_URL)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        # A throwaway database: commits need not wait for the disk.
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def postgres_emptier(engine: sa.Engine) -> Callable[[], None]:
    """A function that empties every table but Alembic's, the append-only audit table
    included, and restarts every sequence, as ``TRUNCATE … RESTART IDENTITY CASCADE`` would.

    ``session_replication_role = replica`` switches user triggers (the audit table's guard)
    and foreign-key checks off (the connecting role is a superuser here); ``SET LOCAL`` ends
    with the transaction, so the setting cannot leak into a pooled connection. DELETE, not
    TRUNCATE: with some twenty tables TRUNCATE takes about half a second a test (it makes new
    files for every table and index); these DELETEs of a test's few rows, sent as one script
    on a pooled connection, take about a millisecond.
    """
    with engine.begin() as conn:
        statements = conn.execute(
            sa.text(
                "SELECT format('DELETE FROM %I', tablename) FROM pg_tables "
                "WHERE schemaname = current_schema() AND tablename <> 'alembic_version' "
                "UNION ALL SELECT format('SELECT setval(%L, 1, false)', quote_ident(sequencename)) "
                "FROM pg_sequences WHERE schemaname = current_schema()"
            )
        ).scalars()
        script = ";\n".join(
            [
                "SET LOCAL lock_timeout = '10s'",
                "SET LOCAL session_replication_role = replica",
                *statements,
            ]
        )

    def empty() -> None:
        with engine.begin() as conn:
            conn.exec_driver_sql(script)

    return empty


def translated(app: Flask, msgid: str, **variables: Any) -> str:
    """A catalog message in the default locale (what a new user and a visitor read)."""
    with app.test_request_context():
        message = get_translations().ugettext(msgid)
    return message % variables if variables else message


def translated_prefix(app: Flask, msgid: str) -> str:
    """The translated text before its first placeholder (for messages with numbers in them)."""
    return translated(app, msgid).split("%(")[0].strip()


def csrf_token_in(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "the page has no CSRF token field"
    return match.group(1)


def html_lang(html: str) -> str | None:
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html)
    return match.group(1) if match else None


def assert_sent_to_login(response: Any) -> None:
    """A visitor asking for a page that needs a login is sent to the login page."""
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def assert_page_access(response: Any, who: str, allowed: tuple[str, ...]) -> None:
    """The page-by-role rule: the visitor is sent to log in; a person gets the page if
    ``who`` is among those ``allowed`` it, a 403 otherwise."""
    if who == VISITOR:
        assert_sent_to_login(response)
    else:
        assert response.status_code == (200 if who in allowed else 403)


def text_of(response: Any) -> str:
    """A page's HTML with entities decoded, to look for messages with apostrophes in them."""
    return html.unescape(response.get_data(as_text=True))


def today_of(app: Flask) -> date:
    """The app's "today" (its time zone), for tests outside an application context."""
    with app.app_context():
        return local_today()


def post_file(client: Any, url: str, field: str, data: bytes, filename: str,
              **fields: Any) -> Any:
    """POST a file as a browser would, the multipart body encoded in memory (the test
    client would spool a large body to a temporary file it never closes: a ResourceWarning,
    an error here)."""
    return post_files(client, url, field, [(data, filename)], **fields)


def post_files(client: Any, url: str, field: str, files: list[tuple[bytes, str]],
               headers: dict[str, str] | None = None, **fields: Any) -> Any:
    """POST several files in one field (``<input type=file multiple>``), as ``post_file``."""
    boundary, body = encode_multipart(
        {**fields, field: [FileStorage(io.BytesIO(data), name) for data, name in files]}
    )
    return client.post(url, data=body, headers=headers or {},
                       content_type=f'multipart/form-data; boundary="{boundary}"')


def reload(app: Flask, model: type[T], row_id: int) -> T:
    """A row read afresh in a context of its own, detached with its columns loaded."""
    with app.app_context():
        row = db.session.get(model, row_id)
        db.session.expunge(row)
        return row


def subgroup_facts(app: Flask, subgroup_id: int) -> dict[str, Any]:
    """What a test checks of a subgroup, read afresh in a context of its own."""
    with app.app_context():
        group = db.session.get(Subgroup, subgroup_id)
        return {
            "name": group.name,
            "state": group.state,
            "version": group.version,
            "lead_id": group.lead_id,
            "member_ids": sorted(m.id for m in group.members),
            "commitment_ids": sorted(c.id for c in group.commitments),
            "deliverable_result": group.deliverable_result,
        }


@dataclass(frozen=True)
class MinutesIds:
    """A meeting and the first part of each kind in its minutes, for URL templates: ``{m}``
    the meeting, ``{a}`` an attendee, ``{g}`` an agenda item, ``{d}`` a decision, ``{x}`` an
    action item."""

    meeting: int
    attendee: int
    agenda_item: int
    decision: int
    action_item: int
    version: int
    action_version: int

    def url(self, template: str) -> str:
        return template.format(m=self.meeting, a=self.attendee, g=self.agenda_item,
                               d=self.decision, x=self.action_item)


def minutes_ids(app: Flask, meeting_id: int) -> MinutesIds:
    """Read afresh from a meeting that has an attendee, an agenda item and an action item."""
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        item = meeting.decisions[0].action_items[0]
        return MinutesIds(meeting.id, meeting.attendees[0].id, meeting.agenda[0].id,
                          meeting.decisions[0].id, item.id, meeting.version, item.version)


def api_sign(api_client: Any, meeting_id: int) -> Any:
    """Sign a meeting's minutes over the API as the client's person, with the version the
    minutes have now (what they read before signing)."""
    version = api_client.get(f"/meetings/{meeting_id}").get_json()["version"]
    return api_client.post(f"/meetings/{meeting_id}/sign", json={"version": version})


def web_sign(client: Any, meeting_id: int) -> Any:
    """Sign on the meeting's page as the client's person, as the page's form does (with the
    version it shows)."""
    version = client.get(f"/api/v1/meetings/{meeting_id}").get_json()["version"]
    return client.post(f"/meetings/{meeting_id}/sign", data={"version": version})


@contextmanager
def working_in(app: Flask, slug: str = CITY) -> Iterator[None]:
    """An application context working in a municipality (the tests' own by default), as a
    request under ``/m/<slug>/`` or a CLI command given ``--municipality`` does."""
    with app.app_context():
        municipality = Municipality.by_slug(slug)
        with scope.entered(municipality) if municipality is not None else nullcontext():
            yield


def zip_of(entries: dict[str, bytes]) -> bytes:
    """A .zip of ``entries`` (name → content), compressed as archivers do."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return stream.getvalue()


#: When a credential was last used: a request that changes nothing still notes it (once a
#: minute, in a transaction of its own: tracker.database.stamp).
USAGE_STAMPS = frozenset({("api_tokens", "last_used_at"), ("user_sessions", "last_seen_at")})


def every_row(app: Flask, skip: frozenset[str] = frozenset(), *,
              usage: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the models, in key order, of any app: what a refused
    request must leave as it was, what a restored backup must hold. ``skip``: tables a
    request may change without changing anything (login attempts); ``usage=False``: without
    the columns of :data:`USAGE_STAMPS`."""
    with app.app_context():
        return {
            table.name: [
                tuple(row)
                for row in db.session.execute(
                    sa.select(*(column for column in table.columns
                                if usage or (table.name, column.name) not in USAGE_STAMPS))
                    .order_by(*table.primary_key.columns)
                )
            ]
            for table in db.metadata.sorted_tables
            if table.name not in skip
        }
