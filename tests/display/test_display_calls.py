"""Against one real server process: a burst of ten calls in a second (with recalls) is spoken ten times in
call order, none overlapping; the window screen shows its clerk, its number, its pause, and only its calls."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from client.api import HallApi
from client.settings import DeviceSettings
from drivers.voice import announcement, render
from tests.display.conftest import DISPLAY_DEVICES
from tests.display.display_support import build_display
from tests.support.live import LiveHall, start_live_hall
from tests.support.screenshots import assert_painted, save_screenshot

pytestmark = pytest.mark.slow
WAIT_MS = 10_000


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHall]:
    with start_live_hall(tmp_path_factory.mktemp("hall"), DISPLAY_DEVICES, prefix="display-test") as served:
        yield served


def test_ten_calls_in_a_second_are_all_spoken_in_order_never_overlapping(
    qtbot: QtBot, tmp_path: Path, hall: LiveHall
) -> None:
    app, player, spoken = build_display(DeviceSettings(role="display", server=hall.url), tmp_path)
    qtbot.addWidget(app.screen)
    app.start()
    try:
        qtbot.waitUntil(lambda: app.model.ready, timeout=WAIT_MS)
        with HallApi(hall.url, hall.tokens["kiosk"]) as kiosk, HallApi(hall.url) as one, HallApi(hall.url) as two:
            for _ in range(6):
                kiosk.issue_ticket("SVC_A")
            one.token = one.login("1001", "1111", 1).token
            two.token = two.login("1002", "2222", 2).token
            # 6 calls and 4 recalls, alternating windows, as fast as the API answers.
            for step in range(5):
                one.recall(1) if step in (1, 3) else one.call_next(1)
                two.recall(2) if step in (2, 4) else two.call_next(2)
        qtbot.waitUntil(lambda: len(spoken.finished) == 10, timeout=WAIT_MS)
    finally:
        app.stop()
    calls = list(reversed(app.model.calls))[-10:]  # in call (seq) order
    assert [c.seq for c in calls] == sorted(c.seq for c in calls if c.seq is not None)
    expected = [announcement(c.number, c.window, recall=c.recall > 0).text for c in calls]
    assert spoken.started == expected and spoken.finished == expected, "in call order, each once"
    assert sum(c.recall > 0 for c in calls) == 4 and all(t.startswith("重呼") for t in expected if "重呼" in t)
    assert player.max_concurrent == 1, "never two at once"
    # Each is said twice when the speaker was free, once when it had to catch up (drivers/voice/queue.py):
    # how many waited depends on how fast the API answered, so only the bounds are fixed.
    assert 10 <= len(player.played) <= 20, "each said once or twice, none dropped"
    assert app.voice is not None and app.voice.queue is not None
    first = announcement(calls[0].number, calls[0].window)
    assert player.played[0] == render(first.clips, app.voice.queue.pack, tail_ms=app.voice.queue.repeat_gap_ms)


def test_window_screen_shows_its_clerk_its_number_its_pause_and_only_its_calls(
    qtbot: QtBot, tmp_path: Path, hall: LiveHall
) -> None:
    app, _player, spoken = build_display(DeviceSettings(role="display", server=hall.url, window=3), tmp_path)
    qtbot.addWidget(app.screen)
    app.screen.resize(1920, 1080)
    app.screen.show()
    app.start()
    try:
        qtbot.waitUntil(lambda: app.model.ready, timeout=WAIT_MS)
        with HallApi(hall.url, hall.tokens["kiosk"]) as kiosk, HallApi(hall.url) as clerk, \
                HallApi(hall.url) as other:
            clerk.token = clerk.login("1003", "3333", 3).token
            qtbot.waitUntil(lambda: (w := app.model.window()) is not None and w.staff_name == "测试员丙",
                            timeout=WAIT_MS)
            window = app.model.window()
            assert window is not None and window.staff_no == "1003" and window.staff_title == "系统管理员"
            assert app.screen.header.title == "3号专窗"  # the name already says the number
            kiosk.issue_ticket("SVC_A")
            ticket = kiosk.issue_ticket("SVC_C")
            other.token = other.login("1001", "1111", 4).token
            other.call_next(4)  # another window's call: not this screen's business
            clerk.call_next(3)
            qtbot.waitUntil(lambda: (w := app.model.window()) is not None and w.serving == ticket.number,
                            timeout=WAIT_MS)
            qtbot.waitUntil(lambda: spoken.finished == [f"请{ticket.number}号到3号窗口办理"], timeout=WAIT_MS)
            assert [c.window for c in app.model.calls] == [3]
            assert_painted(save_screenshot(app.screen, tmp_path, "window-live", group="display"), (1920, 1080))

            clerk.pause(3, "外出办事")
            qtbot.waitUntil(lambda: (w := app.model.window()) is not None and w.status == "paused", timeout=WAIT_MS)
            window = app.model.window()
            assert window is not None and window.pause_reason == "外出办事"
            assert_painted(save_screenshot(app.screen, tmp_path, "window-live-paused", group="display"), (1920, 1080))
    finally:
        app.stop()

