"""One write transaction of the hall: the connection, the event counter and the events it appends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from .storage.models import Event, Hall


@dataclass(frozen=True, slots=True)
class EventRecord:
    seq: int
    type: str
    at: datetime
    data: dict[str, Any]

    def wire(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "at": self.at.isoformat(), "data": self.data}


class UnitOfWork:
    def __init__(self, conn: Connection, hall_id: str) -> None:
        self.conn = conn
        self.hall_id = hall_id
        self._seq = 0
        self._events: list[EventRecord] = []

    def lock_hall(self) -> None:
        """Take the hall's row lock (PostgreSQL) and read its event counter; SQLite is already locked."""
        stmt = select(Hall.last_seq).where(Hall.id == self.hall_id)
        if self.conn.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        last = self.conn.execute(stmt).scalar_one_or_none()
        if last is None:
            raise RuntimeError(f"hall {self.hall_id!r} is not in the database")
        self._seq = last

    def emit(self, type_: str, at: datetime, data: dict[str, Any]) -> EventRecord:
        self._seq += 1
        record = EventRecord(self._seq, type_, at, data)
        self.conn.execute(insert(Event).values(hall_id=self.hall_id, seq=record.seq, type=type_, at=at, data=data))
        self._events.append(record)
        return record

    def mark(self) -> tuple[int, int]:
        return (self._seq, len(self._events))

    def rewind(self, mark: tuple[int, int]) -> None:
        self._seq, count = mark
        del self._events[count:]

    def flush_seq(self) -> None:
        if self._events:
            self.conn.execute(update(Hall).where(Hall.id == self.hall_id).values(last_seq=self._seq))

    def committed_events(self) -> list[EventRecord]:
        return list(self._events)
