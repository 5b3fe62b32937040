"""Rows → wire models. Read-only helpers shared by the service and the event stream."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row

from jiaohao.domain.config import HallConfig, ServiceConfig
from jiaohao.domain.estimate import average_handle_min, estimated_wait_min
from jiaohao.domain.numbering import business_day, hours_text, is_open
from jiaohao.wire.models import API_PREFIX, HallOut, ServiceOut, TicketPosition, WindowOut

from . import repository as repo


def service_estimate(
    conn: Connection, config: HallConfig, service: ServiceConfig, ahead: int, open_windows: set[int]
) -> int:
    recent = repo.recent_handle_minutes(conn, config.hall.id, service.code, config.policy.estimate_sample)
    avg = average_handle_min(recent, service.avg_handle_min)
    serving = sum(1 for w in config.windows_for(service.code) if w.number in open_windows)
    return estimated_wait_min(ahead, avg, serving)


def closed_reason(config: HallConfig, service: ServiceConfig, now: datetime, issued: int) -> str | None:
    if not is_open(service, now, config.policy):
        return "不在取号时间"
    if service.daily_cap is not None and issued >= service.daily_cap:
        return "今日号源已取完"
    return None


def window_out(config: HallConfig, row: Row[Any], ticket: Row[Any] | None, staff: Row[Any] | None) -> WindowOut:
    window = config.window(row.number)
    assert window is not None
    return WindowOut(
        number=row.number,
        name=window.name,
        kind=window.kind,
        services=list(window.services),
        status=row.status,
        pause_reason=row.pause_reason,
        serving=ticket.number if ticket is not None else None,
        serving_state=ticket.state if ticket is not None else None,
        staff_no=staff.no if staff is not None else None,
        staff_name=staff.name if staff is not None else None,
        staff_title=staff.title if staff is not None else None,
        staff_photo=photo_url(staff.no) if staff is not None and staff.photo else None,
        called_at=ticket.called_at if ticket is not None else None,
    )


def photo_url(staff_no: str) -> str:
    return f"{API_PREFIX}/staff/{staff_no}/photo"


def window_view(conn: Connection, config: HallConfig, number: int) -> WindowOut:
    row = repo.get_window(conn, config.hall.id, number)
    ticket = repo.get_ticket(conn, config.hall.id, row.current_ticket_id) if row.current_ticket_id else None
    staff = repo.staff_by_no(conn, row.staff_no) if row.staff_no else None
    return window_out(config, row, ticket, staff)


def ticket_position(
    conn: Connection, config: HallConfig, row: Row[Any], open_windows: set[int] | None = None
) -> TicketPosition:
    service = config.service(row.service)
    assert service is not None
    queued = row.state in repo.QUEUED_STATES
    ahead = repo.ahead_of(conn, config.hall.id, row) if queued else 0
    if open_windows is None:
        open_windows = repo.open_windows(conn, config.hall.id)
    return TicketPosition(
        id=row.id,
        number=row.number,
        service=row.service,
        service_name=service.name,
        channel=row.channel,
        state=row.state,
        issued_at=row.issued_at,
        waiting_ahead=ahead,
        est_wait_min=service_estimate(conn, config, service, ahead, open_windows) if queued else 0,
        window=row.window,
        recall=row.recall_count,
    )


def hall_view(conn: Connection, config: HallConfig, now: datetime, seq: int, notice: str) -> HallOut:
    hall_id = config.hall.id
    day = business_day(now, config.policy)
    waiting = repo.waiting_counts(conn, hall_id, day)
    issued = repo.issued_counts(conn, hall_id, day)
    windows = repo.all_windows(conn, hall_id)
    open_windows = {w.number for w in windows if w.status == "open"}
    tickets = repo.tickets_by_id(conn, [w.current_ticket_id for w in windows])
    staff = repo.staff_by_nos(conn, [w.staff_no for w in windows])
    services = []
    for service in config.services:
        ahead = waiting.get(service.code, 0)
        recent = repo.recent_handle_minutes(conn, hall_id, service.code, config.policy.estimate_sample)
        avg = average_handle_min(recent, service.avg_handle_min)
        serving = sum(1 for w in config.windows_for(service.code) if w.number in open_windows)
        reason = closed_reason(config, service, now, issued.get(service.code, 0))
        services.append(
            ServiceOut(
                code=service.code,
                name=service.name,
                prefix=service.prefix,
                waiting=ahead,
                est_wait_min=estimated_wait_min(ahead, avg, serving),
                open=reason is None,
                closed_reason=reason,
                issued_today=issued.get(service.code, 0),
                daily_cap=service.daily_cap,
                hours=hours_text(service),
                checklist=list(service.checklist),
                avg_handle_min=round(avg, 1),
                green_channel=service.green_channel,
            )
        )
    return HallOut(
        id=hall_id,
        name=config.hall.name,
        business_day=day,
        now=now,
        seq=seq,
        notice=notice or config.hall.notice,
        reminders=list(config.hall.reminders),
        services=services,
        windows=[
            window_out(
                config,
                row,
                tickets.get(row.current_ticket_id) if row.current_ticket_id else None,
                staff.get(row.staff_no) if row.staff_no else None,
            )
            for row in windows
            if config.window(row.number) is not None
        ],
    )
