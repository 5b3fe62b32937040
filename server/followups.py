"""容缺受理 follow-ups: opened at 办结, closed when the missing item arrives, announced once overdue."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import Conflict, Invalid, NotFound
from jiaohao.domain.numbering import business_day
from jiaohao.wire.events import FollowUpFulfilled, FollowUpOpened, FollowUpOverdue

from .records import TicketRec
from .storage import Connection
from .storage import followups as rows
from .storage.followups import FollowUpRow
from .storage.unit_of_work import UnitOfWork

STATUSES = ("open", "done", "overdue")


def followup_out(config: HallConfig, row: FollowUpRow, today: date) -> dict[str, Any]:
    """A follow-up as staff read it (`FollowUpOut`)."""
    service = config.service(row.service)
    overdue = row.status == "open" and row.due < today
    return {
        "id": row.id,
        "ticket": row.ticket_id,
        "number": row.number,
        "day": row.day.isoformat(),
        "service": row.service,
        "service_name": service.name if service else row.service,
        "window": row.window,
        "missing": list(row.missing),
        "due": row.due.isoformat(),
        "owner_staff_no": row.owner_staff_no,
        "status": "overdue" if overdue else row.status,
        "opened_at": row.opened_at.isoformat(),
        "fulfilled_at": row.fulfilled_at.isoformat() if row.fulfilled_at else None,
        "fulfilled_by": row.fulfilled_by,
        "received": row.received,
    }


class FollowUpService:
    def __init__(self, config: HallConfig) -> None:
        self.config = config
        self.hall_id = config.hall.id

    def today(self, now: datetime) -> date:
        return business_day(now, self.config.policy)

    def open(self, uow: UnitOfWork, now: datetime, ticket: TicketRec, missing: tuple[str, ...], due: date) -> int:
        # 首问负责: the clerk who first took the case stays its owner, whoever accepted it in the end.
        owner = ticket.first_staff_no or ticket.staff_no
        followup_id = rows.open_followup(uow.conn, self.hall_id, ticket.id, missing, due, owner, now)
        uow.emit(
            now, FollowUpOpened(followup_id=followup_id, number=ticket.number, due=due, followup_window=ticket.window)
        )
        return followup_id

    def list(
        self,
        conn: Connection,
        now: datetime,
        *,
        status: str | None,
        number: str | None = None,
        holder_hash: str | None = None,
    ) -> list[dict[str, Any]]:
        if status is not None and status not in STATUSES:
            raise Invalid("bad_status", "状态只能是 open（未补齐）、done（已补齐）或 overdue（已逾期）")
        today = self.today(now)
        found = rows.followups(
            conn,
            self.hall_id,
            status=None if status == "overdue" else status,
            overdue_on=today if status == "overdue" else None,
            number=number.strip().upper() if number else None,
            holder_hash=holder_hash,
        )
        return [followup_out(self.config, row, today) for row in found]

    def fulfil(
        self, uow: UnitOfWork, now: datetime, followup_id: int, staff_no: str | None, received: str | None
    ) -> dict[str, Any]:
        found = rows.followups(uow.conn, self.hall_id, followup_id=followup_id)
        if not found:
            raise NotFound("unknown_followup", f"没有编号为 {followup_id} 的容缺待补事项")
        row = found[0]
        if row.status != "open" or not rows.fulfil(
            uow.conn, followup_id, staff_no, (received or "").strip() or None, now
        ):
            raise Conflict("followup_done", f"{row.number} 号的容缺材料已经补齐，无需重复登记")
        uow.emit(now, FollowUpFulfilled(followup_id=row.id, number=row.number, due=row.due, followup_window=row.window))
        return followup_out(
            self.config, rows.followups(uow.conn, self.hall_id, followup_id=followup_id)[0], self.today(now)
        )

    def sweep(self, uow: UnitOfWork, now: datetime) -> int:
        """Announce each follow-up the day after its due day passes, once (dashboard alert, `followup.overdue`)."""
        overdue = rows.newly_overdue(uow.conn, self.hall_id, self.today(now))
        for row in overdue:
            uow.emit(
                now, FollowUpOverdue(followup_id=row.id, number=row.number, due=row.due, followup_window=row.window)
            )
        return len(overdue)
