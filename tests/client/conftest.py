"""Client tests run against a real `jiaohao server` process (tests/server/server_process.py)."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# server_process.py lives with the server tests; the tests (not the client package) may use server helpers.
sys.path.insert(0, str(Path(__file__).parent.parent / "server"))

from server_process import ServerProcess, provision

FIXTURES = Path(__file__).parent.parent / "fixtures"


@dataclass
class LiveHall:
    server: ServerProcess
    hall_id: str
    config_path: Path
    db_url: str
    tokens: dict[str, str]

    @property
    def url(self) -> str:
        return self.server.url


def unique_hall_file(tmp_path: Path) -> tuple[Path, str]:
    """The all-day test hall under an id nobody else on this machine advertises (parallel runs)."""
    hall_id = f"client-test-{secrets.token_hex(4)}"
    text = (FIXTURES / "allday_hall.toml").read_text(encoding="utf-8").replace('id = "test-hall"', f'id = "{hall_id}"')
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path, hall_id


def listening(server: ServerProcess) -> ServerProcess:
    """`ServerProcess.start()` now returns once uvicorn listens ("Uvicorn running on"), so nothing to wait for."""
    return server


@pytest.fixture
def live_hall(tmp_path: Path) -> Iterator[LiveHall]:
    config_path, hall_id = unique_hall_file(tmp_path)
    db_url = f"sqlite:///{tmp_path / 'hall.db'}"
    devices = [("kiosk", "kiosk", []), ("caller", "caller", [1, 2]), ("pad", "pad", [1])]
    tokens = provision(db_url, config_path, devices)
    server = listening(ServerProcess(config_path, db_url).start())
    try:
        yield LiveHall(server, hall_id, config_path, db_url, tokens)
    finally:
        server.stop()
