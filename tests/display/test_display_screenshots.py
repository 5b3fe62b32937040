"""Screenshots of both screens at the sizes halls use, from a realistic hall state and a fixed clock.

Written to tmp_path and copied to out/screenshots/display/ (gitignored) to be looked at "from across the
hall". The assertions catch what a look would: the screen is not blank, the called number is drawn in the
accent colour over a large area, and nothing paints outside the window.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from client.state import HallMirror
from display.hall_view import HallScreen
from display.model import DisplayModel
from display.paint import COLORS
from display.screen import Screen
from display.window_view import WindowScreen
from jiaohao.domain.clock import ManualClock
from tests.display.display_support import MORNING, called, sample_hall, snapshot

OUT = Path(__file__).resolve().parents[2] / "out" / "screenshots" / "display"
SIZES = [(1920, 1080), (3840, 2160), (1366, 768), (1080, 1920)]


def accent_share(image: QImage) -> float:
    """Share of sampled pixels in the accent (called-number) colour."""
    accent = QColor(COLORS["accent"])
    step = max(1, image.width() // 240)
    hits = total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            total += 1
            hits += abs(c.red() - accent.red()) + abs(c.green() - accent.green()) + abs(c.blue() - accent.blue()) < 60
    return hits / total


def live_model(clock: ManualClock, window: int | None, *, highlight: bool) -> DisplayModel:
    state = HallMirror()
    model = DisplayModel(state, clock, window=window, tz=ZoneInfo("Asia/Shanghai"))
    state.apply_snapshot(snapshot(sample_hall()))
    for seq, (number, win) in enumerate([("A017", 4), ("E011", 10), ("A018", 1), ("B006", 2), ("C004", 8)], 101):
        state.apply_event(called(seq, number, win, MORNING))
    state.apply_event(called(106, "A019", 5, MORNING, recall=1, window_name="不动产登记专窗（一）"))
    if not highlight:
        clock.advance(timedelta(seconds=30))
    return model


def shoot(qtbot: QtBot, screen: Screen, size: tuple[int, int], name: str, tmp_path: Path) -> QImage:
    qtbot.addWidget(screen)
    screen.notice_ticker.frozen_offset = 0.0
    screen.resize(*size)
    screen.show()
    qtbot.waitExposed(screen)
    image = screen.grab().toImage()
    path = tmp_path / f"{name}.png"
    assert image.save(str(path))
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, OUT / path.name)
    assert (image.width(), image.height()) == size
    return image


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_hall_screen(qtbot: QtBot, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = ManualClock(MORNING)
    model = live_model(clock, None, highlight=False)
    screen = HallScreen(model)
    model.set_online(True)
    image = shoot(qtbot, screen, size, f"hall-{size[0]}x{size[1]}", tmp_path)
    assert model.newest is not None and model.newest.number == "A019"
    assert accent_share(image) > 0.01
    assert not screen.banner.isVisible()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_window_screen(qtbot: QtBot, tmp_path: Path, size: tuple[int, int]) -> None:
    clock = ManualClock(MORNING)
    model = live_model(clock, 5, highlight=False)
    screen = WindowScreen(model)
    model.set_online(True)
    image = shoot(qtbot, screen, size, f"window-{size[0]}x{size[1]}", tmp_path)
    assert accent_share(image) > 0.01


def test_highlight_and_offline_banner(qtbot: QtBot, tmp_path: Path) -> None:
    clock = ManualClock(MORNING)
    model = live_model(clock, None, highlight=True)
    screen = HallScreen(model)
    model.set_online(True)
    lit = shoot(qtbot, screen, (1920, 1080), "hall-highlight", tmp_path)
    assert model.highlighted()
    clock.advance(timedelta(seconds=0.5))  # the other half of the blink
    dark = screen.grab().toImage()
    assert accent_share(lit) > accent_share(dark) * 1.5, "the new call blinks"
    model.set_online(False)
    assert screen.banner.isVisible()
    shoot(qtbot, screen, (1920, 1080), "hall-offline", tmp_path)


def test_paused_window_screen(qtbot: QtBot, tmp_path: Path) -> None:
    clock = ManualClock(MORNING)
    model = live_model(clock, 3, highlight=False)
    screen = WindowScreen(model)
    model.set_online(True)
    shoot(qtbot, screen, (1920, 1080), "window-paused", tmp_path)
    window = model.window()
    assert window is not None and window.status == "paused" and window.pause_reason == "午间休息"
