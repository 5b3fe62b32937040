"""`GET /api/v1/hall` against the server stack's ceiling, on an empty day and with 5,000 tickets waiting.

    .venv/bin/python bench/bench_hall_view.py [--seconds 4] [--waiting 5000] [--runs 3]

One SQLite server process, 8 keep-alive clients. Each run measures, back to back: the no-op `/health` (the
ceiling), `GET /hall` on an empty day, then — after issuing `--waiting` tickets nobody calls — `/health` and
`GET /hall` again. Targets (issue 16): the view ≥ 0.5 × `/health`, p99 ≤ 5 ms, and with the tickets waiting
≥ 0.9 × the empty day's rate. Printed as ratios per run and as the runs' median and spread, since this machine
is shared and its absolute rates drift.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _server import API, Server, bench_hall, provision
from loadgen import PhaseResult, json_body, run_phase

CLIENTS = 8


async def measure(url: str, path: str, seconds: float) -> PhaseResult:
    return await run_phase(path, url, lambda i, n: ("GET", f"{API}{path}", {}, None), CLIENTS, seconds, 10**8)


async def fill(url: str, kiosk: dict[str, str], tickets: int) -> None:
    body = json_body({"service": "SVC_A"})
    result = await run_phase("issue", url, lambda i, n: ("POST", f"{API}/tickets", kiosk, body), CLIENTS, 3600, tickets)
    bad = {k: v for k, v in result.statuses.items() if k != 201}
    if bad or result.requests != tickets:
        raise RuntimeError(f"issuing {tickets} tickets: {result.requests} sent, refused {bad}")


def row(name: str, r: PhaseResult, base: float, base_name: str) -> str:
    return f"  {name:<26} {r.rate:8.0f}/s  p50 {r.p50:5.2f} ms  p99 {r.p99:5.2f} ms  {r.rate / base:5.2f}× {base_name}"


async def one_run(folder: Path, seconds: float, waiting: int) -> dict[str, float]:
    config = bench_hall(folder)
    db = f"sqlite:///{folder / 'hall.db'}"
    tokens = provision(db, config, [("kiosk", "kiosk", [])])
    server = Server(config, db)
    try:
        health0 = await measure(server.url, "/health", seconds)
        view0 = await measure(server.url, "/hall", seconds)
        await fill(server.url, {"Authorization": f"Bearer {tokens['kiosk']}"}, waiting)
        health1 = await measure(server.url, "/health", seconds)
        view1 = await measure(server.url, "/hall", seconds)
    finally:
        server.stop()
    print(row("GET /health, empty day", health0, health0.rate, "/health"))
    print(row("GET /hall, empty day", view0, health0.rate, "/health"))
    print(row(f"GET /health, {waiting:,} waiting", health1, health1.rate, "/health"))
    print(row(f"GET /hall, {waiting:,} waiting", view1, view0.rate, "empty-day /hall"))
    for r in (health0, view0, health1, view1):
        bad = {k: v for k, v in r.statuses.items() if k != 200}
        if bad:
            raise RuntimeError(f"{r.name}: answers other than 200: {bad}")
    return {
        "view_vs_health": view0.rate / health0.rate,
        "p99_empty": view0.p99,
        "p99_waiting": view1.p99,
        "waiting_vs_empty": view1.rate / view0.rate,
        "waiting_view_vs_health": view1.rate / health1.rate,
    }


def summary(name: str, values: list[float], target: str, met: bool) -> str:
    spread = f"{min(values):.2f}–{max(values):.2f}"
    return f"  {name:<40} median {statistics.median(values):6.2f}  (runs {spread})  target {target}: " + (
        "met" if met else "NOT met"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--waiting", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"== GET /hall from memory: {CLIENTS} keep-alive clients, one SQLite server process, {args.runs} runs")
    runs = []
    for k in range(args.runs):
        print(f"-- run {k + 1}")
        with tempfile.TemporaryDirectory(prefix="jiaohao-bench-hall-") as tmp:
            runs.append(asyncio.run(one_run(Path(tmp), args.seconds, args.waiting)))
    print("-- summary")
    ratio = [r["view_vs_health"] for r in runs]
    p99 = [max(r["p99_empty"], r["p99_waiting"]) for r in runs]
    waiting = [r["waiting_vs_empty"] for r in runs]
    print(summary("GET /hall ÷ /health", ratio, "≥ 0.50", statistics.median(ratio) >= 0.5))
    print(summary("GET /hall p99 (ms, worse of the two days)", p99, "≤ 5 ms", statistics.median(p99) <= 5))
    print(
        summary(
            f"GET /hall, {args.waiting:,} waiting ÷ empty day", waiting, "≥ 0.90", statistics.median(waiting) >= 0.9
        )
    )


if __name__ == "__main__":
    main()
