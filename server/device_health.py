"""Each device's health as the dashboard shows it (online / degraded with its reason / offline since when),
and the loss of a device told to everyone the moment its heartbeat runs out.

Devices send a heartbeat every minute (and on every change); silence longer than `ONLINE_WITHIN` is a loss.
A loss is not a request the server receives, so the clock's sweep notices it and emits `device.status`
with status `offline`: the dashboard then refreshes and raises the alert without waiting for its timer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from jiaohao.wire.events import DeviceStatus

from .storage import devices as device_rows
from .storage.devices import DeviceRow
from .storage.unit_of_work import UnitOfWork

__all__ = ["HEALTHY", "LOST_DETAIL", "ONLINE_WITHIN", "Health", "announce_lost", "health_of"]

ONLINE_WITHIN = timedelta(minutes=2)  # two missed heartbeats, so one lost packet is not an alarm
HEALTHY = frozenset({"ok", "starting"})
LOST_DETAIL = "心跳中断"
Health = Literal["online", "degraded", "offline"]


def health_of(row: DeviceRow, now: datetime) -> Health:
    if row.revoked_at is not None or row.last_seen_at is None or now - row.last_seen_at > ONLINE_WITHIN:
        return "offline"
    if row.status is None or row.status in HEALTHY:
        return "online"
    return "degraded"


def announce_lost(uow: UnitOfWork, now: datetime) -> list[str]:
    """Emit `device.status offline` once for each device whose heartbeat ran out, and mark it so: the mark
    is stored, so a restart or a second server process on the same database does not announce it again.
    The device's next heartbeat replaces the mark (and is itself news: it came back)."""
    lost = []
    for row in device_rows.all_devices(uow.conn):
        if row.revoked_at is not None or row.last_seen_at is None or now - row.last_seen_at <= ONLINE_WITHIN:
            continue
        if (row.status, row.detail) == ("offline", LOST_DETAIL):
            continue  # already announced
        device_rows.mark_lost(uow.conn, row.id, LOST_DETAIL)
        lost.append(row.name)
        health = DeviceStatus(
            device=row.name, kind=row.kind, windows=sorted(row.windows), status="offline", detail=LOST_DETAIL
        )
        uow.emit(now, health)
    return lost
