"""The live event stream: order, resume with `since=`, snapshots, and the window filter."""

from __future__ import annotations

import json
from typing import Any

from jiaohao.domain.clock import ManualClock
from jiaohao.domain.config import HallConfig
from tests.support.harness import API, HallHarness


def receive(ws: Any, n: int) -> list[dict[str, Any]]:
    return [json.loads(ws.receive_text()) for _ in range(n)]


def test_every_change_is_an_event_in_sequence(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    start = hall.hall()["seq"]
    with hall.client.websocket_connect(f"{API}/events?since={start}") as ws:
        hall.issued("SVC_A")
        hall.act(1, "call-next", clerk)
        hall.act(1, "finish", clerk)
        events = receive(ws, 8)
    types = [e["type"] for e in events]
    assert types == [
        "ticket.issued",
        "hall.counts",
        "ticket.called",
        "hall.counts",
        "window.updated",
        "ticket.finished",
        "rating.requested",
        "window.updated",
    ]
    assert [e["seq"] for e in events] == list(range(start + 1, start + 9))
    called = events[2]["data"]
    assert (called["number"], called["window"], called["window_name"], called["recall"]) == ("A001", 1, "1号窗口", 0)
    assert events[6]["data"] == {
        "window": 1,
        "ticket_id": called["id"],
        "number": "A001",
        "service": "SVC_A",
        "service_name": "业务A",
        "staff_no": "1001",
        "reasons": ["服务态度", "办事效率", "业务水平", "一次性告知不到位", "环境设施", "其他"],
    }


def test_a_reconnecting_client_gets_exactly_what_it_missed(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    with hall.client.websocket_connect(f"{API}/events?since={hall.hall()['seq']}") as ws:
        hall.issued("SVC_A")
        seen = receive(ws, 2)
    last_seen = seen[-1]["seq"]
    # While disconnected: three more tickets and a call.
    for _ in range(3):
        hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    with hall.client.websocket_connect(f"{API}/events?since={last_seen}") as ws:
        missed = receive(ws, 9)
        hall.issued("SVC_B", holder_id="x")
        live = receive(ws, 2)
    seqs = [e["seq"] for e in missed + live]
    assert seqs == list(range(last_seen + 1, last_seen + 12))
    assert [e["data"]["number"] for e in missed if e["type"] == "ticket.issued"] == ["A002", "A003", "A004"]
    assert live[0]["data"]["number"] == "B0001"


def test_no_since_or_a_foreign_since_gets_a_snapshot(hall: HallHarness) -> None:
    hall.issued("SVC_A")
    with hall.client.websocket_connect(f"{API}/events") as ws:
        snap = json.loads(ws.receive_text())
    assert snap["type"] == "snapshot" and snap["seq"] == hall.hall()["seq"]
    assert next(s for s in snap["hall"]["services"] if s["code"] == "SVC_A")["waiting"] == 1
    with hall.client.websocket_connect(f"{API}/events?since=999999") as ws:
        assert json.loads(ws.receive_text())["type"] == "snapshot"


def test_a_since_too_old_to_replay_gets_a_snapshot_then_live_events(hall: HallHarness) -> None:
    for _ in range(60):  # 120 events; the test hall replays at most 100
        hall.issued("SVC_A")
    with hall.client.websocket_connect(f"{API}/events?since=0") as ws:
        snap = json.loads(ws.receive_text())
        assert snap["type"] == "snapshot"
        hall.issued("SVC_A")
        nxt = json.loads(ws.receive_text())
    assert nxt["seq"] == snap["seq"] + 1 and nxt["data"]["number"] == "A061"


def test_window_filter_passes_that_window_and_hall_wide_events(hall: HallHarness) -> None:
    w1 = hall.login("1001", "1111", window=1)
    w2 = hall.login("1002", "2222", window=2)
    hall.issued("SVC_A")
    hall.issued("SVC_A")
    with hall.client.websocket_connect(f"{API}/events?since={hall.hall()['seq']}&window=2") as ws:
        hall.act(1, "call-next", w1)  # ticket.called(w1), hall.counts, window.updated(w1)
        hall.act(2, "call-next", w2)  # ticket.called(w2), hall.counts, window.updated(w2)
        got = receive(ws, 4)
    assert [(e["type"], e["data"].get("window", e["data"].get("number"))) for e in got] == [
        ("hall.counts", None),
        ("ticket.called", 2),
        ("hall.counts", None),
        ("window.updated", 2),
    ]


def test_bad_since_is_refused(hall: HallHarness) -> None:
    import pytest
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect) as info, hall.client.websocket_connect(f"{API}/events?since=abc") as ws:
        ws.receive_text()
    assert info.value.code == 1008


def test_the_log_goes_on_gapless_after_a_restart(hall_config: HallConfig, clock: ManualClock, db_url: str) -> None:
    """A display that reconnects with `since=` after the server restarted reads one gapless log, and the first
    event of the new process follows the last of the old one."""
    with HallHarness.start(hall_config, clock, db_url) as first:
        clerk = first.login("1001", "1111", window=1)
        first.issued("SVC_A")
        first.act(1, "call-next", clerk)
        before = first.hall()["seq"]
    with HallHarness.start(hall_config, clock, db_url, generation=1) as second:
        second.issued("SVC_A")
        second.act(1, "call-next", clerk)  # the clerk's session outlives the restart
        log = second.events_since(0)
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    issued = [e["data"]["number"] for e in log[before:] if e["type"] == "ticket.issued"]
    assert issued == ["A002"], "the new process goes on with the numbers too"
