"""The writes of the hot path (issuing, calling, every window action), as plain DBAPI statements.

SQLAlchemy builds and compiles a statement in tens of microseconds; a hall issuing 1,500 tickets a second
cannot pay that fifteen times per ticket. The schema is still SQLAlchemy's (models.py, Alembic); these
statements write values in exactly the form its types would (UtcDateTime as naive UTC text on SQLite, JSON
as text), which tests check by reading every row back through the models. One method per change: the live
hall (server/live_hall.py) calls the one matching each transition, next to the memory change it mirrors.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import update

from jiaohao.domain.tickets import TicketState

from .models import Appointment, Ticket
from .unit_of_work import UnitOfWork

_INSERT_TICKET = (
    "INSERT INTO tickets (hall_id, day, service, seq, number, channel, state, issued_at, queued_at, front,"
    " origin_service, track_token, holder_hash, appointment_id, device_id, recall_count, transfers)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0) RETURNING id"
)


class HallRows:
    """The rows one command of the writer changes. Every write marks the unit of work as touched: memory is
    about to follow, so if the command fails after this, the live hall is rebuilt before the next one."""

    def __init__(self, uow: UnitOfWork, hall_id: str) -> None:
        self.uow = uow
        self.hall_id = hall_id
        self.sqlite = uow.sqlite

    def _execute(self, statement: str, params: tuple[Any, ...]) -> Any:
        self.uow.touched = True
        return self.uow.execute(statement, params)

    def _dt(self, value: datetime | None) -> Any:
        if value is None:
            return None
        value = value.astimezone(UTC)
        if self.sqlite:
            return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        return value

    def _day(self, value: date) -> Any:
        return value.isoformat() if self.sqlite else value

    def _flag(self, value: bool) -> Any:
        return int(value) if self.sqlite else value

    # --- tickets -------------------------------------------------------------------------------------------

    def count_issued(self, day: date, service: str, seq: int) -> None:
        """The service's counter for the day moves to `seq` (the first ticket of the day creates it)."""
        if seq > 1:
            self._execute(
                "UPDATE ticket_counters SET last_seq = ? WHERE hall_id = ? AND day = ? AND service = ?",
                (seq, self.hall_id, self._day(day), service),
            )
        else:
            self._execute(
                "INSERT INTO ticket_counters (hall_id, day, service, last_seq) VALUES (?, ?, ?, ?)",
                (self.hall_id, self._day(day), service, seq),
            )

    def insert_ticket(
        self,
        *,
        day: date,
        service: str,
        seq: int,
        number: str,
        channel: str,
        issued_at: datetime,
        track_token: str,
        holder_hash: str | None,
        appointment_id: int | None,
        device_id: int | None,
    ) -> int:
        cursor = self._execute(
            _INSERT_TICKET,
            (
                self.hall_id,
                self._day(day),
                service,
                seq,
                number,
                channel,
                TicketState.WAITING.value,
                self._dt(issued_at),
                self._dt(issued_at),
                self._flag(False),
                service,
                track_token,
                holder_hash,
                appointment_id,
                device_id,
            ),
        )
        return int(cursor.fetchone()[0])

    def check_in_appointment(self, appointment_id: int, ticket_id: int) -> None:
        """Rare on the hot path (an appointment code at the kiosk): SQLAlchemy's statement is fine here."""
        self.uow.touched = True
        self.uow.conn.execute(
            update(Appointment).where(Appointment.id == appointment_id).values(status="checked_in", ticket_id=ticket_id)
        )

    def ticket_called(self, ticket_id: int, window: int, staff_no: str | None, now: datetime) -> None:
        self._execute(
            'UPDATE tickets SET state = ?, "window" = ?, staff_no = ?, called_at = ?, started_at = NULL,'
            " first_called_at = COALESCE(first_called_at, ?), first_staff_no = COALESCE(first_staff_no, ?),"
            " recall_count = 0 WHERE id = ?",
            (TicketState.CALLED.value, window, staff_no, self._dt(now), self._dt(now), staff_no, ticket_id),
        )

    def ticket_recalled(self, ticket_id: int, recalls: int) -> None:
        self._execute("UPDATE tickets SET recall_count = ? WHERE id = ?", (recalls, ticket_id))

    def ticket_started(self, ticket_id: int, now: datetime) -> None:
        self._execute(
            "UPDATE tickets SET state = ?, started_at = ? WHERE id = ?",
            (TicketState.SERVING.value, self._dt(now), ticket_id),
        )

    def ticket_finished(self, ticket_id: int, now: datetime, started: datetime | None, outcome: str) -> None:
        self._execute(
            "UPDATE tickets SET state = ?, finished_at = ?, started_at = ?, outcome = ? WHERE id = ?",
            (TicketState.DONE.value, self._dt(now), self._dt(started), outcome, ticket_id),
        )

    def ticket_outcome_details(
        self, ticket_id: int, missing: tuple[str, ...], due: date | None, note: str | None
    ) -> None:
        """The missing items, due date and note of a 容缺 or 告知 (rarer than a plain 办结: SQLAlchemy's JSON)."""
        self.uow.touched = True
        self.uow.conn.execute(
            update(Ticket).where(Ticket.id == ticket_id).values(missing=list(missing) or None, due=due, note=note)
        )

    def ticket_transfer_note(self, ticket_id: int, note: str | None) -> None:
        self._execute("UPDATE tickets SET transfer_note = ? WHERE id = ?", (note, ticket_id))

    def ticket_state(self, ticket_id: int, state: TicketState) -> None:
        self._execute("UPDATE tickets SET state = ? WHERE id = ?", (state.value, ticket_id))

    def ticket_transferred(
        self,
        ticket_id: int,
        *,
        service: str,
        target_window: int | None,
        front: bool,
        queued_at: datetime,
        transfers: int,
    ) -> None:
        self._execute(
            "UPDATE tickets SET state = ?, service = ?, target_window = ?, front = ?, queued_at = ?, transfers = ?"
            " WHERE id = ?",
            (
                TicketState.TRANSFERRED.value,
                service,
                target_window,
                self._flag(front),
                self._dt(queued_at),
                transfers,
                ticket_id,
            ),
        )

    # --- windows and the day ------------------------------------------------------------------------------

    def window_ticket(self, number: int, ticket_id: int | None, now: datetime) -> None:
        self._execute(
            "UPDATE windows SET current_ticket_id = ?, updated_at = ? WHERE hall_id = ? AND number = ?",
            (ticket_id, self._dt(now), self.hall_id, number),
        )

    def window_status(self, number: int, status: str, reason: str | None, now: datetime) -> None:
        self._execute(
            "UPDATE windows SET status = ?, pause_reason = ?, updated_at = ? WHERE hall_id = ? AND number = ?",
            (status, reason, self._dt(now), self.hall_id, number),
        )

    def cancel_before(self, day: date, states: Collection[TicketState]) -> None:
        """The day's turn: tickets of earlier days still in `states` are cancelled; windows let go of them."""
        marks = ", ".join("?" for _ in states)
        self._execute(
            f"UPDATE tickets SET state = ? WHERE hall_id = ? AND day < ? AND state IN ({marks})",
            (TicketState.CANCELLED.value, self.hall_id, self._day(day), *(s.value for s in states)),
        )
        self._execute(
            "UPDATE windows SET current_ticket_id = NULL WHERE hall_id = ? AND current_ticket_id IS NOT NULL",
            (self.hall_id,),
        )


_TOKEN_IN_FORCE = (
    "SELECT 1 FROM staff_sessions s JOIN staff m ON m.id = s.staff_id"
    " WHERE s.token_hash = ? AND NOT s.revoked AND s.expires_at > ? AND m.active"
    " UNION ALL SELECT 1 FROM devices WHERE token_hash = ? AND revoked_at IS NULL"
)


def token_in_force(uow: UnitOfWork, token_hash: str, now: datetime) -> bool:
    """Whether a staff session or device token is still valid, in the writer's transaction: one statement,
    because every change of the hot path asks it (server.auth.require_still_valid)."""
    at: Any = now.astimezone(UTC)
    if uow.sqlite:
        at = at.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    return uow.execute(_TOKEN_IN_FORCE, (token_hash, at, token_hash)).fetchone() is not None
