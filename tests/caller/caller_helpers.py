"""Helpers for the caller tests: a real server process, callers built on it, and waits on the model."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pytestqt.qtbot import QtBot

from caller.actions import CallerAction
from caller.views import CallerWindow
from tests.support.server_process import ServerProcess, provision

FIXTURES = Path(__file__).parent.parent / "fixtures"
MakeCaller = Callable[..., CallerWindow]  # the make_caller fixture: make(window=1, **build_caller options)


@dataclass
class CallerHall:
    server: ServerProcess
    config_path: Path
    db_path: Path
    tokens: dict[str, str]

    @property
    def url(self) -> str:
        return self.server.url

    def restart(self) -> None:
        """Start the server again on the same port and database (after `server.stop()`)."""
        self.server = ServerProcess(self.config_path, f"sqlite:///{self.db_path}", port=self.server.port).start()

    def count_events(self, event_type: str) -> int:
        with sqlite3.connect(self.db_path) as db:
            return int(db.execute("SELECT count(*) FROM events WHERE type = ?", (event_type,)).fetchone()[0])


def start_hall(tmp_path: Path) -> CallerHall:
    hall_id = f"caller-test-{secrets.token_hex(4)}"
    text = (FIXTURES / "allday_hall.toml").read_text(encoding="utf-8").replace('id = "test-hall"', f'id = "{hall_id}"')
    config_path = tmp_path / "hall.toml"
    config_path.write_text(text, encoding="utf-8")
    db_path = tmp_path / "hall.db"
    devices = [("kiosk", "kiosk", []), ("caller", "hub12", [1, 2])]
    tokens = provision(f"sqlite:///{db_path}", config_path, devices)
    return CallerHall(ServerProcess(config_path, f"sqlite:///{db_path}").start(), config_path, db_path, tokens)


def login(qtbot: QtBot, caller: CallerWindow, staff_no: str = "1001", pin: str = "1111") -> None:
    panel = caller.login_panel
    panel.staff_no.setText(staff_no)
    panel.pin.setText(pin)
    panel.submit.click()
    qtbot.waitUntil(lambda: caller.model.logged_in and caller.model.window is not None, timeout=10_000)
    qtbot.waitUntil(lambda: caller.model.window is not None and caller.model.window.status == "open", timeout=10_000)


def enabled(caller: CallerWindow) -> set[CallerAction]:
    """The actions whose buttons are enabled on screen (not what the model says: what the clerk sees)."""
    return {action for action, button in caller.buttons.items() if button.isEnabled()}


def wait_idle(qtbot: QtBot, caller: CallerWindow) -> None:
    qtbot.waitUntil(lambda: caller.model.pending is None, timeout=10_000)
