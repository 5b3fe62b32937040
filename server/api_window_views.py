"""What a clerk's screen reads about its own window: who am I, the waiting list in call order, today's
figures, and staff photos for the window screens and rating pads."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from jiaohao.domain.call_order import queue_order
from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import NotFound
from jiaohao.domain.numbering import business_day
from jiaohao.domain.tickets import BACK_AT_WINDOW, QUEUED
from jiaohao.wire.models import API_PREFIX, MeOut, QueueEntry, WindowToday

from .deps import ERROR_RESPONSES, Caller, Runtime, StaffNoParam, WindowNo
from .storage import Connection
from .storage import staff as staff_rows
from .storage import tickets as ticket_rows

router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)


@router.get("/auth/me", response_model=MeOut)
async def me(caller: Caller) -> MeOut:
    return MeOut(
        kind=caller.kind,
        role=caller.role,
        windows=sorted(caller.windows),
        staff_no=caller.staff_no,
        staff_name=caller.staff_name,
        device_id=caller.device_id,
    )


def window_queue(
    conn: Connection, config: HallConfig, number: int, now: datetime, limit: int = 200
) -> list[QueueEntry]:
    window = config.window(number)
    if window is None:
        raise NotFound("unknown_window", f"没有 {number} 号窗口")
    day = business_day(now, config.policy)
    tickets = ticket_rows.window_list(conn, config.hall.id, day, number, window.services)
    by_id = {t.id: t for t in tickets}
    queued = [t.candidate() for t in tickets if t.state in QUEUED]
    order = [
        by_id[c.ticket_id] for c in queue_order(queued, window, now, timedelta(minutes=config.policy.starve_after_min))
    ]
    # Held and no-show tickets of this window come after the queue: the clerk calls them back by choice.
    order += sorted((t for t in tickets if t.state in BACK_AT_WINDOW), key=lambda t: t.issued_at)
    entries = []
    for r in order[:limit]:
        service = config.service(r.service)
        entries.append(
            QueueEntry(
                id=r.id,
                number=r.number,
                service=r.service,
                service_name=service.name if service else r.service,
                channel=r.channel.value,
                state=r.state.value,
                issued_at=r.issued_at,
                waited_min=max(0, math.floor((now - r.issued_at).total_seconds() / 60)),
                target_window=r.target_window,
                transferred=r.transfers > 0,
            )
        )
    return entries


@router.get("/windows/{number}/queue", response_model=list[QueueEntry])
async def queue(number: WindowNo, runtime: Runtime, caller: Caller) -> list[QueueEntry]:
    """This window's waiting list in the order call-next would take it, then its held and no-show tickets."""
    caller.require_window(number)
    now = runtime.clock.now()
    return await runtime.read(lambda conn: window_queue(conn, runtime.config, number, now))


def window_today(conn: Connection, config: HallConfig, number: int, now: datetime) -> WindowToday:
    figures = ticket_rows.window_figures(conn, config.hall.id, business_day(now, config.policy), number)
    handles = figures.handle_minutes
    return WindowToday(
        window=number,
        served=figures.served,
        no_shows=figures.no_shows,
        avg_handle_min=round(sum(handles) / len(handles), 1) if handles else None,
        rated=figures.rated,
        good=figures.good,
        good_rate=round(figures.good / figures.rated, 4) if figures.rated else None,
    )


@router.get("/windows/{number}/today", response_model=WindowToday)
async def today(number: WindowNo, runtime: Runtime, caller: Caller) -> WindowToday:
    caller.require_window(number)
    if runtime.config.window(number) is None:
        raise NotFound("unknown_window", f"没有 {number} 号窗口")
    now = runtime.clock.now()
    return await runtime.read(lambda conn: window_today(conn, runtime.config, number, now))


@router.get("/staff/{staff_no}/photo", response_class=FileResponse)
async def photo(staff_no: StaffNoParam, runtime: Runtime) -> FileResponse:
    """The photo window screens and rating pads show (public, like the name and 工号 beside it)."""
    root = runtime.settings.photo_root
    path = await runtime.read(lambda conn: staff_rows.photo(conn, staff_no))
    if root is None or not path:
        raise NotFound("no_photo", "没有这位工作人员的照片")
    file = (Path(root) / path).resolve()
    if not file.is_relative_to(Path(root).resolve()) or not file.is_file():
        raise NotFound("no_photo", "没有这位工作人员的照片")
    return FileResponse(file)
