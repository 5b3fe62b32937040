"""容缺 follow-ups: rows owed by citizens accepted with a non-core item missing, and their life cycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from .models import FollowUp, Ticket


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    id: int
    ticket_id: int
    number: str
    day: date
    service: str
    window: int | None
    missing: tuple[str, ...]
    due: date
    owner_staff_no: str | None
    status: str  # open | done
    opened_at: datetime
    fulfilled_at: datetime | None
    fulfilled_by: str | None
    received: str | None


def open_followup(
    conn: Connection,
    hall_id: str,
    ticket_id: int,
    missing: tuple[str, ...],
    due: date,
    owner: str | None,
    now: datetime,
) -> int:
    return int(
        conn.execute(
            insert(FollowUp)
            .values(
                hall_id=hall_id,
                ticket_id=ticket_id,
                missing=list(missing),
                due=due,
                owner_staff_no=owner,
                status="open",
                opened_at=now,
                overdue_noticed=False,
            )
            .returning(FollowUp.id)
        ).scalar_one()
    )


_COLUMNS = (
    FollowUp.id,
    FollowUp.ticket_id,
    Ticket.number,
    Ticket.day,
    Ticket.service,
    Ticket.window,
    FollowUp.missing,
    FollowUp.due,
    FollowUp.owner_staff_no,
    FollowUp.status,
    FollowUp.opened_at,
    FollowUp.fulfilled_at,
    FollowUp.fulfilled_by,
    FollowUp.received,
)


def _row(row: Any) -> FollowUpRow:
    values = list(row)
    values[6] = tuple(values[6] or ())
    return FollowUpRow(*values)


def followups(
    conn: Connection,
    hall_id: str,
    *,
    status: str | None = None,
    overdue_on: date | None = None,
    followup_id: int | None = None,
    number: str | None = None,
    holder_hash: str | None = None,
    limit: int = 500,
) -> list[FollowUpRow]:
    """Follow-ups, the oldest due first. `overdue_on`: open ones due before that day."""
    stmt = select(*_COLUMNS).join(Ticket, Ticket.id == FollowUp.ticket_id).where(FollowUp.hall_id == hall_id)
    if status is not None:
        stmt = stmt.where(FollowUp.status == status)
    if overdue_on is not None:
        stmt = stmt.where(FollowUp.status == "open", FollowUp.due < overdue_on)
    if followup_id is not None:
        stmt = stmt.where(FollowUp.id == followup_id)
    if number is not None:
        stmt = stmt.where(Ticket.number == number)
    if holder_hash is not None:
        stmt = stmt.where(Ticket.holder_hash == holder_hash)
    rows = conn.execute(stmt.order_by(FollowUp.due, FollowUp.id).limit(limit))
    return [_row(row) for row in rows]


def fulfil(conn: Connection, followup_id: int, staff_no: str | None, received: str | None, now: datetime) -> bool:
    """Close an open follow-up; False when it was not open (closed already, by someone else)."""
    done = conn.execute(
        update(FollowUp)
        .where(FollowUp.id == followup_id, FollowUp.status == "open")
        .values(status="done", fulfilled_at=now, fulfilled_by=staff_no, received=received)
    )
    return bool(done.rowcount)


def newly_overdue(conn: Connection, hall_id: str, today: date) -> list[FollowUpRow]:
    """Open follow-ups past their due day not yet announced; marks them announced."""
    rows = conn.execute(
        select(*_COLUMNS)
        .join(Ticket, Ticket.id == FollowUp.ticket_id)
        .where(
            FollowUp.hall_id == hall_id,
            FollowUp.status == "open",
            FollowUp.due < today,
            FollowUp.overdue_noticed.is_(False),
        )
        .order_by(FollowUp.id)
    )
    found = [_row(row) for row in rows]
    if found:
        conn.execute(update(FollowUp).where(FollowUp.id.in_([f.id for f in found])).values(overdue_noticed=True))
    return found
