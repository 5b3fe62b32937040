"""Appointments (预约): booked codes, online bookings and their counts (the check-in itself is on the hot path)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, func, insert, or_, select, update

from .models import Appointment

HOLDING = ("booked", "checked_in")  # what takes a place in a slot


@dataclass(frozen=True, slots=True)
class Booking:
    id: int
    service: str
    day: date
    slot: str
    status: str
    code: str = ""
    name_masked: str = ""
    phone_masked: str = ""
    phone_hash: str | None = None
    ticket_id: int | None = None


def _booking(row: Row[Any]) -> Booking:
    return Booking(
        row.id,
        row.service,
        row.day,
        row.slot,
        row.status,
        row.code,
        row.name_masked,
        row.phone_masked,
        row.phone_hash,
        row.ticket_id,
    )


def by_code(conn: Connection, hall_id: str, code: str) -> Booking | None:
    row = conn.execute(select(Appointment).where(Appointment.hall_id == hall_id, Appointment.code == code)).first()
    return _booking(row) if row is not None else None


def add(
    conn: Connection,
    *,
    hall_id: str,
    service: str,
    day: date,
    slot: str,
    code: str,
    name_masked: str,
    phone_masked: str,
    phone_hash: str | None = None,
    holder_hash: str | None = None,
    booked_at: datetime | None = None,
) -> int:
    values = {
        "hall_id": hall_id,
        "service": service,
        "day": day,
        "slot": slot,
        "code": code,
        "name_masked": name_masked,
        "phone_masked": phone_masked,
        "status": "booked",
        "phone_hash": phone_hash,
        "holder_hash": holder_hash,
        "booked_at": booked_at,
    }
    return int(conn.execute(insert(Appointment).values(**values).returning(Appointment.id)).scalar_one())


def taken_by_slot(conn: Connection, hall_id: str, service: str, day: date) -> dict[str, int]:
    """Places taken in each slot of a service's day (booked or already checked in)."""
    rows = conn.execute(
        select(Appointment.slot, func.count())
        .where(
            Appointment.hall_id == hall_id,
            Appointment.service == service,
            Appointment.day == day,
            Appointment.status.in_(HOLDING),
        )
        .group_by(Appointment.slot)
    ).all()
    return {slot: int(n) for slot, n in rows}


def _person(phone_hash: str, holder_hash: str | None) -> object:
    if holder_hash is None:
        return Appointment.phone_hash == phone_hash
    return or_(Appointment.phone_hash == phone_hash, Appointment.holder_hash == holder_hash)


def open_booking_of(
    conn: Connection, hall_id: str, service: str, day: date, phone_hash: str, holder_hash: str | None
) -> Booking | None:
    row = conn.execute(
        select(Appointment).where(
            Appointment.hall_id == hall_id,
            Appointment.service == service,
            Appointment.day == day,
            Appointment.status == "booked",
            _person(phone_hash, holder_hash),  # type: ignore[arg-type]
        )
    ).first()
    return _booking(row) if row is not None else None


def unchecked_since(
    conn: Connection, hall_id: str, phone_hash: str, holder_hash: str | None, since: date
) -> list[Booking]:
    """A person's bookings since `since` that were never checked in nor cancelled (the no-show candidates)."""
    rows = conn.execute(
        select(Appointment).where(
            Appointment.hall_id == hall_id,
            Appointment.day >= since,
            Appointment.status == "booked",
            _person(phone_hash, holder_hash),  # type: ignore[arg-type]
        )
    ).all()
    return [_booking(row) for row in rows]


def cancel(conn: Connection, booking_id: int, at: datetime) -> None:
    conn.execute(
        update(Appointment)
        .where(and_(Appointment.id == booking_id, Appointment.status == "booked"))
        .values(status="cancelled", cancelled_at=at)
    )


def of_day(conn: Connection, hall_id: str, day: date, service: str | None = None) -> Sequence[Booking]:
    query = select(Appointment).where(Appointment.hall_id == hall_id, Appointment.day == day)
    if service is not None:
        query = query.where(Appointment.service == service)
    rows = conn.execute(query.order_by(Appointment.service, Appointment.slot, Appointment.id)).all()
    return [_booking(row) for row in rows]


def booked_by_holder(conn: Connection, hall_id: str, holder_hash: str, day: date) -> list[Booking]:
    """A person's bookings of one day that hold a place (booked or already checked in), by the hash of the ID
    they gave when booking; open ones first."""
    rows = conn.execute(
        select(Appointment)
        .where(
            Appointment.hall_id == hall_id,
            Appointment.day == day,
            Appointment.holder_hash == holder_hash,
            Appointment.status.in_(HOLDING),
        )
        .order_by(Appointment.status, Appointment.slot)
    ).all()
    return [_booking(row) for row in rows]
