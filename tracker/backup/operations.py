"""Backing up the whole database while the tracker runs, and putting a backup back.

A plain copy of the SQLite file under load misses committed rows (they are still in the
WAL beside it) and may catch a page half written; these copies are consistent snapshots:

- SQLite: the online backup API (``Connection.backup``) in one step, that is in one
  read transaction of the source, so writers go on in the WAL and the copy is the database
  as one commit left it. The copy is a plain SQLite file (rollback journal, no WAL beside
  it) whose ``alembic_version`` table says its schema revision.
- PostgreSQL: ``pg_dump --format=custom``, which reads in one snapshot. Its schema revision
  is the archive's own ``alembic_version`` table, read back with ``pg_restore``: no sidecar
  file to lose or to mismatch.

A restore replaces the whole database in one transaction, after the file has been checked
(a backup, of this database system, of the code's schema revision unless the caller asks
for an upgrade): a refused restore changes nothing, a failed one leaves the old database.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text

from ..database import sqlite
from ..extensions import db
from ..search.index import rebuild_stale

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
SYSTEM_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}

#: The first bytes of an SQLite database file and of a pg_dump custom-format archive.
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"

#: Run before the archive's own script, in its transaction: the archive re-creates every
#: object, and whatever it does not know (the tables of a later migration, when a backup of
#: an older revision is restored to be upgraded) must not survive into the restored database.
#: Objects of extensions are left to their extension; the schema itself stays (its owner
#: and grants are the server's business, not the backup's).
EMPTY_SCHEMA = """
DO $$
DECLARE
    statement text;
BEGIN
    FOR statement IN
        SELECT format('DROP %s IF EXISTS %I.%I CASCADE',
                      CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                     WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE'
                                     WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END,
                      n.nspname, c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.deptype = 'e')
        UNION ALL
        SELECT format('DROP ROUTINE IF EXISTS %s CASCADE', p.oid::regprocedure)
        FROM pg_proc p
        WHERE p.pronamespace = current_schema()::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                            AND d.deptype = 'e')
        UNION ALL
        SELECT format('DROP TYPE IF EXISTS %s CASCADE', t.oid::regtype)
        FROM pg_type t
        WHERE t.typnamespace = current_schema()::regnamespace AND t.typtype IN ('e', 'd', 'r')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                            AND d.deptype = 'e')
    LOOP
        EXECUTE statement;
    END LOOP;
END $$;
"""


class BackupError(Exception):
    """Why a backup or a restore was refused or failed. The command prints it and exits
    with status 1; raised before a restore began, it means nothing was changed."""


@dataclass(frozen=True)
class Backup:
    """A backup file: which database system wrote it and the schema revision of its data."""

    path: Path
    system: str
    revision: str
    #: SQLite: the WAL could not be truncated after the copy (a reader was active).
    wal_left: bool = False


# The schema revision ------------------------------------------------------------------------
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def head_revision() -> str:
    """The schema revision this code's migrations end at."""
    head = _scripts().get_current_head()
    assert head is not None, "the migrations have no head"
    return head


def check_revision(backup: Backup, migrate: bool) -> None:
    """Refuse a backup whose data is in another schema than the code's, unless the caller
    will upgrade it (``migrate``). A revision the migrations do not know (a backup made by
    a newer version of the tracker) is refused either way: nothing can bring it down."""
    head = head_revision()
    if backup.revision == head:
        return
    known = {script.revision for script in _scripts().walk_revisions()}
    if backup.revision not in known:
        raise BackupError(
            f"the backup is at schema revision {backup.revision}, which this version of the "
            f"tracker does not know (its newest is {head}): restore it with the version that "
            "made it"
        )
    if not migrate:
        raise BackupError(
            f"the backup is at schema revision {backup.revision}, this code at {head}: pass "
            f"--migrate to restore it and upgrade it to {head}"
        )


# The commands' work -----------------------------------------------------------------------
def system() -> str:
    return db.engine.dialect.name


def make_backup(target: Path) -> Backup:
    """Write a consistent copy of the whole database to ``target``. A partial file
    beside it becomes ``target`` only once complete: an old backup of the same name
    survives a failed run."""
    _refuse_live_file(target)
    partial = target.with_name(f".{target.name}.partial")
    try:
        if system() == SQLITE:
            made = _sqlite_backup(partial)
        elif system() == POSTGRESQL:
            made = _postgres_backup(partial)
        else:
            raise BackupError(f"cannot back up a {system()} database")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(target, made.system, made.revision, made.wal_left)


def read_backup(path: Path) -> Backup:
    """What ``path`` holds, checked: a backup of this instance's database system with a
    schema revision. Reads only the file."""
    _refuse_live_file(path)
    try:
        with path.open("rb") as file:
            start = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror}") from error
    if start.startswith(SQLITE_MAGIC):
        found = SQLITE
    elif start.startswith(PG_DUMP_MAGIC):
        found = POSTGRESQL
    else:
        raise BackupError(
            f"{path} is not a backup (neither an SQLite database nor a pg_dump archive)"
        )
    if found != system():
        raise BackupError(
            f"{path} is a backup made on {SYSTEM_NAMES[found]}; this instance runs on "
            f"{SYSTEM_NAMES.get(system(), system())}"
        )
    revision = _sqlite_file_revision(path) if found == SQLITE else _dump_revision(path)
    return Backup(path, found, revision)


def restore_backup(backup: Backup) -> None:
    """Replace the whole database with ``backup`` (read and checked by ``read_backup``), in
    one transaction. The app's pooled connections are closed before and after, so that
    this process reads the restored database afresh.

    A backup of the code's schema revision may still hold search indexes of another
    version of the stems (made before a stemmer change; or with no version recorded): they
    are rebuilt here, as ``flask db upgrade`` rebuilds them, in a second transaction (the
    stemmer is Python, not SQL the restore could replay). A backup of an older revision
    gets the same from the upgrade that must follow it (``migrations/env.py``): its schema
    may have no table of versions yet.
    """
    db.session.remove()
    db.engine.dispose()
    try:
        if backup.system == SQLITE:
            _sqlite_restore(backup.path)
        else:
            _postgres_restore(backup.path)
    finally:
        db.engine.dispose()
    if backup.revision == head_revision():
        rebuild_stale(db.session)
        db.session.commit()


def _refuse_live_file(path: Path) -> None:
    """The live SQLite database (or its -wal and -shm) is neither a place to write a backup
    (replacing it under a running server loses what its WAL holds) nor a backup to read."""
    if system() != SQLITE:
        return
    live = _sqlite_path().resolve()
    if path.resolve() in {live, Path(f"{live}-wal"), Path(f"{live}-shm")}:
        raise BackupError(f"{path} is the live database itself: name another file")


# SQLite -------------------------------------------------------------------------------------
def _sqlite_path() -> Path:
    database = db.engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("the database is not an SQLite file")
    return Path(database)


def _sqlite_uri(path: Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def _sqlite_backup(partial: Path) -> Backup:
    live = _sqlite_path()
    try:
        with closing(sqlite.connect(_sqlite_uri(live, "rw"), uri=True)) as source:
            with closing(sqlite.connect(partial)) as copy:
                # One step (the default, pages=-1): one read transaction over the whole copy.
                # In steps, every write by another connection would restart it.
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one file, no WAL to go with it
                revision = _revision_in(copy)
            with partial.open("rb+") as file:
                os.fsync(file.fileno())
            # The WAL holds every commit since the last checkpoint: write it into the
            # database and cut it to nothing, unless a reader still needs it.
            busy, _frames, _copied = source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite.Error as error:
        raise BackupError(f"the copy of {live} failed: {error}") from error
    if revision is None:
        raise BackupError("the database has no schema revision: run flask db upgrade first")
    return Backup(partial, SQLITE, revision, wal_left=bool(busy))


def _revision_in(connection: sqlite.Connection) -> str | None:
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite.OperationalError:  # no such table: not a migrated tracker database
        return None
    return rows[0][0] if len(rows) == 1 else None


def _sqlite_file_revision(path: Path) -> str:
    try:
        with closing(sqlite.connect(_sqlite_uri(path, "ro"), uri=True)) as backup:
            (check,) = backup.execute("PRAGMA quick_check").fetchone()
            revision = _revision_in(backup)
    except sqlite.Error as error:
        raise BackupError(f"{path} cannot be read as a database: {error}") from error
    if check != "ok":
        raise BackupError(f"{path} is damaged: {check}")
    if revision is None:
        raise BackupError(f"{path} is not a backup of the tracker (it has no schema revision)")
    return revision


def _sqlite_restore(path: Path) -> None:
    live = _sqlite_path()
    try:
        # The target waits generously: for the running server's writes to finish.
        with (closing(sqlite.connect(_sqlite_uri(path, "ro"), uri=True)) as source,
              closing(sqlite.connect(live, timeout=60)) as target):
            # Into the live file, not a new file renamed over it: a running server keeps its
            # connections to the file it opened, and would go on writing into a deleted one.
            # The copy is one write transaction of the live database: every other
            # connection reads the old database or the restored one, never a mix.
            source.backup(target)
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite.Error as error:
        raise BackupError(f"the restore into {live} failed: {error}") from error


# PostgreSQL ---------------------------------------------------------------------------------
def _libpq_connection() -> tuple[str, dict[str, str]]:
    """The database URL as libpq reads it (``postgresql://``, not SQLAlchemy's
    ``postgresql+psycopg://``), and the environment for the tools: the password goes in
    PGPASSWORD, not on a command line that every user of the machine can list."""
    url = db.engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _server_major() -> int:
    with db.engine.connect() as connection:
        number = int(connection.execute(text("SHOW server_version_num")).scalar_one())
    return number // 10000


def _client_tool(name: str, server: int) -> str:
    """The path of a PostgreSQL client tool of the server's major version or newer: an
    older pg_dump refuses a newer server, and an older pg_restore may not read the archive
    a current pg_dump writes."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client tools (version {server} or "
            "newer, e.g. the postgresql-client package) and put them on PATH"
        )
    answer = _run([found, "--version"], os.environ.copy()).stdout
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", answer)
    if match is None:
        raise BackupError(f"cannot tell the version of {found}: {answer.strip()!r}")
    if int(match.group(1)) < server:
        raise BackupError(
            f"{found} is version {match.group(1)}, older than the server ({server}): "
            f"install the PostgreSQL client tools of version {server} or newer"
        )
    return found


def _run(args: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A client tool, without a shell; its own error message when it fails."""
    try:
        done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    except OSError as error:
        raise BackupError(f"cannot run {args[0]}: {error.strerror}") from error
    if done.returncode != 0:
        message = done.stderr.strip() or f"exit status {done.returncode}"
        raise BackupError(f"{Path(args[0]).name} failed: {message}")
    return done


def _postgres_backup(partial: Path) -> Backup:
    server = _server_major()
    pg_dump = _client_tool("pg_dump", server)
    _client_tool("pg_restore", server)  # the revision is read back with it: fail before
    url, env = _libpq_connection()
    _run([pg_dump, "--format=custom", f"--file={partial}", f"--dbname={url}"], env)
    return Backup(partial, POSTGRESQL, _dump_revision(partial))


def _dump_revision(path: Path) -> str:
    """The schema revision in a pg_dump archive: the row of its ``alembic_version``
    table, which pg_dump took in the same snapshot as the data."""
    pg_restore = _client_tool("pg_restore", _server_major())
    try:
        script = _run(
            [pg_restore, "--data-only", "--table=alembic_version", "--file=-",
             str(path.resolve())],
            os.environ.copy(),
        ).stdout
    except BackupError as error:
        raise BackupError(f"{path} is not a readable pg_dump archive: {error}") from error
    rows: list[str] | None = None
    for line in script.splitlines():
        if rows is None:
            if line.startswith("COPY ") and "alembic_version" in line:
                rows = []
        elif line == "\\.":
            break
        else:
            rows.append(line)
    if not rows or len(rows) != 1:
        raise BackupError(f"{path} is not a backup of the tracker (it has no schema revision)")
    return rows[0]


def _postgres_restore(path: Path) -> None:
    server = _server_major()
    pg_restore = _client_tool("pg_restore", server)
    psql = _client_tool("psql", server)
    url, env = _libpq_connection()
    with tempfile.TemporaryDirectory(prefix="tracker-restore-") as work:
        # The whole archive turned into SQL first: a damaged one fails here, before the
        # database is touched.
        script = Path(work) / "restore.sql"
        _run([pg_restore, "--no-owner", f"--file={script}", str(path.resolve())], env)
        # One transaction (--single-transaction) that stops at the first error
        # (ON_ERROR_STOP): the database is the backup's or stays as it was.
        _run(
            [psql, "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
             f"--dbname={url}", f"--command={EMPTY_SCHEMA}", f"--file={script}"],
            env,
        )
