"""Keypads and signs on a socat pty: the caller's own keypad, and the `jiaohao bus` hub for several windows."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from pytestqt.qtbot import QtBot

from caller.cli import bus as bus_command
from caller.hub import BusHub, HubError
from client.api import HallApi
from client.errors import ApiError
from drivers.bus import Bus, BusSimulator
from drivers.bus.ptypair import PtyPair
from jiaohao.domain.tickets import TicketState
from tests.caller.caller_helpers import MakeCaller, login
from tests.support.live import LiveHall

pytestmark = pytest.mark.slow


@pytest.fixture
def pty() -> Iterator[tuple[PtyPair, BusSimulator]]:
    pair = PtyPair.socat()
    simulator = BusSimulator(pair.device).start()
    try:
        yield pair, simulator
    finally:
        simulator.stop()
        pair.close()


def test_a_keypad_press_calls_on_the_server_and_the_sign_shows_it(
    qtbot: QtBot, make_caller: MakeCaller, kiosk: HallApi, pty: tuple[PtyPair, BusSimulator]
) -> None:
    pair, sim = pty
    caller = make_caller(1, bus=pair.host_path, bus_addr=1)
    login(qtbot, caller)
    qtbot.waitUntil(lambda: caller.keypad is not None and caller.keypad.connected, timeout=10_000)
    kiosk.issue_ticket("SVC_A")
    kiosk.issue_ticket("SVC_A")

    sim.press(1, "call")
    qtbot.waitUntil(lambda: caller.model.current is not None and caller.model.current.number == "A001", timeout=10_000)
    assert sim.wait_for(lambda: sim.device(1).showing == "001" and sim.device(1).beeps >= 1)
    assert kiosk.hall().windows[0].serving == "A001"

    sim.press(1, "6", "confirm")  # 过号
    qtbot.waitUntil(lambda: caller.model.current is None, timeout=10_000)
    assert sim.wait_for(lambda: sim.device(1).showing is None)

    sim.press(1, "call")
    qtbot.waitUntil(lambda: caller.model.current is not None and caller.model.current.number == "A002", timeout=10_000)
    sim.press(1, "0", "confirm")  # 挂起, then 3 + 确认 calls it back
    qtbot.waitUntil(lambda: caller.model.current is None, timeout=10_000)
    qtbot.waitUntil(lambda: caller.model.waiting.latest_held() is not None)
    sim.press(1, "3", "confirm")
    qtbot.waitUntil(lambda: caller.model.current is not None and caller.model.current.number == "A002", timeout=10_000)
    assert caller.model.current.state is TicketState.CALLED
    assert sim.wait_for(lambda: sim.device(1).showing == "002" and sim.device(1).beeps >= 3)


def _open_windows(hall: LiveHall, *windows: int) -> None:
    # A caller device acts for a window whose clerk has logged in (the server's rule).
    with HallApi(hall.url) as clerk:
        for window, (no, pin) in zip(windows, [("1001", "1111"), ("1002", "2222"), ("1003", "3333")], strict=False):
            clerk.login(no, pin, window)


def test_the_hub_acts_for_its_mapped_windows_only(
    caller_hall: LiveHall, kiosk: HallApi, pty: tuple[PtyPair, BusSimulator]
) -> None:
    pair, sim = pty
    _open_windows(caller_hall, 1, 2, 3)
    token = caller_hall.tokens["hub12"]  # issued for windows 1 and 2

    with HallApi(caller_hall.url, token) as api:
        refused = BusHub(api, Bus.from_uri(pair.host_path), {1: 1, 3: 3})
        with pytest.raises(HubError, match="3 号窗口"):
            refused.check_windows()
    # A kiosk's token acts on no window.
    with HallApi(caller_hall.url, caller_hall.tokens["kiosk"]) as api, pytest.raises(HubError, match="无权操作 1 号"):
        BusHub(api, Bus.from_uri(pair.host_path), {1: 1}).check_windows()
    with HallApi(caller_hall.url, "not-a-token") as api, pytest.raises(ApiError) as wrong:
        BusHub(api, Bus.from_uri(pair.host_path), {1: 1}).check_windows()
    assert wrong.value.is_unauthorized

    kiosk.issue_ticket("SVC_A")
    kiosk.issue_ticket("SVC_B", holder_id="13800000000")
    events: list[str] = []
    done, bus_open = threading.Event(), threading.Event()

    def record(text: str) -> None:
        events.append(text)
        if text == "总线已连接":
            bus_open.set()
        if sum("叫号" in e for e in events) >= 2:
            done.set()

    with HallApi(caller_hall.url, token) as api:
        hub = BusHub(api, Bus.from_uri(pair.host_path), {1: 1, 2: 2}, {21: 2}, on_event=record)
        hub.check_windows()
        hub.start()
        try:
            # pyserial empties the input buffer when it opens the port: press only once the hub has it open.
            assert bus_open.wait(10), events
            sim.press(1, "call")
            sim.press(2, "call")
            sim.press(3, "call")  # a keypad nobody mapped: acknowledged by the bus, no action
            assert done.wait(10), events
            assert sim.wait_for(lambda: sim.device(1).showing == "001" and sim.device(21).showing is not None)
            hall = kiosk.hall()
            assert {hall.windows[0].serving, hall.windows[1].serving} == {"A001", "B0001"}
            assert hall.windows[2].serving is None
            assert sim.device(1).beeps == 1 and sim.device(2).beeps == 1 and sim.device(3).beeps == 0
        finally:
            hub.stop()


def test_the_bus_command_refuses_a_window_outside_its_token(caller_hall: LiveHall) -> None:
    _open_windows(caller_hall, 1, 2, 3)
    args = ["--server", caller_hall.url, "--token", caller_hall.tokens["hub12"], "--bus", "loop://"]
    result = CliRunner().invoke(bus_command, [*args, "--map", "1=1", "--map", "5=3"])
    assert result.exit_code != 0
    assert "无权操作 3 号窗口" in result.output
