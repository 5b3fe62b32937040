"""Booking ahead (网上预约): the use cases behind `/api/v1/bookings` and the supervisor's view of them.

Every booking and cancellation runs in the hall's single writer, whose transaction holds the hall's row lock
on PostgreSQL (and SQLite's one write lock): counting a slot's bookings and adding one is a single atomic step
across every server process, so a slot of capacity C never takes a C+1st booking.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from jiaohao.domain import booking as rules
from jiaohao.domain.appointments import Slot, mask_name, mask_phone, parse_slot
from jiaohao.domain.config import HallConfig, ServiceConfig
from jiaohao.domain.errors import Conflict, NotFound
from jiaohao.wire.bookings import BookingIn, BookingOut, SlotOut, SlotSummaryOut

from . import reminders
from .storage import Connection
from .storage import appointments as rows
from .storage.unit_of_work import UnitOfWork

# No 0/O, 1/I/L: a code read aloud over the phone or typed on a kiosk keypad by an elderly citizen.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


class BookingService:
    def __init__(self, config: HallConfig) -> None:
        self.config = config
        self.hall_id = config.hall.id
        self.policy = config.policy

    def _service(self, code: str) -> ServiceConfig:
        service = self.config.service(code)
        if service is None:
            raise NotFound("unknown_service", f"没有这项业务：{code}")
        return service

    def status_of(self, booking: rows.Booking, now: datetime) -> str:
        slot = parse_slot(booking.day.isoformat(), booking.slot)
        if booking.status == "booked" and rules.is_no_show(slot, False, now, self.policy):
            return "no_show"
        return booking.status

    def answer(self, booking: rows.Booking, now: datetime) -> BookingOut:
        service = self._service(booking.service)
        slot = parse_slot(booking.day.isoformat(), booking.slot)
        return BookingOut(
            code=booking.code,
            service=service.code,
            service_name=service.name,
            date=booking.day,
            slot=booking.slot,
            status=self.status_of(booking, now),
            name_masked=booking.name_masked,
            phone_masked=booking.phone_masked,
            come_from=rules.come_back_at(slot, self.policy).strftime("%H:%M"),
        )

    # --- reading ------------------------------------------------------------------------------------------

    def slots(self, conn: Connection, service_code: str, day: date, now: datetime) -> list[SlotOut]:
        service = self._service(service_code)
        rules.check_bookable_day(day, now, self.policy)
        taken = rows.taken_by_slot(conn, self.hall_id, service.code, day)
        capacity = service.booking_capacity
        return [
            SlotOut(slot=label, capacity=capacity, left=max(0, capacity - taken.get(label, 0)))
            for slot in rules.slots_of(service, day, self.config.calendar)
            if now < rules.slot_starts(slot, self.policy)
            for label in [rules.slot_label(slot)]
        ]

    def find(self, conn: Connection, code: str, phone: str) -> rows.Booking:
        """A booking by its code, shown only to whoever also knows its phone (else the same 404 as no code)."""
        booking = rows.by_code(conn, self.hall_id, code.strip().upper())
        phone_hash = rules.person_hash(self.hall_id, "phone", rules.normalise_phone(phone))
        if booking is None or booking.phone_hash != phone_hash:
            raise NotFound("booking_not_found", "未找到该预约，请核对预约码和手机号")
        return booking

    def day_summary(self, conn: Connection, day: date, now: datetime) -> list[SlotSummaryOut]:
        summary: dict[tuple[str, str], dict[str, int]] = {}
        for service in self.config.services:
            for slot in rules.slots_of(service, day, self.config.calendar):
                summary[(service.code, rules.slot_label(slot))] = {}
        for booking in rows.of_day(conn, self.hall_id, day):
            counts = summary.setdefault((booking.service, booking.slot), {})
            status = self.status_of(booking, now)
            counts[status] = counts.get(status, 0) + 1
        answer = []
        for (code, label), counts in sorted(summary.items()):
            configured = self.config.service(code)
            answer.append(
                SlotSummaryOut(
                    service=code,
                    slot=label,
                    capacity=configured.booking_capacity if configured is not None else 0,
                    booked=sum(counts.get(s, 0) for s in ("booked", "checked_in", "no_show")),
                    checked_in=counts.get("checked_in", 0),
                    no_show=counts.get("no_show", 0),
                    cancelled=counts.get("cancelled", 0),
                )
            )
        return answer

    # --- writing (in the writer) --------------------------------------------------------------------------

    def book(self, uow: UnitOfWork, now: datetime, body: BookingIn) -> BookingOut:
        service = self._service(body.service)
        slot: Slot = rules.find_slot(service, body.date, body.slot, self.config.calendar)
        rules.check_bookable_day(body.date, now, self.policy)
        rules.check_slot_not_started(slot, now, self.policy)
        phone = rules.normalise_phone(body.phone)
        phone_hash = rules.person_hash(self.hall_id, "phone", phone)
        holder_hash = (
            rules.person_hash(self.hall_id, "id", rules.normalise_holder_id(body.holder_id)) if body.holder_id else None
        )
        conn = uow.conn
        since = body.date - timedelta(days=self.policy.no_show_window_days + self.policy.no_show_block_days)
        missed = [
            b.day
            for b in rows.unchecked_since(conn, self.hall_id, phone_hash, holder_hash, since)
            if rules.is_no_show(parse_slot(b.day.isoformat(), b.slot), False, now, self.policy)
        ]
        until = rules.blocked_until(missed, now, self.policy)
        if until is not None:
            raise rules.refuse_blocked(until, self.policy)
        held = rows.open_booking_of(conn, self.hall_id, service.code, body.date, phone_hash, holder_hash)
        if held is not None:
            raise Conflict(
                "already_booked",
                f"您已预约{body.date.month}月{body.date.day}日{service.name} {held.slot}，无需重复预约",
            )
        label = rules.slot_label(slot)
        taken = rows.taken_by_slot(conn, self.hall_id, service.code, body.date).get(label, 0)
        rules.check_room(slot, service.booking_capacity, taken)
        code = new_code()
        name_masked, phone_masked = mask_name(body.name), mask_phone(phone)
        booking_id = rows.add(
            conn,
            hall_id=self.hall_id,
            service=service.code,
            day=body.date,
            slot=label,
            code=code,
            name_masked=name_masked,
            phone_masked=phone_masked,
            phone_hash=phone_hash,
            holder_hash=holder_hash,
            booked_at=now,
        )
        booking = rows.Booking(
            booking_id, service.code, body.date, label, "booked", code, name_masked, phone_masked, phone_hash
        )
        reminders.booking_made(conn, self.config, now, booking, phone, slot)
        return self.answer(booking, now)

    def cancel(self, uow: UnitOfWork, now: datetime, code: str, phone: str) -> BookingOut:
        booking = self.find(uow.conn, code, phone)
        if booking.status != "booked":
            raise Conflict("booking_not_open", "该预约已签到或已取消，不能再取消")
        slot = parse_slot(booking.day.isoformat(), booking.slot)
        if now >= rules.slot_starts(slot, self.policy):
            raise Conflict("slot_started", f"预约时段 {booking.slot} 已开始，不能再取消")
        rows.cancel(uow.conn, booking.id, now)
        reminders.booking_cancelled(uow.conn, self.hall_id, booking.id)
        return self.answer(rows.by_code(uow.conn, self.hall_id, booking.code) or booking, now)
