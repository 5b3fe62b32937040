"""Shared fixtures: Qt offscreen, the all-day test hall, a manual clock, and the server in-process."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jiaohao.domain.clock import ManualClock
from jiaohao.domain.config import HallConfig

FIXTURES = Path(__file__).parent / "fixtures"
ALLDAY_HALL = FIXTURES / "allday_hall.toml"
# Monday 2 March 2026, 10:00 in Shanghai: a working morning, far from the 03:00 day reset.
MORNING = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.fixture
def hall_config() -> HallConfig:
    from server.hallfile import load_hall

    return load_hall(ALLDAY_HALL)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MORNING)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every test that stores anything runs on both databases (DESIGN §7): a fresh SQLite file, and a fresh
    database on the PostgreSQL server that `make test` starts (its URL in JIAOHAO_TEST_PG)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hall.db'}"
        return
    admin_url = os.environ.get("JIAOHAO_TEST_PG")
    if not admin_url:
        pytest.skip("JIAOHAO_TEST_PG is not set (make test starts PostgreSQL and sets it)")
    from tests.support.pg import fresh_database

    with fresh_database(admin_url) as url:
        yield url


@pytest.fixture
def hall(hall_config: HallConfig, clock: ManualClock, db_url: str) -> Iterator[object]:
    from tests.support.harness import HallHarness

    with HallHarness.start(hall_config, clock, db_url) as harness:
        yield harness
