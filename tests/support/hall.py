"""Hall bootstrap for tests: hall file variants, a ready database, device tokens.

A database is a copy of a migrated template (SQLite: a file copy; PostgreSQL: `CREATE DATABASE … TEMPLATE`),
built once per test run for each staff list: migrating and hashing the staff PINs cost about 2 s a hall,
copying costs milliseconds.
"""

from __future__ import annotations

import atexit
import hashlib
import queue
import secrets
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from jiaohao.domain.config import HallConfig

from . import internals

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
ALLDAY_HALL = FIXTURES / "allday_hall.toml"
# Monday 2 March 2026, 10:00 in Shanghai: a working morning, far from the 03:00 day reset.
MORNING = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

Devices = list[tuple[str, str, list[int]]]  # (kind, name, windows)


@dataclass(frozen=True)
class HallFile:
    path: Path
    hall_id: str

    @property
    def config(self) -> HallConfig:
        return internals.load_hall(self.path)


def write_hall_file(
    folder: Path,
    *,
    prefix: str = "test",
    policy: dict[str, str] | None = None,
    services: dict[str, dict[str, str]] | None = None,
    windows: list[tuple[int, list[str]]] | None = None,
    base: Path = ALLDAY_HALL,
) -> HallFile:
    """The all-day test hall under an id no other test run on this machine advertises, with `policy` lines
    replaced (values as TOML text, e.g. {"rating_window_min": "0.1"}), lines of `services` replaced by code
    (e.g. {"SVC_A": {"hours": '["08:30-17:00"]'}}) and `windows` (number, services) added."""
    hall_id = f"{prefix}-{secrets.token_hex(4)}"
    text = base.read_text(encoding="utf-8").replace('id = "test-hall"', f'id = "{hall_id}"', 1)
    for key, value in (policy or {}).items():
        text = _replace_line(text, text.index("[policy]"), key, value)
    for code, lines in (services or {}).items():
        for key, value in lines.items():
            text = _replace_line(text, text.index(f'code = "{code}"'), key, value)
    for number, services in windows or []:
        listed = ", ".join(f'"{s}"' for s in services)
        text += f'\n[[windows]]\nnumber = {number}\nname = "{number}号窗口"\nservices = [{listed}]\n'
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return HallFile(path, hall_id)


def _replace_line(text: str, after: int, key: str, value: str) -> str:
    """Replace the first `key = …` line after position `after` (within its table)."""
    start = text.index(f"\n{key} = ", after) + 1
    assert "[[" not in text[after + 2 : start], f"{key} is not set in that table of the hall file"
    end = text.index("\n", start)
    return text[:start] + f"{key} = {value}" + text[end:]


def provision(db_url: str, config_path: Path, devices: Devices, now: datetime | None = None) -> dict[str, str]:
    """Prepare the hall in the database and issue device tokens before the server starts, as `jiaohao admin`
    would. Answers the tokens by device name."""
    internals.prepare(db_url, internals.load_hall(config_path))
    return internals.add_devices(db_url, devices, now or datetime.now(UTC))


# --- databases -------------------------------------------------------------------------------------------


def _staff_key(config: HallConfig) -> str:
    """Templates differ only by the staff they seed (the hall rows of another id are added in milliseconds)."""
    staff = [(s.no, s.name, s.role, s.title, s.photo, s.pin) for s in config.staff]
    return hashlib.sha256(repr(staff).encode()).hexdigest()[:12]


class _Templates:
    """Migrated and seeded databases to copy from, made on first use and removed when the run ends."""

    def __init__(self) -> None:
        self._folder: Path | None = None
        self._sqlite: dict[str, Path] = {}
        self._postgres: dict[tuple[str, str], str] = {}

    def sqlite(self, config: HallConfig) -> Path:
        key = _staff_key(config)
        if key not in self._sqlite:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="jiaohao-templates-"))
                atexit.register(shutil.rmtree, self._folder, True)
            path = self._folder / f"{key}.db"
            internals.prepare(f"sqlite:///{path}", config)
            # The engine is disposed, so SQLite has checkpointed its WAL into the file: one file is the database.
            assert not path.with_name(path.name + "-wal").exists(), "template still has a WAL file"
            self._sqlite[key] = path
        return self._sqlite[key]

    def postgres(self, admin_url: str, config: HallConfig) -> str:
        key = (admin_url, _staff_key(config))
        if key not in self._postgres:
            name = f"jiaohao_template_{secrets.token_hex(6)}"
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            atexit.register(_drop, admin_url, name)
            internals.prepare(_database_url(admin_url, name), config)
            self._postgres[key] = name
        return self._postgres[key]


_templates = _Templates()


def _database_url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class _Dropper:
    """Drops finished test databases on a thread: a DROP waits on the disk for about a second, and the next
    test need not wait with it. The run's end waits until every one is gone."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[str, str]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.failures: list[str] = []

    def drop(self, admin_url: str, name: str) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="pg-dropper", daemon=True)
            self._thread.start()
            atexit.register(self._queue.join)
        self._queue.put((admin_url, name))

    def _run(self) -> None:
        while True:
            admin_url, name = self._queue.get()
            try:
                _drop(admin_url, name)
            except psycopg.Error as err:  # left for the throwaway cluster; say so at the end of the run
                self.failures.append(f"{name}: {err}")
            finally:
                self._queue.task_done()


_dropper = _Dropper()


def sqlite_database(folder: Path, config: HallConfig | None = None) -> str:
    """A fresh SQLite hall database in `folder` (hall.db), migrated and seeded for `config`'s staff."""
    config = config or internals.load_hall(ALLDAY_HALL)
    path = folder / "hall.db"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_templates.sqlite(config), path)
    return f"sqlite:///{path}"


@contextmanager
def postgres_database(admin_url: str, config: HallConfig | None = None) -> Iterator[str]:
    """A throwaway database on the test PostgreSQL server, copied from a migrated template; dropped after."""
    config = config or internals.load_hall(ALLDAY_HALL)
    template = _templates.postgres(admin_url, config)
    name = f"jiaohao_test_{secrets.token_hex(6)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield _database_url(admin_url, name)
    finally:
        _dropper.drop(admin_url, name)
