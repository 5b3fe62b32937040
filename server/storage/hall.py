"""The hall's own row (event counter, notice) and its windows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, exists, insert, select, update

from ..records import WindowRec
from .live import window_rec
from .models import Hall, Ticket, WindowRow


def ensure_hall(conn: Connection, hall_id: str, name: str, windows: Iterable[int]) -> None:
    """The hall and its windows exist (created closed); several server processes may start at once."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(74657)")
    if conn.execute(select(Hall.id).where(Hall.id == hall_id)).first() is None:
        conn.execute(insert(Hall).values(id=hall_id, name=name, last_seq=0, notice=""))
    else:
        conn.execute(update(Hall).where(Hall.id == hall_id).values(name=name))
    existing = set(conn.execute(select(WindowRow.number).where(WindowRow.hall_id == hall_id)).scalars())
    for number in windows:
        if number not in existing:
            conn.execute(insert(WindowRow).values(hall_id=hall_id, number=number, status="closed"))


def last_seq(conn: Connection, hall_id: str) -> int:
    return int(conn.execute(select(Hall.last_seq).where(Hall.id == hall_id)).scalar_one())


def notice(conn: Connection, hall_id: str) -> str:
    """What a supervisor set for the screens to scroll ('' when nothing: the hall file's notice applies)."""
    return str(conn.execute(select(Hall.notice).where(Hall.id == hall_id)).scalar_one())


def set_notice(conn: Connection, hall_id: str, text: str) -> None:
    conn.execute(update(Hall).where(Hall.id == hall_id).values(notice=text))


def window(conn: Connection, hall_id: str, number: int) -> WindowRec:
    return window_rec(
        conn.execute(select(WindowRow).where(WindowRow.hall_id == hall_id, WindowRow.number == number)).one()
    )


def all_windows(conn: Connection, hall_id: str) -> list[WindowRec]:
    rows = conn.execute(select(WindowRow).where(WindowRow.hall_id == hall_id).order_by(WindowRow.number))
    return [window_rec(r) for r in rows]


def window_status(conn: Connection, hall_id: str, number: int) -> str:
    return str(
        conn.execute(
            select(WindowRow.status).where(WindowRow.hall_id == hall_id, WindowRow.number == number)
        ).scalar_one()
    )


def seat_staff(conn: Connection, hall_id: str, number: int, staff_no: str, status: str, now: datetime) -> None:
    """A clerk logged in at the window."""
    conn.execute(
        update(WindowRow)
        .where(WindowRow.hall_id == hall_id, WindowRow.number == number)
        .values(staff_no=staff_no, status=status, updated_at=now)
    )


def release_window(conn: Connection, hall_id: str, number: int, staff_no: str | None, now: datetime) -> bool:
    """The clerk at the window logged out: it closes. False when someone else sits there now."""
    result = conn.execute(
        update(WindowRow)
        .where(WindowRow.hall_id == hall_id, WindowRow.number == number, WindowRow.staff_no == staff_no)
        .values(status="closed", staff_no=None, pause_reason=None, updated_at=now)
    )
    return bool(result.rowcount)


def current_ticket_id(conn: Connection, hall_id: str, number: int) -> int | None:
    return conn.execute(
        select(WindowRow.current_ticket_id).where(WindowRow.hall_id == hall_id, WindowRow.number == number)
    ).scalar_one_or_none()


def hall_ids(conn: Connection, *, with_tickets: bool = False) -> list[str]:
    """Every hall in this database (one per server, or several sharing a PostgreSQL database); with
    `with_tickets`, only those that ever issued a ticket."""
    query = select(Hall.id).order_by(Hall.id)
    if with_tickets:
        query = query.where(exists().where(Ticket.hall_id == Hall.id))
    return [str(h) for h in conn.execute(query).scalars()]
