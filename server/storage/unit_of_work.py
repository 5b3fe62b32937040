"""One write transaction of the hall: the connection, the event counter and the events it appends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine

from jiaohao.wire.base import EventData

from ..records import EventRecord


class UnitOfWork:
    def __init__(self, conn: Connection, hall_id: str) -> None:
        self.conn = conn
        self.hall_id = hall_id
        self.sqlite = conn.dialect.name == "sqlite"
        self._seq = 0
        self._events: list[EventRecord] = []
        self.touched = False  # set by the hot path when it writes; reset per command
        self._cursor: Any = None

    @property
    def current_seq(self) -> int:
        """The hall's event counter as this transaction sees it now."""
        return self._seq

    def cursor(self) -> Any:
        """The DBAPI cursor of this transaction, for the statements on the hot path."""
        if self._cursor is None:
            dbapi = self.conn.connection.dbapi_connection
            assert dbapi is not None
            self._cursor = dbapi.cursor()
        return self._cursor

    def execute(self, statement: str, params: tuple[Any, ...] = ()) -> Any:
        """A plain DBAPI statement written with `?` marks (PostgreSQL's driver wants `%s`)."""
        cursor = self.cursor()
        cursor.execute(statement if self.sqlite else statement.replace("?", "%s"), params)
        return cursor

    def lock_hall(self) -> None:
        """Take the hall's row lock (PostgreSQL) and read its event counter; SQLite is already locked."""
        lock = "" if self.sqlite else " FOR UPDATE"
        row = self.execute(f"SELECT last_seq FROM halls WHERE id = ?{lock}", (self.hall_id,)).fetchone()
        if row is None:
            raise RuntimeError(f"hall {self.hall_id!r} is not in the database")
        self._seq = int(row[0])

    # --- one command inside the batch: plain SAVEPOINT statements, because SQLAlchemy's nested-transaction
    # bookkeeping costs more than the command itself on the hot path, and nothing else uses savepoints here.

    def begin_command(self) -> tuple[int, int]:
        self.touched = False
        self.execute("SAVEPOINT job")
        return (self._seq, len(self._events))

    def command_done(self) -> None:
        self.execute("RELEASE SAVEPOINT job")

    def command_failed(self, mark: tuple[int, int]) -> None:
        self.execute("ROLLBACK TO SAVEPOINT job")
        self.execute("RELEASE SAVEPOINT job")
        self._seq, count = mark
        del self._events[count:]

    # --- the event log ------------------------------------------------------------------------------------

    def emit(self, at: datetime, payload: EventData) -> EventRecord:
        """Append one event, numbered next, in this transaction; its type is the payload model's."""
        self._seq += 1
        data = payload.model_dump(mode="json")
        record = EventRecord(self._seq, payload.event_type, at, data)
        if self.sqlite:
            when: Any = at.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
            self.execute(
                "INSERT INTO events (hall_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?)",
                (self.hall_id, record.seq, record.type, when, json.dumps(data, ensure_ascii=False)),
            )
        else:
            self.execute(
                "INSERT INTO events (hall_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?::json)",
                (self.hall_id, record.seq, record.type, at.astimezone(UTC), json.dumps(data, ensure_ascii=False)),
            )
        self._events.append(record)
        return record

    def flush_seq(self) -> None:
        if self._events:
            self.execute("UPDATE halls SET last_seq = ? WHERE id = ?", (self._seq, self.hall_id))

    def committed_events(self) -> list[EventRecord]:
        return list(self._events)


@contextmanager
def hall_transaction(engine: Engine, hall_id: str) -> Iterator[UnitOfWork]:
    """The writer's transaction: the hall locked from the start; COMMIT when the block ends without error."""
    with engine.connect() as conn, conn.begin():
        uow = UnitOfWork(conn, hall_id)
        uow.lock_hall()
        yield uow
