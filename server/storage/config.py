"""The hall's live configuration document (one row per hall)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from .models import HallConfigRow


@dataclass(frozen=True, slots=True)
class StoredConfig:
    document: dict[str, Any]
    imported: dict[str, Any]
    version: int
    updated_at: datetime


def stored(conn: Connection, hall_id: str) -> StoredConfig | None:
    row = conn.execute(
        select(HallConfigRow.document, HallConfigRow.imported, HallConfigRow.version, HallConfigRow.updated_at).where(
            HallConfigRow.hall_id == hall_id
        )
    ).first()
    if row is None:
        return None
    return StoredConfig(dict(row.document), dict(row.imported), int(row.version), row.updated_at)


def version(conn: Connection, hall_id: str) -> int | None:
    return conn.execute(select(HallConfigRow.version).where(HallConfigRow.hall_id == hall_id)).scalar_one_or_none()


def save(
    conn: Connection, hall_id: str, document: dict[str, Any], now: datetime, *, imported: dict[str, Any] | None = None
) -> int:
    """Store the document as the hall's configuration (and, on an import, as the file imported); returns its
    new version."""
    current = version(conn, hall_id)
    if current is None:
        conn.execute(
            insert(HallConfigRow).values(
                hall_id=hall_id, document=document, imported=imported or document, version=1, updated_at=now
            )
        )
        return 1
    values: dict[str, Any] = {"document": document, "version": current + 1, "updated_at": now}
    if imported is not None:
        values["imported"] = imported
    conn.execute(update(HallConfigRow).where(HallConfigRow.hall_id == hall_id).values(**values))
    return current + 1
