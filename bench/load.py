"""Load generator on loopback: gunicorn with the application, C clients for D seconds a path.

    DATABASE_URL=sqlite:////tmp/bench/city1.db .venv/bin/python bench/load.py
    DATABASE_URL=… .venv/bin/python bench/load.py --clients 8 --seconds 10 /bench/plain \\
        /m/bench-001/ '/api/v1/board?municipality=bench-001'
    DATABASE_URL=… .venv/bin/python bench/load.py --json …

It starts gunicorn (``--workers``, default 2 sync workers, on 127.0.0.1 and a free port)
serving bench/hello.py's app: the application's own ``create_app`` with two floor routes,
``/bench/plain`` (anybody: Flask and gunicorn alone) and ``/bench/hello`` (logged in: the
login wall loads the user). It logs in through the login form (CSRF token, session cookie)
as the measured municipality's chair, or uses ``--token`` (``Authorization: Bearer``) for
``/api/`` paths, then runs ``--clients`` threads of ``http.client`` requests per path for
``--seconds`` (after a second of warm-up) and reports requests/s, median and p95 latency,
errors (anything but 200), bytes a response and the peak RSS of each worker during that
path (VmHWM from /proc, reset before each path through ``clear_refs``). gunicorn is killed
with its process group at the end, on an error and on Ctrl-C.

The generator shares the 2 cores with the server: ``/bench/plain`` shows its ceiling (about
2,000 requests/s here), and "generator CPU" says how many cores the generator itself kept
busy (near 1.0 it is the limit); a page far below the ceiling measures the application.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
PASSWORD = "bench-password-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn in a process group of its own, always killed: by ``stop``, at exit, or on
    SIGTERM/SIGINT of this process."""

    def __init__(self, database_url: str, workers: int = 2, *, log: Path | None = None,
                 extra_env: dict[str, str] | None = None, timeout: int = 60) -> None:
        self.port = free_port()
        self.log_path = log
        env = {**os.environ, "DATABASE_URL": database_url,
               "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_hex(32),
               "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCH)]), **(extra_env or {})}
        self._log = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", str(timeout),
             "--graceful-timeout", "5", "--chdir", str(BENCH), "hello:app"],
            env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        atexit.register(self.stop)
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous = signal.getsignal(signum)

            def handler(number: int, frame: Any, previous: Any = previous) -> None:
                self.stop()
                if callable(previous):
                    previous(number, frame)
                raise SystemExit(128 + number)

            signal.signal(signum, handler)
        self.wait_ready(workers)

    def wait_ready(self, workers: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/bench/plain")
                if conn.getresponse().status == 200 and len(self.workers()) >= workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer in time")

    def workers(self) -> list[int]:
        """The worker processes: the master's children."""
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            return [int(c) for c in children]
        except OSError:
            found = []
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pid:
                    found.append(int(stat.parent.name))
            return found

    def reset_peaks(self) -> None:
        for pid in self.workers():
            with contextlib.suppress(OSError):
                Path(f"/proc/{pid}/clear_refs").write_text("5")

    def peak_rss_mb(self) -> list[float]:
        """VmHWM of each worker (since the last ``reset_peaks``), in MB."""
        peaks = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks.append(round(int(match.group(1)) / 1024, 1))
        return peaks

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        if self._log is not subprocess.DEVNULL and not self._log.closed:
            self._log.close()


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]
    ms: float


@dataclass
class Client:
    """One client of the server: its own connection, the shared login."""

    port: int
    cookie: str = ""
    token: str = ""
    conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: Any = None, *,
                form: dict[str, str] | None = None, bearer: bool | None = None) -> Answer:
        path = quote(path, safe="/?&=%:+,;@!$'()*")  # Georgian and spaces in a query
        headers = {"Host": "127.0.0.1"}
        use_token = bearer if bearer is not None else bool(self.token and path.startswith("/api/"))
        if use_token:
            headers["Authorization"] = f"Bearer {self.token}"
        elif self.cookie:
            headers["Cookie"] = self.cookie
        data = None
        if form is not None:
            data = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, data, headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A sync worker closes the connection after each answer: a kept-alive one
                # may be gone by the next request. Reconnect once (before any answer).
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        ms = (time.perf_counter() - started) * 1000
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return Answer(response.status, payload, dict(response.getheaders()), ms)

    def login(self, email: str, password: str = PASSWORD) -> None:
        page = self.request("GET", "/login")
        self.cookie = _cookie(page.headers) or self.cookie
        token = CSRF.search(page.body.decode())
        answer = self.request("POST", "/login", form={
            "email": email, "password": password, "csrf_token": token.group(1) if token else "",
        })
        if answer.status != 302:
            raise RuntimeError(f"login as {email}: {answer.status}")
        self.cookie = _cookie(answer.headers) or self.cookie
        home = self.request("GET", "/bench/hello")
        if home.status != 200:
            raise RuntimeError(f"logged in as {email}, but /bench/hello says {home.status}")


def _cookie(headers: dict[str, str]) -> str:
    value = headers.get("Set-Cookie", "")
    return value.split(";", 1)[0] if value.startswith("session=") else ""


@dataclass
class Result:
    path: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    bytes: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    peak_rss_mb: list[float] = field(default_factory=list)
    #: This process's CPU (cores busy) while measuring: near 1 the generator is the limit.
    generator_cpu: float = 0.0

    def row(self) -> dict[str, Any]:
        ordered = sorted(self.latencies) or [0.0]
        return {
            "path": self.path, "requests": self.requests,
            "rps": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "median_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2),
            "errors": self.errors, "statuses": self.statuses,
            "bytes": round(self.bytes / self.requests) if self.requests else 0,
            "peak_rss_mb": self.peak_rss_mb, "generator_cpu": round(self.generator_cpu, 2),
        }


def hammer(server: Server, template: Client, path: str, clients: int, seconds: float,
           warmup: float = 1.0) -> Result:
    """``clients`` threads asking for ``path`` as fast as answers come, for ``seconds``."""
    result = Result(path)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    measuring = threading.Event()
    stop = threading.Event()

    def run() -> None:
        # /bench/plain is the anonymous floor: no cookie, so no user is loaded.
        anonymous = path.startswith("/bench/plain")
        client = Client(server.port, "" if anonymous else template.cookie, template.token)
        start.wait()
        mine: list[tuple[int, float, int]] = []
        while not stop.is_set():
            try:
                answer = client.request("GET", path)
                status, size = answer.status, len(answer.body)
            except OSError:
                status, size = 0, 0
                client.conn = None
            if measuring.is_set() and not stop.is_set():
                mine.append((status, answer.ms if status else 0.0, size))
        with lock:
            for status, ms, size in mine:
                result.requests += 1
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status != 200:
                    result.errors += 1
                result.latencies.append(ms)
                result.bytes += size

    threads = [threading.Thread(target=run, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    time.sleep(warmup)
    server.reset_peaks()
    measuring.set()
    began, cpu = time.perf_counter(), _cpu()
    time.sleep(seconds)
    stop.set()
    result.seconds = time.perf_counter() - began
    result.generator_cpu = (_cpu() - cpu) / result.seconds
    for thread in threads:
        thread.join(120)
    result.peak_rss_mb = server.peak_rss_mb()
    return result


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


def markdown(rows: list[dict[str, Any]], clients: int, workers: int) -> str:
    lines = [f"| path ({clients} clients, {workers} workers) | requests/s | median ms | p95 ms "
             "| errors | bytes/response | peak RSS per worker (MB) | generator CPU |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| `{r['path']}` | {r['rps']:,.0f} | {r['median_ms']:.1f} | "
                     f"{r['p95_ms']:.1f} | {r['errors']} | {r['bytes']:,} | "
                     f"{', '.join(f'{m:.0f}' for m in r['peak_rss_mb'])} | "
                     f"{r['generator_cpu']:.2f} |")
    return "\n".join(lines)


def default_paths(municipality: str) -> list[str]:
    return ["/bench/plain", "/bench/hello", f"/m/{municipality}/",
            f"/api/v1/board?municipality={municipality}", f"/m/{municipality}/commitments/",
            f"/m/{municipality}/meetings/?q=ბიუჯეტი"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="default: the floors, the board, the API "
                        "board, the commitment list, an archive search")
    parser.add_argument("--database-url", help="default: $DATABASE_URL")
    parser.add_argument("--municipality", default="bench-001")
    parser.add_argument("--email", help="default: chair@MUNICIPALITY.example")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--token", help="Bearer token for /api/ paths (default: the cookie)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    url = args.database_url or os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("name the database: DATABASE_URL=… or --database-url …")

    server = Server(url, args.workers)
    try:
        template = Client(server.port, token=args.token or "")
        template.login(args.email or f"chair@{args.municipality}.example", args.password)
        rows = []
        for path in args.paths or default_paths(args.municipality):
            rows.append(hammer(server, template, path, args.clients, args.seconds).row())
            if not args.json:
                print(markdown(rows[-1:], args.clients, args.workers).splitlines()[-1],
                      flush=True)
    finally:
        server.stop()
    if args.json:
        print(json.dumps({"clients": args.clients, "workers": args.workers,
                          "seconds": args.seconds, "results": rows}, ensure_ascii=False,
                         indent=2))
    else:
        print()
        print(markdown(rows, args.clients, args.workers))


if __name__ == "__main__":
    main()
