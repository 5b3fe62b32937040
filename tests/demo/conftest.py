"""The simulator runs against a real `jiaohao server` process, as in the client tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.client.client_helpers import LiveHall, unique_hall_file
from tests.support.server_process import ServerProcess, provision


@pytest.fixture
def live_hall(tmp_path: Path) -> Iterator[LiveHall]:
    config_path, hall_id = unique_hall_file(tmp_path)
    db_url = f"sqlite:///{tmp_path / 'hall.db'}"
    tokens = provision(db_url, config_path, [("kiosk", "kiosk", []), ("caller", "caller", [1, 2])])
    server = ServerProcess(config_path, db_url).start()
    try:
        yield LiveHall(server, hall_id, config_path, db_url, tokens)
    finally:
        server.stop()
