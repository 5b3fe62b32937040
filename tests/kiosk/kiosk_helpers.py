"""Helpers for the kiosk tests (a unique module name: `conftest` is taken by every test folder)."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from client.api import HallApi
from kiosk.app import Kiosk
from tests.support.server_process import ServerProcess, provision

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


MakeKiosk = Callable[..., Kiosk]


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
