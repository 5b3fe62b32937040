"""The hall screen against a real server process: found by zeroconf, a call shown and spoken (recall
marked), a pause shown; after restarts the calls of the gap appear, the young ones spoken once, the old
ones (by the injected clock) shown but not spoken."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from client.api import HallApi
from client.settings import DeviceSettings
from display.app import DisplayApp
from display.window_view import WindowScreen
from jiaohao.domain.clock import ManualClock, SystemClock
from tests.display.conftest import DISPLAY_DEVICES
from tests.display.display_support import build_display
from tests.support.hall import provision, sqlite_database, write_hall_file
from tests.support.live import LiveHall
from tests.support.screenshots import assert_painted, save_screenshot, write_portrait
from tests.support.server_process import ServerProcess

pytestmark = pytest.mark.slow
WAIT_MS = 10_000
FIND_MS = 20_000  # zeroconf: the advertisement is claimed in the background within a few seconds


def staff_at(url: str, window: int) -> HallApi:
    api = HallApi(url)
    api.token = api.login("1001", "1111", window).token
    return api


def test_found_by_zeroconf_a_call_is_shown_and_spoken_and_a_pause_shown(qtbot: QtBot, tmp_path: Path) -> None:
    hall_file = write_hall_file(tmp_path, prefix="display-test")
    config, hall_id, db_url = hall_file.path, hall_file.hall_id, sqlite_database(tmp_path)
    tokens = provision(db_url, config, DISPLAY_DEVICES)
    settings = DeviceSettings(role="display", hall=hall_id, zeroconf_interfaces=("127.0.0.1",))
    app, player, spoken = build_display(settings, tmp_path)
    qtbot.addWidget(app.screen)
    app.screen.resize(1920, 1080)
    app.screen.show()
    app.start()
    assert app.screen.banner.isVisible(), "searching for the server is said on screen"
    assert app.screen.banner.text == "正在查找服务器…"
    server = ServerProcess(config, db_url, extra=["--zeroconf-interface", "127.0.0.1"])
    try:
        with qtbot.waitSignal(app.connection.serverFound, timeout=FIND_MS):
            server.start()
        qtbot.waitUntil(lambda: app.model.ready and app.model.online, timeout=WAIT_MS)
        assert not app.screen.banner.isVisible()
        with HallApi(server.url, tokens["kiosk"]) as kiosk, staff_at(server.url, 1) as staff:
            kiosk.issue_ticket("SVC_A")
            staff.call_next(1)
            qtbot.waitUntil(lambda: app.model.newest is not None and app.model.newest.number == "A001", timeout=WAIT_MS)
            assert app.model.highlighted()
            qtbot.waitUntil(lambda: spoken.finished == ["请A001号到1号窗口办理"], timeout=WAIT_MS)
            assert len(player.played) == 2, "said twice (repeat = 2)"

            staff.recall(1)
            qtbot.waitUntil(lambda: len(spoken.finished) == 2, timeout=WAIT_MS)
            assert spoken.finished[1] == "重呼：请A001号到1号窗口办理"
            assert app.model.newest is not None and app.model.newest.recall == 1

            staff.finish(1)  # a window pauses only once its citizen is settled
            staff.pause(1, "午间休息")
            qtbot.waitUntil(lambda: (w := app.connection.state.window(1)) is not None and w.status == "paused",
                            timeout=WAIT_MS)
            window = app.connection.state.window(1)
            assert window is not None and window.pause_reason == "午间休息"
        shot = save_screenshot(app.screen, tmp_path, "hall-live-paused-window", group="display")
        assert_painted(shot, (1920, 1080))
        assert player.max_concurrent == 1
    finally:
        app.stop()
        server.stop()


def test_after_restarts_the_gap_is_caught_up_young_calls_spoken_once_old_ones_not(
    qtbot: QtBot, tmp_path: Path, display_hall: LiveHall
) -> None:
    clock = ManualClock(SystemClock().now())
    settings = DeviceSettings(role="display", server=display_hall.url)
    app, _player, spoken = build_display(settings, tmp_path, clock)
    qtbot.addWidget(app.screen)
    app.screen.show()
    app.start()
    kiosk = HallApi(display_hall.url, display_hall.tokens["kiosk"])

    def gap(calls: int) -> None:
        """Kill the server; make calls on a stand-in the display does not know; bring the server back."""
        with qtbot.waitSignal(app.connection.connectionLost, timeout=WAIT_MS):
            display_hall.server.kill9()
        qtbot.waitUntil(app.screen.banner.isVisible, timeout=WAIT_MS)
        with ServerProcess(display_hall.config_path, display_hall.db_url) as stand_in, \
                staff_at(stand_in.url, 1) as staff:
            for _ in range(calls):
                staff.call_next(1)

    try:
        qtbot.waitUntil(lambda: app.model.ready and app.model.online, timeout=WAIT_MS)
        for _ in range(5):
            kiosk.issue_ticket("SVC_A")
        with staff_at(display_hall.url, 1) as staff:
            staff.call_next(1)
        qtbot.waitUntil(lambda: spoken.finished == ["请A001号到1号窗口办理"], timeout=WAIT_MS)

        gap(calls=2)  # A002, A003: made seconds ago by the server's clock
        display_hall.restart()
        qtbot.waitUntil(lambda: app.model.newest is not None and app.model.newest.number == "A003", timeout=WAIT_MS)
        assert [c.number for c in app.model.calls][:3] == ["A003", "A002", "A001"]
        qtbot.waitUntil(lambda: len(spoken.finished) == 3, timeout=WAIT_MS)
        assert spoken.finished == ["请A001号到1号窗口办理", "请A002号到1号窗口办理", "请A003号到1号窗口办理"]
        qtbot.waitUntil(lambda: not app.screen.banner.isVisible(), timeout=WAIT_MS)

        gap(calls=1)  # A004, and then two minutes pass on the display's clock before it is back
        clock.advance(timedelta(minutes=2))
        display_hall.restart()
        qtbot.waitUntil(lambda: app.model.newest is not None and app.model.newest.number == "A004", timeout=WAIT_MS)
        assert app.announcer is not None
        assert [c.number for c in app.announcer.skipped] == ["A004"], "shown, not spoken: over a minute old"
        assert app.voice is not None and app.voice.queue is not None
        assert app.voice.queue.wait_idle(5)
        assert len(spoken.started) == 3, "nothing said twice, nothing old said"
    finally:
        app.stop()
        kiosk.close()


def test_window_screen_shows_the_clerks_photo_from_the_server(
    qtbot: QtBot, tmp_path: Path, display_hall: LiveHall
) -> None:
    """The server serves photos from the hall file's folder; the test hall gives 1003 `staff/1003.png`."""
    write_portrait(display_hall.config_path.parent / "staff" / "1003.png")
    app = DisplayApp(DeviceSettings(role="display", server=display_hall.url, window=3))
    screen = app.screen
    assert isinstance(screen, WindowScreen)
    qtbot.addWidget(screen)
    screen.resize(1920, 1080)
    screen.notice_ticker.frozen_offset = 0.0
    screen.show()
    app.start()
    try:
        qtbot.waitUntil(lambda: app.model.ready and app.model.online, timeout=WAIT_MS)
        with HallApi(display_hall.url, display_hall.tokens["kiosk"]) as kiosk, HallApi(display_hall.url) as staff:
            staff.token = staff.login("1003", "3333", 3).token
            kiosk.issue_ticket("SVC_C")
            staff.call_next(3)
        qtbot.waitUntil(lambda: (w := app.model.window()) is not None and w.serving == "C001", timeout=WAIT_MS)
        window = app.model.window()
        assert window is not None and window.staff_photo == "/api/v1/staff/1003/photo"
        qtbot.waitUntil(lambda: screen.staff.photo(window) is not None, timeout=WAIT_MS)
        assert app.staff_photos is not None and app.staff_photos.image(window.staff_photo) is not None
        image = screen.grab().toImage()
        save_screenshot(image, tmp_path, "window-photo-1920x1080", group="display")
        # The photo is painted in the staff card: the face's skin tone, which nothing else on screen uses.
        card = screen.staff.geometry()
        skin = QColor("#f1c8a0")
        hits = sum(
            image.pixelColor(x, y) == skin
            for x in range(card.left(), card.right(), 8)
            for y in range(card.top(), card.bottom(), 8)
        )
        assert hits > 20
    finally:
        app.stop()
