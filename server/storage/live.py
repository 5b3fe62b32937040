"""What the writer's live hall is rebuilt from: today's counters, staff, windows, live tickets, recent handling."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, select

from jiaohao.domain.tickets import LIVE, Channel, TicketState

from ..records import StaffRec, TicketRec, WindowRec
from .models import Staff, Ticket, TicketCounter, WindowRow


@dataclass
class LiveRows:
    counters: dict[str, int] = field(default_factory=dict)
    staff: list[StaffRec] = field(default_factory=list)
    windows: list[WindowRec] = field(default_factory=list)
    tickets: list[TicketRec] = field(default_factory=list)
    handle_minutes: dict[str, list[float]] = field(default_factory=dict)  # oldest first, per service


def ticket_rec(row: Row[Any]) -> TicketRec:
    return TicketRec(
        id=row.id,
        day=row.day,
        number=row.number,
        service=row.service,
        origin_service=row.origin_service,
        channel=Channel(row.channel),
        state=TicketState(row.state),
        issued_at=row.issued_at,
        queued_at=row.queued_at,
        front=row.front,
        target_window=row.target_window,
        window=row.window,
        staff_no=row.staff_no,
        called_at=row.called_at,
        started_at=row.started_at,
        recall_count=row.recall_count,
        transfers=row.transfers,
        track_token=row.track_token,
        holder_hash=row.holder_hash,
        finished_at=row.finished_at,
        first_staff_no=row.first_staff_no,
        transfer_note=row.transfer_note,
        outcome=row.outcome,
        missing=tuple(row.missing or ()),
        due=row.due,
    )


def window_rec(row: Row[Any]) -> WindowRec:
    return WindowRec(row.number, row.status, row.pause_reason, row.staff_no, row.current_ticket_id)


def staff_rec(row: Any) -> StaffRec:
    return StaffRec(row.no, row.name, row.title, row.photo)


def recent_handle_minutes(conn: Connection, hall_id: str, service: str, limit: int) -> list[float]:
    """Handling times of the service's last `limit` finished tickets, newest first (any day)."""
    rows = conn.execute(
        select(Ticket.called_at, Ticket.started_at, Ticket.finished_at)
        .where(Ticket.hall_id == hall_id, Ticket.service == service, Ticket.finished_at.is_not(None))
        .order_by(Ticket.finished_at.desc())
        .limit(limit)
    )
    minutes = []
    for called, started, finished in rows:
        begun = started or called
        if begun is not None and finished is not None:
            minutes.append((finished - begun).total_seconds() / 60)
    return minutes


def load_live(conn: Connection, hall_id: str, day: date, services: Iterable[str], sample: int) -> LiveRows:
    rows = LiveRows()
    rows.counters = counters(conn, hall_id, day)
    rows.staff = all_staff(conn)
    rows.windows = [window_rec(w) for w in conn.execute(select(WindowRow).where(WindowRow.hall_id == hall_id))]
    live = [s.value for s in LIVE]
    rows.tickets = [
        ticket_rec(r)
        for r in conn.execute(
            select(Ticket).where(Ticket.hall_id == hall_id, Ticket.day == day, Ticket.state.in_(live))
        )
    ]
    rows.handle_minutes = {
        code: list(reversed(recent_handle_minutes(conn, hall_id, code, sample))) for code in services
    }
    return rows


def load_changed(
    conn: Connection, hall_id: str, day: date, ticket_ids: Iterable[int], windows: Iterable[int]
) -> LiveRows:
    """Only what another process's events name: those tickets (whatever their state now), those windows, and
    the day's counters. The catch-up of `LiveHall.catch_up`, instead of reading every live ticket again."""
    rows = LiveRows()
    rows.counters = counters(conn, hall_id, day)
    ids, numbers = sorted(set(ticket_ids)), sorted(set(windows))
    if numbers:
        query = select(WindowRow).where(WindowRow.hall_id == hall_id, WindowRow.number.in_(numbers))
        rows.windows = [window_rec(w) for w in conn.execute(query)]
    if ids:
        rows.tickets = [
            ticket_rec(r) for r in conn.execute(select(Ticket).where(Ticket.hall_id == hall_id, Ticket.id.in_(ids)))
        ]
    return rows


def counters(conn: Connection, hall_id: str, day: date) -> dict[str, int]:
    """Tickets issued today, per service (the numbering counters)."""
    query = select(TicketCounter.service, TicketCounter.last_seq).where(
        TicketCounter.hall_id == hall_id, TicketCounter.day == day
    )
    return {r.service: r.last_seq for r in conn.execute(query)}


def all_staff(conn: Connection) -> list[StaffRec]:
    return [staff_rec(s) for s in conn.execute(select(Staff.no, Staff.name, Staff.title, Staff.photo))]
