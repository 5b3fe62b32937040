"""The only place where test support reaches into the server's internals (storage, auth, hall file loading).

Tests drive the server through its public surfaces (HTTP/WebSocket API, the CLI, `jiaohao.domain`); what a
test cannot ask the API (prepare a database as `jiaohao admin` would, read a stored row to prove it was
stored) goes through the functions here, so a refactor of `server/` changes this file and no test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, create_engine, delete, func, select, update
from sqlalchemy.exc import DBAPIError

from jiaohao.domain.config import HallConfig
from server import auth
from server.hallfile import load_hall, load_sample_hall
from server.runtime import prepare_database
from server.storage.database import make_engine
from server.storage.models import AuditEntry, Event, Rating, Ticket

__all__ = [
    "add_devices",
    "audit_tampering",
    "count_events",
    "finished_at",
    "load_hall",
    "load_sample_hall",
    "prepare",
    "rated_at",
    "ratings_of",
    "recorded_at",
    "stored_numbers",
]


def prepare(db_url: str, config: HallConfig) -> None:
    """Migrate and seed the hall, its windows and its staff, as the server does when it starts."""
    engine = make_engine(db_url, writer=True)
    try:
        prepare_database(engine, config)
    finally:
        engine.dispose()


def add_devices(db_url: str, devices: list[tuple[str, str, list[int]]], now: datetime) -> dict[str, str]:
    """Device tokens by name, as `jiaohao admin device add` issues them."""
    engine = make_engine(db_url, writer=True)
    try:
        with engine.begin() as conn:
            return {name: auth.add_device(conn, kind, name, windows, now) for kind, name, windows in devices}
    finally:
        engine.dispose()


@contextmanager
def _reading(db_url: str) -> Iterator[Connection]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _utc(value: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; the server stores UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def ratings_of(db_url: str, ticket_id: int) -> list[tuple[Any, ...]]:
    """(level, reasons, comment, source) of every stored rating of a ticket."""
    query = select(Rating.level, Rating.reasons, Rating.comment, Rating.source).where(Rating.ticket_id == ticket_id)
    with _reading(db_url) as conn:
        return [tuple(row) for row in conn.execute(query)]


def finished_at(db_url: str, ticket_id: int) -> datetime:
    with _reading(db_url) as conn:
        return _utc(conn.execute(select(Ticket.finished_at).where(Ticket.id == ticket_id)).scalar_one())


def rated_at(db_url: str, ticket_id: int) -> datetime:
    """When the rating counts (the citizen's press, for one the pad kept offline)."""
    with _reading(db_url) as conn:
        return _utc(conn.execute(select(Rating.rated_at).where(Rating.ticket_id == ticket_id)).scalar_one())


def recorded_at(db_url: str, ticket_id: int) -> datetime:
    """When the server took the rating: the time of its rating.recorded event."""
    with _reading(db_url) as conn:
        rows = conn.execute(select(Event.at, Event.data).where(Event.type == "rating.recorded"))
        (at,) = [row.at for row in rows if row.data.get("ticket_id") == ticket_id]
    return _utc(at)


def count_events(db_url: str, event_type: str) -> int:
    with _reading(db_url) as conn:
        return int(conn.execute(select(func.count()).select_from(Event).where(Event.type == event_type)).scalar_one())


def stored_numbers(db_url: str, hall_id: str) -> list[tuple[str, str, int]]:
    """(business day, service, sequence) of every ticket row: what numbering must keep dense."""
    query = select(Ticket.day, Ticket.service, Ticket.seq).where(Ticket.hall_id == hall_id)
    with _reading(db_url) as conn:
        return [(str(day), service, int(seq)) for day, service, seq in conn.execute(query)]


def audit_tampering(db_url: str) -> dict[str, str | None]:
    """Try to rewrite and to remove audit entries behind the server's back, as a hand-written statement would:
    what the database answered to each (None: it let the statement through)."""
    answers: dict[str, str | None] = {}
    engine = create_engine(db_url)
    try:
        attempts = {
            "update": update(AuditEntry).values(actor="someone-else"),
            "delete": delete(AuditEntry),
        }
        for name, statement in attempts.items():
            try:
                with engine.begin() as conn:
                    conn.execute(statement)
                answers[name] = None
            except DBAPIError as err:
                answers[name] = str(err.orig)
    finally:
        engine.dispose()
    return answers
