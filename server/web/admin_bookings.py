"""The supervisor's bookings page `/admin/bookings`: a day's slots (booked, checked in, no-show, cancelled) and
the latest reminders sent to citizens (sent, pending with its attempts, failed with the reason)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from jiaohao.wire.bookings import ReminderOut

from ..runtime import HallRuntime
from ..storage import Connection
from ..storage import reminders as reminder_rows
from . import session
from .templating import templates

router = APIRouter(prefix="/admin", include_in_schema=False)

REMINDER_KINDS = {"confirmed": "预约成功", "day_before": "前一天提醒", "near": "即将到号", "called": "叫号"}
REMINDER_STATES = {"pending": "待发送", "sent": "已发送", "failed": "发送失败"}


@router.get("/bookings")
async def bookings_page(request: Request, day: date | None = None) -> HTMLResponse:
    principal, token = await session.supervisor(request)
    runtime: HallRuntime = request.app.state.runtime
    config = runtime.config
    now = runtime.clock.now()
    shown = day or now.astimezone(config.policy.zone).date()

    def query(conn: Connection) -> tuple[object, list[ReminderOut]]:
        slots = [s for s in runtime.bookings.day_summary(conn, shown, now) if s.booked or s.cancelled]
        sent = [
            ReminderOut.model_validate(row, from_attributes=True)
            for row in reminder_rows.recent(conn, config.hall.id, limit=50)
        ]
        return slots, sent

    slots, sent = await runtime.read(query)
    names = {s.code: s.name for s in config.services}
    context = {
        "user": principal,
        "csrf": session.csrf_token(token),
        "config": config,
        "day": shown,
        "slots": slots,
        "names": names,
        "reminders": sent,
        "kinds": REMINDER_KINDS,
        "states": REMINDER_STATES,
        "zone": config.policy.zone,
    }
    return templates.TemplateResponse(request, "bookings.html", context, headers={"Cache-Control": "no-store"})
