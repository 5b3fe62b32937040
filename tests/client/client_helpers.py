"""What the client tests share besides fixtures (imported by name: `conftest` is ambiguous when several test
folders run together)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

# server_process.py lives with the server tests; the tests (not the client package) may use server helpers.
from tests.support.server_process import ServerProcess

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
