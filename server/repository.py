"""SQL statements of the hall, and nothing else: no rules, no events. Every function takes a connection."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select

from jiaohao.domain.tickets import Channel, TicketState

from .storage.models import Appointment, Device, Staff, StaffSession, Ticket, TicketCounter, WindowRow

QUEUED_STATES = (TicketState.WAITING.value, TicketState.TRANSFERRED.value)

# --- numbering ---------------------------------------------------------------------------------------------


def issued_counts(conn: Connection, hall_id: str, day: date) -> dict[str, int]:
    rows = conn.execute(
        select(TicketCounter.service, TicketCounter.last_seq).where(
            TicketCounter.hall_id == hall_id, TicketCounter.day == day
        )
    )
    return {service: last for service, last in rows}


# --- tickets -----------------------------------------------------------------------------------------------


def get_ticket(conn: Connection, hall_id: str, ticket_id: int) -> Row[Any] | None:
    return conn.execute(select(Ticket).where(Ticket.hall_id == hall_id, Ticket.id == ticket_id)).first()


def waiting_counts(conn: Connection, hall_id: str, day: date) -> dict[str, int]:
    rows = conn.execute(
        select(Ticket.service, func.count())
        .where(Ticket.hall_id == hall_id, Ticket.day == day, Ticket.state.in_(QUEUED_STATES))
        .group_by(Ticket.service)
    )
    return {service: int(n) for service, n in rows}


def ahead_of(conn: Connection, hall_id: str, ticket: Row[Any]) -> int:
    """How many queued tickets of the same service stand before this one (priority channel first)."""
    stmt = select(func.count()).where(
        Ticket.hall_id == hall_id,
        Ticket.day == ticket.day,
        Ticket.service == ticket.service,
        Ticket.state.in_(QUEUED_STATES),
        Ticket.id != ticket.id,
    )
    if ticket.channel != Channel.NORMAL.value:
        stmt = stmt.where(Ticket.channel != Channel.NORMAL.value, Ticket.queued_at <= ticket.queued_at)
    else:
        stmt = stmt.where((Ticket.channel != Channel.NORMAL.value) | (Ticket.queued_at <= ticket.queued_at))
    return int(conn.execute(stmt).scalar_one())


def recent_handle_minutes(conn: Connection, hall_id: str, service: str, limit: int) -> list[float]:
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


# --- windows -----------------------------------------------------------------------------------------------


def ensure_windows(conn: Connection, hall_id: str, numbers: Iterable[int]) -> None:
    existing = set(conn.execute(select(WindowRow.number).where(WindowRow.hall_id == hall_id)).scalars())
    for number in numbers:
        if number not in existing:
            conn.execute(insert(WindowRow).values(hall_id=hall_id, number=number, status="closed"))


def get_window(conn: Connection, hall_id: str, number: int) -> Row[Any]:
    return conn.execute(select(WindowRow).where(WindowRow.hall_id == hall_id, WindowRow.number == number)).one()


def all_windows(conn: Connection, hall_id: str) -> list[Row[Any]]:
    return list(conn.execute(select(WindowRow).where(WindowRow.hall_id == hall_id).order_by(WindowRow.number)))


def open_windows(conn: Connection, hall_id: str) -> set[int]:
    return set(
        conn.execute(select(WindowRow.number).where(WindowRow.hall_id == hall_id, WindowRow.status == "open")).scalars()
    )


def tickets_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, Row[Any]]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {row.id: row for row in conn.execute(select(Ticket).where(Ticket.id.in_(wanted)))}


# --- staff, sessions and devices ---------------------------------------------------------------------------


def staff_by_no(conn: Connection, no: str) -> Row[Any] | None:
    return conn.execute(select(Staff).where(Staff.no == no)).first()


def staff_by_nos(conn: Connection, nos: Iterable[str]) -> dict[str, Row[Any]]:
    wanted = [n for n in nos if n]
    if not wanted:
        return {}
    return {row.no: row for row in conn.execute(select(Staff).where(Staff.no.in_(wanted)))}


def session_by_hash(conn: Connection, token_hash: str) -> Any:
    return conn.execute(
        select(StaffSession, Staff.no, Staff.name, Staff.role, Staff.active)
        .join(Staff, Staff.id == StaffSession.staff_id)
        .where(StaffSession.token_hash == token_hash)
    ).first()


def device_by_hash(conn: Connection, token_hash: str) -> Row[Any] | None:
    return conn.execute(select(Device).where(Device.token_hash == token_hash)).first()


def appointment_by_code(conn: Connection, hall_id: str, code: str) -> Row[Any] | None:
    return conn.execute(select(Appointment).where(Appointment.hall_id == hall_id, Appointment.code == code)).first()
