"""Reading the hall's event log, and PostgreSQL's LISTEN/NOTIFY that tells other processes it grew."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import Connection, Engine, select

from ..records import EventRecord
from .models import Event
from .unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
CHANNEL = "jiaohao_events"


def events_after(conn: Connection, hall_id: str, seq: int) -> list[EventRecord]:
    rows = conn.execute(
        select(Event.seq, Event.type, Event.at, Event.data)
        .where(Event.hall_id == hall_id, Event.seq > seq)
        .order_by(Event.seq)
    )
    return [EventRecord(r.seq, r.type, r.at, r.data) for r in rows]


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def listen_dsn(engine: Engine) -> str:
    """The engine's database as a plain libpq address, for the LISTEN connection."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def notify_in_transaction(uow: UnitOfWork) -> None:
    """Queue a NOTIFY that PostgreSQL delivers at COMMIT (and drops on rollback)."""
    uow.conn.exec_driver_sql("SELECT pg_notify(%(channel)s, %(hall)s)", {"channel": CHANNEL, "hall": uow.hall_id})


def listen(
    dsn: str, hall_id: str, stop: threading.Event, on_listening: Callable[[], None], on_notified: Callable[[], None]
) -> None:
    """Until `stop` is set: LISTEN, call `on_listening` each time the connection is (re)made, and `on_notified`
    when a commit of this hall was announced. A lost connection is retried with backoff."""
    backoff = 0.5
    while not stop.is_set():
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f"LISTEN {CHANNEL}")
                backoff = 0.5
                on_listening()
                while not stop.is_set():
                    mine = False
                    for note in conn.notifies(timeout=1.0, stop_after=1):
                        mine = mine or note.payload == hall_id
                    if mine:
                        on_notified()
        except psycopg.Error as err:
            log.warning("event relay lost its PostgreSQL connection (%s); retrying in %.1fs", err, backoff)
            stop.wait(backoff)
            backoff = min(backoff * 2, 5.0)
