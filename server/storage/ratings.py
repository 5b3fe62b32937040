"""好差评 rows: ratings (and 'unrated' records), 差评 cases, and the ratings export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, delete, insert, select, update

from jiaohao.domain.tickets import TicketState

from ..records import TicketRec
from .live import ticket_rec
from .models import Case, Rating, Ticket


@dataclass(frozen=True, slots=True)
class RatingMark:
    id: int
    source: str  # pad | evaluator | default | unrated


def of_ticket(conn: Connection, ticket_id: int) -> RatingMark | None:
    row = conn.execute(select(Rating.id, Rating.source).where(Rating.ticket_id == ticket_id)).first()
    return RatingMark(int(row.id), row.source) if row is not None else None


def remove(conn: Connection, rating_id: int) -> None:
    conn.execute(delete(Rating).where(Rating.id == rating_id))


def add(
    conn: Connection,
    hall_id: str,
    ticket: TicketRec,
    *,
    level: int | None,
    reasons: tuple[str, ...],
    comment: str | None,
    source: str,
    at: datetime,
    device_id: int | None,
) -> int:
    return int(
        conn.execute(
            insert(Rating)
            .values(
                hall_id=hall_id,
                ticket_id=ticket.id,
                window=ticket.window,
                staff_no=ticket.staff_no,
                service=ticket.service,
                level=level,
                reasons=",".join(reasons),
                comment=comment or None,
                source=source,
                rated_at=at,
                device_id=device_id,
            )
            .returning(Rating.id)
        ).scalar_one()
    )


def unrated_before(conn: Connection, hall_id: str, cutoff: datetime, limit: int = 1000) -> list[TicketRec]:
    """Tickets finished at a window before `cutoff` with no rating record yet."""
    rows = conn.execute(
        select(Ticket)
        .outerjoin(Rating, Rating.ticket_id == Ticket.id)
        .where(
            Ticket.hall_id == hall_id,
            Ticket.state == TicketState.DONE.value,
            Ticket.finished_at < cutoff,
            Ticket.window.is_not(None),
            Rating.id.is_(None),
        )
        .limit(limit)
    )
    return [ticket_rec(r) for r in rows]


# --- cases --------------------------------------------------------------------------------------------------


def open_case(
    conn: Connection, hall_id: str, rating_id: int, owner: str | None, opened_at: datetime, deadline: datetime
) -> int:
    return int(
        conn.execute(
            insert(Case)
            .values(
                hall_id=hall_id,
                rating_id=rating_id,
                status="open",
                owner=owner,
                opened_at=opened_at,
                deadline=deadline,
                overdue_noticed=False,
            )
            .returning(Case.id)
        ).scalar_one()
    )


@dataclass(frozen=True, slots=True)
class DueCase:
    id: int
    deadline: datetime
    window: int


def newly_overdue(conn: Connection, hall_id: str, now: datetime) -> list[DueCase]:
    """Open cases past their deadline that nobody was told about yet; they are marked as told."""
    rows = conn.execute(
        select(Case.id, Case.deadline, Rating.window)
        .join(Rating, Rating.id == Case.rating_id)
        .where(Case.hall_id == hall_id, Case.status == "open", Case.deadline < now, Case.overdue_noticed.is_(False))
    ).all()
    for row in rows:
        conn.execute(update(Case).where(Case.id == row.id).values(overdue_noticed=True))
    return [DueCase(row.id, row.deadline, row.window) for row in rows]


def case_status(conn: Connection, hall_id: str, case_id: int) -> str | None:
    return conn.execute(select(Case.status).where(Case.hall_id == hall_id, Case.id == case_id)).scalar_one_or_none()


def respond(conn: Connection, case_id: int, text: str, staff_no: str | None, now: datetime) -> None:
    conn.execute(
        update(Case)
        .where(Case.id == case_id)
        .values(status="responded", response=text, responded_at=now, responded_by=staff_no)
    )


def close(conn: Connection, case_id: int, text: str, staff_no: str | None, now: datetime) -> None:
    conn.execute(
        update(Case).where(Case.id == case_id).values(status="closed", result=text, closed_at=now, closed_by=staff_no)
    )


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    status: str
    owner: str | None
    opened_at: datetime
    deadline: datetime
    response: str | None
    responded_at: datetime | None
    result: str | None
    closed_at: datetime | None
    level: int | None
    reasons: list[str]
    comment: str | None
    window: int
    staff_no: str | None
    service: str
    number: str


def cases(
    conn: Connection, hall_id: str, *, status: str | None, case_id: int | None = None, limit: int = 500
) -> list[CaseRow]:
    stmt = (
        select(
            Case,
            Rating.level,
            Rating.reasons,
            Rating.comment,
            Rating.window,
            Rating.staff_no,
            Rating.service,
            Ticket.number,
        )
        .join(Rating, Rating.id == Case.rating_id)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(Case.hall_id == hall_id)
        .order_by(Case.deadline)
        .limit(limit)
    )
    if status is not None:
        stmt = stmt.where(Case.status == status)
    if case_id is not None:
        stmt = stmt.where(Case.id == case_id)
    return [
        CaseRow(
            id=r.id,
            status=r.status,
            owner=r.owner,
            opened_at=r.opened_at,
            deadline=r.deadline,
            response=r.response,
            responded_at=r.responded_at,
            result=r.result,
            closed_at=r.closed_at,
            level=r.level,
            reasons=[x for x in r.reasons.split(",") if x],
            comment=r.comment,
            window=r.window,
            staff_no=r.staff_no,
            service=r.service,
            number=r.number,
        )
        for r in conn.execute(stmt)
    ]


# --- the export ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RatedService:
    day: date
    number: str
    service: str
    window: int
    staff_no: str | None
    level: int
    reasons: list[str]
    comment: str | None
    source: str
    rated_at: datetime


def rated_between(conn: Connection, hall_id: str, since: datetime, until: datetime) -> Iterator[RatedService]:
    """Ratings (not the 'unrated' records) given in [since, until), in the order they were given."""
    rows = conn.execute(
        select(Rating, Ticket.number, Ticket.day)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(Rating.hall_id == hall_id, Rating.rated_at >= since, Rating.rated_at < until, Rating.level.is_not(None))
        .order_by(Rating.rated_at, Rating.id)
    )
    for r in rows:
        yield RatedService(
            r.day,
            r.number,
            r.service,
            r.window,
            r.staff_no,
            r.level,
            [x for x in r.reasons.split(",") if x],
            r.comment,
            r.source,
            r.rated_at,
        )
