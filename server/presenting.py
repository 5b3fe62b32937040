"""Presenting: the one place that turns the server's records into what clients read.

Every `WindowOut`, `TicketPosition`, `ServiceOut`, the hall's counts and the wait estimate are built here, from
the small records of `server.records`, whichever way those came: from the writer's live hall (answers to
window actions, events) or from the database (`GET /hall`, tracking, logins; the functions at the end read
them through storage first). So a screen shows the same thing whether it asked or was told.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from jiaohao.domain.config import HallConfig, ServiceConfig
from jiaohao.domain.estimate import WaitEstimate, average_handle_min, estimate_wait
from jiaohao.domain.numbering import business_day, closed_reason, hours_text
from jiaohao.domain.tickets import QUEUED, TicketState
from jiaohao.wire.events import RatingRequested, ServiceCounts, TicketEvent
from jiaohao.wire.models import API_PREFIX, HallOut, ServiceOut, TicketOut, TicketPosition, WindowOut

from .records import StaffRec, TicketRec, WindowRec
from .storage import Connection
from .storage import hall as hall_rows
from .storage import staff as staff_rows
from .storage import tickets as ticket_rows
from .storage.live import recent_handle_minutes

W = TypeVar("W", bound=WindowOut)
# How far ahead the hall view tells the [calendar]: a 容缺 period is at most 60 working days.
CALENDAR_AHEAD = timedelta(days=120)
T = TypeVar("T", bound=TicketEvent)


def photo_url(staff_no: str) -> str:
    return f"{API_PREFIX}/staff/{staff_no}/photo"


def average_minutes(service: ServiceConfig, handle_minutes: Sequence[float]) -> float:
    return average_handle_min(handle_minutes, service.avg_handle_min)


def wait_estimate(
    config: HallConfig,
    service: ServiceConfig,
    ahead: int,
    handle_minutes: Sequence[float],
    open_windows: Collection[int],
) -> WaitEstimate:
    """How long a ticket with `ahead` people in front waits (jiaohao.domain.estimate; docs/api.md)."""
    windows = config.windows_for(service.code)
    return estimate_wait(
        ahead,
        average_minutes(service, handle_minutes),
        staffed_ranks=[w.services.index(service.code) for w in windows if w.number in open_windows],
        planned_ranks=[w.services.index(service.code) for w in windows],
        samples=sum(1 for m in handle_minutes if m > 0),
    )


def window_out(
    config: HallConfig,
    window: WindowRec,
    ticket: TicketRec | None,
    staff: StaffRec | None,
    model: type[W],
) -> W:
    """A window as screens show it: `model` is `WindowOut` for an answer, `WindowUpdated` for the event."""
    configured = config.window(window.number)
    assert configured is not None
    return model(
        number=window.number,
        name=configured.name,
        name_en=configured.name_en,
        kind=configured.kind,
        services=list(configured.services),
        status=window.status,
        pause_reason=window.pause_reason,
        serving=ticket.number if ticket else None,
        serving_state=ticket.state.value if ticket else None,
        staff_no=staff.no if staff else window.staff_no,
        staff_name=staff.name if staff else None,
        staff_title=staff.title if staff else None,
        staff_photo=photo_url(staff.no) if staff and staff.photo else None,
        called_at=ticket.called_at if ticket else None,
    )


def position(
    config: HallConfig, ticket: TicketRec, ahead: int, estimate: WaitEstimate | None, *, for_window: bool = False
) -> TicketPosition:
    """Where a ticket stands; `ahead` and the estimate only count while it is queued. Clerks (`for_window`) also
    see who first served it and the last window's transfer note; the citizen sees the outcome and what is owed."""
    service = config.service(ticket.service)
    queued = ticket.state in QUEUED and estimate is not None
    return TicketPosition(
        id=ticket.id,
        number=ticket.number,
        service=ticket.service,
        service_name=service.name if service else ticket.service,
        service_name_en=service.name_en if service else None,
        channel=ticket.channel.value,
        state=ticket.state.value,
        issued_at=ticket.issued_at,
        waiting_ahead=ahead if queued else 0,
        est_wait_min=estimate.minutes if queued and estimate else 0,
        est_wait_range=estimate.range if queued and estimate else None,
        window=ticket.window,
        recall=ticket.recall_count,
        outcome=ticket.outcome if ticket.state is TicketState.DONE else None,
        missing=list(ticket.missing),
        due=ticket.due,
        first_staff_no=ticket.first_staff_no if for_window else None,
        transfer_note=ticket.transfer_note if for_window else None,
    )


def issued(
    config: HallConfig, ticket: TicketRec, ahead: int, estimate: WaitEstimate, track_base_url: str, notice: str | None
) -> TicketOut:
    """The kiosk's answer to a ticket just issued: what it prints."""
    service = config.service(ticket.service)
    assert service is not None
    return TicketOut(
        id=ticket.id,
        number=ticket.number,
        service=service.code,
        service_name=service.name,
        service_name_en=service.name_en,
        channel=ticket.channel.value,
        state=ticket.state.value,
        issued_at=ticket.issued_at,
        waiting_ahead=ahead,
        est_wait_min=estimate.minutes,
        est_wait_range=estimate.range,
        track_url=f"{track_base_url}/t/{ticket.track_token}",
        track_token=ticket.track_token,
        checklist=list(service.checklist),
        checklist_en=list(service.checklist_en) if service.checklist_en is not None else None,
        notice=notice,
    )


def service_counts(
    config: HallConfig,
    service: ServiceConfig,
    now: datetime,
    *,
    waiting: int,
    issued_today: int,
    handle_minutes: Sequence[float],
    open_windows: Collection[int],
) -> ServiceCounts:
    reason = closed_reason(service, now, config.policy, issued_today)
    # The wait of the next ticket: everyone now waiting is ahead of it.
    estimate = wait_estimate(config, service, waiting, handle_minutes, open_windows)
    return ServiceCounts(
        waiting=waiting,
        est_wait_min=estimate.minutes,
        est_wait_range=estimate.range,
        issued_today=issued_today,
        open=reason is None,
        closed_reason=reason,
    )


def service_out(config: HallConfig, service: ServiceConfig, counts: ServiceCounts, avg_minutes: float) -> ServiceOut:
    return ServiceOut(
        code=service.code,
        name=service.name,
        name_en=service.name_en,
        prefix=service.prefix,
        waiting=counts.waiting,
        est_wait_min=counts.est_wait_min,
        est_wait_range=counts.est_wait_range,
        open=counts.open,
        closed_reason=counts.closed_reason,
        issued_today=counts.issued_today,
        daily_cap=service.daily_cap,
        hours=hours_text(service),
        checklist=list(service.checklist),
        checklist_en=list(service.checklist_en) if service.checklist_en is not None else None,
        avg_handle_min=round(avg_minutes, 1),
        green_channel=service.green_channel,
    )


def ticket_event(model: type[T], config: HallConfig, ticket: TicketRec, **extra: object) -> T:
    """The data of a `ticket.*` event: the ticket after the change, plus what that event type adds."""
    service = config.service(ticket.service)
    window = config.window(ticket.window) if ticket.window else None
    return model(
        id=ticket.id,
        number=ticket.number,
        service=ticket.service,
        service_name=service.name if service else ticket.service,
        channel=ticket.channel.value,
        state=ticket.state.value,
        window=ticket.window,
        window_name=window.name if window else None,
        **extra,
    )


def rating_requested(config: HallConfig, window: int, ticket: TicketRec) -> RatingRequested:
    service = config.service(ticket.service)
    return RatingRequested(
        window=window,
        ticket_id=ticket.id,
        number=ticket.number,
        service=ticket.service,
        service_name=service.name if service else ticket.service,
        staff_no=ticket.staff_no,
        reasons=list(config.policy.rating_reasons),
    )


# --- the same views, read from the database (outside the writer) -------------------------------------------


def window_view(conn: Connection, config: HallConfig, number: int, model: type[W]) -> W:
    hall_id = config.hall.id
    window = hall_rows.window(conn, hall_id, number)
    ticket = ticket_rows.ticket_by_id(conn, hall_id, window.current) if window.current else None
    staff = staff_rows.by_nos(conn, [window.staff_no]).get(window.staff_no or "")
    return window_out(config, window, ticket, staff, model)


def ticket_position(conn: Connection, config: HallConfig, ticket: TicketRec) -> TicketPosition:
    if ticket.state not in QUEUED:
        return position(config, ticket, 0, None)
    hall_id = config.hall.id
    service = config.service(ticket.service)
    assert service is not None
    ahead = ticket_rows.ahead_of(conn, hall_id, ticket)
    minutes = recent_handle_minutes(conn, hall_id, service.code, config.policy.estimate_sample)
    open_windows = {w.number for w in hall_rows.all_windows(conn, hall_id) if w.status == "open"}
    return position(config, ticket, ahead, wait_estimate(config, service, ahead, minutes, open_windows))


def hall_view(conn: Connection, config: HallConfig, now: datetime, seq: int, notice: str) -> HallOut:
    hall_id = config.hall.id
    day = business_day(now, config.policy)
    waiting = ticket_rows.waiting_counts(conn, hall_id, day)
    issued_today = ticket_rows.issued_counts(conn, hall_id, day)
    windows = [w for w in hall_rows.all_windows(conn, hall_id) if config.window(w.number) is not None]
    open_windows = {w.number for w in windows if w.status == "open"}
    tickets = ticket_rows.tickets_by_id(conn, [w.current for w in windows])
    staff = staff_rows.by_nos(conn, [w.staff_no for w in windows])
    services = []
    for service in config.services:
        minutes = recent_handle_minutes(conn, hall_id, service.code, config.policy.estimate_sample)
        counts = service_counts(
            config,
            service,
            now,
            waiting=waiting.get(service.code, 0),
            issued_today=issued_today.get(service.code, 0),
            handle_minutes=minutes,
            open_windows=open_windows,
        )
        services.append(service_out(config, service, counts, average_minutes(service, minutes)))
    return HallOut(
        id=hall_id,
        name=config.hall.name,
        name_en=config.hall.name_en,
        business_day=day,
        now=now,
        seq=seq,
        notice=notice or config.hall.notice,
        reminders=list(config.hall.reminder_lines()),
        pause_reasons=list(config.hall.pause_reasons),
        phone=config.hall.phone,
        followup_working_days=config.policy.followup_working_days,
        holidays=[d for d in config.calendar.holidays if day <= d <= day + CALENDAR_AHEAD],
        workdays=[d for d in config.calendar.workdays if day <= d <= day + CALENDAR_AHEAD],
        reminders_enabled=config.reminders.channel != "off",
        reminders_en=list(config.hall.reminder_lines(english=True)) if config.hall.reminders_en is not None else None,
        overdue=config.hall.overdue,
        overdue_en=config.hall.overdue_en,
        green_channel=config.hall.green_channel,
        green_channel_en=config.hall.green_channel_en,
        services=services,
        windows=[
            window_out(
                config,
                w,
                tickets.get(w.current) if w.current else None,
                staff.get(w.staff_no) if w.staff_no else None,
                WindowOut,
            )
            for w in windows
        ],
    )
