"""Screenshots of both screens at the sizes halls use, from a realistic hall state and a fixed clock.

Written to tmp_path and copied to out/screenshots/display/ (gitignored) to be looked at "from across the
hall". The assertions catch what a look would: the screen is painted, the called number is drawn large in
the accent colour in its panel (and goes when there is no call), each recent call is listed once.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from client.state import HallMirror
from display.hall_view import HallScreen, window_state_text
from display.model import DisplayModel
from display.paint import COLORS
from display.screen import Screen
from display.window_view import WindowScreen
from jiaohao.domain.clock import ManualClock
from tests.display.display_support import MORNING, called, sample_hall, snapshot, window_updated
from tests.support.screenshots import assert_painted, save_screenshot

SIZES = [(1920, 1080), (3840, 2160), (1366, 768), (1080, 1920)]
# What the called windows served before the calls this screen shows (the snapshot is from just before them).
BEFORE = {1: "A016", 2: "B005", 4: "A015", 8: "C003", 10: "E010"}
CALLS = [("A017", 4), ("E011", 10), ("A018", 1), ("B006", 2), ("C004", 8)]


def accent_share(image: QImage, area: QRect | None = None) -> float:
    """Share of sampled pixels in the accent (called-number) colour, over the image or one panel of it."""
    accent = QColor(COLORS["accent"])
    area = area or image.rect()
    step = max(1, area.width() // 240)
    hits = total = 0
    for y in range(area.top(), area.bottom(), step):
        for x in range(area.left(), area.right(), step):
            c = image.pixelColor(x, y)
            total += 1
            hits += abs(c.red() - accent.red()) + abs(c.green() - accent.green()) + abs(c.blue() - accent.blue()) < 60
    return hits / total


def live_model(clock: ManualClock, window: int | None, *, highlight: bool) -> DisplayModel:
    """The sample hall as a screen sees it: a snapshot from just before five calls, then each call and its
    window's change as the server sends them, then a recall of the number that was already called."""
    state = HallMirror()
    model = DisplayModel(state, clock, window=window, tz=ZoneInfo("Asia/Shanghai"))
    final = sample_hall()
    before = final.model_copy(deep=True)
    for w in before.windows:
        if w.number in BEFORE:
            w.serving, w.serving_state = BEFORE[w.number], "serving"
    state.apply_snapshot(snapshot(before))
    seq = before.seq
    for number, win in CALLS:
        state.apply_event(called(seq + 1, number, win, MORNING))
        state.apply_event(window_updated(seq + 2, final.windows[win - 1], MORNING))
        seq += 2
    state.apply_event(called(seq + 1, "A019", 5, MORNING, recall=1, window_name="不动产登记专窗（一）"))
    if not highlight:
        clock.advance(timedelta(seconds=30))
    return model


def shoot(qtbot: QtBot, screen: Screen, size: tuple[int, int], name: str, tmp_path: Path) -> QImage:
    qtbot.addWidget(screen)
    screen.notice_ticker.frozen_offset = 0.0
    screen.resize(*size)
    screen.show()
    qtbot.waitExposed(screen)
    path = save_screenshot(screen, tmp_path, name, group="17/display")
    assert_painted(path, size)
    return QImage(str(path))


def without_calls(screen: Screen, model: DisplayModel) -> QImage:
    """The same screen once its list of calls is empty (nothing to announce)."""
    model.calls.clear()
    screen.update()
    return screen.grab().toImage()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_hall_screen(qtbot: QtBot, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = ManualClock(MORNING)
    model = live_model(clock, None, highlight=False)
    screen = HallScreen(model)
    model.set_online(True)
    image = shoot(qtbot, screen, size, f"hall-{size[0]}x{size[1]}", tmp_path)
    assert model.newest is not None and (model.newest.number, model.newest.recall) == ("A019", 1)
    recent = [(c.number, c.window) for c in model.recent_calls(8)]
    assert recent == [("C004", 8), ("B006", 2), ("A018", 1), ("E011", 10), ("A017", 4), ("A019", 5)]
    # The newest number is drawn large, in the accent colour, in its panel: most of that colour goes with it.
    panel = screen.newest.geometry()
    called = accent_share(image, panel)
    assert called - accent_share(without_calls(screen, model), panel) > 0.03, called
    assert not screen.banner.isVisible()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_window_screen(qtbot: QtBot, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = ManualClock(MORNING)
    model = live_model(clock, 5, highlight=False)
    screen = WindowScreen(model)
    model.set_online(True)
    image = shoot(qtbot, screen, size, f"window-{size[0]}x{size[1]}", tmp_path)
    window = model.window()
    assert window is not None and window.serving == "A019"
    # Its number fills the panel: readable from across the hall.
    assert accent_share(image, screen.number.geometry()) > 0.08


def test_highlight_and_offline_banner(qtbot: QtBot, tmp_path: Path) -> None:
    clock = ManualClock(MORNING)
    model = live_model(clock, None, highlight=True)
    screen = HallScreen(model)
    model.set_online(True)
    lit = shoot(qtbot, screen, (1920, 1080), "hall-highlight", tmp_path)
    assert model.highlighted()
    clock.advance(timedelta(seconds=0.5))  # the other half of the blink
    dark = screen.grab().toImage()
    panel = screen.newest.geometry()
    assert accent_share(lit, panel) > accent_share(dark, panel) * 1.5, "the new call blinks"
    model.set_online(False)
    assert screen.banner.isVisible()
    shoot(qtbot, screen, (1920, 1080), "hall-offline", tmp_path)


def test_paused_window_screen(qtbot: QtBot, tmp_path: Path) -> None:
    clock = ManualClock(MORNING)
    model = live_model(clock, 3, highlight=False)
    screen = WindowScreen(model)
    model.set_online(True)
    image = shoot(qtbot, screen, (1920, 1080), "window-paused", tmp_path)
    window = model.window()
    assert window is not None and window.status == "paused" and window.pause_reason == "午间休息"
    assert accent_share(image, screen.number.geometry()) < 0.02, "a paused window shows no number to go to"


def test_unstaffed_window_screen_is_not_a_paused_one(qtbot: QtBot, tmp_path: Path) -> None:
    clock = ManualClock(MORNING)
    model = live_model(clock, 6, highlight=False)  # 不动产登记专窗（二）: nobody logged in
    screen = WindowScreen(model)
    model.set_online(True)
    shoot(qtbot, screen, (1920, 1080), "window-unstaffed", tmp_path)
    window = model.window()
    assert window is not None and window.status == "closed"
    hall = window_state_text(window)[0]
    hall_view = model.hall
    paused = next(w for w in hall_view.windows if w.status == "paused") if hall_view else None
    assert paused is not None
    assert hall == "未开放" and window_state_text(paused)[0] == "暂停服务：午间休息"
