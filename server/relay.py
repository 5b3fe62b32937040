"""Events across server processes on PostgreSQL: LISTEN/NOTIFY, then read the log in sequence order.

Several server processes write to one hall; sequence numbers are gapless and committed in order (each write
transaction holds the hall row's lock while it numbers its events). So every process can publish exactly the
log, in order, by reading `seq > last published` whenever something may have been committed: after its own
writer commits, and when another process's commit NOTIFYs. One lock serialises the two, so a subscriber sees
every event once, in order, whichever process committed it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

import psycopg
from sqlalchemy import Engine, select

from .storage.models import Event
from .unit_of_work import EventRecord, UnitOfWork

log = logging.getLogger(__name__)
CHANNEL = "jiaohao_events"
Publish = Callable[[list[EventRecord]], None]


def notify_in_transaction(uow: UnitOfWork) -> None:
    """Queue a NOTIFY that PostgreSQL delivers at COMMIT (and drops on rollback)."""
    uow.conn.exec_driver_sql("SELECT pg_notify(%(channel)s, %(hall)s)", {"channel": CHANNEL, "hall": uow.hall_id})


class EventRelay:
    def __init__(self, engine: Engine, dsn: str, hall_id: str, publish: Publish, last_seq: int) -> None:
        self._engine = engine
        self._dsn = dsn
        self._hall_id = hall_id
        self._publish = publish
        self._last = last_seq
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._listen, name=f"relay-{hall_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("could not LISTEN for events on PostgreSQL")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def committed(self, events: Sequence[EventRecord]) -> None:
        """Called by this process's writer after COMMIT with the events it numbered."""
        with self._lock:
            if events and events[0].seq == self._last + 1:
                fresh = list(events)  # nothing from elsewhere in between: no need to read them back
            else:
                fresh = self._read_after(self._last)
            self._emit(fresh)

    def catch_up(self) -> None:
        with self._lock:
            self._emit(self._read_after(self._last))

    def _emit(self, events: list[EventRecord]) -> None:
        events = [e for e in events if e.seq > self._last]
        if events:
            self._last = events[-1].seq
            self._publish(events)

    def _read_after(self, seq: int) -> list[EventRecord]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(Event.seq, Event.type, Event.at, Event.data)
                .where(Event.hall_id == self._hall_id, Event.seq > seq)
                .order_by(Event.seq)
            )
            return [EventRecord(r.seq, r.type, r.at, r.data) for r in rows]

    def _listen(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._dsn, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._ready.set()
                    backoff = 0.5
                    self.catch_up()  # anything committed while we were not listening
                    while not self._stop.is_set():
                        mine = False
                        for note in conn.notifies(timeout=1.0, stop_after=1):
                            mine = mine or note.payload == self._hall_id
                        if mine:
                            self.catch_up()
            except psycopg.Error as err:
                log.warning("event relay lost its PostgreSQL connection (%s); retrying in %.1fs", err, backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
