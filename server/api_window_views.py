"""What a clerk's screen reads about its own window: who am I, the waiting list in call order, today's
figures, and staff photos for the window screens and rating pads."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse
from sqlalchemy import Connection, and_, func, select

from jiaohao.domain.call_order import Candidate, queue_order
from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import NotFound
from jiaohao.domain.numbering import business_day
from jiaohao.domain.tickets import Channel, TicketState
from jiaohao.wire.models import API_PREFIX, ErrorOut, MeOut, QueueEntry, WindowToday

from .deps import Caller, Runtime
from .storage.models import Rating, Staff, Ticket

router = APIRouter(
    prefix=API_PREFIX, responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}}
)
QUEUED = (TicketState.WAITING.value, TicketState.TRANSFERRED.value)
BACK_AT_WINDOW = (TicketState.HELD.value, TicketState.NO_SHOW.value)


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
    rows = conn.execute(
        select(Ticket)
        .where(
            Ticket.hall_id == config.hall.id,
            Ticket.day == day,
            (Ticket.state.in_(QUEUED) & ((Ticket.target_window == number) | Ticket.service.in_(window.services)))
            | (Ticket.state.in_(BACK_AT_WINDOW) & (Ticket.window == number)),
        )
        .order_by(Ticket.queued_at)
        .limit(2000)
    ).all()
    by_id = {r.id: r for r in rows}
    queued = [
        Candidate(r.id, r.service, r.issued_at, r.queued_at, r.front, Channel(r.channel), r.target_window)
        for r in rows
        if r.state in QUEUED
    ]
    order = [
        by_id[c.ticket_id] for c in queue_order(queued, window, now, timedelta(minutes=config.policy.starve_after_min))
    ]
    # Held and no-show tickets of this window come after the queue: the clerk calls them back by choice.
    order += sorted((r for r in rows if r.state in BACK_AT_WINDOW), key=lambda r: r.issued_at)
    entries = []
    for r in order[:limit]:
        service = config.service(r.service)
        entries.append(
            QueueEntry(
                id=r.id,
                number=r.number,
                service=r.service,
                service_name=service.name if service else r.service,
                channel=r.channel,
                state=r.state,
                issued_at=r.issued_at,
                waited_min=max(0, math.floor((now - r.issued_at).total_seconds() / 60)),
                target_window=r.target_window,
                transferred=r.transfers > 0,
            )
        )
    return entries


@router.get("/windows/{number}/queue", response_model=list[QueueEntry])
async def queue(number: int, runtime: Runtime, caller: Caller) -> list[QueueEntry]:
    """This window's waiting list in the order call-next would take it, then its held and no-show tickets."""
    caller.require_window(number)
    now = runtime.clock.now()
    return await runtime.read(lambda conn: window_queue(conn, runtime.config, number, now))


def window_today(conn: Connection, config: HallConfig, number: int, now: datetime) -> WindowToday:
    day = business_day(now, config.policy)
    mine = and_(Ticket.hall_id == config.hall.id, Ticket.day == day, Ticket.window == number)
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
    return WindowToday(
        window=number,
        served=int(served),
        no_shows=int(no_shows),
        avg_handle_min=round(sum(handles) / len(handles), 1) if handles else None,
        rated=int(rated),
        good=int(good),
        good_rate=round(good / rated, 4) if rated else None,
    )


@router.get("/windows/{number}/today", response_model=WindowToday)
async def today(number: int, runtime: Runtime, caller: Caller) -> WindowToday:
    caller.require_window(number)
    if runtime.config.window(number) is None:
        raise NotFound("unknown_window", f"没有 {number} 号窗口")
    now = runtime.clock.now()
    return await runtime.read(lambda conn: window_today(conn, runtime.config, number, now))


@router.get("/staff/{staff_no}/photo", response_class=FileResponse)
async def photo(staff_no: str, runtime: Runtime) -> FileResponse:
    """The photo window screens and rating pads show (public, like the name and 工号 beside it)."""
    root = runtime.settings.photo_root
    path: Any = await runtime.read(
        lambda conn: conn.execute(select(Staff.photo).where(Staff.no == staff_no)).scalar_one_or_none()
    )
    if root is None or not path:
        raise NotFound("no_photo", "没有这位工作人员的照片")
    file = (Path(root) / path).resolve()
    if not file.is_relative_to(Path(root).resolve()) or not file.is_file():
        raise NotFound("no_photo", "没有这位工作人员的照片")
    return FileResponse(file)
