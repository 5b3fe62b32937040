"""Booking ahead (网上预约): public slots, booking, looking up and cancelling; the supervisor's day and reminders.

Booking needs no login (a citizen on a phone); what a booking shows back needs its code and its phone.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from jiaohao.wire.bookings import BookingIn, BookingOut, ReminderOut, SlotOut, SlotSummaryOut
from jiaohao.wire.models import API_PREFIX

from .deps import ERROR_RESPONSES, Caller, Runtime, model_response
from .storage import Connection
from .storage import reminders as reminder_rows

router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES, tags=["bookings"])

Phone = Annotated[str, Query(min_length=5, max_length=20)]
Code = Annotated[str, Query(min_length=4, max_length=32)]


@router.get("/bookings/slots", response_model=list[SlotOut])
async def slots(runtime: Runtime, service: Annotated[str, Query(max_length=32)], date: date) -> list[SlotOut]:
    now = runtime.clock.now()
    return await runtime.read(lambda conn: runtime.bookings.slots(conn, service, date, now))


@router.post("/bookings", response_model=BookingOut, status_code=201)
async def book(body: BookingIn, runtime: Runtime) -> Response:
    now = runtime.clock.now()
    booking = await runtime.write(lambda uow: runtime.bookings.book(uow, now, body))
    runtime.wake_reminders()
    return model_response(booking, 201)


@router.get("/bookings/{code}", response_model=BookingOut)
async def booking(code: str, runtime: Runtime, phone: Phone) -> BookingOut:
    now = runtime.clock.now()
    return await runtime.read(lambda conn: runtime.bookings.answer(runtime.bookings.find(conn, code, phone), now))


@router.delete("/bookings/{code}", response_model=BookingOut)
async def cancel(code: str, runtime: Runtime, phone: Phone) -> BookingOut:
    now = runtime.clock.now()
    return await runtime.write(lambda uow: runtime.bookings.cancel(uow, now, code, phone))


@router.get("/appointments/summary", response_model=list[SlotSummaryOut])
async def day_summary(runtime: Runtime, caller: Caller, date: date) -> list[SlotSummaryOut]:
    """Per slot of the day: booked, checked in, no-show (the dashboard's bookings view)."""
    caller.require_supervisor()
    now = runtime.clock.now()
    return await runtime.read(lambda conn: runtime.bookings.day_summary(conn, date, now))


@router.get("/reminders", response_model=list[ReminderOut])
async def reminders(runtime: Runtime, caller: Caller) -> list[ReminderOut]:
    """The latest messages to citizens, newest first: sent, pending (with attempts so far) or failed."""
    caller.require_supervisor()

    def query(conn: Connection) -> list[ReminderOut]:
        return [
            ReminderOut.model_validate(row, from_attributes=True)
            for row in reminder_rows.recent(conn, runtime.config.hall.id)
        ]

    return await runtime.read(query)
