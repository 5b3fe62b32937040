"""Kiosk tests: a real `jiaohao server` process, the network printer simulator, the kiosk offscreen.

One server serves the whole module (starting one costs a few seconds); tests that stop the server get
their own. The kiosk's clock is a `StepClock` the test moves, so timeouts are tested without waiting.
"""

from __future__ import annotations

import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from jiaohao.client.api import HallApi
from jiaohao.client.settings import DeviceSettings
from jiaohao.client.theme import apply_theme
from jiaohao.drivers.printer.simulator import PrinterSimulator
from jiaohao.kiosk.app import Kiosk, build_kiosk
from jiaohao.kiosk.model import KioskTimings

sys.path.insert(0, str(Path(__file__).parent.parent / "server"))

from server_process import ServerProcess, provision

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHOTS = Path(__file__).parent.parent.parent / "out" / "screenshots" / "kiosk"
WAIT_MS = 10_000


class StepClock:
    """Monotonic seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class LiveHall:
    server: ServerProcess
    config_path: Path
    db_url: str
    tokens: dict[str, str]

    @property
    def url(self) -> str:
        return self.server.url

    def api(self, token: str | None = None) -> HallApi:
        return HallApi(self.url, token if token is not None else self.tokens["kiosk"])


def start_hall(folder: Path) -> LiveHall:
    hall_id = f"kiosk-test-{secrets.token_hex(4)}"
    text = (FIXTURES / "allday_hall.toml").read_text(encoding="utf-8").replace('id = "test-hall"', f'id = "{hall_id}"')
    config_path = folder / "hall.toml"
    config_path.write_text(text, encoding="utf-8")
    db_url = f"sqlite:///{folder / 'hall.db'}"
    tokens = provision(db_url, config_path, [("kiosk", "kiosk", [])])
    return LiveHall(ServerProcess(config_path, db_url).start(), config_path, db_url, tokens)


@pytest.fixture(scope="module")
def shared_hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHall]:
    hall = start_hall(tmp_path_factory.mktemp("hall"))
    try:
        yield hall
    finally:
        hall.server.stop()


@pytest.fixture
def own_hall(tmp_path: Path) -> Iterator[LiveHall]:
    hall = start_hall(tmp_path)
    try:
        yield hall
    finally:
        hall.server.stop()


@pytest.fixture
def printer_sim() -> Iterator[PrinterSimulator]:
    with PrinterSimulator("127.0.0.1", 0) as sim:
        yield sim


@pytest.fixture
def step_clock() -> StepClock:
    return StepClock()


MakeKiosk = Callable[..., Kiosk]


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


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save_screenshot(kiosk: Kiosk, folder: Path, name: str) -> Path:
    """Grab the window into tmp_path, with a copy under out/screenshots/kiosk/ to look at afterwards."""
    QApplication.processEvents()
    path = folder / f"{name}.png"
    assert kiosk.window.grab().save(str(path)), path
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)
    return path
