"""Reading tickets outside the writer: positions, waiting counts, a window's list and figures, the oldest waits."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, func, select

from jiaohao.domain.tickets import BACK_AT_WINDOW, QUEUED, Channel, TicketState

from ..records import TicketRec
from .live import ticket_rec
from .models import Rating, Ticket, TicketCounter

_QUEUED = [s.value for s in QUEUED]
_BACK_AT_WINDOW = [s.value for s in BACK_AT_WINDOW]


def issued_counts(conn: Connection, hall_id: str, day: date) -> dict[str, int]:
    rows = conn.execute(
        select(TicketCounter.service, TicketCounter.last_seq).where(
            TicketCounter.hall_id == hall_id, TicketCounter.day == day
        )
    )
    return {service: last for service, last in rows}


def ticket_by_id(conn: Connection, hall_id: str, ticket_id: int) -> TicketRec | None:
    row = conn.execute(select(Ticket).where(Ticket.hall_id == hall_id, Ticket.id == ticket_id)).first()
    return ticket_rec(row) if row is not None else None


def ticket_by_track_token(conn: Connection, hall_id: str, track_token: str) -> TicketRec | None:
    row = conn.execute(select(Ticket).where(Ticket.hall_id == hall_id, Ticket.track_token == track_token)).first()
    return ticket_rec(row) if row is not None else None


def tickets_by_id(conn: Connection, ids: Collection[int | None]) -> dict[int, TicketRec]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {row.id: ticket_rec(row) for row in conn.execute(select(Ticket).where(Ticket.id.in_(wanted)))}


def waiting_counts(conn: Connection, hall_id: str, day: date) -> dict[str, int]:
    rows = conn.execute(
        select(Ticket.service, func.count())
        .where(Ticket.hall_id == hall_id, Ticket.day == day, Ticket.state.in_(_QUEUED))
        .group_by(Ticket.service)
    )
    return {service: int(n) for service, n in rows}


def ahead_of(conn: Connection, hall_id: str, ticket: TicketRec) -> int:
    """How many queued tickets of the same service stand before this one (priority channel first)."""
    stmt = select(func.count()).where(
        Ticket.hall_id == hall_id,
        Ticket.day == ticket.day,
        Ticket.service == ticket.service,
        Ticket.state.in_(_QUEUED),
        Ticket.id != ticket.id,
    )
    if ticket.channel is not Channel.NORMAL:
        stmt = stmt.where(Ticket.channel != Channel.NORMAL.value, Ticket.queued_at <= ticket.queued_at)
    else:
        stmt = stmt.where((Ticket.channel != Channel.NORMAL.value) | (Ticket.queued_at <= ticket.queued_at))
    return int(conn.execute(stmt).scalar_one())


def window_list(
    conn: Connection, hall_id: str, day: date, number: int, services: Collection[str], limit: int = 2000
) -> list[TicketRec]:
    """Today's tickets a window may call: queued for it or its services, and those held or missed there."""
    rows = conn.execute(
        select(Ticket)
        .where(
            Ticket.hall_id == hall_id,
            Ticket.day == day,
            (Ticket.state.in_(_QUEUED) & ((Ticket.target_window == number) | Ticket.service.in_(services)))
            | (Ticket.state.in_(_BACK_AT_WINDOW) & (Ticket.window == number)),
        )
        .order_by(Ticket.queued_at)
        .limit(limit)
    )
    return [ticket_rec(r) for r in rows]


@dataclass(frozen=True, slots=True)
class WindowFigures:
    served: int
    no_shows: int
    handle_minutes: list[float]
    rated: int
    good: int


def window_figures(conn: Connection, hall_id: str, day: date, number: int) -> WindowFigures:
    mine = and_(Ticket.hall_id == hall_id, Ticket.day == day, Ticket.window == number)
    served, no_shows = conn.execute(
        select(
            func.count().filter(Ticket.state == TicketState.DONE.value),
            func.count().filter(Ticket.state == TicketState.NO_SHOW.value),
        ).where(mine)
    ).one()
    handles: list[float] = []
    for started, called, finished in conn.execute(
        select(Ticket.started_at, Ticket.called_at, Ticket.finished_at).where(
            mine, Ticket.state == TicketState.DONE.value
        )
    ):
        begun = started or called
        if finished is not None and begun is not None:
            handles.append((finished - begun).total_seconds() / 60)
    rated, good = conn.execute(
        select(func.count(Rating.level), func.count().filter(Rating.level >= 4))
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(mine)
    ).one()
    return WindowFigures(int(served), int(no_shows), handles, int(rated), int(good))


def oldest_waiting(conn: Connection, hall_id: str, day: date, limit: datetime) -> dict[str, tuple[datetime, int]]:
    """Per service: the earliest issue time among queued tickets and how many were issued before `limit`."""
    rows = conn.execute(
        select(Ticket.service, func.min(Ticket.issued_at), func.count().filter(Ticket.issued_at < limit))
        .where(Ticket.hall_id == hall_id, Ticket.day == day, Ticket.state.in_(_QUEUED))
        .group_by(Ticket.service)
    )
    return {row[0]: (_aware(row[1]), int(row[2])) for row in rows}


def _aware(value: Any) -> datetime:
    # func.min() bypasses the column type, so SQLite hands back text; parse it as the UTC it was stored in.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo is not None else value.replace(tzinfo=ZoneInfo("UTC"))


def last_finished_at(conn: Connection, hall_id: str, window: int) -> TicketRec | None:
    """The ticket this window finished last (what a clerk's 'ask for a rating' key refers to)."""
    row = conn.execute(
        select(Ticket)
        .where(Ticket.hall_id == hall_id, Ticket.window == window, Ticket.state == TicketState.DONE.value)
        .order_by(Ticket.finished_at.desc())
        .limit(1)
    ).first()
    return ticket_rec(row) if row is not None else None


def next_call_after(conn: Connection, hall_id: str, window: int, after: datetime, ticket_id: int) -> datetime | None:
    """When the window next called a ticket (other than `ticket_id`) after `after`: the end of that ticket's
    time to be rated, since the pad at the window then belongs to the next citizen."""
    firsts = conn.execute(
        select(func.min(Ticket.first_called_at)).where(
            Ticket.hall_id == hall_id, Ticket.window == window, Ticket.id != ticket_id, Ticket.first_called_at > after
        )
    ).scalar_one()
    latest = conn.execute(
        select(func.min(Ticket.called_at)).where(
            Ticket.hall_id == hall_id, Ticket.window == window, Ticket.id != ticket_id, Ticket.called_at > after
        )
    ).scalar_one()
    found = [t for t in (firsts, latest) if t is not None]
    return min(found) if found else None
