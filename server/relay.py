"""Events across server processes on PostgreSQL: LISTEN/NOTIFY, then read the log in sequence order.

Several server processes write to one hall; sequence numbers are gapless and committed in order (each write
transaction holds the hall row's lock while it numbers its events). So every process can publish exactly the
log, in order, by reading `seq > last published` whenever something may have been committed: after its own
writer commits, and when another process's commit NOTIFYs. One lock serialises the two, so a subscriber sees
every event once, in order, whichever process committed it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from .records import EventRecord
from .storage import Engine
from .storage.events import events_after, listen

Publish = Callable[[list[EventRecord]], None]


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
            return events_after(conn, self._hall_id, seq)

    def _listening(self) -> None:
        self._ready.set()
        self.catch_up()  # anything committed while we were not listening

    def _listen(self) -> None:
        listen(self._dsn, self._hall_id, self._stop, self._listening, self.catch_up)
