"""Everything one server process holds for its hall, created in the app's lifespan and closed with it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from jiaohao.domain.clock import Clock, SystemClock
from jiaohao.domain.config import HallConfig

from . import audit, auth, live_config
from .audit import Who
from .events import EventBus
from .live_config import ConfigEditor
from .ratings import RatingService
from .relay import EventRelay
from .service import HallService
from .storage import Connection, Engine
from .storage import config as config_rows
from .storage import hall as hall_rows
from .storage import staff as staff_rows
from .storage.database import make_engine, migrate
from .storage.events import is_postgresql, listen_dsn, notify_in_transaction
from .storage.unit_of_work import UnitOfWork
from .writer import Writer

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class ServerSettings:
    db_url: str
    public_url: str = "http://127.0.0.1:8000"  # base of the tracking links printed on tickets
    clock: Clock = field(default_factory=SystemClock)
    max_body_bytes: int = 64 * 1024
    photo_root: Path | None = None  # staff photos in the hall file are relative to this folder


def prepare_database(engine: Engine, config: HallConfig, now: datetime | None = None) -> HallConfig:
    """Migrate, make sure the hall, its windows and its configured staff exist, and return the hall's live
    configuration: the database's once the file has been imported (server/live_config.py)."""
    migrate(engine)
    with engine.begin() as conn:
        hall_rows.ensure_hall(conn, config.hall.id, config.hall.name, [w.number for w in config.windows])
        for member in config.staff:
            if member.pin and staff_rows.member(conn, member.no) is None:
                auth.add_staff(conn, member.no, member.name, member.pin, member.role, member.title, member.photo)
        live = live_config.load_or_import(conn, config, now or datetime.now(UTC))
        hall_rows.ensure_hall(conn, live.hall.id, live.hall.name, [w.number for w in live.windows])
    return live


class HallRuntime:
    def __init__(self, config: HallConfig, settings: ServerSettings) -> None:
        self.config = config
        self.settings = settings
        self.clock = settings.clock
        self.write_engine = make_engine(settings.db_url, writer=True)
        self.read_engine = make_engine(settings.db_url, writer=False)
        config = self.config = prepare_database(self.write_engine, config, self.clock.now())
        self.service = HallService(config, settings.public_url, self.clock.now)
        self.ratings = RatingService(config)
        self.config_editor = ConfigEditor(lambda: self.config, self.switch_config)
        with self.read_engine.connect() as conn:
            self.config_version = config_rows.version(conn, config.hall.id) or 0
        self._config_read = config  # the configuration as last read from the database
        self.service.hall.refresh_config = self._refresh_config
        self.tokens = auth.TokenResolver(self.read_engine, self.clock)
        self.bus: EventBus | None = None
        self.writer: Writer | None = None
        self.relay: EventRelay | None = None

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self.bus = EventBus(loop)
        with self.read_engine.connect() as conn:
            self.bus.last_seq = self.last_seq(conn)
        publish = self.bus.publish_threadsafe
        before_commit = None
        if is_postgresql(self.write_engine):
            # Other server processes may write to this hall too: publish the log in order, whoever wrote it.
            dsn = listen_dsn(self.write_engine)
            self.relay = EventRelay(self.read_engine, dsn, self.config.hall.id, publish, self.bus.last_seq)
            self.relay.start()
            publish = self.relay.committed
            before_commit = notify_in_transaction
        self.writer = Writer(
            self.write_engine, self.config.hall.id, publish, before_commit=before_commit, hooks=self.service.hall
        )
        self.writer.start()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        if self.relay is not None:
            self.relay.close()
        self.write_engine.dispose()
        self.read_engine.dispose()

    def switch_config(self, config: HallConfig) -> None:
        """Run the hall on a changed configuration from the next command on (called in the writer, after the
        change is stored; readers pick up the new object at their next request)."""
        self.config = config
        self.service.config = self.service.hall.config = self.ratings.config = config
        self.service.policy = self.service.hall.policy = self.ratings.policy = config.policy
        self.service.hall.dirty = True  # lanes, counters and staff are rebuilt for the new services and windows

    def _refresh_config(self, conn: Connection) -> None:
        """In the writer, before the live hall reloads: follow a change another process stored (PostgreSQL)."""
        # After a change of our own, memory is ahead of what was read: read again, so that a change whose
        # transaction did not commit is undone here too.
        ahead = self.config is not self._config_read
        found = live_config.changed_since(conn, self.config, self.config_version, force=ahead)
        if found is not None:
            config, self.config_version = found
            self._config_read = config
            self.switch_config(config)

    def last_seq(self, conn: Connection) -> int:
        return hall_rows.last_seq(conn, self.config.hall.id)

    async def write(self, command: Callable[[UnitOfWork], T]) -> T:
        assert self.writer is not None, "runtime not started"
        return await asyncio.wrap_future(self.writer.submit(command))

    async def audit(
        self,
        who: Who,
        action: str,
        subject: str = "",
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Record an action that changes nothing else (an export) in the audit log."""
        hall_id = self.config.hall.id
        now = self.clock.now()
        await self.write(lambda uow: audit.record(uow.conn, hall_id, now, who, action, subject, before, after))

    async def sweep_once(self) -> None:
        """What the clock drives: record unrated services, notice overdue cases, open and close services;
        in the writer like every other change (its first command also turns the business day)."""
        await self.write(lambda uow: self.ratings.sweep(uow, self.clock.now()))
        await self.write(lambda uow: self.service.check_opening(uow, self.clock.now()))

    async def sweep_forever(self, every_seconds: float = 30.0) -> None:
        while True:
            try:
                await self.sweep_once()
            except Exception:  # keep sweeping; the next round retries what failed
                log.exception("rating sweep failed")
            await asyncio.sleep(every_seconds)

    async def read(self, query: Callable[[Connection], T]) -> T:
        """Run a read-only query on a reader connection, off the event loop."""

        def run() -> T:
            with self.read_engine.connect() as conn:
                return query(conn)

        return await asyncio.to_thread(run)
