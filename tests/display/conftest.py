"""Display tests against a real `jiaohao server` process (see display_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.display.display_server import DisplayHall, ServerProcess, provision_hall


@pytest.fixture
def display_hall(tmp_path: Path) -> Iterator[DisplayHall]:
    config_path, hall_id, db_url, tokens = provision_hall(tmp_path)
    hall = DisplayHall(ServerProcess(config_path, db_url).start(), hall_id, config_path, db_url, tokens)
    try:
        yield hall
    finally:
        hall.server.stop()
