"""One write transaction of the hall: the connection, the event counter and the events it appends."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection


@dataclass(frozen=True)
class EventRecord:
    seq: int
    type: str
    at: datetime
    data: dict[str, Any]

    def wire(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "at": self.at.isoformat(), "data": self.data}

    @functools.cached_property
    def text(self) -> str:
        """The WebSocket message, serialised once however many subscribers receive it."""
        return json.dumps(self.wire(), ensure_ascii=False)


class UnitOfWork:
    def __init__(self, conn: Connection, hall_id: str) -> None:
        self.conn = conn
        self.hall_id = hall_id
        self._seq = 0
        self._events: list[EventRecord] = []
        self.touched = False  # set by the fast path when it writes; reset per command
        self._sql: Any = None
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

    def lock_hall(self) -> None:
        """Take the hall's row lock (PostgreSQL) and read its event counter; SQLite is already locked."""
        if self.conn.dialect.name == "postgresql":
            self.cursor().execute("SELECT last_seq FROM halls WHERE id = %s FOR UPDATE", (self.hall_id,))
        else:
            self.cursor().execute("SELECT last_seq FROM halls WHERE id = ?", (self.hall_id,))
        row = self.cursor().fetchone()
        if row is None:
            raise RuntimeError(f"hall {self.hall_id!r} is not in the database")
        self._seq = int(row[0])

    def emit(self, type_: str, at: datetime, data: dict[str, Any]) -> EventRecord:
        from .fastsql import FastSql  # the event log is on the hot path of every change

        self._seq += 1
        record = EventRecord(self._seq, type_, at, data)
        if self._sql is None:
            self._sql = FastSql(self, marks=False)
        sql = self._sql
        sql.execute(
            f"INSERT INTO events (hall_id, seq, type, at, data) VALUES (?, ?, ?, ?, {sql.json_param})",
            (self.hall_id, record.seq, type_, sql.dt(at), sql.json(data)),
        )
        self._events.append(record)
        return record

    def mark(self) -> tuple[int, int]:
        self.touched = False
        return (self._seq, len(self._events))

    def rewind(self, mark: tuple[int, int]) -> None:
        self._seq, count = mark
        del self._events[count:]

    def flush_seq(self) -> None:
        if self._events:
            mark = "?" if self.conn.dialect.name == "sqlite" else "%s"
            self.cursor().execute(f"UPDATE halls SET last_seq = {mark} WHERE id = {mark}", (self._seq, self.hall_id))

    def committed_events(self) -> list[EventRecord]:
        return list(self._events)
