"""The application with two floor routes for the load generator (bench/load.py).

    .venv/bin/gunicorn -w 2 -b 127.0.0.1:8000 --chdir bench hello:app

The same ``create_app`` as ``wsgi:app``, so every before/after-request hook (the login wall,
CSRF, the municipality scope, the security headers) costs what it costs on a real page, plus:

- ``/bench/hello``: a logged-in request (the wall loads the user) answering a few bytes;
- ``/bench/plain``: the same for anybody (added to the login wall's public endpoints here,
  not in the application): the floor of Flask and gunicorn alone.

Nothing here is part of the application: the routes exist only in this file's app.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker import create_app
from tracker.accounts import auth

auth.PUBLIC_ENDPOINTS = auth.PUBLIC_ENDPOINTS | {"bench_plain"}

app = create_app()


@app.get("/bench/hello")
def bench_hello() -> tuple[str, int, dict[str, str]]:
    return "hello", 200, {"Content-Type": "text/plain"}


@app.get("/bench/plain")
def bench_plain() -> tuple[str, int, dict[str, str]]:
    return "hello", 200, {"Content-Type": "text/plain"}
