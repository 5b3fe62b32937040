"""Hall view, logins, tickets and appointments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from jiaohao.domain import appointments as appt
from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import Invalid, NotFound
from jiaohao.domain.tickets import Channel
from jiaohao.wire.base import PRINTABLE_PATTERN
from jiaohao.wire.events import WindowUpdated
from jiaohao.wire.models import (
    API_PREFIX,
    AppointmentIn,
    AppointmentOut,
    ErrorOut,
    HallOut,
    LoginIn,
    LoginOut,
    NotifyIn,
    TicketIn,
    TicketOut,
    TicketPosition,
)

from . import audit, auth, logins, presenting
from .audit import Who
from .deps import ERROR_RESPONSES, Caller, RowIdParam, Runtime, model_response
from .storage import Connection
from .storage import appointments as appointment_rows
from .storage import hall as hall_rows
from .storage import tickets as ticket_rows
from .storage.unit_of_work import UnitOfWork

router = APIRouter(
    prefix=API_PREFIX,
    responses=ERROR_RESPONSES,
)


@router.get("/health")
async def health(runtime: Runtime) -> dict[str, object]:
    """Liveness for monitoring, and the no-op the benchmark measures the server stack's ceiling with.
    `status` is `degraded` while the database's disk is full (changes are refused with 503 `storage_full`)."""
    return {"ok": True, "hall": runtime.config.hall.id, "status": "degraded" if runtime.storage_full else "ok"}


@router.get("/hall", response_model=HallOut)
async def hall(runtime: Runtime) -> Response:
    """The hall as screens show it, kept encoded until the next event (`server.hall_view`)."""
    now = runtime.clock.now()
    config = runtime.config

    def query(conn: Connection) -> HallOut:
        notice = hall_rows.notice(conn, config.hall.id)
        return presenting.hall_view(conn, config, now, runtime.last_seq(conn), notice)

    if runtime.bus is None:  # not serving events (a tool's runtime): nothing tells us when the view moves
        return model_response(await runtime.read(query))
    # The bus's number covers other processes' events; the writer's, this process's answers already sent.
    seq = max(runtime.bus.last_seq, runtime.writer.committed_seq if runtime.writer is not None else 0)
    body = await runtime.hall_view.body(seq, now, id(config), lambda: runtime.read(query))
    return Response(body, media_type="application/json")


@router.post("/auth/login", response_model=LoginOut, responses={429: {"model": ErrorOut}})
async def login(body: LoginIn, runtime: Runtime, request: Request) -> LoginOut:
    address = request.client.host if request.client else "unknown"
    staff = await logins.verify(runtime, address, body.staff_no, body.pin, body.window)
    auth.require_window(staff, body.window)
    now = runtime.clock.now()
    config = runtime.config

    def record(uow: UnitOfWork) -> auth.LoginAttempt:
        attempt = auth.record_login(uow.conn, config, staff, body.window, now)
        audit.record_login(uow.conn, config.hall.id, now, Who(staff.no, address), body.window)
        if body.window is not None:
            uow.emit(now, presenting.window_view(uow.conn, config, body.window, WindowUpdated))
        return attempt

    attempt = await runtime.write(record)
    if body.window is not None:
        runtime.tokens.clear()  # the window's previous session was just revoked
    logins.login_event("login", staff_no=staff.no, address=address, at=now, detail=f"window={body.window}")
    return LoginOut(
        token=attempt.token,
        staff_no=staff.no,
        staff_name=staff.name,
        role=staff.role,
        window=body.window,
        expires_at=attempt.expires_at,
    )


@router.post("/auth/logout", status_code=204)
async def logout(request: Request, runtime: Runtime, caller: Caller) -> Response:
    if caller.kind != "staff":
        raise Invalid("not_a_login", "设备令牌不能注销")
    now = runtime.clock.now()

    def command(uow: UnitOfWork) -> None:
        for window in auth.logout(uow.conn, runtime.config, caller, now):
            uow.emit(now, presenting.window_view(uow.conn, runtime.config, window, WindowUpdated))
        audit.record(uow.conn, runtime.config.hall.id, now, Who.of(caller, request), "logout")

    await runtime.write(command)
    runtime.tokens.forget(caller.token_hash)
    return Response(status_code=204)


@router.post("/tickets", response_model=TicketOut, status_code=201)
async def issue_ticket(body: TicketIn, runtime: Runtime, caller: Caller) -> Response:
    caller.require_device("kiosk")
    channel = Channel.GREEN if (body.channel == "green" or body.priority) else Channel.NORMAL
    now = runtime.clock.now()
    ticket = await runtime.write(
        lambda uow: runtime.service.issue(
            uow,
            now,
            service_code=body.service,
            channel=channel,
            appointment_code=body.appointment_code,
            holder_id=body.holder_id,
            notify_phone=body.notify_phone,
            appointment_phone_tail=body.appointment_phone_tail,
            device_id=caller.device_id,
        ),
        caller=caller,
    )
    return model_response(ticket, 201)


@router.post("/tickets/{ticket_id}/notify", status_code=204)
async def notify_ticket(ticket_id: RowIdParam, body: NotifyIn, runtime: Runtime, caller: Caller) -> Response:
    """短信提醒我 on the kiosk's result screen: the ticket is already issued (and printing)."""
    caller.require_device("kiosk")
    now = runtime.clock.now()
    await runtime.write(lambda uow: runtime.service.notify(uow, now, ticket_id, body.phone), caller=caller)
    return Response(status_code=204)


@router.get("/tickets/{ticket_id}", response_model=TicketPosition)
async def ticket(
    ticket_id: RowIdParam,
    runtime: Runtime,
    track: Annotated[str | None, Query(max_length=64, pattern=PRINTABLE_PATTERN)] = None,
) -> TicketPosition:
    config = runtime.config

    def query(conn: Connection) -> TicketPosition:
        found = ticket_rows.ticket_by_id(conn, config.hall.id, ticket_id)
        # Same answer for "no such ticket" and "wrong token": a tracking link reveals nobody else's ticket.
        if found is None or not track or found.track_token != track:
            raise NotFound("unknown_ticket", "没有找到这张号票")
        return presenting.ticket_position(conn, config, found)

    return await runtime.read(query)


@router.post("/appointments", response_model=AppointmentOut, status_code=201)
async def create_appointment(body: AppointmentIn, runtime: Runtime, caller: Caller) -> AppointmentOut:
    caller.require_supervisor()
    return await runtime.write(lambda uow: add_appointment(uow.conn, runtime.config, body), caller=caller)


def add_appointment(conn: Connection, config: HallConfig, body: AppointmentIn) -> AppointmentOut:
    """Shared by the API and the CSV import: validate, mask, store."""
    if config.service(body.service) is None:
        raise NotFound("unknown_service", f"没有这项业务：{body.service}")
    slot = appt.parse_slot(body.date.isoformat(), body.slot)
    code = body.code.upper()
    if appointment_rows.by_code(conn, config.hall.id, code) is not None:
        raise Invalid("appointment_exists", f"预约码 {code} 已存在")
    slot_text = f"{slot.start.strftime('%H:%M')}-{slot.end.strftime('%H:%M')}"
    name_masked, phone_masked = appt.mask_name(body.name), appt.mask_phone(body.phone)
    new_id = appointment_rows.add(
        conn,
        hall_id=config.hall.id,
        service=body.service,
        day=slot.day,
        slot=slot_text,
        code=code,
        name_masked=name_masked,
        phone_masked=phone_masked,
    )
    return AppointmentOut(
        id=new_id,
        service=body.service,
        date=slot.day,
        slot=slot_text,
        code=code,
        name_masked=name_masked,
        phone_masked=phone_masked,
        status="booked",
    )
