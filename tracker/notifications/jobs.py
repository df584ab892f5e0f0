"""The run through a job queue (RQ on Redis), where ``REDIS_URL`` is configured.

``flask notify run`` then puts one job on the ``notifications`` queue instead of working
itself, and a worker (``flask --app wsgi notify worker``, or ``rq worker notifications``
with ``wsgi`` importable) does the work: :func:`run_job` builds the app and calls the same
:func:`tracker.notifications.run.run` the command calls without Redis. The job's id is the
quarter-hour it is for, so cron on two servers enqueues it once.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, current_app

QUEUE = "notifications"


def queue(redis_url: str):  # type: ignore[no-untyped-def]
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE, connection=Redis.from_url(redis_url))


def enqueue(now: datetime | None, dry_run: bool) -> str:
    """One job for this quarter of an hour (or this exact ``now``); its id."""
    moment = now.isoformat() if now is not None else None
    at = now or datetime.now(UTC)
    stamp = f"{at:%Y%m%dT%H}q{at.minute // 15}"
    job_id = f"notify-{stamp}{'-dry' if dry_run else ''}"
    q = queue(current_app.config["REDIS_URL"])
    existing = q.fetch_job(job_id)
    if existing is not None and existing.get_status(refresh=True) in ("queued", "started"):
        return job_id
    q.enqueue(run_job, moment, dry_run, job_id=job_id, result_ttl=86400, failure_ttl=604800)
    return job_id


def run_job(now: str | None, dry_run: bool = False) -> list[str]:
    """What the worker runs: the app from ``wsgi`` (the server's environment), then the one
    run. Its report's lines are the job's result."""
    from .run import run

    app: Flask = _app()
    with app.app_context():
        report = run(datetime.fromisoformat(now) if now else None, dry_run=dry_run)
    lines = report.lines()
    if report.failed:
        # A failed job is kept (failure_ttl) and listed by `rq info`: reported, not dropped.
        raise RuntimeError("; ".join(lines))
    return lines


def _app() -> Flask:
    from .. import create_app

    return create_app()
