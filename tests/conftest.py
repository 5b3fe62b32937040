"""Shared fixtures: Qt offscreen, the all-day test hall, a manual clock, the server in-process, databases.

And three rules for the whole run:
- PostgreSQL is not optional: tests parametrised on it fail the run when `JIAOHAO_TEST_PG` is not set, unless
  `JIAOHAO_SQLITE_ONLY=1` says on purpose that this quick local run leaves them out.
- A live server that outlives the run, or any other child process still running at the end, fails the run.
- Each server test gets a copy of a migrated template database, never a migration of its own.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from jiaohao.domain.clock import ManualClock
from jiaohao.domain.config import HallConfig

if TYPE_CHECKING:  # the server's modules load only for the tests that use them (drivers tests need none)
    from tests.support.harness import HallHarness

# Property tests run the same examples every time (a failure in CI is a failure on every machine, and the
# suite's time does not vary); HYPOTHESIS_PROFILE=explore searches new ones, many more, for a local hunt.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, deadline=None, max_examples=500, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Monday 2 March 2026, 10:00 in Shanghai (as tests.support.hall.MORNING).
MORNING = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
PG_ENV = "JIAOHAO_TEST_PG"
SQLITE_ONLY_ENV = "JIAOHAO_SQLITE_ONLY"


@pytest.fixture
def hall_config() -> HallConfig:
    from tests.support.hall import ALLDAY_HALL
    from tests.support.internals import load_hall

    return load_hall(ALLDAY_HALL)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MORNING)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every test that stores anything runs on both databases (DESIGN §7): a fresh SQLite file, and a fresh
    database on the PostgreSQL server that `make test` starts (its URL in JIAOHAO_TEST_PG). Both are copies of a
    template migrated and seeded once per run with the all-day hall's staff."""
    from tests.support.hall import postgres_database, sqlite_database

    if request.param == "sqlite":
        yield sqlite_database(tmp_path)
        return
    with postgres_database(postgres_admin_url()) as url:
        yield url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database only, for what SQLite cannot do (several server processes on one hall)."""
    from tests.support.hall import postgres_database

    with postgres_database(postgres_admin_url()) as url:
        yield url


def postgres_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:  # only reachable with JIAOHAO_SQLITE_ONLY=1, which skips these tests before they start
        pytest.skip(f"{SQLITE_ONLY_ENV}=1: PostgreSQL tests left out on purpose")
    return url


@pytest.fixture
def hall(hall_config: HallConfig, clock: ManualClock, db_url: str) -> Iterator[HallHarness]:
    from tests.support.harness import HallHarness

    with HallHarness.start(hall_config, clock, db_url) as harness:
        yield harness


# --- run-wide rules --------------------------------------------------------------------------------------


def _needs_postgres(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    parametrised = callspec is not None and callspec.params.get("db_url") == "postgresql"
    return parametrised or "pg_url" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected what will not run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    needing = [item for item in items if _needs_postgres(item)]
    if not needing or os.environ.get(PG_ENV):
        return
    if os.environ.get(SQLITE_ONLY_ENV) == "1":
        skip = pytest.mark.skip(reason=f"{SQLITE_ONLY_ENV}=1: PostgreSQL tests left out on purpose")
        for item in needing:
            item.add_marker(skip)
        return
    raise pytest.UsageError(
        f"{len(needing)} selected tests need PostgreSQL, and {PG_ENV} is not set. `make test` starts one "
        f"(scripts/test-postgres prints its URL: export {PG_ENV}=$(scripts/test-postgres)); for a quick local run "
        f"without it, say so with {SQLITE_ONLY_ENV}=1."
    )


def _running_children() -> list[str]:
    """Child processes of this test run still running (zombies, already ended, do not count)."""
    me = str(os.getpid())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue  # ended while we looked
        # stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split after the last ')'.
        state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
        if ppid == me and state != "Z":
            found.append(f"{entry.name}: {cmdline or stat}")
    return found


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from tests.support.server_process import survivors

    servers = survivors()
    for proc in servers:  # stop them, but still fail: a fixture that leaks a server leaks one every run
        proc.kill()
        proc.wait(timeout=30)
    others = _running_children()
    if not servers and not others:
        return
    lines = [f"left running by the tests: server {' '.join(map(str, proc.args))}" for proc in servers]
    lines += [f"left running by the tests: {child}" for child in others]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for line in lines:
        if reporter is not None:
            reporter.write_line(line, red=True, bold=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.support.server_process import shutdown_times

    if shutdown_times:
        terminalreporter.write_line(
            f"live servers: {len(shutdown_times)} stopped in {sum(shutdown_times):.1f} s "
            f"(slowest {max(shutdown_times):.1f} s)"
        )
