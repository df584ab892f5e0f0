"""``flask backup`` and ``flask restore`` on the suite's database (SQLite, or PostgreSQL with
TEST_DATABASE_URL), and SQLite's WAL kept in bounds.

Measured before: a plain copy of the SQLite file under load missed committed rows, and the
WAL grew to 21 MB beside a 5.5 MB database.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from tracker import create_app
from tracker.accounts.models import User
from tracker.backup.operations import head_revision
from tracker.commitments.models import Commitment
from tracker.commitments.operations import create_commitment, update_commitment
from tracker.database import JOURNAL_SIZE_LIMIT, sqlite
from tracker.extensions import db
from tracker.meetings.minutes import MEETING_INDEX
from tracker.municipalities import scope
from tracker.municipalities.models import Municipality
from tracker.search.index import INDEXES, SEARCH_VERSION, parse_query

from ..helpers import (
    ON_POSTGRES,
    app_config,
    dispose,
    every_row,
    migrate,
    migration_environment,
    postgres_database,
    postgres_only,
    sqlite_only,
)

PG_TOOLS = ("pg_dump", "pg_restore", "psql")
needs_tools = pytest.mark.skipif(
    ON_POSTGRES and not all(shutil.which(tool) for tool in PG_TOOLS),
    reason="the PostgreSQL client tools (pg_dump, pg_restore, psql) are not installed on "
           "this machine: the PostgreSQL backup cannot run",
)
#: A revision before the head, which the head's migrations upgrade.
OLDER_REVISION = "0003"
WORD = "ბიუჯეტი"
WRITERS = 3

Rows = dict[str, list[tuple[Any, ...]]]


# Fixtures and helpers -----------------------------------------------------------------------
@contextmanager
def other_database(name: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty database of its own (nothing migrated)."""
    if ON_POSTGRES:
        with postgres_database(f"tracker_test_{os.getpid()}_{name}") as url:
            other = create_app(app_config(url))
            yield other
            dispose(other)
        return
    other = create_app(app_config(f"sqlite:///{tmp_path / f'{name}.db'}"))
    yield other
    dispose(other)


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[Flask]:
    with other_database("fresh", tmp_path) as fresh:
        yield fresh


@pytest.fixture
def older_backup(tmp_path: Path) -> Path:
    """A backup, made by the command, of an empty database at OLDER_REVISION."""
    path = tmp_path / "older.backup"
    with other_database("older", tmp_path) as older:
        migrate(older, revision=OLDER_REVISION)
        result = older.test_cli_runner().invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    return path


def rows_of(app: Flask) -> Rows:
    """Every row of every table of the models (what ``db_snapshot`` reads), of any app."""
    return every_row(app)


def revision_of(app: Flask) -> str:
    with app.app_context():
        return db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()


def back_up(runner: Any, path: Path) -> None:
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert f"written to {path}" in result.output


@dataclass(frozen=True)
class Write:
    """One commitment saved by a writer thread, in a transaction of its own."""

    id: int
    writer: int
    began: float  # before the transaction's first statement
    acknowledged: float  # after its commit returned


# Backups under load -------------------------------------------------------------------------
@needs_tools
def test_a_backup_taken_under_load_is_the_database_at_one_moment(
    app, factory, runner, tmp_path, fresh_app
) -> None:
    """Writers keep saving commitments (each with its audit entry, in one transaction)
    while the backup runs. Restored into a fresh database, the backup holds every commitment
    acknowledged before it started, none begun after it ended, and no commitment without
    one acknowledged before it began: a snapshot at one moment between two commits."""
    chair = factory.default_user("chair")
    municipality = factory.municipality()
    plans = [factory.plan().id for _ in range(WRITERS)]  # a plan each: numbers never clash
    log: list[Write] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def write(writer: int) -> None:
        try:
            while not stop.is_set():
                # As a request that writes: BEGIN IMMEDIATE on SQLite.
                with app.test_request_context("/", method="POST"):
                    scope.restrict(None)  # a request sees nothing until told what it may
                    with scope.entered(db.session.get(Municipality, municipality.id)):
                        began = time.monotonic()
                        commitment = create_commitment(
                            db.session.get(User, chair.id),
                            {"title": f"Under load {writer}", "plan_id": plans[writer]},
                        )
                        db.session.flush()
                        ident = commitment.id
                        db.session.commit()
                        acknowledged = time.monotonic()
                log.append(Write(ident, writer, began, acknowledged))
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 60
        while len(log) < count and not failures and time.monotonic() < deadline:
            time.sleep(0.01)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    try:
        wait_for(30)
        started = time.monotonic()
        result = runner.invoke(args=["backup", str(tmp_path / "load.backup")])
        finished = time.monotonic()
        wait_for(len(log) + 30)  # writers still at work after the backup
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert result.exit_code == 0, result.output

    restored = fresh_app.test_cli_runner().invoke(
        args=["restore", str(tmp_path / "load.backup"), "--yes"])
    assert restored.exit_code == 0, restored.output

    backup, live = rows_of(fresh_app), rows_of(app)
    with fresh_app.app_context():
        ids = set(db.session.execute(sa.select(Commitment.id)).scalars())
    written = {write.id: write for write in log}
    assert ids <= set(written)
    assert {w.id for w in log if w.acknowledged < started} <= ids
    assert {w.id for w in log if w.began > finished}.isdisjoint(ids)
    last_begun = max(written[ident].began for ident in ids)
    assert {w.id for w in log if w.acknowledged < last_begun} <= ids
    for writer in range(WRITERS):  # each writer's own sequence: a prefix of it
        sequence = [w.id for w in sorted(log, key=lambda w: w.began) if w.writer == writer]
        assert sequence[: len(ids & set(sequence))] == [i for i in sequence if i in ids]
    # Everything else exactly as the live database has it: the plans, the users, the
    # rows of the commitments the backup holds, each one's audit entry and no other.
    columns = {table.name: table.columns.keys() for table in db.metadata.sorted_tables}
    at = {name: {column: n for n, column in enumerate(keys)} for name, keys in columns.items()}

    def at_backup(table: str, row: tuple[Any, ...]) -> bool:
        if table == "commitments":
            return row[at[table]["id"]] in ids
        if table == "audit_entries" and row[at[table]["object_type"]] == "commitment":
            return row[at[table]["object_id"]] in ids
        return True

    assert backup == {
        table: [row for row in rows if at_backup(table, row)] for table, rows in live.items()
    }
    with fresh_app.app_context():
        audited = db.session.execute(sa.text(
            "SELECT count(*) FROM audit_entries WHERE object_type = 'commitment'"
        )).scalar_one()
    assert audited == len(ids)  # one creation entry each: no half transaction


# Restoring ----------------------------------------------------------------------------------
@needs_tools
def test_restore_puts_back_the_database_of_the_backup(
    app, factory, runner, tmp_path, db_snapshot
) -> None:
    kept = factory.commitment(title="Before the backup")
    path = tmp_path / "tracker.backup"
    back_up(runner, path)
    at_backup = db_snapshot()

    factory.commitment(title="After the backup")
    with app.app_context(), scope.entered(factory.municipality()):
        commitment = db.session.get(Commitment, kept.id)
        update_commitment(commitment, db.session.get(User, factory.default_user("chair").id),
                          {"title": "Changed after the backup", "version": commitment.version})
        db.session.commit()
    changed = db_snapshot()
    assert changed != at_backup

    declined = runner.invoke(args=["restore", str(path)], input="n\n")
    assert declined.exit_code == 1
    assert "Replace the whole database" in declined.output
    assert db_snapshot() == changed

    result = runner.invoke(args=["restore", str(path)], input="y\n")
    assert result.exit_code == 0, result.output
    assert f"restored {path}" in result.output
    assert db_snapshot() == at_backup
    with app.app_context():
        assert db.session.get(Commitment, kept.id).title == "Before the backup"


def _stale_version(conn: sa.Connection) -> None:
    conn.execute(sa.text("UPDATE search_state SET version = :old"), {"old": SEARCH_VERSION - 1})


def _no_version(conn: sa.Connection) -> None:
    conn.execute(sa.text("DELETE FROM search_state"))


@needs_tools
@pytest.mark.parametrize("recorded", [_stale_version, _no_version],
                         ids=["an older version", "no version"])
def test_a_restored_backup_of_an_older_search_index_is_searchable(
    app, factory, runner, tmp_path, recorded: Callable[[sa.Connection], None]
) -> None:
    """A backup made by a tracker whose stems were another version (or that recorded none)
    holds an index the code's queries do not find: the restore rebuilds it."""
    meetings = {factory.meeting(agenda=[f"{WORD}ს პროექტი"]).id,
                factory.elsewhere().meeting(agenda=[f"{WORD}ს შესრულება"]).id}
    with app.app_context():
        assert set(MEETING_INDEX.ids(parse_query(WORD))) == meetings
        MEETING_INDEX.clear()  # what the older stems hold: nothing the code's query finds
        recorded(db.session.connection())
        db.session.commit()
    path = tmp_path / "older-stems.backup"
    back_up(runner, path)

    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert set(MEETING_INDEX.ids(parse_query(WORD))) == meetings
        versions = dict(db.session.execute(
            sa.text("SELECT name, version FROM search_state")).all())
    assert versions == {index.name: SEARCH_VERSION for index in INDEXES}


@needs_tools
def test_a_backup_of_an_older_revision_is_refused_unless_migrated(
    app, factory, runner, older_backup, db_snapshot
) -> None:
    factory.commitment()
    before = db_snapshot()
    refused = runner.invoke(args=["restore", str(older_backup), "--yes"])
    assert refused.exit_code == 1
    assert f"schema revision {OLDER_REVISION}" in refused.output
    assert "--migrate" in refused.output
    assert db_snapshot() == before
    assert revision_of(app) == head_revision_of(app)

    with migration_environment():
        result = runner.invoke(args=["restore", str(older_backup), "--yes", "--migrate"])
    assert result.exit_code == 0, result.output
    assert f"upgraded to schema revision {head_revision_of(app)}" in result.output
    assert revision_of(app) == head_revision_of(app)
    # The backup's (empty) data in the code's schema: every table of the models, none of
    # the rows written before the restore.
    assert rows_of(app) == {table.name: [] for table in db.metadata.sorted_tables}


def head_revision_of(app: Flask) -> str:
    with app.app_context():
        return head_revision()


@sqlite_only
def test_a_backup_of_a_revision_the_code_does_not_know_is_refused(
    app, factory, runner, tmp_path, db_snapshot
) -> None:
    path = tmp_path / "future.backup"
    back_up(runner, path)
    with sqlite.connect(path) as future:
        future.execute("UPDATE alembic_version SET version_num = '9999_future'")
    factory.commitment()
    before = db_snapshot()
    result = runner.invoke(args=["restore", str(path), "--yes", "--migrate"])
    assert result.exit_code == 1
    assert "schema revision 9999_future, which this version of the tracker does not know" in (
        result.output)
    assert db_snapshot() == before


def _not_a_backup(path: Path) -> None:
    path.write_text("id,title\n1,Open budget\n", encoding="utf-8")


def _other_system(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(100) if ON_POSTGRES else b"PGDMP" + bytes(100))


def _own_system_not_tracker(path: Path) -> None:
    if ON_POSTGRES:
        path.write_bytes(b"PGDMP" + bytes(100))  # the signature, then nothing readable
        return
    with sqlite.connect(path) as other:
        other.execute("CREATE TABLE notes (text TEXT)")


@needs_tools
@pytest.mark.parametrize(("write", "says"), [
    (_not_a_backup, "is not a backup (neither an SQLite database nor a pg_dump archive)"),
    (_other_system, "is a backup made on"),
    (_own_system_not_tracker,
     "is not a readable pg_dump archive" if ON_POSTGRES else "is not a backup of the tracker"),
])
def test_a_file_that_is_not_a_backup_of_this_database_is_refused(
    app, factory, runner, tmp_path, db_snapshot, write: Callable[[Path], None], says: str
) -> None:
    factory.commitment()
    before = db_snapshot()
    path = tmp_path / "not.backup"
    write(path)
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 1
    assert says in result.output
    assert "Traceback" not in result.output
    assert db_snapshot() == before


# PostgreSQL's client tools ------------------------------------------------------------------
@postgres_only
def test_without_the_client_tools_backup_and_restore_say_what_to_install(
    app, factory, runner, tmp_path, monkeypatch, db_snapshot
) -> None:
    factory.commitment()
    before = db_snapshot()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = runner.invoke(args=["backup", str(tmp_path / "tracker.backup")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert "error: pg_dump not found: install the PostgreSQL client tools" in result.output
    assert not (tmp_path / "tracker.backup").exists()

    archive = tmp_path / "archive.backup"
    archive.write_bytes(b"PGDMP" + bytes(100))
    result = runner.invoke(args=["restore", str(archive), "--yes"])
    assert result.exit_code == 1
    assert "error: pg_restore not found" in result.output
    assert db_snapshot() == before


@postgres_only
def test_client_tools_older_than_the_server_are_refused(app, runner, tmp_path, monkeypatch):
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in PG_TOOLS:
        fake = tools / tool
        fake.write_text(f"#!/bin/sh\necho '{tool} (PostgreSQL) 9.6.24'\n", encoding="utf-8")
        fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    result = runner.invoke(args=["backup", str(tmp_path / "tracker.backup")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "pg_dump is version 9, older than the server" in result.output
    assert not (tmp_path / "tracker.backup").exists()


# SQLite's WAL -------------------------------------------------------------------------------
@sqlite_only
def test_the_wal_is_cut_back_to_its_limit_once_a_checkpoint_lets_it_start_over(app) -> None:
    """A reader holding an old snapshot keeps checkpoints from resetting the WAL, which
    then grows past the limit; once the reader is gone, a checkpoint and the next write
    start it over, and it is cut back to JOURNAL_SIZE_LIMIT (without the limit it would
    keep the size it reached)."""
    wal = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///") + "-wal")
    chunk = "x" * 100_000
    with app.app_context(), db.engine.connect() as reader, db.engine.connect() as writer:
        writer.exec_driver_sql("CREATE TABLE filler (text TEXT)")
        writer.commit()
        reader.exec_driver_sql("SELECT count(*) FROM filler").scalar_one()  # a snapshot held
        for _ in range(2 * JOURNAL_SIZE_LIMIT // len(chunk)):
            writer.exec_driver_sql("INSERT INTO filler VALUES (?)", (chunk,))
            writer.commit()
        grown = wal.stat().st_size
        reader.rollback()
        writer.exec_driver_sql("PRAGMA wal_checkpoint")
        writer.exec_driver_sql("INSERT INTO filler VALUES ('after')")
        writer.commit()
    assert grown > JOURNAL_SIZE_LIMIT
    assert wal.stat().st_size <= JOURNAL_SIZE_LIMIT


@sqlite_only
def test_a_backup_truncates_the_wal(app, factory, runner, tmp_path) -> None:
    factory.commitment()
    wal = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///") + "-wal")
    assert wal.stat().st_size > 0
    back_up(runner, tmp_path / "tracker.backup")
    assert wal.stat().st_size == 0
    # One file, readable alone: no WAL of its own beside it.
    with sqlite.connect(tmp_path / "tracker.backup") as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert not (tmp_path / "tracker.backup-wal").exists()


def test_the_live_database_is_neither_a_target_nor_a_backup(app, runner) -> None:
    """Replacing the live file under a running server would lose what its WAL holds."""
    with app.app_context():
        from tracker.extensions import db

        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite only: a PostgreSQL database is not a file")
        live = db.engine.url.database
    for command in (["backup", live], ["restore", "--yes", live], ["backup", f"{live}-wal"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 1, command
        assert "live database" in result.output
