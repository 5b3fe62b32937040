"""Booking ahead (网上预约) on the wire: slots, a booking, and what the supervisor sees of them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

from .base import _In, _Out

SlotText = Annotated[str, Field(pattern=r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$")]


class SlotOut(_Out):
    slot: str  # "09:00-09:30"
    capacity: int
    left: int


class BookingIn(_In):
    service: Annotated[str, Field(min_length=1, max_length=32)]
    date: date
    slot: SlotText
    name: Annotated[str, Field(min_length=1, max_length=32)]
    phone: Annotated[str, Field(min_length=5, max_length=20)]
    holder_id: Annotated[str, Field(min_length=6, max_length=32)] | None = None


class BookingOut(_Out):
    code: str
    service: str
    service_name: str
    date: date
    slot: str
    status: Literal["booked", "checked_in", "cancelled", "no_show"]
    name_masked: str
    phone_masked: str
    come_from: str  # "HH:MM": the earliest time the kiosk takes the code


class SlotSummaryOut(_Out):
    """One slot of a day for the supervisor: how many booked, checked in, did not come."""

    service: str
    slot: str
    capacity: int
    booked: int  # every booking that holds a place: waiting, checked in or no-show
    checked_in: int
    no_show: int
    cancelled: int


class ReminderOut(_Out):
    id: int
    kind: str
    recipient_masked: str
    status: Literal["watching", "pending", "sent", "failed"]
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
