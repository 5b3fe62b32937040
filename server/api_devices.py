"""Device health (heartbeats, printer paper, offline screens) and the notice text the displays scroll."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response

from jiaohao.domain.errors import Forbidden
from jiaohao.wire.events import DeviceStatus, Notice
from jiaohao.wire.models import API_PREFIX, DeviceOut, DeviceStatusIn, NoticeIn

from .deps import ERROR_RESPONSES, Caller, Runtime
from .device_health import ONLINE_WITHIN, health_of
from .storage import Connection
from .storage import devices as device_rows
from .storage import hall as hall_rows
from .storage.devices import DeviceRow
from .storage.unit_of_work import UnitOfWork

router = APIRouter(
    prefix=API_PREFIX, responses=ERROR_RESPONSES
)


def device_out(row: DeviceRow, now: datetime) -> DeviceOut:
    health = health_of(row, now)
    return DeviceOut(
        name=row.name,
        kind=row.kind,
        windows=sorted(row.windows),
        status=row.status,
        detail=row.detail,
        last_seen_at=row.last_seen_at,
        online=health != "offline",
        health=health,
        revoked=row.revoked_at is not None,
    )


def list_devices(conn: Connection, now: datetime) -> list[DeviceOut]:
    return [device_out(row, now) for row in device_rows.all_devices(conn)]


@router.post("/devices/status", status_code=204)
async def report_status(body: DeviceStatusIn, runtime: Runtime, caller: Caller) -> Response:
    if caller.kind != "device" or caller.device_id is None:
        caller.require_device("kiosk", "display", "pad", "caller")
    device_id = caller.device_id
    if device_id is None:  # an administrator's login passes the check above, but has no device to report on
        raise Forbidden("not_a_device", "只有设备可以报告自己的状态")
    now = runtime.clock.now()

    def command(uow: UnitOfWork) -> None:
        row = device_rows.by_id(uow.conn, device_id)
        device_rows.record_status(uow.conn, device_id, body.status, body.detail, now)
        # A heartbeat that changes nothing is not news; a change of health is, and also a device coming back.
        came_back = row.last_seen_at is None or now - row.last_seen_at > ONLINE_WITHIN
        if row.status != body.status or row.detail != body.detail or came_back:
            health = DeviceStatus(
                device=row.name, kind=row.kind, windows=sorted(row.windows), status=body.status, detail=body.detail
            )
            uow.emit(now, health)

    await runtime.write(command, caller=caller)
    return Response(status_code=204)


@router.get("/devices", response_model=list[DeviceOut])
async def devices(runtime: Runtime, caller: Caller) -> list[DeviceOut]:
    caller.require_supervisor()
    now = runtime.clock.now()
    return await runtime.read(lambda conn: list_devices(conn, now))


@router.put("/hall/notice", status_code=204)
async def set_notice(body: NoticeIn, runtime: Runtime, caller: Caller) -> Response:
    caller.require_supervisor()
    now = runtime.clock.now()
    hall_id = runtime.config.hall.id

    def command(uow: UnitOfWork) -> None:
        hall_rows.set_notice(uow.conn, hall_id, body.text)
        uow.emit(now, Notice(text=body.text or runtime.config.hall.notice))

    await runtime.write(command, caller=caller)
    return Response(status_code=204)
