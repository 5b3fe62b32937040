"""Issue 15, item 14: SIGTERM with 500 subscribers exits within 2 s and without a traceback."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.support.hall import provision, write_hall_file
from tests.support.server_process import ServerProcess

pytestmark = pytest.mark.slow
SUBSCRIBERS = 500


async def _subscribe(url: str, count: int) -> list[ClientConnection]:
    """`count` hall screens on the event stream, each having received its snapshot."""
    streams = []
    for start in range(0, count, 50):
        batch = await asyncio.gather(*(connect(url, max_queue=None) for _ in range(min(50, count - start))))
        for stream in batch:
            await asyncio.wait_for(stream.recv(), timeout=30)  # the snapshot
        streams.extend(batch)
    return streams


def test_sigterm_with_500_subscribers_exits_quickly_and_cleanly(tmp_path: Path) -> None:
    hall = write_hall_file(tmp_path, prefix="shutdown").path
    db = f"sqlite:///{tmp_path / 'shutdown.db'}"
    provision(db, hall, [])
    server = ServerProcess(hall, db).start()
    url = f"ws://127.0.0.1:{server.port}/api/v1/events"

    async def scenario() -> float:
        streams = await _subscribe(url, SUBSCRIBERS)
        assert server.proc is not None
        started = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(server.proc.wait, 30)
        elapsed = time.monotonic() - started
        for stream in streams:
            await stream.close()
        return elapsed

    try:
        elapsed = asyncio.run(scenario())
    finally:
        server.stop()
    rest = []
    while (line := server.lines.get(timeout=10)) is not None:  # the rest of its log, up to its end
        rest.append(line)
    log = "".join(server.log + rest)
    assert elapsed < 2.0, f"took {elapsed:.1f} s to stop"
    assert "Traceback" not in log, log[-3000:]
