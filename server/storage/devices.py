"""Device tokens (kiosks, screens, pads, callers) and their last reported health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from .models import Device


@dataclass(frozen=True, slots=True)
class DeviceRow:
    id: int
    name: str
    kind: str
    windows: frozenset[int]
    revoked_at: datetime | None
    last_seen_at: datetime | None
    status: str | None
    detail: str | None


def _windows(text: str) -> frozenset[int]:
    return frozenset(int(x) for x in text.split(",") if x.strip())


def _device(row: Row[Any]) -> DeviceRow:
    return DeviceRow(
        row.id,
        row.name,
        row.kind,
        _windows(row.windows),
        row.revoked_at,
        row.last_seen_at,
        row.status,
        row.status_detail,
    )


def by_token_hash(conn: Connection, token_hash: str) -> DeviceRow | None:
    row = conn.execute(select(Device).where(Device.token_hash == token_hash)).first()
    return _device(row) if row is not None else None


def by_id(conn: Connection, device_id: int) -> DeviceRow:
    return _device(conn.execute(select(Device).where(Device.id == device_id)).one())


def name_taken(conn: Connection, name: str) -> bool:
    return conn.execute(select(Device.id).where(Device.name == name)).first() is not None


def all_devices(conn: Connection) -> list[DeviceRow]:
    return [_device(row) for row in conn.execute(select(Device).order_by(Device.kind, Device.name))]


def by_name(conn: Connection) -> list[DeviceRow]:
    return [_device(row) for row in conn.execute(select(Device).order_by(Device.name))]


def add(conn: Connection, *, name: str, kind: str, windows: list[int], token_hash: str, now: datetime) -> None:
    conn.execute(
        insert(Device).values(
            name=name,
            kind=kind,
            windows=",".join(str(w) for w in sorted(set(windows))),
            token_hash=token_hash,
            created_at=now,
        )
    )


def revoke(conn: Connection, name: str, now: datetime) -> bool:
    """False when there is no such device still in use."""
    result = conn.execute(update(Device).where(Device.name == name, Device.revoked_at.is_(None)).values(revoked_at=now))
    return bool(result.rowcount)


def record_status(conn: Connection, device_id: int, status: str, detail: str | None, now: datetime) -> None:
    conn.execute(
        update(Device).where(Device.id == device_id).values(last_seen_at=now, status=status, status_detail=detail)
    )


def mark_lost(conn: Connection, device_id: int, detail: str) -> None:
    """Its heartbeat stopped: say so in its status, keeping when it was last heard from."""
    conn.execute(update(Device).where(Device.id == device_id).values(status="offline", status_detail=detail))
