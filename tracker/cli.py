"""Registers every area's commands on the app (``flask --app wsgi --help``)."""

from __future__ import annotations

from flask import Flask
from flask.cli import AppGroup


def register_cli(app: Flask) -> None:
    from .accounts.cli import user_cli
    from .backup.cli import backup_command, restore_command
    from .commitments.cli import import_plan_command
    from .demo import demo_command
    from .directory.cli import import_unit_command
    from .meetings.cli import import_minutes
    from .municipalities.cli import municipality_cli
    from .notifications.cli import notify_cli
    from .search.cli import search_cli

    import_cli = AppGroup("import",
                          help="Import existing protocols, department pages and action plans.")
    import_cli.add_command(import_minutes)
    import_cli.add_command(import_unit_command)
    import_cli.add_command(import_plan_command)
    app.cli.add_command(municipality_cli)
    app.cli.add_command(user_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(import_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(search_cli)
    app.cli.add_command(notify_cli)
