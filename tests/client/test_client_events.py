"""The live stream against a real server: kill -9 and restart mid-stream, and the client's event log still
equals the server's, with no gap and no duplicate, and its HallMirror equals the server's hall."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from client.api import HallApi
from client.errors import ApiError
from client.events import EventStream
from client.state import HallMirror
from jiaohao.wire.models import Event, Snapshot
from tests.support.event_log import read_log
from tests.support.live import LiveHall

pytestmark = pytest.mark.slow


class Kiosk(threading.Thread):
    """Issues tickets back to back until told to stop or the server goes away."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(daemon=True)
        self.api = HallApi(url, token, timeout=2)
        self.stop = threading.Event()
        self.issued = 0

    def run(self) -> None:
        with self.api:
            while not self.stop.is_set():
                try:
                    self.api.issue_ticket("SVC_A")
                except ApiError as err:
                    assert err.is_network, err
                    return
                self.issued += 1
                self.stop.wait(0.05)  # pacing, so the test stays well under the server's replay limit


def test_kill_9_and_restart_mid_stream_keeps_the_log_equal_to_the_servers(qtbot: QtBot, live_hall: LiveHall) -> None:
    stream = EventStream(live_hall.url, ping_interval=1.0, ping_timeout=1.0)
    state = HallMirror()
    received: list[Event] = []
    snapshots: list[Snapshot] = []
    stream.snapshotReceived.connect(lambda s: (snapshots.append(s), state.apply_snapshot(s)))
    stream.eventReceived.connect(lambda e: (received.append(e), state.apply_event(e)))
    restored: list[bool] = []
    stream.connectionRestored.connect(lambda: restored.append(True))
    kiosk_api = HallApi(live_hall.url, live_hall.tokens["kiosk"])
    staff = HallApi(live_hall.url)
    try:
        with qtbot.waitSignal(stream.snapshotReceived, timeout=10_000):
            stream.start()
        staff.token = staff.login("1001", "1111", 1).token
        for _ in range(3):
            kiosk_api.issue_ticket("SVC_A")
        staff.call_next(1)
        qtbot.waitUntil(lambda: len(received) >= 8, timeout=10_000)

        kiosk = Kiosk(live_hall.url, live_hall.tokens["kiosk"])
        kiosk.start()
        seen = len(received)
        qtbot.waitUntil(lambda: len(received) >= seen + 4, timeout=10_000)  # mid-stream
        with qtbot.waitSignal(stream.connectionLost, timeout=10_000):
            live_hall.server.kill9()
        kiosk.stop.set()
        kiosk.join(10)

        live_hall.restart()  # same port and database; the fixture stops whatever runs at the end
        qtbot.waitUntil(lambda: stream.is_online, timeout=3_000)  # ≤ 3 s stale once the server is back
        qtbot.waitUntil(lambda: restored == [True], timeout=5_000)
        staff.start(1)
        staff.finish(1)
        kiosk_api.issue_ticket("SVC_B", holder_id="13900000000")
        hall = staff.hall()
        qtbot.waitUntil(lambda: state.seq == hall.seq, timeout=10_000)
    finally:
        stream.stop()
        kiosk_api.close()

    assert len(snapshots) == 1, "a resumed stream replays events, it needs no second snapshot"
    first = snapshots[0].seq
    seqs = [e.seq for e in received]
    assert seqs == list(range(first + 1, hall.seq + 1)), "gap or duplicate in the client's log"
    expected = read_log(live_hall.url, first, hall.seq)
    assert [e.model_dump(mode="json") for e in received] == [
        Event.model_validate(m).model_dump(mode="json") for m in expected
    ]
    # The state the client built from snapshot + events is the server's own view of the hall.
    assert state.hall is not None
    assert state.hall.windows == hall.windows
    assert [(s.code, s.waiting, s.issued_today) for s in state.hall.services] == [
        (s.code, s.waiting, s.issued_today) for s in hall.services
    ]
    staff.close()


def test_a_window_filtered_stream_resumes_without_counting_skipped_seqs_as_gaps(
    qtbot: QtBot, live_hall: LiveHall
) -> None:
    """A window screen's stream carries its own window's events and the hall-wide ones, exactly those of the
    server's log, in order: the seqs it skips are other windows' events, not gaps to reconnect for."""
    stream = EventStream(live_hall.url, window=2)
    events: list[Event] = []
    snapshots: list[Snapshot] = []
    stream.snapshotReceived.connect(snapshots.append)
    stream.eventReceived.connect(events.append)
    connected: list[bool] = []
    stream.connected.connect(lambda: connected.append(True))
    with HallApi(live_hall.url) as staff, HallApi(live_hall.url) as other, live_hall.api() as kiosk:
        try:
            with qtbot.waitSignal(stream.snapshotReceived, timeout=10_000):
                stream.start()
            other.token = other.login("1001", "1111", 1).token
            staff.token = staff.login("1002", "2222", 2).token
            kiosk.issue_ticket("SVC_A")
            kiosk.issue_ticket("SVC_A")
            other.call_next(1)  # window 1's call: not for this screen
            staff.call_next(2)
            last = staff.hall().seq
            qtbot.waitUntil(lambda: any(e.type == "ticket.called" for e in events), timeout=10_000)
            qtbot.waitUntil(lambda: bool(events) and events[-1].seq == last, timeout=10_000)
        finally:
            stream.stop()

    def window_of(e: dict[str, Any]) -> Any:
        return e["data"].get("window", e["data"]["number"] if e["type"] == "window.updated" else None)

    log = read_log(live_hall.url, snapshots[0].seq, last)
    assert any(window_of(e) == 1 for e in log), "the test must give the filter something to keep out"
    assert [e.seq for e in events] == [e["seq"] for e in log if window_of(e) in (2, None)]
    assert connected == [True], "a skipped seq of another window is not a gap: the stream never reconnected"
