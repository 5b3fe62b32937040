"""好差评 at the window: rating requests, ratings from the window's pad, unrated records, 差评 cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from jiaohao.domain import rating as rules
from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import Conflict, Forbidden, Invalid, NotFound
from jiaohao.domain.tickets import AT_WINDOW, TicketState
from jiaohao.wire.events import CaseOpened, CaseOverdue, CaseUpdated, RatingRecorded

from . import presenting
from .records import TicketRec
from .storage import Connection
from .storage import hall as hall_rows
from .storage import ratings as rating_rows
from .storage import staff as staff_rows
from .storage import tickets as ticket_rows
from .storage.ratings import CaseRow
from .storage.unit_of_work import UnitOfWork


def _naive_safe(value: datetime) -> datetime:
    """Times read through a bare aggregate come back without the column type on SQLite: make them aware UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class RatingService:
    def __init__(self, config: HallConfig) -> None:
        self.config = config
        self.hall_id = config.hall.id
        self.policy = config.policy

    # --- requests and ratings ----------------------------------------------------------------------------

    def request(self, uow: UnitOfWork, now: datetime, window: int) -> dict[str, Any]:
        """The clerk (or keypad key 0x0B) asks the pad again: for the current ticket, else the last one finished."""
        conn = uow.conn
        current = hall_rows.current_ticket_id(conn, self.hall_id, window)
        ticket = ticket_rows.ticket_by_id(conn, self.hall_id, current) if current is not None else None
        if ticket is None:
            ticket = ticket_rows.last_finished_at(conn, self.hall_id, window)
        if ticket is None:
            raise Conflict("nothing_to_rate", f"{window} 号窗口还没有可评价的业务")
        self._check_open_for_rating(conn, ticket, now, window)
        data = presenting.rating_requested(self.config, window, ticket)
        uow.emit(now, data)
        return data.model_dump(mode="json")

    @staticmethod
    def _when(now: datetime, rated_at: datetime | None) -> datetime:
        """When the citizen pressed: the pad's time for a rating it kept while offline, if plausible."""
        if rated_at is None:
            return now
        if rated_at.tzinfo is None:
            raise Invalid("bad_rated_at", "评价时间必须带时区")
        if rated_at > now + timedelta(minutes=1) or rated_at < now - timedelta(days=1):
            raise Invalid("bad_rated_at", "评价时间不合理（不能晚于现在，也不能早于一天前）")
        return min(rated_at, now)

    def _check_open_for_rating(
        self, conn: Connection, ticket: TicketRec, now: datetime, window: int, *, replace_placeholder: bool = False
    ) -> int | None:
        """Refuse what may not be rated; return the id of an 'unrated' record a timely rating may replace."""
        if ticket.window != window:
            raise Forbidden("not_this_window", f"{ticket.number} 号不是在 {window} 号窗口办理的，不能在此评价")
        existing = rating_rows.of_ticket(conn, ticket.id)
        placeholder: int | None = None
        if existing is not None:
            # The sweep records "unrated" once the time to rate has passed; a rating the pad kept while the server
            # was away, pressed in time, still counts and takes that record's place.
            if not (replace_placeholder and existing.source in ("unrated", "default")):
                raise Conflict("already_rated", f"{ticket.number} 号已经评价过了，感谢您的参与")
            placeholder = existing.id
        if ticket.state is TicketState.DONE:
            assert ticket.finished_at is not None
            if now > rules.rating_closes_at(ticket.finished_at, self.policy):
                raise Conflict("rating_closed", f"{ticket.number} 号的评价时间已过")
        elif ticket.state not in AT_WINDOW:
            raise Conflict("not_served", f"{ticket.number} 号尚未在窗口办理，不能评价")
        return placeholder

    def rate(
        self,
        uow: UnitOfWork,
        now: datetime,
        *,
        windows: frozenset[int],
        device_id: int | None,
        source: str,
        ticket_id: int,
        level: int,
        reasons: list[str],
        comment: str | None,
        rated_at: datetime | None = None,
    ) -> dict[str, Any]:
        conn = uow.conn
        # A serial evaluator has no way to give a reason; its 差评 still counts and still opens a case.
        kept = rules.check_rating(level, reasons, comment, self.policy, reason_required=source != "evaluator")
        when = self._when(now, rated_at)
        ticket = ticket_rows.ticket_by_id(conn, self.hall_id, ticket_id)
        if ticket is None:
            raise NotFound("unknown_ticket", "没有找到这张号票")
        if ticket.window is None or ticket.window not in windows:
            raise Forbidden("not_this_window", "只能评价在本窗口办理的业务")
        placeholder = self._check_open_for_rating(conn, ticket, when, ticket.window, replace_placeholder=True)
        if ticket.state is not TicketState.DONE:
            raise Conflict("not_finished", f"{ticket.number} 号还在办理中，办结后再评价")
        assert ticket.finished_at is not None
        # The pad belongs to the next citizen once the window calls them: a press after that is not this ticket's.
        # (A press the pad kept offline carries its own earlier time and still counts.)
        moved_on = ticket_rows.next_call_after(conn, self.hall_id, ticket.window, ticket.finished_at, ticket.id)
        if moved_on is not None and when >= _naive_safe(moved_on):
            raise Conflict("rating_moved_on", f"{ticket.number} 号的评价已结束：窗口已开始为下一位办理")
        if placeholder is not None:
            rating_rows.remove(conn, placeholder)
        rating_id = rating_rows.add(
            conn,
            self.hall_id,
            ticket,
            level=level,
            reasons=kept,
            comment=comment,
            source=source,
            at=when,
            device_id=device_id,
        )
        answer: dict[str, Any] = {"id": rating_id, "ticket_id": ticket.id, "number": ticket.number, "level": level}
        uow.emit(now, RatingRecorded(window=ticket.window, ticket_id=ticket.id, number=ticket.number, level=level))
        if rules.is_bad(level):
            answer["case"] = self._open_case(uow, now, rating_id, ticket)
        return answer

    def _open_case(self, uow: UnitOfWork, now: datetime, rating_id: int, ticket: TicketRec) -> dict[str, Any]:
        deadline = rules.case_deadline(now, self.policy)
        owner = self.policy.case_owner or staff_rows.first_supervisor(uow.conn)
        case_id = rating_rows.open_case(uow.conn, self.hall_id, rating_id, owner, now, deadline)
        # The event stream is public (hall screens read it): say that a case opened and when it is due, never
        # what the citizen wrote or whom it concerns. Supervisors read the case itself through /cases.
        uow.emit(now, CaseOpened(case_id=case_id, deadline=deadline, case_window=ticket.window))
        return {"id": case_id, "deadline": deadline.isoformat(), "owner": owner}

    # --- the sweep: unrated services and overdue cases --------------------------------------------------

    def sweep(self, uow: UnitOfWork, now: datetime) -> tuple[int, int]:
        """Record services whose time to rate has passed; notice cases past their deadline. Idempotent."""
        conn = uow.conn
        unrated = rating_rows.unrated_before(conn, self.hall_id, now - timedelta(minutes=self.policy.rating_window_min))
        default = self.policy.rating_default_level
        source = "default" if default is not None else "unrated"
        for ticket in unrated:
            rating_rows.add(
                conn,
                self.hall_id,
                ticket,
                level=default,
                reasons=(),
                comment=None,
                source=source,
                at=now,
                device_id=None,
            )
        overdue = rating_rows.newly_overdue(conn, self.hall_id, now)
        for case in overdue:
            uow.emit(now, CaseOverdue(case_id=case.id, deadline=case.deadline, case_window=case.window))
        return len(unrated), len(overdue)

    # --- cases -------------------------------------------------------------------------------------------

    def respond(self, uow: UnitOfWork, now: datetime, case_id: int, staff_no: str | None, text: str) -> dict[str, Any]:
        return self._advance(uow, now, case_id, staff_no, text, frm="open", to="responded")

    def close(self, uow: UnitOfWork, now: datetime, case_id: int, staff_no: str | None, text: str) -> dict[str, Any]:
        return self._advance(uow, now, case_id, staff_no, text, frm="responded", to="closed")

    def _advance(
        self, uow: UnitOfWork, now: datetime, case_id: int, staff_no: str | None, text: str, *, frm: str, to: str
    ) -> dict[str, Any]:
        text = text.strip()
        if not text:
            raise Invalid("text_required", "请填写回访情况" if to == "responded" else "请填写整改结果")
        status = rating_rows.case_status(uow.conn, self.hall_id, case_id)
        if status is None:
            raise NotFound("unknown_case", f"没有编号为 {case_id} 的差评工单")
        if status != frm:
            wanted = {"open": "待回访", "responded": "已回访"}[frm]
            raise Conflict("case_state", f"工单 {case_id} 不是{wanted}状态，不能执行此操作")
        if to == "responded":
            rating_rows.respond(uow.conn, case_id, text, staff_no, now)
        else:
            rating_rows.close(uow.conn, case_id, text, staff_no, now)
        uow.emit(now, CaseUpdated(case_id=case_id, status="responded" if to == "responded" else "closed"))
        return case_view(uow.conn, self.hall_id, case_id, now)


def case_view(conn: Connection, hall_id: str, case_id: int, now: datetime) -> dict[str, Any]:
    rows = list_cases(conn, hall_id, now, status=None, case_id=case_id)
    if not rows:
        raise NotFound("unknown_case", f"没有编号为 {case_id} 的差评工单")
    return rows[0]


def case_out(row: CaseRow, now: datetime) -> dict[str, Any]:
    """A case as supervisors read it (`CaseOut`)."""
    return {
        "id": row.id,
        "status": row.status,
        "owner": row.owner,
        "opened_at": row.opened_at.isoformat(),
        "deadline": row.deadline.isoformat(),
        # Overdue: not answered (回访) by the deadline, whether answered late or not at all.
        "overdue": (row.responded_at or now) > row.deadline,
        "level": row.level,
        "reasons": row.reasons,
        "comment": row.comment,
        "window": row.window,
        "staff_no": row.staff_no,
        "service": row.service,
        "number": row.number,
        "response": row.response,
        "responded_at": row.responded_at.isoformat() if row.responded_at else None,
        "result": row.result,
        "closed_at": row.closed_at.isoformat() if row.closed_at else None,
    }


def list_cases(
    conn: Connection, hall_id: str, now: datetime, *, status: str | None, case_id: int | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    return [case_out(row, now) for row in rating_rows.cases(conn, hall_id, status=status, case_id=case_id, limit=limit)]
