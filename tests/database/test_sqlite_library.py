"""The one SQLite library of the process: ``sqlean`` (a current SQLite), never the one Python
was built with (3.40 on Debian's 3.11), which lacks FTS5's ``contentless_delete``.

Two libraries on one file would each keep their own POSIX locks (closing the file in one
drops the other's), so the engine, the backup and the restore all use the same module.
"""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
import sqlean
from sqlalchemy import text

from tracker import create_app
from tracker.backup import operations as backup_operations
from tracker.database import MIN_SQLITE_VERSION, configure_engine, engine_options, sqlite
from tracker.errors import is_unique_violation
from tracker.extensions import db

from ..helpers import app_config, dispose, postgres_only, sqlite_only

ROOT = Path(__file__).resolve().parent.parent.parent


def test_sqlite_urls_get_sqlean_and_postgresql_urls_nothing() -> None:
    assert engine_options("sqlite:////tmp/tracker.db") == {"module": sqlean}
    assert engine_options("sqlite://") == {"module": sqlean}
    assert engine_options(sa.make_url("sqlite+pysqlite:///x.db")) == {"module": sqlean}
    assert engine_options("postgresql+psycopg://postgres@127.0.0.1:5432/tracker") == {
        "connect_args": {"options": "-c random_page_cost=1.1"}}


def test_an_engine_on_an_older_sqlite_is_refused() -> None:
    """The check that catches an engine built without ``engine_options``."""
    old = SimpleNamespace(**{name: getattr(sqlean, name) for name in dir(sqlean)
                             if not name.startswith("__")})
    old.sqlite_version_info = (3, 40, 1)
    old.sqlite_version = "3.40.1"
    engine = sa.create_engine("sqlite://", module=old)
    try:
        with pytest.raises(RuntimeError, match=r"SQLite 3\.40\.1 is too old"):
            configure_engine(engine)
    finally:
        engine.dispose()


def test_the_backup_opens_files_with_the_engines_library() -> None:
    assert backup_operations.sqlite is sqlite is sqlean


def _imports_stdlib_sqlite3(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == "sqlite3" for alias in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and not node.level and (
            (node.module or "").split(".")[0] == "sqlite3"
        ):
            return True
    return False


def test_no_code_imports_pythons_own_sqlite3() -> None:
    files = [path for folder in ("tracker", "bench", "tests", "scripts", "migrations")
             for path in sorted((ROOT / folder).rglob("*.py"))]
    assert len(files) > 100  # the scan saw the code, not an empty folder
    assert [str(path.relative_to(ROOT)) for path in files if _imports_stdlib_sqlite3(path)] == []


@sqlite_only
def test_the_apps_engine_runs_sqlite_with_contentless_delete(app_ctx) -> None:
    assert db.engine.dialect.dbapi is sqlean
    version = db.session.execute(text("SELECT sqlite_version()")).scalar_one()
    assert tuple(int(part) for part in version.split(".")) >= MIN_SQLITE_VERSION
    # Refused outright ("unrecognized option") by an SQLite before 3.43.
    db.session.execute(text(
        "CREATE VIRTUAL TABLE contentless_probe "
        "USING fts5(x, content='', contentless_delete=1)"
    ))
    db.session.execute(text(
        "INSERT INTO contentless_probe (rowid, x) VALUES (1, 'ღია ბიუჯეტი'), (2, 'ღია მონაცემები')"
    ))

    def matching(term: str) -> list[int]:
        return list(db.session.execute(text(
            "SELECT rowid FROM contentless_probe WHERE contentless_probe MATCH :term "
            "ORDER BY rowid"
        ), {"term": term}).scalars())

    assert matching("ღია") == [1, 2]
    # A contentless table without contentless_delete refuses this DELETE.
    db.session.execute(text("DELETE FROM contentless_probe WHERE rowid = 1"))
    assert matching("ღია") == [2]
    assert matching("ბიუჯეტი") == []


@sqlite_only
@pytest.mark.parametrize(("statement", "unique"), [
    ("INSERT INTO probe (id, code, parent) VALUES (1, 'b', NULL)", True),  # primary key
    ("INSERT INTO probe (id, code, parent) VALUES (2, 'a', NULL)", True),  # unique index
    ("INSERT INTO probe (id, code, parent) VALUES (2, 'b', 99)", False),  # foreign key
    ("INSERT INTO probe (id, code, parent) VALUES (2, '', NULL)", False),  # check
    ("INSERT INTO probe (id, code, parent) VALUES (2, NULL, NULL)", False),  # not null
], ids=["primary key", "unique index", "foreign key", "check", "not null"])
def test_a_unique_violation_is_told_from_other_refusals(app_ctx, statement, unique) -> None:
    """The sqlean module names only the primary error code (``SQLITE_CONSTRAINT``) where
    Python's own names the extended one: a unique violation must still be a 409 "saved
    meanwhile", every other refusal logged as the bug it is."""
    db.session.execute(text(
        "CREATE TABLE probe (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE CHECK (code <> ''),"
        " parent INTEGER REFERENCES probe (id))"
    ))
    db.session.execute(text("INSERT INTO probe (id, code, parent) VALUES (1, 'a', NULL)"))
    with pytest.raises(sa.exc.IntegrityError) as refused:
        db.session.execute(text(statement))
    assert is_unique_violation(refused.value) is unique


@postgres_only
def test_postgresql_is_told_reads_cost_what_they_do_here(app_ctx) -> None:  # type: ignore[no-untyped-def]
    """The planner weighs the GIN index against reading every search document with
    random_page_cost: the app's connections say 1.1 (SSD, data in memory), not 4."""
    assert db.session.execute(sa.text("SHOW random_page_cost")).scalar() == "1.1"


# The configuration's own engine options -----------------------------------------------------
GIVEN = {
    "pool_pre_ping": True,
    "connect_args": {"application_name": "tracker-tests", "connect_timeout": 7,
                     "options": "-c statement_timeout=5s"},
}


def test_the_configuration_s_engine_options_are_merged_not_replaced() -> None:
    """SQLALCHEMY_ENGINE_OPTIONS from the configuration keep every key and every
    connect_args key; PostgreSQL's options string gets ours first and the given one after
    it (the last value of a setting named twice wins)."""
    app = create_app(app_config("postgresql+psycopg://postgres@127.0.0.1:5432/none",
                                SQLALCHEMY_ENGINE_OPTIONS=GIVEN))
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "pool_pre_ping": True,
        "connect_args": {"application_name": "tracker-tests", "connect_timeout": 7,
                         "options": "-c random_page_cost=1.1 -c statement_timeout=5s"},
    }
    assert GIVEN["connect_args"]["options"] == "-c statement_timeout=5s"  # not changed


def test_the_sqlite_library_is_not_the_configuration_s_choice() -> None:
    given = {"module": object(), "connect_args": {"timeout": 30}}
    assert engine_options("sqlite:///x.db", given) == {
        "module": sqlean, "connect_args": {"timeout": 30}}


@postgres_only
def test_postgresql_connections_get_the_given_and_the_tracker_s_settings(app_ctx) -> None:  # type: ignore[no-untyped-def]
    url = db.engine.url.render_as_string(hide_password=False)
    app = create_app(app_config(url, SQLALCHEMY_ENGINE_OPTIONS=GIVEN))
    try:
        with app.app_context(), db.engine.connect() as conn:
            settings = {name: conn.exec_driver_sql(f"SHOW {name}").scalar()
                        for name in ("random_page_cost", "statement_timeout", "application_name")}
    finally:
        dispose(app)
    assert settings == {"random_page_cost": "1.1", "statement_timeout": "5s",
                        "application_name": "tracker-tests"}
