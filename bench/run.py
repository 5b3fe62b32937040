"""The server benchmark: one command, every figure of issue 3, each as a ratio to baselines measured in the
same run (this machine is shared and noisy; absolute numbers drift, ratios much less).

    .venv/bin/python bench/run.py [--seconds 4] [--runs 3] [--history 1000000] [--subscribers 500] [--pg]

Phases: raw durable SQLite commits/s (the storage limit); a no-op endpoint of the same server stack (the
ceiling); issue and call-next with 1 and 8 clients; the same on a database holding a year of history; GET
/api/v1/hall on that database; WebSocket fan-out of one call to N subscribers; server RSS. With --pg, the
same again on PostgreSQL with two server processes behind the clients. Last, issue 16's targets this measures:
the median of the runs, their spread, met or not.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent))

import httpx
from _server import API, Server, bench_hall, open_windows, provision
from loadgen import PhaseResult, json_body, run_phase

from server.storage.database import make_engine

WINDOWS = 8


def raw_sqlite_commits(folder: Path, seconds: float) -> float:
    path = folder / "raw.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (x INTEGER)")
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t VALUES (1)")
        conn.execute("COMMIT")
        n += 1
    conn.close()
    return n / (time.perf_counter() - start)


def line(
    r: PhaseResult, *, ceiling: float | None = None, storage: float | None = None, base: float | None = None
) -> str:
    parts = [f"{r.name:<24} {r.clients}c {r.rate:8.0f}/s  p50 {r.p50:6.2f} ms  p99 {r.p99:6.2f} ms"]
    if ceiling:
        parts.append(f"{r.rate / ceiling:5.2f}× no-op")
    if storage:
        parts.append(f"{r.rate / storage:5.2f}× raw commits")
    if base:
        parts.append(f"{r.rate / base:5.2f}× empty db")
    bad = {k: v for k, v in r.statuses.items() if k >= 400}
    if bad:
        parts.append(f"errors {bad}")
    return "  ".join(parts)


class Hall:
    """Servers (one or two processes) on one database, with tokens and open windows."""

    def __init__(self, folder: Path, db: str, processes: int) -> None:
        self.config = bench_hall(folder, WINDOWS)
        devices = [("kiosk", "kiosk", []), ("caller", "caller", list(range(1, WINDOWS + 1)))]
        self.tokens = provision(db, self.config, devices)
        self.db = db
        self.servers = [Server(self.config, db) for _ in range(processes)]
        open_windows(self.servers[0].url, WINDOWS)
        self.kiosk = {"Authorization": f"Bearer {self.tokens['kiosk']}"}
        self.caller = {"Authorization": f"Bearer {self.tokens['caller']}"}

    def url(self, i: int) -> str:
        return self.servers[i % len(self.servers)].url

    def stop(self) -> None:
        for s in self.servers:
            s.stop()

    async def phase(self, name: str, make: object, clients: int, seconds: float, max_requests: int) -> PhaseResult:
        # Clients are spread over the processes; one result per phase.
        groups = [list(range(i, clients, len(self.servers))) for i in range(len(self.servers))]
        results = await asyncio.gather(
            *(
                run_phase(
                    name,
                    self.servers[g].url,
                    lambda i, n, ids=ids: make(ids[i], n),
                    len(ids),
                    seconds,  # type: ignore[operator, misc]
                    max_requests // len(self.servers),
                )
                for g, ids in enumerate(groups)
                if ids
            )
        )
        merged = PhaseResult(name, clients)
        for r in results:
            merged.requests += r.requests
            merged.latencies += r.latencies
            for k, v in r.statuses.items():
                merged.statuses[k] = merged.statuses.get(k, 0) + v
        merged.seconds = max(r.seconds for r in results)
        return merged

    async def throughput(self, seconds: float, label: str) -> dict[str, PhaseResult]:
        body = json_body({"service": "SVC_A"})
        out: dict[str, PhaseResult] = {}
        for clients in (1, 8):
            out[f"noop{clients}"] = await self.phase(
                "no-op GET /health", lambda i, n: ("GET", f"{API}/health", {}, None), clients, seconds, 10**7
            )
            out[f"issue{clients}"] = await self.phase(
                f"issue{label}", lambda i, n: ("POST", f"{API}/tickets", self.kiosk, body), clients, seconds, 10**7
            )
            issued = out[f"issue{clients}"].requests
            out[f"call{clients}"] = await self.phase(
                f"call-next{label}",
                lambda i, n: ("POST", f"{API}/windows/{i % WINDOWS + 1}/call-next", self.caller, None),
                clients,
                seconds,
                issued,
            )
        return out

    async def hall_view(self, seconds: float) -> PhaseResult:
        return await self.phase("GET /hall", lambda i, n: ("GET", f"{API}/hall", {}, None), 1, seconds, 10**7)

    async def fanout(self, subscribers: int, calls: int) -> tuple[list[float], float]:
        """Latency from the call-next request to each subscriber's receipt of that call."""
        with httpx.Client(base_url=self.url(0)) as c:
            seq = c.get(f"{API}/hall").json()["seq"]
            for _ in range(calls):
                c.post(f"{API}/tickets", json={"service": "SVC_A"}, headers=self.kiosk).raise_for_status()
            seq = c.get(f"{API}/hall").json()["seq"]
        # Subscribers are bare WebSocket readers that only timestamp the arrival of each ticket.called:
        # 500 full clients (framing, JSON) in this process would spend more CPU than the server being measured.
        arrivals: list[list[float]] = [[] for _ in range(calls)]
        everyone: list[asyncio.Event] = [asyncio.Event() for _ in range(calls)]
        ready = asyncio.Event()
        connected = 0
        mark = b'"type": "ticket.called"'

        async def subscriber(i: int) -> None:
            nonlocal connected
            url = urlsplit(self.url(i))
            host, port = url.hostname or "127.0.0.1", url.port or 80
            reader, writer = await asyncio.open_connection(host, port)
            key = base64.b64encode(os.urandom(16)).decode()
            writer.write(
                f"GET {API}/events?since={seq} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
            )
            head = await reader.readuntil(b"\r\n\r\n")
            if b" 101 " not in head.split(b"\r\n", 1)[0]:
                raise RuntimeError(f"subscriber {i}: no WebSocket upgrade: {head[:80]!r}")
            connected += 1
            if connected == subscribers:
                ready.set()
            count, tail = 0, b""
            while count < calls:
                chunk = await reader.read(65536)
                at = time.perf_counter()
                if not chunk:
                    raise RuntimeError(f"subscriber {i}: the server closed the stream")
                data = tail + chunk
                for _ in range(data.count(mark)):
                    arrivals[count].append(at)
                    if len(arrivals[count]) == subscribers:
                        everyone[count].set()
                    count += 1
                tail = data[-(len(mark) - 1) :]
            writer.close()

        tasks = [asyncio.create_task(subscriber(i)) for i in range(subscribers)]
        await asyncio.wait_for(ready.wait(), 120)
        rss = sum(s.rss_mb() for s in self.servers)
        sent: list[float] = []
        async with httpx.AsyncClient(base_url=self.url(0), headers=self.caller) as c:
            for k in range(calls):
                # One call, measured alone: finish the previous citizen first, and let that news settle.
                if (await c.post(f"{API}/windows/1/finish")).status_code == 200:
                    await asyncio.sleep(0.2)
                sent.append(time.perf_counter())
                (await c.post(f"{API}/windows/1/call-next")).raise_for_status()
                await asyncio.wait_for(everyone[k].wait(), 60)
        await asyncio.gather(*tasks)
        latencies = [(at - sent[k]) * 1000 for k in range(calls) for at in arrivals[k]]
        return latencies, rss


def history_url(db: str, folder: Path) -> str:
    """A second database beside the first: the same kind, holding the history."""
    if db.startswith("sqlite"):
        return f"sqlite:///{folder / 'history.db'}"
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(db)
    name = f"{url.database}_history"
    with psycopg.connect(url.set(database="postgres").render_as_string(hide_password=False), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


class Figures:
    """One scenario's figures per run, for the targets table: the median and the runs' spread."""

    def __init__(self) -> None:
        self.runs: dict[str, list[float]] = {}

    def add(self, name: str, value: float) -> None:
        self.runs.setdefault(name, []).append(value)

    def median(self, name: str) -> float:
        return statistics.median(self.runs[name])

    def spread(self, name: str) -> str:
        values = self.runs[name]
        return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else "one run"


async def scenario(args: argparse.Namespace, folder: Path, db: str, processes: int, title: str) -> Figures:
    print(f"\n== {title}")
    figures = Figures()
    storage = raw_sqlite_commits(folder, 2.0) if db.startswith("sqlite") else None
    if storage:
        print(f"raw durable SQLite commits (WAL, synchronous=FULL): {storage:8.0f}/s")
    hall = Hall(folder, db, processes)
    try:
        if args.fanout_only:
            latencies, rss = await hall.fanout(args.subscribers, args.calls)
            print(
                f"fan-out to {args.subscribers}: p50 {statistics.median(latencies):6.1f} ms"
                f"  p99 {pct(latencies, 99):6.1f} ms  RSS {rss:.0f} MB"
            )
            return figures
        for run in range(args.runs):
            print(f"-- run {run + 1} of {args.runs}")
            empty = await hall.throughput(args.seconds, "")
            for c in (1, 8):
                print(line(empty[f"noop{c}"]))
                print(line(empty[f"issue{c}"], ceiling=empty[f"noop{c}"].rate, storage=storage))
                print(line(empty[f"call{c}"], ceiling=empty[f"noop{c}"].rate, storage=storage))
            for kind in ("issue", "call"):
                r = empty[f"{kind}8"]
                figures.add(f"{kind} rate", r.rate)
                figures.add(f"{kind} p99", r.p99)
                if storage:
                    figures.add(f"{kind} ÷ raw commits", r.rate / storage)
        latencies, rss = await hall.fanout(args.subscribers, args.calls)
        figures.add("fan-out p99", pct(latencies, 99))
        print(
            f"fan-out of one call to {args.subscribers} subscribers: p50 {statistics.median(latencies):6.1f} ms"
            f"  p99 {pct(latencies, 99):6.1f} ms  ({len(latencies)} deliveries)"
        )
        print(
            f"server RSS with {args.subscribers} subscribers: {rss:6.0f} MB"
            + (f" (sum of {processes} processes)" if processes > 1 else "")
        )
    finally:
        hall.stop()
    if not args.history:
        return figures
    print(f"-- with {args.history:,} tickets of history")
    from history import fill

    started = time.perf_counter()
    history_db = history_url(db, folder)
    provision(history_db, bench_hall(folder, WINDOWS), [])  # schema and hall row, then a year of tickets
    engine = make_engine(history_db, writer=True)
    fill(engine, "test-hall", args.history)
    engine.dispose()
    print(f"   (history written in {time.perf_counter() - started:.0f} s)")
    hall = Hall(folder, history_db, processes)
    try:
        big = await hall.throughput(args.seconds, " +history")
        c = 8
        print(line(big[f"noop{c}"]))
        print(line(big[f"issue{c}"], ceiling=big[f"noop{c}"].rate, base=empty[f"issue{c}"].rate))
        print(line(big[f"call{c}"], ceiling=big[f"noop{c}"].rate, base=empty[f"call{c}"].rate))
        figures.add("issue with history ÷ empty", big["issue8"].rate / empty["issue8"].rate)
        figures.add("call with history ÷ empty", big["call8"].rate / empty["call8"].rate)
        view = await hall.hall_view(args.seconds)
        print(line(view, ceiling=big["noop1"].rate))
    finally:
        hall.stop()
    return figures


def targets(sqlite: Figures | None, pg: Figures | None) -> None:
    """Issue 16's targets that this benchmark measures, met or not (GET /hall: bench_hall_view.py; the
    voice: bench_voice.py)."""
    print("\n== targets (median of the runs, and their spread)")

    def show(name: str, value: float, spread: str, target: str, met: bool) -> None:
        print(f"  {name:<46} {value:9.2f}  (runs {spread})  target {target}: {'met' if met else 'NOT met'}")

    if sqlite is not None and "issue rate" in sqlite.runs:
        for kind in ("issue", "call"):
            show(
                f"SQLite, 1 process: {kind} /s, 8 clients",
                sqlite.median(f"{kind} rate"),
                sqlite.spread(f"{kind} rate"),
                "≥ 1500",
                sqlite.median(f"{kind} rate") >= 1500,
            )
            show(
                f"SQLite: {kind} p99 ms",
                sqlite.median(f"{kind} p99"),
                sqlite.spread(f"{kind} p99"),
                "≤ 25",
                sqlite.median(f"{kind} p99") <= 25,
            )
            name = f"{kind} ÷ raw commits"
            show(f"SQLite: {name}", sqlite.median(name), sqlite.spread(name), "≥ 0.28", sqlite.median(name) >= 0.28)
        show(
            "SQLite: fan-out to the subscribers, p99 ms",
            sqlite.median("fan-out p99"),
            "one run",
            "≤ 50",
            sqlite.median("fan-out p99") <= 50,
        )
        for kind in ("issue", "call"):
            name = f"{kind} with history ÷ empty"
            if name in sqlite.runs:
                show(f"SQLite: {name}", sqlite.median(name), "one run", "≥ 0.90", sqlite.median(name) >= 0.9)
    if sqlite is not None and pg is not None and "issue rate" in pg.runs and "issue rate" in sqlite.runs:
        for kind in ("issue", "call"):
            ratio = [p / q for p, q in zip(pg.runs[f"{kind} rate"], sqlite.runs[f"{kind} rate"], strict=False)]
            show(
                f"2 processes on PostgreSQL ÷ 1 on SQLite: {kind}",
                statistics.median(ratio),
                f"{min(ratio):.2f}–{max(ratio):.2f}",
                "≥ 0.60",
                statistics.median(ratio) >= 0.6,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="length of each load phase")
    parser.add_argument("--history", type=int, default=1_000_000, help="history tickets (0: skip)")
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--calls", type=int, default=20, help="calls measured in the fan-out phase")
    parser.add_argument("--pg", action="store_true", help="also PostgreSQL with two server processes")
    parser.add_argument("--pg-only", action="store_true")
    parser.add_argument("--fanout-only", action="store_true", help="only the WebSocket fan-out phase")
    parser.add_argument("--runs", type=int, default=3, help="repetitions of the issue and call-next phases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jiaohao-bench-") as tmp:
        folder = Path(tmp)
        sqlite = pg = None
        if not args.pg_only:
            sqlite = asyncio.run(
                scenario(args, folder, f"sqlite:///{folder / 'hall.db'}", 1, "SQLite, one server process")
            )
        if args.pg or args.pg_only:
            import subprocess

            from tests.support.pg import fresh_database as fresh

            admin = (
                os.environ.get("JIAOHAO_TEST_PG")
                or subprocess.check_output(
                    [str(Path(__file__).parent.parent / "scripts" / "test-postgres")], text=True
                ).strip()
            )
            with fresh(admin) as url:
                pg = asyncio.run(scenario(args, folder, url, 2, "PostgreSQL, two server processes"))
        targets(sqlite, pg)


if __name__ == "__main__":
    main()
