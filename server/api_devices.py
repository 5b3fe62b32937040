"""Device health (heartbeats, printer paper, offline screens) and the notice text the displays scroll."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy import Connection, select, update

from jiaohao.wire.models import API_PREFIX, DeviceOut, DeviceStatusIn, ErrorOut, NoticeIn

from .auth import parse_windows
from .deps import Caller, Runtime
from .storage.models import Device, Hall
from .unit_of_work import UnitOfWork

router = APIRouter(
    prefix=API_PREFIX, responses={400: {"model": ErrorOut}, 401: {"model": ErrorOut}, 403: {"model": ErrorOut}}
)
ONLINE_WITHIN = timedelta(minutes=2)


def device_out(row: Any, now: datetime) -> DeviceOut:
    return DeviceOut(
        name=row.name,
        kind=row.kind,
        windows=sorted(parse_windows(row.windows)),
        status=row.status,
        detail=row.status_detail,
        last_seen_at=row.last_seen_at,
        online=row.revoked_at is None and row.last_seen_at is not None and now - row.last_seen_at <= ONLINE_WITHIN,
        revoked=row.revoked_at is not None,
    )


def list_devices(conn: Connection, now: datetime) -> list[DeviceOut]:
    return [device_out(row, now) for row in conn.execute(select(Device).order_by(Device.kind, Device.name))]


@router.post("/devices/status", status_code=204)
async def report_status(body: DeviceStatusIn, runtime: Runtime, caller: Caller) -> Response:
    if caller.kind != "device" or caller.device_id is None:
        caller.require_device("kiosk", "display", "pad", "caller")
    device_id = caller.device_id
    now = runtime.clock.now()

    def command(uow: UnitOfWork) -> None:
        row = uow.conn.execute(select(Device).where(Device.id == device_id)).one()
        uow.conn.execute(
            update(Device)
            .where(Device.id == device_id)
            .values(last_seen_at=now, status=body.status, status_detail=body.detail)
        )
        # A heartbeat that changes nothing is not news; a change of health is, and also a device coming back.
        came_back = row.last_seen_at is None or now - row.last_seen_at > ONLINE_WITHIN
        if row.status != body.status or row.status_detail != body.detail or came_back:
            uow.emit(
                "device.status",
                now,
                {
                    "device": row.name,
                    "kind": row.kind,
                    "windows": sorted(parse_windows(row.windows)),
                    "status": body.status,
                    "detail": body.detail,
                },
            )

    await runtime.write(command)
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
        uow.conn.execute(update(Hall).where(Hall.id == hall_id).values(notice=body.text))
        uow.emit("notice", now, {"text": body.text or runtime.config.hall.notice})

    await runtime.write(command)
    return Response(status_code=204)
