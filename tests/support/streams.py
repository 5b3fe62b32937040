"""Real event streams, recorded from the real server for the contract tests, and replayed into the clients.

`record_two_days()` runs the in-process server through two business days with the clients' own view open
(a hall-wide stream, and the window-1 stream a rating pad reads) and keeps every message exactly as it
arrived: the first snapshot, the events, and after a reconnect with an older `since` the replayed ones again.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from jiaohao.domain.clock import ManualClock
from jiaohao.wire.models import Event, HallOut, Snapshot

from .hall import MORNING, sqlite_database, write_hall_file
from .harness import API, HallHarness

# SVC_A takes tickets 08:30-17:00 only; SVC_C stops at its cap of 5 a day; sessions outlive the night.
HALL_CHANGES = {
    "services": {"SVC_A": {"hours": '["08:30-17:00"]'}},
    "policy": {"staff_token_hours": "48", "snapshot_after_events": "100000"},
}
OVERLAP = 5  # events replayed twice after the reconnect


@dataclass
class Recording:
    hall_wide: list[str]  # what a hall screen or kiosk received, in order (with the replayed overlap)
    window_1: list[str]  # what the rating pad of window 1 received (`?window=1`)
    hall: HallOut  # `GET /hall` once everything had happened
    log: list[dict[str, Any]]  # the server's event log after the first snapshot, each event once


def parse(message: str) -> Snapshot | Event:
    data = json.loads(message)
    return Snapshot.model_validate(data) if data.get("type") == "snapshot" else Event.model_validate(data)


def replay(messages: list[str], on_snapshot: Any, on_event: Any) -> None:
    """Deliver each message as the live stream delivers it (snapshot, or event)."""
    for message in messages:
        item = parse(message)
        if isinstance(item, Snapshot):
            on_snapshot(item)
        else:
            on_event(item)


class _Stream:
    """One client's connection(s) to `WS /events`, keeping every message it received."""

    def __init__(self, harness: HallHarness, query: str = "") -> None:
        self.harness = harness
        self.query = query
        self.messages: list[str] = []
        self.seen = 0
        self._session: Any = None
        self._ws: Any = None

    def open(self, since: int | None = None) -> None:
        params = [p for p in (self.query, f"since={since}" if since is not None else "") if p]
        self._session = self.harness.client.websocket_connect(f"{API}/events?{'&'.join(params)}")
        self._ws = self._session.__enter__()
        if since is not None:
            self.seen = since

    def receive(self) -> dict[str, Any]:
        text = self._ws.receive_text()
        self.messages.append(text)
        data: dict[str, Any] = json.loads(text)
        self.seen = max(self.seen, int(data["seq"]))
        return data

    def drain(self, until: int) -> None:
        """Receive up to the hall's seq `until` (for a window's stream, that event must concern every window)."""
        while self.seen < until:
            self.receive()

    def close(self) -> None:
        self._session.__exit__(None, None, None)


def record_two_days(folder: Path | None = None) -> Recording:
    with tempfile.TemporaryDirectory(prefix="jiaohao-streams-") as scratch:
        where = folder or Path(scratch)
        hall_file = write_hall_file(where, prefix="contract", **HALL_CHANGES)  # type: ignore[arg-type]
        db_url = sqlite_database(where, hall_file.config)
        clock = ManualClock(MORNING)
        with HallHarness.start(hall_file.config, clock, db_url) as hall:
            return _script(hall)


def _script(hall: HallHarness) -> Recording:
    wide, pad = _Stream(hall), _Stream(hall, "window=1")
    wide.open()
    pad.open()
    first = wide.receive()["seq"]  # the snapshot
    pad.receive()

    def sync() -> int:
        seq = int(hall.hall()["seq"])
        wide.drain(seq)
        return seq

    clerk1 = hall.login("1001", "1111", window=1)
    clerk2 = hall.login("1002", "2222", window=2)
    pad_token = hall.device("pad", [1])
    for _ in range(3):
        hall.issued("SVC_A")
    hall.issued("SVC_B", channel="green", holder_id="13800000001")
    hall.issued("SVC_B", holder_id="13800000002")
    for _ in range(5):
        hall.issued("SVC_C")  # the day's cap: the kiosks grey the button
    assert hall.issue("SVC_C").status_code == 409

    served = hall.act(1, "call-next", clerk1).json()["ticket"]  # the green-channel ticket goes first
    for action in ("recall", "start", "finish"):
        assert hall.act(1, action, clerk1).status_code == 200
    rated = hall.client.post(f"{API}/ratings", json={"ticket_id": served["id"], "level": 5}, headers=pad_token)
    assert rated.status_code == 201, rated.text
    assert hall.act(1, "call-next", clerk1).status_code == 200  # ticket.called at the pad's window
    assert hall.act(2, "call-next", clerk2).status_code == 200
    moved = hall.act(2, "transfer", clerk2, window=1, position="front")
    assert moved.status_code == 200, moved.text
    assert hall.act(2, "pause", clerk2, reason="午间休息").status_code == 200
    hall.advance(timedelta(hours=2))  # noon
    seq = sync()

    # The screen loses its connection and comes back asking for a few events it already had.
    wide.close()
    wide.open(since=seq - OVERLAP)
    wide.drain(seq)

    hall.set_clock(MORNING + timedelta(hours=7, minutes=30))  # 17:30: 业务A stops taking tickets
    assert hall.act(1, "call-next", clerk1).status_code == 200  # still at the window when the day ends
    hall.issued("SVC_B", holder_id="13800000003")  # still waiting when the day ends
    sync()

    hall.set_clock(MORNING + timedelta(days=1, hours=-1))  # 09:00 next morning: the day turns
    hall.issued("SVC_A")
    hall.issued("SVC_C")  # the cap is today's: C001 again; its hall.counts (not 业务B's) reaches every window
    last = sync()
    pad.drain(last)
    pad.close()
    wide.close()
    return Recording(wide.messages, pad.messages, HallOut.model_validate(hall.hall()), hall.events_since(first))
