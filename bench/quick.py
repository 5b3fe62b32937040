"""Quick look: issue and call-next rates on SQLite (used while optimising; the full run is bench/run.py)."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _server import API, Server, bench_hall, open_windows, provision
from loadgen import json_body, run_phase


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="jiaohao-bench-"))
    config = bench_hall(folder)
    db = f"sqlite:///{folder / 'hall.db'}"
    tokens = provision(db, config, [("kiosk", "k", []), ("caller", "c", list(range(1, 9)))])
    server = Server(config, db)
    try:
        open_windows(server.url, 8)
        kiosk = {"Authorization": f"Bearer {tokens['k']}"}
        caller = {"Authorization": f"Bearer {tokens['c']}"}
        body = json_body({"service": "SVC_A"})

        async def go() -> None:
            for clients in (1, 8):
                r = await run_phase(
                    "health", server.url, lambda i, n: ("GET", f"{API}/health", {}, None), clients, 3, 10**6
                )
                print(f"health  {clients}c {r.rate:7.0f}/s p50 {r.p50:5.1f} ms p99 {r.p99:5.1f} ms {r.statuses}")
                r = await run_phase(
                    "issue", server.url, lambda i, n: ("POST", f"{API}/tickets", kiosk, body), clients, 3, 10**6
                )
                print(f"issue   {clients}c {r.rate:7.0f}/s p50 {r.p50:5.1f} ms p99 {r.p99:5.1f} ms {r.statuses}")
                r = await run_phase(
                    "call",
                    server.url,
                    lambda i, n: ("POST", f"{API}/windows/{i % 8 + 1}/call-next", caller, None),
                    clients,
                    3,
                    10**6,
                )
                print(f"call    {clients}c {r.rate:7.0f}/s p50 {r.p50:5.1f} ms p99 {r.p99:5.1f} ms {r.statuses}")

        asyncio.run(go())
        print(f"rss {server.rss_mb():.0f} MB")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
