"""The live stream against a real server: kill -9 and restart mid-stream, and the client's event log still
equals the server's, with no gap and no duplicate, and its HallMirror equals the server's hall."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from websockets.sync.client import connect

from client.api import HallApi
from client.errors import ApiError
from client.events import EventStream, events_url
from client.state import HallMirror
from jiaohao.wire.models import Event, Snapshot
from tests.client.client_helpers import LiveHall
from tests.support.server_process import ServerProcess

pytestmark = pytest.mark.slow


def server_log(url: str, since: int, last: int) -> list[dict[str, Any]]:
    """What a fresh subscriber with `since` reads from the server, up to `last`."""
    messages: list[dict[str, Any]] = []
    if last <= since:
        return messages
    with connect(events_url(url, since, None), open_timeout=5) as ws:
        while True:
            message = json.loads(ws.recv(timeout=10))
            assert message.get("type") != "snapshot", "test hall replays up to 100 events; keep the test under it"
            messages.append(message)
            if message["seq"] >= last:
                return messages


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

        restarted = ServerProcess(live_hall.config_path, live_hall.db_url, port=live_hall.server.port).start()
        live_hall.server = restarted  # the fixture stops whatever runs now
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
    expected = server_log(live_hall.url, first, hall.seq)
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
    stream = EventStream(live_hall.url, window=2)
    events: list[Event] = []
    stream.eventReceived.connect(events.append)
    with HallApi(live_hall.url) as staff, HallApi(live_hall.url, live_hall.tokens["kiosk"]) as kiosk:
        try:
            with qtbot.waitSignal(stream.snapshotReceived, timeout=10_000):
                stream.start()
            staff.token = staff.login("1001", "1111", 2).token
            kiosk.issue_ticket("SVC_A")
            staff.call_next(2)
            qtbot.waitUntil(lambda: any(e.type == "ticket.called" for e in events), timeout=10_000)
        finally:
            stream.stop()
    assert all(getattr(e.data, "window", 2) in (2, None) for e in events)
    assert [e.seq for e in events] == sorted({e.seq for e in events})
