"""Every kind of device tells a real server how it is: the pad (evaluator connected), the hall screen (voice
pack loaded), the caller PC and the keypad hub (bus open, keypads answering). The supervisor's device list
shows each as online or degraded with its reason, within seconds of the front-end starting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from caller.app import build_caller
from caller.hub import BusHub
from client.api import HallApi
from client.settings import DeviceSettings
from display.app import DisplayApp
from display.voice import VoiceOptions
from drivers.bus import Bus, BusSimulator
from drivers.bus.ptypair import PtyPair
from drivers.voice import VoicePack, VoicePackError
from pad.runtime import PadOptions, PadRuntime
from tests.display.display_support import RecordingPlayer, tone_pack
from tests.support.hall import MORNING
from tests.support.live import LiveHall, start_live_hall

pytestmark = pytest.mark.slow

DEVICES = [
    ("kiosk", "kiosk", []),
    ("display", "hall-screen", []),
    ("display", "window1-screen", [1]),
    ("pad", "pad3", [3]),
    ("pad", "pad2", [2]),
    ("caller", "pc1", [1]),
    ("caller", "hub12", [1, 2]),
    ("caller", "hub-unplugged", [1]),
]
WAIT_MS = 15_000
NO_PORT = "serial:///dev/jiaohao-no-such-port"


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHall]:
    with start_live_hall(tmp_path_factory.mktemp("health"), DEVICES, prefix="health", clock=MORNING) as live:
        yield live


def listed(hall: LiveHall) -> dict[str, dict[str, Any]]:
    with hall.supervisor() as api:
        return {d["name"]: d for d in api.request("GET", "/devices").json()}


def wait_health(qtbot: QtBot, hall: LiveHall, name: str, health: str, detail: str = "") -> dict[str, Any]:
    """The device as listed once it shows `health` with `detail` in its reason (the first report may be
    "starting": a screen still loading its voice pack)."""
    seen: dict[str, Any] = {}

    def reported() -> bool:
        seen.update(listed(hall)[name])
        return seen["health"] == health and detail in (seen["detail"] or "")

    qtbot.waitUntil(reported, timeout=WAIT_MS)
    return seen


def settings(hall: LiveHall, role: str, token: str, window: int | None, bus: str | None = None) -> DeviceSettings:
    return DeviceSettings(role=role, server=hall.url, token=hall.tokens[token], window=window, bus=bus)


def test_pads_report_their_evaluator(qtbot: QtBot, hall: LiveHall, tmp_path: Path) -> None:
    touch = PadRuntime(settings(hall, "pad", "pad3", 3), PadOptions(window=3, data_dir=tmp_path / "p3"))
    unplugged = PadRuntime(
        settings(hall, "pad", "pad2", 2, bus=NO_PORT), PadOptions(window=2, data_dir=tmp_path / "p2", bus_addr=5)
    )
    assert listed(hall)["pad3"]["health"] == "offline"  # never heard from before it starts
    touch.start()
    unplugged.start()
    try:
        assert wait_health(qtbot, hall, "pad3", "online", "触摸屏评价")["detail"] == "触摸屏评价"
        wait_health(qtbot, hall, "pad2", "degraded", "评价器未连接")
    finally:
        touch.stop()
        unplugged.stop()


def _broken_pack(_options: VoiceOptions) -> VoicePack:
    raise VoicePackError("voice pack folder is empty", "语音包目录为空")


def test_screens_report_their_voice_pack(qtbot: QtBot, hall: LiveHall, tmp_path: Path) -> None:
    speaking = DisplayApp(
        settings(hall, "display", "hall-screen", None),
        voice=VoiceOptions(pack_dir=tone_pack(tmp_path / "tones")),
        player=RecordingPlayer(),
    )
    mute = DisplayApp(
        settings(hall, "display", "window1-screen", 1),
        voice=VoiceOptions(pack_dir=tmp_path / "none"),
        player=RecordingPlayer(),
        loader=_broken_pack,
    )
    speaking.start()
    mute.start()
    try:
        assert wait_health(qtbot, hall, "hall-screen", "online", "语音包已加载")["detail"] == "语音包已加载"
        wait_health(qtbot, hall, "window1-screen", "degraded", "语音包目录为空")
    finally:
        speaking.stop()
        mute.stop()


def test_a_screen_without_a_token_needs_none_and_is_not_listed(qtbot: QtBot, hall: LiveHall) -> None:
    before = set(listed(hall))
    screen = DisplayApp(DeviceSettings(role="display", server=hall.url))
    screen.start()
    try:
        qtbot.waitUntil(lambda: screen.connection.state.ready, timeout=WAIT_MS)
        assert set(listed(hall)) == before
    finally:
        screen.stop()


def test_a_caller_pc_reports_with_its_device_token_before_any_clerk_logs_in(qtbot: QtBot, hall: LiveHall) -> None:
    caller = build_caller(settings(hall, "caller", "pc1", 1))
    qtbot.addWidget(caller)
    try:
        assert not caller.model.logged_in
        assert wait_health(qtbot, hall, "pc1", "online", "叫号器")["detail"] == "叫号器运行中"
    finally:
        caller.close()


def test_the_keypad_hub_reports_its_bus_and_keypads(qtbot: QtBot, hall: LiveHall) -> None:
    pair = PtyPair.socat()
    simulator = BusSimulator(pair.device).start()  # echoes each number shown, as hall keypads do
    try:
        with HallApi(hall.url, hall.tokens["hub12"]) as api, HallApi(hall.url, hall.tokens["hub-unplugged"]) as lost:
            hub = BusHub(api, Bus.from_uri(pair.host_path), {1: 1, 2: 2}, heartbeat_tick_s=0.2)
            unplugged = BusHub(lost, Bus.from_uri(NO_PORT), {1: 1}, heartbeat_tick_s=0.2)
            hub.start()
            unplugged.start()
            try:
                wait_health(qtbot, hall, "hub12", "online", "总线已打开，1、2 号窗口键盘应答正常")
                wait_health(qtbot, hall, "hub-unplugged", "degraded", "总线未打开")
            finally:
                hub.stop()
                unplugged.stop()
    finally:
        simulator.stop()
        pair.close()
