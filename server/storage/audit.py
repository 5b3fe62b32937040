"""The audit log (操作日志): append and read, nothing else. There is deliberately no update or delete here, and
the database refuses both (triggers of migration 0007)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from .models import AuditEntry


@dataclass(frozen=True, slots=True)
class AuditRec:
    id: int
    at: datetime
    actor: str
    address: str
    action: str
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def append(
    conn: Connection,
    hall_id: str,
    at: datetime,
    actor: str,
    address: str,
    action: str,
    subject: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    conn.execute(
        insert(AuditEntry).values(
            hall_id=hall_id,
            at=at,
            actor=actor[:64],
            address=address[:64],
            action=action,
            subject=subject[:128],
            before=before,
            after=after,
        )
    )


def entries(
    conn: Connection,
    hall_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 1000,
) -> list[AuditRec]:
    """Newest first, at most `limit`, between `since` (inclusive) and `until` (exclusive)."""
    # '' marks what the command line did without naming a hall (device tokens): every hall's log shows it.
    query = select(AuditEntry).where(AuditEntry.hall_id.in_((hall_id, "")))
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    rows = conn.execute(query.order_by(AuditEntry.id.desc()).limit(limit))
    return [AuditRec(r.id, r.at, r.actor, r.address, r.action, r.subject, r.before, r.after) for r in rows]
