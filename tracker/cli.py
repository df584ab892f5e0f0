"""Registers every area's command group on the app (``flask --app wsgi --help``)."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from .accounts.cli import user_cli
    from .demo import demo_command

    app.cli.add_command(user_cli)
    app.cli.add_command(demo_command)
