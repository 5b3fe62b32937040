"""Display tests against a real `jiaohao server` process (tests/support/live.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live import LiveHall, start_live_hall

DISPLAY_DEVICES = [("kiosk", "kiosk", [])]


@pytest.fixture
def display_hall(tmp_path: Path) -> Iterator[LiveHall]:
    with start_live_hall(tmp_path / "hall", DISPLAY_DEVICES, prefix="display-test") as hall:
        yield hall
