"""In-process timing of the board and other pages, their SQL query counts, and the raw-SQL
baseline of the board's rows.

    DATABASE_URL=sqlite:////tmp/bench/city1.db .venv/bin/python bench/board.py
    DATABASE_URL=… .venv/bin/python bench/board.py --runs 50 --json
    DATABASE_URL=… .venv/bin/python bench/board.py --path /m/bench-001/ \
        --path '/api/v1/board?municipality=bench-001'

On a data set of bench/dataset.py: logs in through the login form as the measured
municipality's chair (``--email``/``--password``, default the data set's), then requests
each page ``--runs`` times through Flask's test client (no HTTP, no server: the
application's own time) and reports the median and p95, the SQL statements one request
runs (a ``before_cursor_execute`` counter) and the bytes of the answer. Default pages: the
board, ``/api/v1/board``, the commitment list, one commitment's page, an archive search and
``/bench/hello`` (the floor: login wall and hooks only, from bench/hello.py).

"raw SQL" is the floor of the board: the same dated rows selected in plain SQL, no ORM,
no template: per bucket (overdue, 7 days, 30 days, later, done) its count and its first
``--page-size`` rows with owner and unit names, in two statements. It is written from the
tables, not from the board's code, so it stays the same while the board changes; the goal
of issue 10 is a board within 3× of it.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import secrets
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from dataset import PASSWORD, database_url  # noqa: E402
from flask import Flask  # noqa: E402

from tracker.extensions import db  # noqa: E402
from tracker.i18n import local_today  # noqa: E402

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')

#: Every dated item of one municipality, as the board lists it, in plain SQL.
ITEMS = """
SELECT 'commitment' AS kind, c.id, c.title, c.deadline AS due,
       CASE WHEN c.state = 'completed' THEN 1 ELSE 0 END AS done,
       u.name AS owner, n.name AS unit, NULL AS context
  FROM commitments c
  LEFT JOIN users u ON u.id = c.owner_id
  LEFT JOIN units n ON n.id = c.lead_unit_id
 WHERE c.municipality_id = :m AND c.deadline IS NOT NULL AND c.state <> 'withdrawn'
UNION ALL
SELECT 'milestone', s.id, s.title, s.deadline, CASE WHEN s.done THEN 1 ELSE 0 END,
       u.name, n.name, c.title
  FROM milestones s
  JOIN commitments c ON c.id = s.commitment_id
  LEFT JOIN users u ON u.id = s.owner_id
  LEFT JOIN units n ON n.id = c.lead_unit_id
 WHERE s.municipality_id = :m AND c.state <> 'withdrawn'
UNION ALL
SELECT 'action_item', a.id, a.title, a.deadline, CASE WHEN a.state = 'done' THEN 1 ELSE 0 END,
       coalesce(u.name, p.name, a.owner_text), n.name, CAST(mt.number AS VARCHAR(20))
  FROM action_items a
  JOIN decisions d ON d.id = a.decision_id
  JOIN meetings mt ON mt.id = d.meeting_id
  LEFT JOIN users u ON u.id = a.owner_id
  LEFT JOIN people p ON p.id = a.owner_person_id
  LEFT JOIN units n ON n.id = a.owner_unit_id
 WHERE a.municipality_id = :m AND a.state <> 'cancelled'
UNION ALL
SELECT 'subgroup', g.id, coalesce(nullif(g.deliverable, ''), g.name), g.deliverable_deadline,
       CASE WHEN g.deliverable_result <> '' THEN 1 ELSE 0 END, u.name, n.name, g.name
  FROM subgroups g
  LEFT JOIN users u ON u.id = g.lead_id
  LEFT JOIN units n ON n.id = g.unit_id
 WHERE g.municipality_id = :m AND g.deliverable_deadline IS NOT NULL AND g.state <> 'withdrawn'
"""
BUCKETED = f"""
WITH items AS ({ITEMS}),
bucketed AS (
  SELECT items.*, CASE WHEN done = 1 THEN 'done' WHEN due < :today THEN 'overdue'
                       WHEN due <= :d7 THEN 'due_7' WHEN due <= :d30 THEN 'due_30'
                       ELSE 'later' END AS bucket
    FROM items)
"""
RAW_COUNTS = BUCKETED + "SELECT bucket, count(*) FROM bucketed GROUP BY bucket"
RAW_PAGES = BUCKETED + """
SELECT * FROM (
  SELECT bucketed.*, row_number() OVER (
           PARTITION BY bucket
           ORDER BY CASE WHEN bucket = 'done' THEN NULL ELSE due END,
                    CASE WHEN bucket = 'done' THEN due END DESC, kind, id) AS position
    FROM bucketed) ranked
 WHERE position <= :page
 ORDER BY bucket, position
"""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class QueryCounter:
    """SQL statements sent while ``active``: a ``before_cursor_execute`` listener."""

    def __init__(self, engine: sa.Engine) -> None:
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


def bench_app(url: str) -> Flask:
    """The application with bench/hello.py's logged-in floor route."""
    from tracker import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32)})
    app.add_url_rule("/bench/hello", "bench_hello",
                     lambda: ("hello", 200, {"Content-Type": "text/plain"}))
    return app


def login(client: Any, email: str, password: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = CSRF.search(page)
    response = client.post("/login", data={
        "email": email, "password": password, "csrf_token": token.group(1) if token else "",
    })
    if response.status_code != 302:
        raise SystemExit(f"login as {email} failed: {response.status_code}")


def default_paths(slug: str) -> list[str]:
    commitment = db.session.execute(sa.text(
        "SELECT c.id FROM commitments c JOIN municipalities m ON m.id = c.municipality_id "
        "WHERE m.slug = :s AND c.state = 'monitored' ORDER BY c.id LIMIT 1"), {"s": slug}
    ).scalar()
    return [
        f"/m/{slug}/",
        f"/api/v1/board?municipality={slug}",
        f"/m/{slug}/commitments/",
        f"/m/{slug}/commitments/{commitment}",
        f"/m/{slug}/meetings/?q=ბიუჯეტი",
        f"/api/v1/minutes/search?municipality={slug}&q=ბიუჯეტი",
        "/bench/hello",
    ]


def time_page(client: Any, counter: QueryCounter, path: str, runs: int) -> dict[str, Any]:
    response = client.get(path)  # warm: templates compiled, caches filled
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    times = []
    counter.count = 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return {"path": path, "status": response.status_code, "median_ms": statistics.median(times),
            "p95_ms": p95(times), "queries": counter.count / runs,
            "bytes": len(response.get_data())}


def raw_board(municipality_id: int, page_size: int) -> tuple[dict[str, int], list[Any]]:
    today = local_today()
    params = {"m": municipality_id, "today": today, "d7": today + timedelta(days=7),
              "d30": today + timedelta(days=30), "page": page_size}
    with db.engine.connect() as conn:
        counts = dict(conn.execute(sa.text(RAW_COUNTS), params).all())
        rows = conn.execute(sa.text(RAW_PAGES), params).all()
    return counts, rows


def time_raw(municipality_id: int, page_size: int, runs: int) -> dict[str, Any]:
    counts, rows = raw_board(municipality_id, page_size)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        raw_board(municipality_id, page_size)
        times.append((time.perf_counter() - started) * 1000)
    return {"path": f"raw SQL: board rows (counts + first {page_size} a bucket)", "status": 0,
            "median_ms": statistics.median(times), "p95_ms": p95(times), "queries": 2,
            "bytes": 0, "counts": counts, "rows": len(rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: $DATABASE_URL")
    parser.add_argument("--municipality", default="bench-001")
    parser.add_argument("--email", help="default: chair@MUNICIPALITY.example")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--path", action="append", help="a page to time (repeatable); "
                        "default: board, API board, commitments, a commitment, archive")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--page-size", type=int, default=50,
                        help="rows a bucket in the raw-SQL baseline (default 50)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    app = bench_app(database_url(args.database_url))
    with app.app_context():
        municipality_id = db.session.execute(
            sa.text("SELECT id FROM municipalities WHERE slug = :s"), {"s": args.municipality}
        ).scalar()
        if municipality_id is None:
            raise SystemExit(f"no municipality {args.municipality}")
        paths = args.path or default_paths(args.municipality)
        counter = QueryCounter(db.engine)
    # Each request in an app context of its own, as under a server: an outer context would
    # share one session (and its identity map) across the requests.
    client = app.test_client()
    login(client, args.email or f"chair@{args.municipality}.example", args.password)
    results = [time_page(client, counter, path, args.runs) for path in paths]
    with app.app_context():
        raw = time_raw(municipality_id, args.page_size, args.runs)
    results.append(raw)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {"database": app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0],
               "municipality": args.municipality, "runs": args.runs, "results": results,
               "board_items": sum(raw["counts"].values()), "bucket_counts": raw["counts"],
               "peak_rss_mb": round(rss_mb, 1)}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        return
    print(f"{summary['database']}, {args.municipality}: {summary['board_items']} dated items "
          f"{raw['counts']}; {args.runs} runs a page; peak RSS {rss_mb:.0f} MB")
    print("| page | median ms | p95 ms | × raw SQL | SQL queries | bytes |")
    print("|---|---|---|---|---|---|")
    for r in results:
        ratio = r["median_ms"] / raw["median_ms"]
        print(f"| `{r['path']}` | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | {ratio:.1f} | "
              f"{r['queries']:.0f} | {r['bytes']:,} |")


if __name__ == "__main__":
    main()
