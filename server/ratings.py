"""好差评 at the window: rating requests, ratings from the window's pad, unrated records, 差评 cases."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, insert, select, update

from jiaohao.domain import rating as rules
from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import Conflict, Forbidden, Invalid, NotFound
from jiaohao.domain.tickets import TicketState

from .storage.models import Case, Rating, Staff, Ticket, WindowRow
from .unit_of_work import UnitOfWork


class RatingService:
    def __init__(self, config: HallConfig) -> None:
        self.config = config
        self.hall_id = config.hall.id
        self.policy = config.policy

    # --- requests and ratings ----------------------------------------------------------------------------

    def request(self, uow: UnitOfWork, now: datetime, window: int) -> dict[str, Any]:
        """The clerk (or keypad key 0x0B) asks the pad again: for the current ticket, else the last one finished."""
        conn = uow.conn
        current = conn.execute(
            select(WindowRow.current_ticket_id).where(WindowRow.hall_id == self.hall_id, WindowRow.number == window)
        ).scalar_one_or_none()
        ticket = None
        if current is not None:
            ticket = conn.execute(select(Ticket).where(Ticket.id == current)).first()
        if ticket is None:
            ticket = conn.execute(
                select(Ticket)
                .where(Ticket.hall_id == self.hall_id, Ticket.window == window, Ticket.state == TicketState.DONE.value)
                .order_by(Ticket.finished_at.desc())
                .limit(1)
            ).first()
        if ticket is None:
            raise Conflict("nothing_to_rate", f"{window} 号窗口还没有可评价的业务")
        self._check_open_for_rating(conn, ticket, now, window)
        data = self.request_data(ticket, window)
        uow.emit("rating.requested", now, data)
        return data

    def request_data(self, ticket: Row[Any], window: int) -> dict[str, Any]:
        service = self.config.service(ticket.service)
        return {
            "window": window,
            "ticket_id": ticket.id,
            "number": ticket.number,
            "service": ticket.service,
            "service_name": service.name if service else ticket.service,
            "staff_no": ticket.staff_no,
            "reasons": list(self.policy.rating_reasons),
        }

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
        self, conn: Connection, ticket: Row[Any], now: datetime, window: int, *, replace_placeholder: bool = False
    ) -> int | None:
        """Refuse what may not be rated; return the id of an 'unrated' record a timely rating may replace."""
        if ticket.window != window:
            raise Forbidden("not_this_window", f"{ticket.number} 号不是在 {window} 号窗口办理的，不能在此评价")
        existing = conn.execute(select(Rating.id, Rating.source).where(Rating.ticket_id == ticket.id)).first()
        placeholder: int | None = None
        if existing is not None:
            # The sweep records "unrated" once the time to rate has passed; a rating the pad kept while the server
            # was away, pressed in time, still counts and takes that record's place.
            if not (replace_placeholder and existing.source in ("unrated", "default")):
                raise Conflict("already_rated", f"{ticket.number} 号已经评价过了，感谢您的参与")
            placeholder = int(existing.id)
        if ticket.state == TicketState.DONE.value:
            if now > rules.rating_closes_at(ticket.finished_at, self.policy):
                raise Conflict("rating_closed", f"{ticket.number} 号的评价时间已过")
        elif ticket.state not in (TicketState.CALLED.value, TicketState.SERVING.value):
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
        ticket = conn.execute(select(Ticket).where(Ticket.hall_id == self.hall_id, Ticket.id == ticket_id)).first()
        if ticket is None:
            raise NotFound("unknown_ticket", "没有找到这张号票")
        if ticket.window is None or ticket.window not in windows:
            raise Forbidden("not_this_window", "只能评价在本窗口办理的业务")
        placeholder = self._check_open_for_rating(conn, ticket, when, ticket.window, replace_placeholder=True)
        if ticket.state != TicketState.DONE.value:
            raise Conflict("not_finished", f"{ticket.number} 号还在办理中，办结后再评价")
        if placeholder is not None:
            conn.execute(delete(Rating).where(Rating.id == placeholder))
        rating_id = self._insert(conn, ticket, level, kept, comment, source, when, device_id)
        answer: dict[str, Any] = {"id": rating_id, "ticket_id": ticket.id, "number": ticket.number, "level": level}
        uow.emit(
            "rating.recorded",
            now,
            {
                "window": ticket.window,
                "ticket_id": ticket.id,
                "number": ticket.number,
                "level": level,
            },
        )
        if rules.is_bad(level):
            answer["case"] = self._open_case(uow, now, rating_id, ticket, level, kept, comment)
        return answer

    def _insert(
        self,
        conn: Connection,
        ticket: Row[Any],
        level: int | None,
        reasons: tuple[str, ...],
        comment: str | None,
        source: str,
        now: datetime,
        device_id: int | None,
    ) -> int:
        return int(
            conn.execute(
                insert(Rating)
                .values(
                    hall_id=self.hall_id,
                    ticket_id=ticket.id,
                    window=ticket.window,
                    staff_no=ticket.staff_no,
                    service=ticket.service,
                    level=level,
                    reasons=",".join(reasons),
                    comment=comment or None,
                    source=source,
                    rated_at=now,
                    device_id=device_id,
                )
                .returning(Rating.id)
            ).scalar_one()
        )

    def _owner(self, conn: Connection) -> str | None:
        if self.policy.case_owner:
            return self.policy.case_owner
        return conn.execute(
            select(Staff.no).where(Staff.role == "supervisor", Staff.active.is_(True)).order_by(Staff.no).limit(1)
        ).scalar_one_or_none()

    def _open_case(
        self,
        uow: UnitOfWork,
        now: datetime,
        rating_id: int,
        ticket: Row[Any],
        level: int,
        reasons: tuple[str, ...],
        comment: str | None,
    ) -> dict[str, Any]:
        deadline = rules.case_deadline(now, self.policy)
        owner = self._owner(uow.conn)
        case_id = int(
            uow.conn.execute(
                insert(Case)
                .values(
                    hall_id=self.hall_id,
                    rating_id=rating_id,
                    status="open",
                    owner=owner,
                    opened_at=now,
                    deadline=deadline,
                    overdue_noticed=False,
                )
                .returning(Case.id)
            ).scalar_one()
        )
        # The event stream is public (hall screens read it): say that a case opened and when it is due, never
        # what the citizen wrote or whom it concerns. Supervisors read the case itself through /cases.
        data = {"case_id": case_id, "deadline": deadline.isoformat(), "case_window": ticket.window}
        uow.emit("case.opened", now, data)
        return {"id": case_id, "deadline": deadline.isoformat(), "owner": owner}

    # --- the sweep: unrated services and overdue cases --------------------------------------------------

    def sweep(self, uow: UnitOfWork, now: datetime) -> tuple[int, int]:
        """Record services whose time to rate has passed; notice cases past their deadline. Idempotent."""
        conn = uow.conn
        cutoff = now - timedelta(minutes=self.policy.rating_window_min)
        unrated = conn.execute(
            select(Ticket)
            .outerjoin(Rating, Rating.ticket_id == Ticket.id)
            .where(
                Ticket.hall_id == self.hall_id,
                Ticket.state == TicketState.DONE.value,
                Ticket.finished_at < cutoff,
                Ticket.window.is_not(None),
                Rating.id.is_(None),
            )
            .limit(1000)
        ).all()
        default = self.policy.rating_default_level
        for ticket in unrated:
            source = "default" if default is not None else "unrated"
            self._insert(conn, ticket, default, (), None, source, now, None)
        overdue = conn.execute(
            select(Case.id, Case.deadline, Case.owner, Rating.ticket_id, Rating.window, Rating.staff_no)
            .join(Rating, Rating.id == Case.rating_id)
            .where(
                Case.hall_id == self.hall_id,
                Case.status == "open",
                Case.deadline < now,
                Case.overdue_noticed.is_(False),
            )
        ).all()
        for case in overdue:
            conn.execute(update(Case).where(Case.id == case.id).values(overdue_noticed=True))
            uow.emit(
                "case.overdue",
                now,
                {
                    "case_id": case.id,
                    "deadline": case.deadline.isoformat(),
                    "case_window": case.window,
                },
            )
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
        row = uow.conn.execute(select(Case).where(Case.hall_id == self.hall_id, Case.id == case_id)).first()
        if row is None:
            raise NotFound("unknown_case", f"没有编号为 {case_id} 的差评工单")
        if row.status != frm:
            wanted = {"open": "待回访", "responded": "已回访"}[frm]
            raise Conflict("case_state", f"工单 {case_id} 不是{wanted}状态，不能执行此操作")
        values: dict[str, Any] = (
            {"status": to, "response": text, "responded_at": now, "responded_by": staff_no}
            if to == "responded"
            else {"status": to, "result": text, "closed_at": now, "closed_by": staff_no}
        )
        uow.conn.execute(update(Case).where(Case.id == case_id).values(**values))
        data = {"case_id": case_id, "status": to}
        uow.emit("case.updated", now, data)
        return case_view(uow.conn, self.hall_id, case_id, now)


def case_view(conn: Connection, hall_id: str, case_id: int, now: datetime) -> dict[str, Any]:
    rows = list_cases(conn, hall_id, now, status=None, case_id=case_id)
    if not rows:
        raise NotFound("unknown_case", f"没有编号为 {case_id} 的差评工单")
    return rows[0]


def list_cases(
    conn: Connection, hall_id: str, now: datetime, *, status: str | None, case_id: int | None = None, limit: int = 500
) -> list[dict[str, Any]]:
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
        stmt = stmt.where(and_(Case.id == case_id))
    return [
        {
            "id": r.id,
            "status": r.status,
            "owner": r.owner,
            "opened_at": r.opened_at.isoformat(),
            "deadline": r.deadline.isoformat(),
            # Overdue: not answered (回访) by the deadline, whether answered late or not at all.
            "overdue": (r.responded_at or now) > r.deadline,
            "level": r.level,
            "reasons": [x for x in r.reasons.split(",") if x],
            "comment": r.comment,
            "window": r.window,
            "staff_no": r.staff_no,
            "service": r.service,
            "number": r.number,
            "response": r.response,
            "responded_at": r.responded_at.isoformat() if r.responded_at else None,
            "result": r.result,
            "closed_at": r.closed_at.isoformat() if r.closed_at else None,
        }
        for r in conn.execute(stmt)
    ]
