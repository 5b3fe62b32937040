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

__all__ = ["HEALTHY", "LOST_DETAIL", "ONLINE_WITHIN", "DeviceWatch", "Health", "health_of"]

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


class DeviceWatch:
    """Remembers when it last looked, so each loss is announced once, in the sweep after it happened."""

    def __init__(self) -> None:
        self.checked_at: datetime | None = None

    def sweep(self, uow: UnitOfWork, now: datetime) -> list[str]:
        """Emit `device.status offline` for each device whose heartbeat ran out since the last sweep."""
        since, lost = self.checked_at, []
        if since is not None:
            for row in device_rows.all_devices(uow.conn):
                if row.revoked_at is not None or row.last_seen_at is None:
                    continue
                if since < row.last_seen_at + ONLINE_WITHIN <= now:
                    lost.append(row.name)
                    uow.emit(
                        now,
                        DeviceStatus(
                            device=row.name, kind=row.kind, windows=sorted(row.windows), status="offline",
                            detail=LOST_DETAIL,
                        ),
                    )
        self.checked_at = now
        return lost
