"""``flask --app wsgi notify run [--dry-run] [--now ISO-DATETIME]`` and ``notify worker``."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from ..i18n import tracker_zone

notify_cli = AppGroup("notify", help="Reminders, notifications and digests (issue 14).")


def parse_now(value: str | None) -> datetime | None:
    """``--now``: an ISO date-time; without a zone it is TRACKER_TIMEZONE's local time."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not an ISO date-time: {value!r}",
                                 param_hint="--now") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tracker_zone())
    return moment.astimezone(UTC)


@notify_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Say what would be recorded; send nothing.")
@click.option("--now", "now_text", default=None, metavar="ISO-DATETIME",
              help="Compute as if it were this moment (default: now).")
def run_command(dry_run: bool, now_text: str | None) -> None:
    """Record what is due and send the e-mails that wait (every 15 minutes from cron or a
    systemd timer). With REDIS_URL set, put the run on the queue for a worker instead."""
    now = parse_now(now_text)
    if current_app.config.get("REDIS_URL"):
        from .jobs import enqueue

        click.echo(f"queued {enqueue(now, dry_run)} on {current_app.config['REDIS_URL']}")
        return
    from .run import run

    report = run(now, dry_run=dry_run)
    for line in report.lines():
        click.echo(line, err=line.startswith(("FAILED", "retrying")))
    if report.failed:
        sys.exit(1)


@notify_cli.command("worker")
@click.option("--burst", is_flag=True, help="Work off the queue, then stop.")
def worker_command(burst: bool) -> None:
    """An RQ worker for the notifications queue (REDIS_URL required)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        click.echo("error: REDIS_URL is not set", err=True)
        sys.exit(1)
    from rq import Worker

    from .jobs import queue

    q = queue(url)
    Worker([q], connection=q.connection).work(burst=burst)
