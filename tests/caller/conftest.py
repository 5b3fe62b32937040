"""Caller tests run against a real `jiaohao server` process (tests/support/live.py); each test gets a fresh hall."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from caller.app import build_caller
from caller.views import CallerWindow
from client.api import HallApi
from client.settings import DeviceSettings
from tests.caller.caller_helpers import CALLER_DEVICES, MakeCaller
from tests.support.live import LiveHall, start_live_hall


@pytest.fixture
def caller_hall(tmp_path: Path) -> Iterator[LiveHall]:
    with start_live_hall(tmp_path, CALLER_DEVICES, prefix="caller-test") as hall:
        yield hall


@pytest.fixture
def kiosk(caller_hall: LiveHall) -> HallApi:
    return caller_hall.api("kiosk")


@pytest.fixture
def make_caller(caller_hall: LiveHall, qtbot: QtBot) -> Iterator[MakeCaller]:
    windows: list[CallerWindow] = []

    def make(window: int = 1, **options: object) -> CallerWindow:
        settings = DeviceSettings(role="caller", server=caller_hall.url, window=window)
        extra = {k: options.pop(k) for k in ("bus", "token", "printer") if k in options}
        settings = settings.with_overrides(**extra)
        caller = build_caller(settings, retry_ms=200, **options)  # type: ignore[arg-type]
        qtbot.addWidget(caller)
        caller.show()
        windows.append(caller)
        qtbot.waitUntil(lambda: caller.model.hall is not None, timeout=10_000)
        return caller

    yield make
    for caller in windows:
        caller.close()
