"""Kiosk tests: a real `jiaohao server` process, the network printer simulator, the kiosk offscreen.

One server serves the whole module (starting one costs a few seconds); tests that stop the server get
their own. The kiosk's clock is a `StepClock` the test moves, so timeouts are tested without waiting.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from client.settings import DeviceSettings
from client.theme import apply_theme
from drivers.printer.simulator import PrinterSimulator
from kiosk.app import Kiosk, build_kiosk
from kiosk.model import KioskTimings
from tests.kiosk.kiosk_helpers import KIOSK_DEVICES, WAIT_MS, MakeKiosk, StepClock
from tests.support.live import LiveHall, start_live_hall


@pytest.fixture(scope="module")
def shared_hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHall]:
    with start_live_hall(tmp_path_factory.mktemp("hall"), KIOSK_DEVICES, prefix="kiosk-test") as hall:
        yield hall


@pytest.fixture
def own_hall(tmp_path: Path) -> Iterator[LiveHall]:
    with start_live_hall(tmp_path / "hall", KIOSK_DEVICES, prefix="kiosk-test") as hall:
        yield hall


@pytest.fixture
def printer_sim() -> Iterator[PrinterSimulator]:
    with PrinterSimulator("127.0.0.1", 0) as sim:
        yield sim


@pytest.fixture
def step_clock() -> StepClock:
    return StepClock()


@pytest.fixture
def make_kiosk(qtbot: QtBot, step_clock: StepClock) -> Iterator[MakeKiosk]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app)
    made: list[Kiosk] = []

    def make(
        hall: LiveHall,
        printer: str | None,
        *,
        size: tuple[int, int] = (1080, 1920),
        lang: str = "zh_CN",
        timings: KioskTimings | None = None,
        ready: bool = True,
    ) -> Kiosk:
        settings = DeviceSettings(role="kiosk", server=hall.url, token=hall.tokens["kiosk"], printer=printer, lang=lang)
        kiosk = build_kiosk(settings, clock=step_clock, timings=timings, tick_ms=50)
        qtbot.addWidget(kiosk.window)
        kiosk.window.setFixedSize(*size)  # a panel in full screen: the content must fit it
        kiosk.window.show()
        kiosk.start()
        made.append(kiosk)
        if ready:
            qtbot.waitUntil(lambda: kiosk.model.accepting, timeout=WAIT_MS)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.window.close()
