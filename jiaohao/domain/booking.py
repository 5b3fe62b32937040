"""Booking ahead (网上预约): which days and slots a service takes bookings for, who may book, and no-shows.

Plain rules with no I/O: the server counts what is booked and asks these functions what that means.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from .appointments import Slot
from .config import Calendar, Policy, ServiceConfig
from .errors import Conflict, Invalid

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def is_open_day(service: ServiceConfig, day: date, calendar: Calendar) -> bool:
    """A 调休 make-up working day is open like a weekday; a 法定节假日 is closed whatever the weekday."""
    if day in calendar.holidays:
        return False
    if day in calendar.workdays:
        return True
    return day.isoweekday() in service.weekdays


def slots_of(service: ServiceConfig, day: date, calendar: Calendar) -> list[Slot]:
    """The bookable slots of one day: whole slots of `booking_slot_min` inside each opening-hours range."""
    if service.booking_capacity <= 0 or not is_open_day(service, day, calendar):
        return []
    step = timedelta(minutes=service.booking_slot_min)
    found: list[Slot] = []
    for hours in service.hours:
        start = datetime.combine(day, hours.start)
        end = datetime.combine(day, hours.end)
        while start + step <= end:
            found.append(Slot(day=day, start=start.time(), end=(start + step).time()))
            start += step
    return found


def slot_label(slot: Slot) -> str:
    return f"{slot.start.strftime('%H:%M')}-{slot.end.strftime('%H:%M')}"


def find_slot(service: ServiceConfig, day: date, label: str, calendar: Calendar) -> Slot:
    """The slot a citizen asked for, or why it cannot be booked (a closed day, a time the service never offers)."""
    if service.booking_capacity <= 0:
        raise Conflict("not_bookable", f"{service.name}不接受网上预约，请到大厅现场取号")
    if not is_open_day(service, day, calendar):
        raise Conflict("day_closed", f"{day.month}月{day.day}日{service.name}不办公（节假日或休息日），请选择其他日期")
    for slot in slots_of(service, day, calendar):
        if slot_label(slot) == label.strip():
            return slot
    raise Conflict("no_such_slot", f"{service.name}没有 {label} 这个预约时段，请重新选择")


def slot_starts(slot: Slot, policy: Policy) -> datetime:
    return datetime.combine(slot.day, slot.start, policy.zone)


def check_bookable_day(day: date, now: datetime, policy: Policy) -> None:
    today = now.astimezone(policy.zone).date()
    if day < today:
        raise Conflict("day_past", "不能预约已经过去的日期")
    if day > today + timedelta(days=policy.booking_days_ahead):
        raise Conflict("day_too_far", f"最多可预约 {policy.booking_days_ahead} 天内的时段")


def check_slot_not_started(slot: Slot, now: datetime, policy: Policy) -> None:
    if now >= slot_starts(slot, policy):
        raise Conflict("slot_started", f"{slot_label(slot)} 时段已开始，不能再预约或取消")


def check_room(slot: Slot, capacity: int, booked: int) -> None:
    if booked >= capacity:
        raise Conflict("slot_full", f"{slot_label(slot)} 时段已约满，请选择其他时段")


def normalise_phone(phone: str) -> str:
    """'+86 138-1234-5678' → '13812345678': one person, one key, however the number was typed."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not _MOBILE.match(digits):
        raise Invalid("bad_phone", "请输入 11 位手机号码")
    return digits


def normalise_holder_id(holder_id: str) -> str:
    return re.sub(r"\s", "", holder_id).upper()


def person_hash(hall_id: str, kind: str, value: str) -> str:
    """What bookings are matched by, never the number itself (stored masked only)."""
    return hashlib.sha256(f"{hall_id}:{kind}:{value}".encode()).hexdigest()


def no_show_deadline(slot: Slot, policy: Policy) -> datetime:
    """A booking not checked in by the end of its slot plus the grace is a no-show."""
    return datetime.combine(slot.day, slot.end, policy.zone) + timedelta(minutes=policy.appointment_late_min)


def is_no_show(slot: Slot, checked_in: bool, now: datetime, policy: Policy) -> bool:
    return not checked_in and now > no_show_deadline(slot, policy)


def blocked_until(no_show_days: Iterable[date], now: datetime, policy: Policy) -> date | None:
    """The last day a person may not book, or None: `no_show_limit` no-shows within `no_show_window_days`
    block booking for `no_show_block_days` counted from the no-show that reached the limit."""
    today = now.astimezone(policy.zone).date()
    days = sorted(d for d in no_show_days if d <= today)
    window = timedelta(days=policy.no_show_window_days)
    until: date | None = None
    for i, day in enumerate(days):
        within = [d for d in days[: i + 1] if day - window < d]
        if len(within) >= policy.no_show_limit:
            end = day + timedelta(days=policy.no_show_block_days)
            until = end if until is None or end > until else until
    return until if until is not None and until >= today else None


def refuse_blocked(until: date, policy: Policy) -> Conflict:
    return Conflict(
        "booking_blocked",
        f"您近 {policy.no_show_window_days} 天内有 {policy.no_show_limit} 次预约未到（爽约），"
        f"{until.month}月{until.day}日前暂停网上预约，可到大厅现场取号",
    )


def come_back_at(slot: Slot, policy: Policy) -> time:
    return (datetime.combine(slot.day, slot.start) - timedelta(minutes=policy.appointment_early_min)).time()
