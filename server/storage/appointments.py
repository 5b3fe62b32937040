"""Appointments (预约): booked codes a kiosk checks in (the check-in itself is on the hot path)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, insert, select

from .models import Appointment


@dataclass(frozen=True, slots=True)
class Booking:
    id: int
    service: str
    day: date
    slot: str
    status: str


def by_code(conn: Connection, hall_id: str, code: str) -> Booking | None:
    row = conn.execute(select(Appointment).where(Appointment.hall_id == hall_id, Appointment.code == code)).first()
    return Booking(row.id, row.service, row.day, row.slot, row.status) if row is not None else None


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
    }
    return int(conn.execute(insert(Appointment).values(**values).returning(Appointment.id)).scalar_one())


@dataclass(frozen=True, slots=True)
class BookingLine:
    code: str
    service: str
    slot: str
    name_masked: str
    phone_masked: str
    status: str


def on_day(conn: Connection, hall_id: str, day: date) -> list[BookingLine]:
    """The day's appointments in slot order (names and phones as stored: masked)."""
    rows = conn.execute(
        select(Appointment)
        .where(Appointment.hall_id == hall_id, Appointment.day == day)
        .order_by(Appointment.slot, Appointment.service, Appointment.code)
    )
    return [BookingLine(r.code, r.service, r.slot, r.name_masked, r.phone_masked, r.status) for r in rows]
