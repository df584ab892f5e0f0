"""The soak test of issue 10 in the suite: bench/soak.py for a bounded time, on this run's
database (SQLite, or a PostgreSQL database of its own on TEST_DATABASE_URL's server).

gunicorn with 4 workers on 127.0.0.1 takes 16 clients' mixed reads and API writes; the run
fails on any 5xx or unexpected answer, on "database is locked" in an answer or in the
server's log, or on an acknowledged write missing from the database afterwards (see the
script's docstring). ``SOAK_SECONDS`` sets the duration (default 60).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..helpers import ON_POSTGRES, postgres_database

ROOT = Path(__file__).resolve().parent.parent.parent
SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))

pytestmark = pytest.mark.soak


def _soak(url: str, log: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "soak.py"), "--database-url", url, "--fresh",
         "--seconds", str(SECONDS), "--clients", "16", "--workers", "4", "--log", str(log)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=SECONDS + 600,
        check=False,
    )


def test_mixed_load_answers_and_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    log = tmp_path / "gunicorn.log"
    if ON_POSTGRES:
        with postgres_database(f"tracker_soak_{os.getpid()}") as url:
            result = _soak(url, log)
    else:
        result = _soak(f"sqlite:///{tmp_path / 'soak.db'}", log)
    report = result.stdout + result.stderr[-4000:]
    assert result.returncode == 0, report
    assert "failures: 0" in result.stdout, report
