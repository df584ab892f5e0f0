"""gunicorn's settings for the tracker: ``gunicorn -c gunicorn.conf.py wsgi:app`` (``make serve``).

Every value can be overridden without editing this file: by the environment variables read
below, or by gunicorn's own ``GUNICORN_CMD_ARGS="--timeout 60"`` (command-line settings win
over this file).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from typing import Any

# Where to listen. 127.0.0.1 unless told otherwise: TLS and the outside world belong to a
# reverse proxy in front (README "Production"). PORT (set by platforms that run a Procfile)
# only changes the port; the Procfile binds to every interface itself.
bind = os.environ.get("TRACKER_BIND") or f"127.0.0.1:{os.environ.get('PORT') or 8000}"

# Sync workers, each one request at a time: 2 × cores + 1, at most 8 unless WEB_CONCURRENCY
# says how many. More workers than that mostly wait for the database (SQLite takes one
# writer at a time; with WAL any number of readers and several worker processes are fine,
# on one host and a local disk).
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))

# A request that takes longer than this is stuck: its worker is killed and replaced.
# The slowest regular requests (a 5 MB PDF protocol read on import) take a few seconds.
timeout = 30
# On restart or stop (SIGTERM, SIGHUP), requests under way get this long to finish.
graceful_timeout = 30
keepalive = 5

# Each worker is replaced after about this many requests, so that memory a worker grows
# (parsed documents, caches of Georgian word stems) is given back; the jitter keeps the
# workers from restarting all at once.
max_requests = 1000
max_requests_jitter = 100

# Access log and errors to stdout/stderr: systemd's journal or the platform keeps them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("TRACKER_LOG_LEVEL", "info")

# X-Forwarded-* headers are the app's business alone (TRACKER_PROXY_HOPS, werkzeug's
# ProxyFix): gunicorn would otherwise trust X-Forwarded-Proto from 127.0.0.1 on its own.
forwarded_allow_ips = ""

# gunicorn 25.1+ opens a control socket for `gunicornc` in $HOME or $XDG_RUNTIME_DIR: not
# needed (signals do: HUP reloads, TERM stops), and a service user may have no home to put it
# in. Older versions ignore the setting.
control_socket_disable = True

# The app is imported once, in the master: a configuration error (SECRET_KEY missing or
# weak) stops gunicorn with one line instead of workers failing to boot in a loop, and the
# workers share the imported code's memory. create_app() opens no database connection, and
# post_fork below drops any pooled one all the same: a connection must never be shared by
# two processes.
preload_app = True


def post_fork(server: Any, worker: Any) -> None:
    """Give the new worker empty connection pools (``dispose(close=False)`` leaves the
    parent's connections, if any, to the parent)."""
    module = sys.modules.get("wsgi")
    if module is None:  # not preloaded: the worker imports the app itself
        return
    from tracker.extensions import db

    with module.app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
