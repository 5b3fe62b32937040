"""The simulator runs against a real `jiaohao server` process (tests/support/live.py), as in the client tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live import LiveHall, start_live_hall


@pytest.fixture
def live_hall(tmp_path: Path) -> Iterator[LiveHall]:
    devices = [("kiosk", "kiosk", []), ("caller", "caller", [1, 2])]
    with start_live_hall(tmp_path, devices, prefix="demo-test") as hall:
        yield hall
