"""Pad tests run against a real `jiaohao server` process (tests/support/live.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.pad.pad_helpers import PadMaker
from tests.support.live import LiveHall, start_live_hall

DEVICES = [("kiosk", "kiosk", []), ("pad", "pad1", [1]), ("pad", "pad1b", [1]), ("pad", "pad2", [2])]


@pytest.fixture(scope="module")
def pad_hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHall]:
    """One server for the module's tests; each test serves its own tickets."""
    with start_live_hall(tmp_path_factory.mktemp("hall"), DEVICES, prefix="pad-test") as hall:
        yield hall


@pytest.fixture
def pads(qtbot: QtBot, tmp_path: Path) -> Iterator[PadMaker]:
    maker = PadMaker(qtbot, tmp_path)
    try:
        yield maker
    finally:
        maker.close()
