"""Staff members, their PINs and login locks, and their sessions (tokens bound to a window)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from ..records import StaffRec
from .live import staff_rec
from .models import Staff, StaffSession


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: int
    no: str
    name: str
    role: str
    title: str
    photo: str | None
    pin_hash: str
    active: bool
    failed_logins: int
    locked_until: datetime | None


@dataclass(frozen=True, slots=True)
class Session:
    staff_no: str
    staff_name: str
    role: str
    active: bool  # the staff member's account
    window: int | None
    expires_at: datetime
    revoked: bool


def _member(row: Row[Any]) -> StaffMember:
    return StaffMember(
        row.id,
        row.no,
        row.name,
        row.role,
        row.title,
        row.photo,
        row.pin_hash,
        row.active,
        row.failed_logins,
        row.locked_until,
    )


def member(conn: Connection, no: str) -> StaffMember | None:
    row = conn.execute(select(Staff).where(Staff.no == no)).first()
    return _member(row) if row is not None else None


def all_members(conn: Connection) -> list[StaffMember]:
    return [_member(row) for row in conn.execute(select(Staff).order_by(Staff.no))]


def by_nos(conn: Connection, nos: Collection[str | None]) -> dict[str, StaffRec]:
    wanted = [n for n in nos if n]
    if not wanted:
        return {}
    return {row.no: staff_rec(row) for row in conn.execute(select(Staff).where(Staff.no.in_(wanted)))}


def names(conn: Connection, nos: Collection[str]) -> dict[str, str]:
    return {no: name for no, name in conn.execute(select(Staff.no, Staff.name).where(Staff.no.in_(list(nos))))}


def photo(conn: Connection, no: str) -> str | None:
    return conn.execute(select(Staff.photo).where(Staff.no == no)).scalar_one_or_none()


def first_supervisor(conn: Connection) -> str | None:
    return conn.execute(
        select(Staff.no).where(Staff.role == "supervisor", Staff.active.is_(True)).order_by(Staff.no).limit(1)
    ).scalar_one_or_none()


def add(conn: Connection, *, no: str, name: str, role: str, title: str, photo: str | None, pin_hash: str) -> None:
    conn.execute(
        insert(Staff).values(
            no=no, name=name, role=role, title=title, photo=photo, pin_hash=pin_hash, active=True, failed_logins=0
        )
    )


def update_member(
    conn: Connection, no: str, *, name: str, role: str, title: str, photo: str | None, active: bool
) -> None:
    """Change what an administrator edits; disabling ends the member's sessions at once."""
    conn.execute(
        update(Staff).where(Staff.no == no).values(name=name, role=role, title=title, photo=photo, active=active)
    )
    if not active:
        staff_id = select(Staff.id).where(Staff.no == no).scalar_subquery()
        conn.execute(update(StaffSession).where(StaffSession.staff_id == staff_id).values(revoked=True))


def set_pin_hash(conn: Connection, no: str, pin_hash: str) -> bool:
    """False when there is no such staff member."""
    result = conn.execute(
        update(Staff).where(Staff.no == no).values(pin_hash=pin_hash, failed_logins=0, locked_until=None)
    )
    return bool(result.rowcount)


# --- sessions -----------------------------------------------------------------------------------------------


def session(conn: Connection, token_hash: str) -> Session | None:
    row = conn.execute(
        select(StaffSession, Staff.no, Staff.name, Staff.role, Staff.active)
        .join(Staff, Staff.id == StaffSession.staff_id)
        .where(StaffSession.token_hash == token_hash)
    ).first()
    if row is None:
        return None
    return Session(row.no, row.name, row.role, row.active, row.window, row.expires_at, row.revoked)


def open_session(
    conn: Connection,
    *,
    token_hash: str,
    staff_id: int,
    hall_id: str,
    window: int | None,
    now: datetime,
    expires: datetime,
) -> None:
    conn.execute(
        insert(StaffSession).values(
            token_hash=token_hash,
            staff_id=staff_id,
            hall_id=hall_id,
            window=window,
            created_at=now,
            expires_at=expires,
            revoked=False,
        )
    )


def end_window_sessions(conn: Connection, hall_id: str, window: int) -> None:
    """One clerk per window: a new login there ends the previous one's session."""
    conn.execute(
        update(StaffSession).where(StaffSession.hall_id == hall_id, StaffSession.window == window).values(revoked=True)
    )


def end_session(conn: Connection, token_hash: str) -> None:
    conn.execute(update(StaffSession).where(StaffSession.token_hash == token_hash).values(revoked=True))
