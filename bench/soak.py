"""Soak test: mixed reads and writes from many clients on gunicorn, then checks.

    .venv/bin/python bench/soak.py --database-url sqlite:////tmp/bench/soak.db --fresh
    .venv/bin/python bench/soak.py --fresh --seconds 60 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/tracker_soak

For ``--seconds`` (default 180) ``--clients`` threads (default 16) talk to gunicorn with
``--workers`` sync workers (default 4) on 127.0.0.1. Reads (the board, a commitment's
page, an archive search, ``/api/v1/board``) go with the chair's session cookie; writes
through the JSON API with the chair's and the secretary's Bearer tokens: create a
commitment, add a milestone, edit a commitment with the version it read, move a draft
commitment to monitoring, mark a milestone done. A 409 (stale version) or 422 (a guard, a
taken number) is a legitimate answer to a write and is counted apart.

It fails (exit status 1) when any answer is a 5xx or not one its request may get, when an
answer or the server's log says "database is locked" (or the log has a traceback), or when
an acknowledged write (a 201 or 200 with an id) is not in the database afterwards, read
directly: created rows exist in the municipality, each acknowledged edit left its audit
entry, acknowledged transitions and milestones marked done hold. ``--fresh`` (or an empty
database) first builds a small data set with bench/dataset.py (2 municipalities of a
quarter city). gunicorn is killed with its process group however the run ends.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from load import Answer, Client, Server  # noqa: E402

from tracker.database import engine_options  # noqa: E402

SLUG = "bench-001"
QUERIES = ["ბიუჯეტი", "პეტიცია", "ღია მონაცემები", "შესყიდვების მონიტორინგი", "ჩიხლაძე"]
LOCKED = b"database is locked"
#: What each operation may legitimately answer.
EXPECTED = {
    "read": {200},
    "create_commitment": {201, 409, 422},
    "add_milestone": {201, 409, 422},
    "edit_commitment": {200, 409, 422},
    "transition": {200, 409, 422},
    "milestone_done": {200, 409, 422},
}
#: How often each operation runs (weights).
MIX = {"read_board": 14, "read_commitment": 14, "read_archive": 8, "read_api_board": 8,
       "create_commitment": 10, "add_milestone": 12, "edit_commitment": 14, "transition": 8,
       "milestone_done": 12}


@dataclass
class World:
    """What the clients know and what the server acknowledged, shared under a lock."""

    slug: str
    plan_ids: list[int]
    unit_ids: list[int]
    owner_ids: list[int]
    commitment_ids: list[int]
    lock: threading.Lock = field(default_factory=threading.Lock)
    created_commitments: dict[int, str] = field(default_factory=dict)   # id -> title
    created_milestones: dict[int, int] = field(default_factory=dict)    # id -> commitment
    edits: list[tuple[int, str]] = field(default_factory=list)          # (id, marker)
    transitions: list[int] = field(default_factory=list)                # now monitored
    done_milestones: list[int] = field(default_factory=list)
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)

    def pick_commitment(self, rng: random.Random, created: bool = False) -> int | None:
        with self.lock:
            pool = list(self.created_commitments) if created else self.commitment_ids
            return rng.choice(pool) if pool else None

    def pick_milestone(self, rng: random.Random) -> int | None:
        with self.lock:
            return rng.choice(list(self.created_milestones)) if self.created_milestones else None


def load_world(url: str, slug: str) -> World:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool, **engine_options(url))
    with engine.connect() as conn:
        mid = conn.execute(sa.text("SELECT id FROM municipalities WHERE slug = :s"),
                           {"s": slug}).scalar_one()

        def ids(sql: str) -> list[int]:
            return list(conn.execute(sa.text(sql), {"m": mid}).scalars())

        world = World(
            slug=slug,
            plan_ids=ids("SELECT id FROM action_plans WHERE municipality_id = :m"),
            unit_ids=ids("SELECT id FROM units WHERE municipality_id = :m "
                         "AND parent_id IS NOT NULL"),
            owner_ids=ids("SELECT user_id FROM memberships WHERE municipality_id = :m "
                          "AND role IN ('chair', 'member')"),
            # A withdrawn commitment is read-only (403 on an edit): not among the edited.
            commitment_ids=ids("SELECT id FROM commitments WHERE municipality_id = :m "
                               "AND state <> 'withdrawn'"),
        )
    engine.dispose()
    return world


def issue_token(url: str, email: str) -> str:
    """An API token for ``email``, the way ``flask user token`` makes one."""
    from dataset import bench_app

    from tracker.accounts.operations import find_user
    from tracker.accounts.tokens import issue_token as issue
    from tracker.extensions import db

    app = bench_app(url)
    with app.app_context():
        _row, token = issue(find_user(email), "soak")
        db.session.commit()
        for engine in db.engines.values():
            engine.dispose()
    return token


class Worker:
    """One soak client: a thread with its own connection and random stream."""

    def __init__(self, world: World, port: int, cookie: str, token: str, seed: int) -> None:
        self.world = world
        self.web = Client(port, cookie=cookie)
        self.api = Client(port, token=token)
        self.rng = random.Random(seed)

    def note(self, op: str, answer: Answer, expected: set[int]) -> bool:
        w = self.world
        with w.lock:
            w.statuses[op][answer.status] += 1
            w.latencies[op].append(answer.ms)
            if answer.status not in expected:
                w.failures.append(f"{op}: {answer.status} {answer.body[:300]!r}")
            if LOCKED in answer.body:
                w.failures.append(f"{op}: 'database is locked' in the answer")
        return answer.status in (200, 201)

    def run(self, deadline: float) -> None:
        ops, weights = zip(*MIX.items(), strict=True)
        while time.monotonic() < deadline:
            op = self.rng.choices(ops, weights)[0]
            try:
                getattr(self, op)()
            except Exception as error:  # a connection error, an unreadable answer
                with self.world.lock:
                    self.world.failures.append(f"{op}: {error!r}")
                self.web.conn = self.api.conn = None

    # Reads -------------------------------------------------------------------------------
    def read_board(self) -> None:
        self.note("read_board", self.web.request("GET", f"/m/{self.world.slug}/"), {200})

    def read_commitment(self) -> None:
        cid = self.world.pick_commitment(self.rng, created=self.rng.random() < 0.5)
        cid = cid or self.world.pick_commitment(self.rng)
        answer = self.web.request("GET", f"/m/{self.world.slug}/commitments/{cid}")
        self.note("read_commitment", answer, {200})

    def read_archive(self) -> None:
        q = self.rng.choice(QUERIES)
        answer = self.web.request("GET", f"/m/{self.world.slug}/meetings/?q={q}")
        self.note("read_archive", answer, {200})

    def read_api_board(self) -> None:
        answer = self.api.request("GET", f"/api/v1/board?municipality={self.world.slug}")
        self.note("read_api_board", answer, {200})

    # Writes ------------------------------------------------------------------------------
    def _version(self, path: str) -> int | None:
        answer = self.api.request("GET", path)
        self.note("read", answer, {200})
        return json.loads(answer.body)["version"] if answer.status == 200 else None

    def create_commitment(self) -> None:
        w, rng = self.world, self.rng
        start = date.today() + timedelta(days=rng.randint(-30, 30))
        title = f"soak {uuid.uuid4().hex[:12]}"
        body = {"municipality": w.slug, "plan_id": rng.choice(w.plan_ids), "title": title,
                "lead_unit_id": rng.choice(w.unit_ids), "owner_id": rng.choice(w.owner_ids),
                "start_date": start.isoformat(),
                "deadline": (start + timedelta(days=rng.randint(1, 400))).isoformat()}
        answer = self.api.request("POST", "/api/v1/commitments", body)
        if self.note("create_commitment", answer, EXPECTED["create_commitment"]):
            with w.lock:
                w.created_commitments[json.loads(answer.body)["id"]] = title

    def add_milestone(self) -> None:
        cid = self.world.pick_commitment(self.rng, created=True)
        if cid is None:
            return
        body = {"title": f"soak milestone {uuid.uuid4().hex[:8]}",
                "deadline": (date.today() + timedelta(days=self.rng.randint(-10, 300))).isoformat()}
        answer = self.api.request("POST", f"/api/v1/commitments/{cid}/milestones", body)
        if self.note("add_milestone", answer, EXPECTED["add_milestone"]):
            with self.world.lock:
                self.world.created_milestones[json.loads(answer.body)["id"]] = cid

    def edit_commitment(self) -> None:
        cid = self.world.pick_commitment(self.rng, created=self.rng.random() < 0.7)
        if cid is None:
            return
        version = self._version(f"/api/v1/commitments/{cid}")
        if version is None:
            return
        marker = uuid.uuid4().hex[:12]
        body = {"title": f"soak edit {marker}", "version": version}
        answer = self.api.request("PATCH", f"/api/v1/commitments/{cid}", body)
        if self.note("edit_commitment", answer, EXPECTED["edit_commitment"]):
            with self.world.lock:
                self.world.edits.append((cid, marker))

    def transition(self) -> None:
        cid = self.world.pick_commitment(self.rng, created=True)
        if cid is None:
            return
        version = self._version(f"/api/v1/commitments/{cid}")
        if version is None:
            return
        body = {"to": "monitored", "comment": "soak", "version": version}
        answer = self.api.request("POST", f"/api/v1/commitments/{cid}/transition", body)
        if self.note("transition", answer, EXPECTED["transition"]):
            with self.world.lock:
                self.world.transitions.append(cid)

    def milestone_done(self) -> None:
        mid = self.world.pick_milestone(self.rng)
        if mid is None:
            return
        version = self._version(f"/api/v1/milestones/{mid}")
        if version is None:
            return
        body = {"done": True, "evidence": "soak evidence", "version": version}
        answer = self.api.request("PATCH", f"/api/v1/milestones/{mid}", body)
        if self.note("milestone_done", answer, EXPECTED["milestone_done"]):
            with self.world.lock:
                self.world.done_milestones.append(mid)


def verify(url: str, world: World) -> list[str]:
    """Every acknowledged write, looked up in the database itself."""
    problems = []
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool, **engine_options(url))
    with engine.connect() as conn:
        mid = conn.execute(sa.text("SELECT id FROM municipalities WHERE slug = :s"),
                           {"s": world.slug}).scalar_one()

        def rows(sql: str, ids: list[int]) -> dict[int, Any]:
            found: dict[int, Any] = {}
            for first in range(0, len(ids), 500):
                chunk = ids[first:first + 500]
                stmt = sa.text(sql).bindparams(sa.bindparam("ids", expanding=True))
                found.update({r[0]: r for r in conn.execute(stmt, {"ids": chunk})})
            return found

        commitments = rows("SELECT id, municipality_id, state FROM commitments "
                           "WHERE id IN :ids", list(world.created_commitments))
        for cid in world.created_commitments:
            if cid not in commitments:
                problems.append(f"created commitment {cid} is missing")
            elif commitments[cid][1] != mid:
                problems.append(f"created commitment {cid} is in municipality "
                                f"{commitments[cid][1]}, not {mid}")
        milestones = rows("SELECT id, commitment_id, done FROM milestones WHERE id IN :ids",
                          list(world.created_milestones))
        for mid_, cid in world.created_milestones.items():
            if mid_ not in milestones or milestones[mid_][1] != cid:
                problems.append(f"created milestone {mid_} of commitment {cid} is missing")
        for mid_ in world.done_milestones:
            if mid_ in milestones and not milestones[mid_][2]:
                problems.append(f"milestone {mid_} was marked done, but is not")
        states = rows("SELECT id, state FROM commitments WHERE id IN :ids",
                      sorted(set(world.transitions)))
        for cid in world.transitions:
            if states.get(cid, (cid, None))[1] != "monitored":
                problems.append(f"commitment {cid} was moved to monitored, but is "
                                f"{states.get(cid, (cid, None))[1]}")
        audited = {
            (object_id, changes)
            for object_id, changes in conn.execute(sa.text(
                "SELECT object_id, CAST(changes AS TEXT) FROM audit_entries "
                "WHERE object_type = 'commitment' AND action = 'update' AND municipality_id = :m"
            ), {"m": mid})
        }
        by_commitment: dict[int, str] = defaultdict(str)
        for object_id, changes in audited:
            by_commitment[object_id] += changes or ""
        for cid, marker in world.edits:
            if marker not in by_commitment.get(cid, ""):
                problems.append(f"the edit {marker} of commitment {cid} left no audit entry")
    engine.dispose()
    return problems


def soak(url: str, *, seconds: float, clients: int, workers: int, seed: int = 7,
         log: Path | None = None, quiet: bool = False) -> dict[str, Any]:
    world = load_world(url, SLUG)
    chair_token = issue_token(url, f"chair@{SLUG}.example")
    secretary_token = issue_token(url, f"secretary@{SLUG}.example")
    log = log or Path(tempfile.mkdtemp()) / "gunicorn.log"
    server = Server(url, workers, log=log)
    started = time.monotonic()
    try:
        login = Client(server.port)
        login.login(f"chair@{SLUG}.example")
        # The chair writes; every fourth client only reads, with the secretary's token
        # (token look-ups of another user under the same load).
        soakers = [Worker(world, server.port, login.cookie,
                          secretary_token if n % 4 == 3 else chair_token, seed + n)
                   for n in range(clients)]
        for n, soaker in enumerate(soakers):
            if n % 4 == 3:
                soaker.run = _reader(soaker)  # type: ignore[method-assign]
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=s.run, args=(deadline,), daemon=True)
                   for s in soakers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 120)
    finally:
        server.stop()
    elapsed = time.monotonic() - started
    text = log.read_text(errors="replace")
    failures = list(world.failures)
    if "database is locked" in text:
        failures.append("the server's log says 'database is locked'")
    if "Traceback" in text:
        failures.append("the server's log has a traceback: "
                        + text[text.index("Traceback"):][:2000])
    failures += verify(url, world)
    total = sum(sum(c.values()) for c in world.statuses.values())
    report = {
        "database": url.split(":")[0], "seconds": round(elapsed), "clients": clients,
        "workers": workers, "requests": total, "rps": round(total / elapsed, 1),
        "statuses": {op: dict(sorted(c.items())) for op, c in sorted(world.statuses.items())},
        "p95_ms": {op: round(sorted(v)[int(0.95 * (len(v) - 1))], 1)
                   for op, v in sorted(world.latencies.items())},
        "median_ms": {op: round(statistics.median(v), 1)
                      for op, v in sorted(world.latencies.items())},
        "acknowledged": {"commitments": len(world.created_commitments),
                         "milestones": len(world.created_milestones),
                         "edits": len(world.edits), "transitions": len(world.transitions),
                         "milestones_done": len(world.done_milestones)},
        "failures": failures[:50], "failure_count": len(failures), "log": str(log),
    }
    return report


def _reader(soaker: Worker) -> Any:
    reads = ["read_board", "read_commitment", "read_archive", "read_api_board"]

    def run(deadline: float) -> None:
        while time.monotonic() < deadline:
            op = soaker.rng.choice(reads)
            try:
                getattr(soaker, op)()
            except Exception as error:  # a connection error, an unreadable answer
                with soaker.world.lock:
                    soaker.world.failures.append(f"{op}: {error!r}")
                soaker.web.conn = soaker.api.conn = None

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: $DATABASE_URL")
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--fresh", action="store_true",
                        help="remake the database and build a small data set first")
    parser.add_argument("--cities", type=int, default=2)
    parser.add_argument("--per-city", type=float, default=0.25)
    parser.add_argument("--log", type=Path, help="gunicorn's log (default: a temporary file)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from dataset import Plan, database_url, generate

    url = database_url(args.database_url)
    if args.fresh:
        generate(url, Plan(cities=args.cities, per_city=args.per_city), fresh=True, quiet=True)
    report = soak(url, seconds=args.seconds, clients=args.clients, workers=args.workers,
                  log=args.log)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"{report['database']}: {report['requests']} requests in {report['seconds']} s "
              f"({report['rps']}/s), {args.clients} clients, {args.workers} workers")
        for op, statuses in report["statuses"].items():
            print(f"  {op:<18} {statuses}  median {report['median_ms'][op]} ms, "
                  f"p95 {report['p95_ms'][op]} ms")
        print(f"  acknowledged writes: {report['acknowledged']}")
        print(f"  failures: {report['failure_count']}")
        for failure in report["failures"]:
            print(f"    {failure}")
    sys.exit(1 if report["failure_count"] else 0)


if __name__ == "__main__":
    main()
