"""The migrations are the only source of the schema: they build it, undo it and match the models."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from tracker import create_app
from tracker.extensions import db
from tracker.search.index import is_search_table

from ..helpers import (
    ON_POSTGRES,
    app_config,
    dispose,
    migrate,
    postgres_database,
    postgres_only,
    sqlite_only,
)


@pytest.fixture
def empty_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a database of its own that no migration has touched yet."""
    if ON_POSTGRES:
        with postgres_database(f"tracker_test_{os.getpid()}_migrations") as url:
            app = create_app(app_config(url))
            yield app
            dispose(app)
        return
    app = create_app(app_config(f"sqlite:///{tmp_path / 'fresh.db'}"))
    yield app
    dispose(app)


def table_names(app: Flask, *, search: bool = False) -> set[str]:
    """The tables in the database; search tables (FTS5 / tsvector, made by hand in the
    migrations rather than from models) only when asked for."""
    with app.app_context():
        names = set(sa.inspect(db.engine).get_table_names())
    return names if search else {name for name in names if not is_search_table(name)}


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """What migrations/env.py tells autogenerate to compare."""
    return not (type_ == "table" and is_search_table(name))


def schema_differences(app: Flask) -> list[object]:
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        return compare_metadata(context, db.metadata)


def test_upgrade_downgrade_upgrade_matches_the_models(empty_app: Flask) -> None:
    model_tables = {table.name for table in db.metadata.sorted_tables}
    assert table_names(empty_app) == set()

    migrate(empty_app)
    assert table_names(empty_app) == model_tables | {"alembic_version"}
    assert schema_differences(empty_app) == []

    assert table_names(empty_app, search=True) > table_names(empty_app)

    migrate(empty_app, "downgrade", "base")
    assert table_names(empty_app, search=True) <= {"alembic_version"}

    migrate(empty_app)
    assert table_names(empty_app) == model_tables | {"alembic_version"}
    assert schema_differences(empty_app) == []


@postgres_only
def test_downgrade_removes_the_audit_trigger_function(empty_app: Flask) -> None:
    migrate(empty_app)
    migrate(empty_app, "downgrade", "base")
    with empty_app.app_context():
        functions = db.session.execute(
            sa.text("SELECT proname FROM pg_proc WHERE proname = 'audit_entries_append_only'")
        ).all()
    assert functions == []


# The append-only audit trail ------------------------------------------------------------
@pytest.fixture
def audited_app(app: Flask, make_commitment) -> Flask:
    make_commitment(state="monitored")  # a creation, milestone and transition entries
    return app


def audit_rows(app: Flask) -> list[tuple[object, ...]]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(sa.text("SELECT * FROM audit_entries"))]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entries SET comment = 'rewritten'",
        "UPDATE audit_entries SET to_state = 'completed' WHERE action = 'transition'",
        "DELETE FROM audit_entries",
        "DELETE FROM audit_entries WHERE action = 'create'",
        pytest.param("TRUNCATE audit_entries", marks=postgres_only),
    ],
)
def test_the_database_refuses_to_rewrite_the_audit_trail(
    audited_app: Flask, statement: str
) -> None:
    before = audit_rows(audited_app)
    assert before
    with audited_app.app_context():
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db.session.execute(sa.text(statement))
        db.session.rollback()
    assert audit_rows(audited_app) == before


def test_the_audit_trail_accepts_new_entries(audited_app: Flask) -> None:
    before = len(audit_rows(audited_app))
    with audited_app.app_context():
        db.session.execute(
            sa.text(
                "INSERT INTO audit_entries (at, object_type, object_id, action) "
                "VALUES (CURRENT_TIMESTAMP, 'commitment', 1, 'comment')"
            )
        )
        db.session.commit()
    assert len(audit_rows(audited_app)) == before + 1


# SQLite connection settings --------------------------------------------------------------
@sqlite_only
@pytest.mark.parametrize(
    ("pragma", "check"),
    [
        ("foreign_keys", lambda value: value == 1),
        ("journal_mode", lambda value: value == "wal"),
        ("busy_timeout", lambda value: value > 0),
    ],
)
def test_every_sqlite_connection_is_configured(app: Flask, pragma: str, check) -> None:
    # Two connections at once: the settings hold for each, not just the first.
    with app.app_context(), db.engine.connect() as first, db.engine.connect() as second:
        values = [c.exec_driver_sql(f"PRAGMA {pragma}").scalar() for c in (first, second)]
    assert all(check(value) for value in values), values


@sqlite_only
def test_sqlite_enforces_foreign_keys(app_ctx: Flask) -> None:
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.text(
                "INSERT INTO api_tokens (user_id, token_hash, created_at) "
                "VALUES (999, 'x', CURRENT_TIMESTAMP)"
            )
        )
        db.session.flush()


# The suite's own isolation ----------------------------------------------------------------
@pytest.mark.parametrize("run", ["first", "second"])
def test_each_test_starts_on_an_empty_database(db_snapshot, make_commitment, run: str) -> None:
    """Run twice: whatever the first run leaves behind (audit entries included) is gone
    for the second, and identities start again at 1."""
    assert not [table for table, rows in db_snapshot().items() if rows]
    commitment = make_commitment(state="monitored")
    assert commitment.id == 1
