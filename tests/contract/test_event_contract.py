"""Contract from server to clients: real event streams, recorded from the real server over two business days
(a service capped and reopened the next morning, one closed by the clock, a reconnect that replays events the
client already had, calls at the window a rating pad watches), replayed into the client's hall state, the
kiosk, the hall screen and the rating pad, each built as its app builds it. After the replay each shows the
hall as `GET /hall` does.

Nothing here is written by hand: if the server adds, renames or drops a field, these tests see it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from client.settings import DeviceSettings
from client.state import HallMirror, StateChange
from display.app import DisplayApp
from jiaohao.domain.clock import ManualClock
from jiaohao.wire.models import HallOut, WindowOut
from kiosk.app import build_kiosk
from pad.runtime import PadOptions, PadRuntime
from tests.support.hall import MORNING
from tests.support.server_process import free_port
from tests.support.streams import Recording, parse, record_two_days, replay

# The clients are never started: nothing connects; the recorded messages arrive as the live stream delivers them.
NOWHERE = f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="module")
def recorded() -> Recording:
    return record_two_days()


def services(hall: HallOut) -> list[tuple[Any, ...]]:
    """What a kiosk and a hall screen show of each service."""
    return [(s.code, s.waiting, s.est_wait_min, s.issued_today, s.open, s.closed_reason) for s in hall.services]


def windows(hall: HallOut) -> list[WindowOut]:
    return sorted(hall.windows, key=lambda w: w.number)


def test_the_recording_has_what_the_contract_is_about(recorded: Recording) -> None:
    """The streams really hold the cases: else the replays below would prove little."""
    seqs = [parse(m).seq for m in recorded.hall_wide]
    assert len(seqs) > len(set(seqs)), "no event was replayed twice after the reconnect"
    types = [e["type"] for e in recorded.log]
    assert "day.started" in types
    counts = [e["data"]["services"] for e in recorded.log if e["type"] == "hall.counts"]
    assert any(c.get("SVC_C", {}).get("closed_reason") == "今日号源已取完" for c in counts)
    assert any(c.get("SVC_A", {}).get("closed_reason") == "不在取号时间" for c in counts)
    assert any(c.get("SVC_C", {}).get("open") is True and c["SVC_C"]["issued_today"] == 0 for c in counts)
    pad_types = {parse(m).type for m in recorded.window_1[1:]}
    assert {"ticket.called", "rating.requested", "window.updated", "hall.counts"} <= pad_types
    windows_seen = {e["data"].get("window") for e in map(lambda m: parse(m).model_dump(), recorded.window_1[1:])}
    assert windows_seen <= {1, None}, "the pad's stream carries another window's events"


def test_the_clients_hall_state_ends_as_the_servers_hall(recorded: Recording) -> None:
    state = HallMirror()
    replay(recorded.hall_wide, state.apply_snapshot, state.apply_event)
    assert state.hall is not None
    assert state.seq == state.hall.seq == recorded.hall.seq
    assert services(state.hall) == services(recorded.hall)
    assert windows(state.hall) == windows(recorded.hall)
    assert state.hall.notice == recorded.hall.notice
    assert state.hall.business_day == recorded.hall.business_day


def test_a_replayed_event_is_applied_once(recorded: Recording) -> None:
    """The reconnect replayed events the client had: each reaches the client's listeners (screens) once."""
    state = HallMirror()
    applied: list[StateChange] = []
    state.subscribe(applied.append)
    replay(recorded.hall_wide, state.apply_snapshot, state.apply_event)
    assert [c.seq for c in applied if c.event is not None] == [e["seq"] for e in recorded.log]


@pytest.fixture
def kiosk(qtbot: QtBot) -> Iterator[Any]:
    built = build_kiosk(DeviceSettings(role="kiosk", server=NOWHERE, token="unused"), clock=lambda: 0.0)
    qtbot.addWidget(built.window)
    yield built
    built.controller.connection.stop()


def test_the_kiosk_offers_what_the_server_offers(recorded: Recording, kiosk: Any) -> None:
    """The next morning 业务C is open again (its cap is per day) and 业务A reopened with the hall."""
    events = kiosk.controller.connection.events
    events.connected.emit()  # as the stream says after its handshake
    replay(recorded.hall_wide, events.snapshotReceived.emit, events.eventReceived.emit)
    assert kiosk.model.accepting
    tiles = [(t.code, t.waiting, t.est_wait_min, t.open, t.closed_reason) for t in kiosk.model.tiles()]
    assert tiles == [(s.code, s.waiting, s.est_wait_min, s.open, s.closed_reason) for s in recorded.hall.services]
    kiosk.window.refresh()
    buttons = kiosk.window.start.grid.buttons
    assert {code: button.isEnabled() for code, button in buttons.items()} == {
        s.code: s.open for s in recorded.hall.services
    }, "a service the server offers must be a button a citizen can press"


@pytest.fixture
def display(qtbot: QtBot) -> Iterator[DisplayApp]:
    app = DisplayApp(DeviceSettings(role="display", server=NOWHERE), clock=ManualClock(MORNING))
    qtbot.addWidget(app.screen)
    yield app
    app.connection.stop()


def test_the_hall_screen_shows_what_the_server_shows_and_each_call_once(
    recorded: Recording, display: DisplayApp
) -> None:
    events = display.connection.events
    replay(recorded.hall_wide, events.snapshotReceived.emit, events.eventReceived.emit)
    assert windows(HallOut.model_validate(display.model.hall.model_dump())) == windows(recorded.hall)  # type: ignore[union-attr]
    assert [(s.code, s.waiting, s.est_wait_min) for s in display.model.services()] == [
        (s.code, s.waiting, s.est_wait_min) for s in recorded.hall.services
    ]
    calls = [e["data"] for e in reversed(recorded.log) if e["type"] == "ticket.called"]
    shown = [(c.number, c.window, c.recall) for c in display.model.calls]
    assert shown == [(c["number"], c["window"], c["recall"]) for c in calls][: len(shown)]
    assert len(shown) == min(len(calls), display.model.calls.maxlen or len(calls))


@pytest.fixture
def pad(qtbot: QtBot, tmp_path: Any) -> Iterator[PadRuntime]:
    settings = DeviceSettings(role="pad", server=NOWHERE, token="unused", window=1)
    runtime = PadRuntime(settings, PadOptions(window=1, data_dir=tmp_path))
    yield runtime
    runtime.stop()


def test_the_rating_pad_knows_its_window_and_asks_for_the_service_that_ended_there(
    recorded: Recording, pad: PadRuntime
) -> None:
    events = pad.connection.events
    replay(recorded.window_1, events.snapshotReceived.emit, events.eventReceived.emit)
    server_window = next(w for w in recorded.hall.windows if w.number == 1)
    assert pad.connection.state.window(1) == server_window
    card = pad.model.staff
    assert (card.staff_no, card.staff_name, card.open) == (server_window.staff_no, server_window.staff_name, True)
    requests = [e["data"] for e in recorded.log if e["type"] == "rating.requested" and e["data"]["window"] == 1]
    asked = pad.model.last_request
    assert asked is not None and (asked.ticket_id, asked.number) == (requests[-1]["ticket_id"], requests[-1]["number"])
    state = pad.connection.state.hall
    assert state is not None and services(state) == services(recorded.hall)
