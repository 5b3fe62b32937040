"""Reminders (提醒短信): the outbox the sender delivers from, and what the supervisor sees of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from .models import Reminder


@dataclass(frozen=True, slots=True)
class Due:
    id: int
    kind: str
    recipient: str
    params: dict[str, Any]
    attempts: int


def add(
    conn: Connection,
    *,
    hall_id: str,
    kind: str,
    recipient: str,
    recipient_masked: str,
    params: dict[str, Any],
    now: datetime,
    due: datetime,
    appointment_id: int | None = None,
    ticket_id: int | None = None,
) -> int:
    values = {
        "hall_id": hall_id,
        "kind": kind,
        "recipient": recipient,
        "recipient_masked": recipient_masked,
        "params": params,
        "created_at": now,
        "next_at": due,
        "status": "pending",
        "attempts": 0,
        "appointment_id": appointment_id,
        "ticket_id": ticket_id,
    }
    return int(conn.execute(insert(Reminder).values(**values).returning(Reminder.id)).scalar_one())


@dataclass(frozen=True, slots=True)
class Watch:
    id: int
    kind: str
    ticket_id: int
    params: dict[str, Any]


def watch(
    conn: Connection,
    *,
    hall_id: str,
    kind: str,
    ticket_id: int,
    recipient: str,
    recipient_masked: str,
    params: dict[str, Any],
    now: datetime,
) -> None:
    """A message that waits for its ticket to move (near its turn, called): status 'watching' until then."""
    add(
        conn,
        hall_id=hall_id,
        kind=kind,
        recipient=recipient,
        recipient_masked=recipient_masked,
        params=params,
        now=now,
        due=now,
        ticket_id=ticket_id,
    )
    conn.execute(
        update(Reminder)
        .where(Reminder.hall_id == hall_id, Reminder.ticket_id == ticket_id, Reminder.kind == kind)
        .values(status="watching")
    )


def watches(conn: Connection, hall_id: str, since: datetime) -> list[Watch]:
    rows = conn.execute(
        select(Reminder.id, Reminder.kind, Reminder.ticket_id, Reminder.params).where(
            Reminder.hall_id == hall_id, Reminder.status == "watching", Reminder.created_at >= since
        )
    ).all()
    return [Watch(r.id, r.kind, int(r.ticket_id), dict(r.params)) for r in rows]


def release(conn: Connection, reminder_id: int, params: dict[str, Any], now: datetime) -> None:
    """The ticket moved: the message is due now."""
    conn.execute(
        update(Reminder).where(Reminder.id == reminder_id).values(status="pending", params=params, next_at=now)
    )


def drop(conn: Connection, reminder_id: int) -> None:
    conn.execute(delete(Reminder).where(Reminder.id == reminder_id))


def drop_pending_of_appointment(conn: Connection, hall_id: str, appointment_id: int) -> None:
    """A cancelled booking gets no reminder the day before."""
    conn.execute(
        delete(Reminder).where(
            Reminder.hall_id == hall_id, Reminder.appointment_id == appointment_id, Reminder.status == "pending"
        )
    )


def claim_due(conn: Connection, hall_id: str, now: datetime, lease_until: datetime, limit: int) -> list[Due]:
    """The pending messages due now, oldest first, each leased until `lease_until` with its attempt counted:
    a second sender (another server process) skips them, and a sender that died leaves them to be retried."""
    rows = conn.execute(
        select(Reminder.id, Reminder.kind, Reminder.recipient, Reminder.params, Reminder.attempts)
        .where(Reminder.hall_id == hall_id, Reminder.status == "pending", Reminder.next_at <= now)
        .order_by(Reminder.next_at, Reminder.id)
        .limit(limit)
    ).all()
    for row in rows:
        conn.execute(
            update(Reminder).where(Reminder.id == row.id).values(attempts=row.attempts + 1, next_at=lease_until)
        )
    return [Due(r.id, r.kind, r.recipient or "", dict(r.params), r.attempts + 1) for r in rows]


def record_sent(conn: Connection, reminder_id: int, now: datetime) -> None:
    conn.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id)
        .values(status="sent", sent_at=now, recipient=None, last_error=None)
    )


def record_failed(conn: Connection, reminder_id: int, reason: str, retry_at: datetime | None) -> None:
    """A failed attempt: due again at `retry_at`, or given up (failed) when None."""
    values: dict[str, Any] = {"last_error": reason[:250]}
    if retry_at is None:
        values.update(status="failed", recipient=None)
    else:
        values.update(next_at=retry_at)
    conn.execute(update(Reminder).where(Reminder.id == reminder_id).values(**values))


def recent(conn: Connection, hall_id: str, limit: int = 200) -> Sequence[Row[Any]]:
    return conn.execute(
        select(Reminder).where(Reminder.hall_id == hall_id).order_by(Reminder.id.desc()).limit(limit)
    ).all()
