"""SQL statements of the hall, and nothing else: no rules, no events. Every function takes a connection."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, and_, func, insert, select, update

from jiaohao.domain.call_order import Candidate
from jiaohao.domain.tickets import Channel, TicketState

from .storage.models import Appointment, Device, Staff, StaffSession, Ticket, TicketCounter, WindowRow

QUEUED_STATES = (TicketState.WAITING.value, TicketState.TRANSFERRED.value)
OPEN_STATES = tuple(
    s.value
    for s in (TicketState.WAITING, TicketState.TRANSFERRED, TicketState.CALLED, TicketState.SERVING, TicketState.HELD)
)

# --- numbering ---------------------------------------------------------------------------------------------


def issued_count(conn: Connection, hall_id: str, day: date, service: str) -> int:
    value = conn.execute(
        select(TicketCounter.last_seq).where(
            TicketCounter.hall_id == hall_id, TicketCounter.day == day, TicketCounter.service == service
        )
    ).scalar_one_or_none()
    return value or 0


def issued_counts(conn: Connection, hall_id: str, day: date) -> dict[str, int]:
    rows = conn.execute(
        select(TicketCounter.service, TicketCounter.last_seq).where(
            TicketCounter.hall_id == hall_id, TicketCounter.day == day
        )
    )
    return {service: last for service, last in rows}


def next_seq(conn: Connection, hall_id: str, day: date, service: str) -> int:
    """Allocate the next number inside the caller's transaction (the unique constraint is the last guard)."""
    where = and_(TicketCounter.hall_id == hall_id, TicketCounter.day == day, TicketCounter.service == service)
    seq = conn.execute(
        update(TicketCounter).where(where).values(last_seq=TicketCounter.last_seq + 1).returning(TicketCounter.last_seq)
    ).scalar_one_or_none()
    if seq is None:
        conn.execute(insert(TicketCounter).values(hall_id=hall_id, day=day, service=service, last_seq=1))
        seq = 1
    return int(seq)


# --- tickets -----------------------------------------------------------------------------------------------


def insert_ticket(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(Ticket).values(**values).returning(Ticket.id)).scalar_one())


def get_ticket(conn: Connection, hall_id: str, ticket_id: int) -> Row[Any] | None:
    return conn.execute(select(Ticket).where(Ticket.hall_id == hall_id, Ticket.id == ticket_id)).first()


def find_by_number(conn: Connection, hall_id: str, day: date, number: str) -> Row[Any] | None:
    return conn.execute(
        select(Ticket).where(Ticket.hall_id == hall_id, Ticket.day == day, Ticket.number == number)
    ).first()


def update_ticket(conn: Connection, ticket_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(Ticket).where(Ticket.id == ticket_id).values(**values))


def open_ticket_of_holder(conn: Connection, hall_id: str, day: date, service: str, holder_hash: str) -> Row[Any] | None:
    return conn.execute(
        select(Ticket.number).where(
            Ticket.hall_id == hall_id,
            Ticket.day == day,
            Ticket.service == service,
            Ticket.holder_hash == holder_hash,
            Ticket.state.in_(OPEN_STATES),
        )
    ).first()


def waiting_counts(conn: Connection, hall_id: str, day: date) -> dict[str, int]:
    rows = conn.execute(
        select(Ticket.service, func.count())
        .where(Ticket.hall_id == hall_id, Ticket.day == day, Ticket.state.in_(QUEUED_STATES))
        .group_by(Ticket.service)
    )
    return {service: int(n) for service, n in rows}


def waiting_count(conn: Connection, hall_id: str, day: date, service: str, *, priority_only: bool = False) -> int:
    stmt = select(func.count()).where(
        Ticket.hall_id == hall_id, Ticket.day == day, Ticket.service == service, Ticket.state.in_(QUEUED_STATES)
    )
    if priority_only:
        stmt = stmt.where(Ticket.channel != Channel.NORMAL.value)
    return int(conn.execute(stmt).scalar_one())


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


def _candidate(row: Any) -> Candidate:
    return Candidate(
        ticket_id=row.id,
        service=row.service,
        issued_at=row.issued_at,
        queued_at=row.queued_at,
        front=row.front,
        channel=Channel(row.channel),
        target_window=row.target_window,
    )


_CANDIDATE_COLUMNS = (
    Ticket.id,
    Ticket.service,
    Ticket.issued_at,
    Ticket.queued_at,
    Ticket.front,
    Ticket.channel,
    Ticket.target_window,
)


def lane_heads(conn: Connection, hall_id: str, day: date, window: int, services: Sequence[str]) -> list[Candidate]:
    """The heads of the lanes `jiaohao.domain.call_order.lane_heads` describes, one LIMIT 1 query each."""
    base = select(*_CANDIDATE_COLUMNS).where(
        Ticket.hall_id == hall_id, Ticket.day == day, Ticket.state.in_(QUEUED_STATES)
    )
    position = (Ticket.front.desc(), Ticket.queued_at, Ticket.id)
    queries = [base.where(Ticket.target_window == window).order_by(*position).limit(1)]
    for service in services:
        lane = base.where(Ticket.service == service, Ticket.target_window.is_(None))
        priority = Ticket.channel != Channel.NORMAL.value
        normal = Ticket.channel == Channel.NORMAL.value
        queries.append(lane.where(priority).order_by(*position).limit(1))
        queries.append(lane.where(normal).order_by(*position).limit(1))
        queries.append(lane.where(normal).order_by(Ticket.issued_at, Ticket.id).limit(1))
    heads: dict[int, Candidate] = {}
    for query in queries:
        row = conn.execute(query).first()
        if row is not None:
            heads[row.id] = _candidate(row)
    return list(heads.values())


def queued_for(
    conn: Connection, hall_id: str, day: date, window: int, services: Sequence[str], limit: int
) -> list[Candidate]:
    rows = conn.execute(
        select(*_CANDIDATE_COLUMNS)
        .where(
            Ticket.hall_id == hall_id,
            Ticket.day == day,
            Ticket.state.in_(QUEUED_STATES),
            (Ticket.target_window == window) | (Ticket.service.in_(services) & Ticket.target_window.is_(None)),
        )
        .order_by(Ticket.queued_at)
        .limit(limit)
    )
    return [_candidate(r) for r in rows]


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


def update_window(conn: Connection, hall_id: str, number: int, values: dict[str, Any]) -> None:
    conn.execute(update(WindowRow).where(WindowRow.hall_id == hall_id, WindowRow.number == number).values(**values))


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


def mark_appointment_used(conn: Connection, appointment_id: int, ticket_id: int) -> None:
    conn.execute(
        update(Appointment).where(Appointment.id == appointment_id).values(status="checked_in", ticket_id=ticket_id)
    )
