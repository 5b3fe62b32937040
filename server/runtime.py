"""Everything one server process holds for its hall, created in the app's lifespan and closed with it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from jiaohao.domain.clock import Clock, ManualClock, SystemClock
from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import Unauthorized

from . import audit, auth, live_config, reminders
from .audit import Who
from .backups import NightlyBackup
from .bookings import BookingService
from .device_health import announce_lost
from .events import EventBus
from .followups import FollowUpService
from .hall_view import HallViewCache
from .live_config import ConfigEditor
from .logins import LoginGuard
from .ratings import RatingService
from .relay import EventRelay
from .service import HallService
from .storage import Connection, Engine
from .storage import config as config_rows
from .storage import hall as hall_rows
from .storage import staff as staff_rows
from .storage.database import is_disk_full, make_engine, migrate
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
    env: Mapping[str, str] = field(default_factory=lambda: os.environ)  # reminder secrets (never the hall file)
    # The hall file's `pin` values are published (the sample hall's are in the package): `jiaohao server`
    # honours them only with `--demo-pins`. Tests and the in-process harness seed them on purpose.
    hall_file_pins: bool = True


@dataclass(frozen=True)
class Prepared:
    config: HallConfig  # the hall's live configuration: the database's once the file has been imported
    generated_pins: dict[str, str]  # administrators' first PINs (staff number → PIN), to show once


def prepare_database(
    engine: Engine, config: HallConfig, now: datetime | None = None, *, hall_file_pins: bool = True
) -> Prepared:
    """Migrate, make sure the hall, its windows and its configured staff exist, and return the hall's live
    configuration (server/live_config.py).

    Without `hall_file_pins`, a staff member first created here gets a PIN nobody knows (an administrator sets
    one with `jiaohao admin staff set-pin`), except administrators: each gets a fresh random PIN, returned
    so the caller can show it once, to the person starting the server."""
    migrate(engine)
    generated: dict[str, str] = {}
    with engine.begin() as conn:
        hall_rows.ensure_hall(conn, config.hall.id, config.hall.name, [w.number for w in config.windows])
        for member in config.staff:
            if not member.pin or staff_rows.member(conn, member.no) is not None:
                continue
            pin = member.pin if hall_file_pins else auth.new_pin()
            if not hall_file_pins and member.role == "admin":
                generated[member.no] = pin
            auth.add_staff(conn, member.no, member.name, pin, member.role, member.title, member.photo)
        live = live_config.load_or_import(conn, config, now or datetime.now(UTC))
        hall_rows.ensure_hall(conn, live.hall.id, live.hall.name, [w.number for w in live.windows])
    return Prepared(live, generated)


class StorageFull(Exception):
    """The database's disk is full: the change was not made (503 `storage_full`)."""


class HallRuntime:
    def __init__(self, config: HallConfig, settings: ServerSettings) -> None:
        self.config = config
        self.settings = settings
        self.clock = settings.clock
        self.write_engine = make_engine(settings.db_url, writer=True)
        self.read_engine = make_engine(settings.db_url, writer=False)
        prepared = prepare_database(
            self.write_engine, config, self.clock.now(), hall_file_pins=settings.hall_file_pins
        )
        config = self.config = prepared.config
        self.generated_pins = prepared.generated_pins
        self.followups = FollowUpService(config)
        self.service = HallService(config, settings.public_url, self.clock.now, self.followups)
        self.ratings = RatingService(config)
        self.bookings = BookingService(config)
        notifier = reminders.build_notifier(config.reminders, settings.env)
        self.reminder_sender = (
            reminders.ReminderSender(config, notifier, self.write, self._blocking) if notifier is not None else None
        )
        self._reminders_due: asyncio.Event | None = None
        self.config_editor = ConfigEditor(lambda: self.config, self.switch_config)
        with self.read_engine.connect() as conn:
            self.config_version = config_rows.version(conn, config.hall.id) or 0
        self._config_read = config  # the configuration as last read from the database
        self.service.hall.refresh_config = self._refresh_config
        self.tokens = auth.TokenResolver(self.read_engine, self.clock)
        self.nightly_backup = NightlyBackup(config.backup, config.hall.id, settings.db_url)
        self.storage_full = False
        self._storage_full_logged = -60.0
        policy = config.policy
        self.logins = LoginGuard(policy.login_max_failures, timedelta(minutes=policy.login_lockout_min))
        self.bus: EventBus | None = None
        self.hall_view = HallViewCache()
        self.writer: Writer | None = None
        self.relay: EventRelay | None = None

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self.bus = EventBus(loop)
        self._reminders_due = asyncio.Event()
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
        self.followups.config = self.bookings.config = config
        self.service.policy = self.service.hall.policy = self.ratings.policy = self.bookings.policy = config.policy
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

    async def write(self, command: Callable[[UnitOfWork], T], *, caller: auth.Principal | None = None) -> T:
        """Run `command` in the writer. With `caller`, its token is checked again in the same transaction, so
        a revoked token changes nothing even while the cache (a few seconds) still knows it."""
        assert self.writer is not None, "runtime not started"
        if caller is None:
            return await self._written(command)
        now = self.clock.now()

        def checked(uow: UnitOfWork) -> T:
            auth.require_still_valid(uow, caller, now)
            return command(uow)

        try:
            return await self._written(checked)
        except Unauthorized:
            self.tokens.forget(caller.token_hash)
            raise

    async def _written(self, command: Callable[[UnitOfWork], T]) -> T:
        assert self.writer is not None
        try:
            result = await asyncio.wrap_future(self.writer.submit(command))
        except Exception as err:
            if is_disk_full(err):
                self.note_storage_full()
                raise StorageFull() from err
            raise
        self.storage_full = False  # a write went through: space came back (the writer needs no restart)
        return result

    def note_storage_full(self) -> None:
        """The disk is full: `/health` says degraded until a write succeeds again; one log line a minute."""
        self.storage_full = True
        now = time.monotonic()
        if now - self._storage_full_logged >= 60:
            self._storage_full_logged = now
            log.error("the database's disk is full: changes are refused (503 storage_full) until space is freed")

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

    async def sweep_once(self, *, deliver: bool = True) -> None:
        """What the clock drives: record unrated services, notice overdue cases, open and close services,
        announce devices gone silent (in the writer like every other change; its first command also turns the
        business day), take the nightly backup (outside the writer: the online backup never stops it), then
        deliver the reminders due by now (the test clock's route relies on that; the timed sweep leaves
        delivery to `reminders_forever`, so that nothing delivers behind a test's back)."""
        await self.write(lambda uow: self.ratings.sweep(uow, self.clock.now()))
        await self.write(lambda uow: self.followups.sweep(uow, self.clock.now()))
        await self.write(lambda uow: self.service.check_opening(uow, self.clock.now()))
        await self.write(lambda uow: announce_lost(uow, self.clock.now()))
        local = self.clock.now().astimezone(self.config.policy.zone)
        await asyncio.to_thread(self.nightly_backup.run_if_due, local)
        if deliver:
            await self.send_reminders()

    async def send_reminders(self) -> None:
        if self.reminder_sender is not None:
            await self.reminder_sender.send_due(self.clock.now())

    def wake_reminders(self) -> None:
        """Something was just queued for a citizen: deliver it now rather than at the next round."""
        if self._reminders_due is not None:
            self._reminders_due.set()

    async def reminders_forever(self, every_seconds: float = 5.0) -> None:
        """Deliver reminders when woken and every `every_seconds`. Not on a manual (test) clock: there the
        test moves the clock, and the sweep that follows delivers, so nothing races the test."""
        if self.reminder_sender is None or isinstance(self.clock, ManualClock) or self._reminders_due is None:
            return
        while True:
            with contextlib.suppress(TimeoutError):  # no wake-up: a regular round, for retries that fell due
                await asyncio.wait_for(self._reminders_due.wait(), every_seconds)
            self._reminders_due.clear()
            try:
                await self.send_reminders()
            except Exception:  # a broken provider must not stop the hall; the next round retries
                log.exception("sending reminders failed")

    @staticmethod
    async def _blocking(work: Callable[[], None]) -> None:
        await asyncio.to_thread(work)

    async def sweep_forever(self, every_seconds: float = 30.0) -> None:
        while True:
            try:
                await self.sweep_once(deliver=False)
            except StorageFull:  # already reported (one line a minute); the next round retries
                pass
            except Exception:  # keep sweeping; the next round retries what failed
                log.exception("rating sweep failed")
            await asyncio.sleep(every_seconds)

    async def read(self, query: Callable[[Connection], T]) -> T:
        """Run a read-only query on a reader connection, off the event loop."""

        def run() -> T:
            with self.read_engine.connect() as conn:
                return query(conn)

        return await asyncio.to_thread(run)
