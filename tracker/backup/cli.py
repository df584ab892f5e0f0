"""``flask backup FILE`` and ``flask restore FILE``."""

from __future__ import annotations

from pathlib import Path

import click
import flask_migrate
from flask.cli import with_appcontext

from ..cli_common import fail
from ..extensions import db
from .operations import (
    BackupError,
    check_revision,
    head_revision,
    make_backup,
    read_backup,
    restore_backup,
)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Write a consistent copy of the whole database to FILE while the tracker runs.

    SQLite: FILE is an SQLite database made with the online backup API, its schema
    revision in its alembic_version table; the WAL is then checkpointed and truncated.
    PostgreSQL: FILE is a pg_dump custom-format archive (pg_dump and pg_restore of the
    server's version or newer must be on PATH); its schema revision is the archive's own
    alembic_version table. An existing FILE is replaced only once the copy is complete.
    """
    try:
        made = make_backup(file)
    except BackupError as error:
        fail(str(error))
    click.echo(f"backup of schema revision {made.revision} written to {file} "
               f"({file.stat().st_size} bytes)")
    if made.wal_left:
        click.echo("note: a reader kept the WAL from being truncated; the next checkpoint "
                   "will", err=True)


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--migrate", is_flag=True,
              help="Restore a backup of an older schema revision, then upgrade it to the "
                   "code's (flask db upgrade).")
@with_appcontext
def restore_command(file: Path, yes: bool, migrate: bool) -> None:
    """Replace the whole database with the backup in FILE (made by flask backup).

    Refused, with nothing changed: a file that is not a backup of this database system,
    and a backup of another schema revision than the code's unless --migrate is given.
    The database is replaced in one transaction; everything written since the backup was
    made is lost. Asks for confirmation unless --yes. PostgreSQL: the schema is emptied
    and the archive replayed (pg_restore --no-owner into psql --single-transaction); both
    tools, of the server's version or newer, must be on PATH.
    """
    try:
        backup = read_backup(file)
        check_revision(backup, migrate)
    except BackupError as error:
        fail(str(error))
    head = head_revision()
    if not yes:
        where = db.engine.url.render_as_string(hide_password=True)
        click.confirm(
            f"Replace the whole database {where} with {file} (schema revision "
            f"{backup.revision})? Everything written since the backup was made is lost.",
            abort=True,
        )
    try:
        restore_backup(backup)
    except BackupError as error:
        fail(str(error))
    click.echo(f"restored {file} (schema revision {backup.revision})")
    if backup.revision != head:
        flask_migrate.upgrade(revision=head)
        click.echo(f"upgraded to schema revision {head}")
