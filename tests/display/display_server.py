"""A real `jiaohao server` process for the display tests, and the all-day test hall under a unique id."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

# server_process.py lives with the server tests; tests (never the display package) may use server helpers.
from tests.support.server_process import ServerProcess, provision

FIXTURES = Path(__file__).parent.parent / "fixtures"


@dataclass
class DisplayHall:
    server: ServerProcess
    hall_id: str
    config_path: Path
    db_url: str
    tokens: dict[str, str]

    @property
    def url(self) -> str:
        return self.server.url


def display_hall_file(tmp_path: Path) -> tuple[Path, str]:
    """The all-day test hall under an id no other test run on this machine advertises."""
    hall_id = f"display-test-{secrets.token_hex(4)}"
    text = (FIXTURES / "allday_hall.toml").read_text(encoding="utf-8").replace('id = "test-hall"', f'id = "{hall_id}"')
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path, hall_id


def provision_hall(tmp_path: Path) -> tuple[Path, str, str, dict[str, str]]:
    config_path, hall_id = display_hall_file(tmp_path)
    db_url = f"sqlite:///{tmp_path / 'hall.db'}"
    tokens = provision(db_url, config_path, [("kiosk", "kiosk", [])])
    return config_path, hall_id, db_url, tokens
