"""Booking ahead (网上预约): slots inside opening hours, the holiday calendar, phones, and the no-show block."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from jiaohao.domain.booking import (
    blocked_until,
    check_bookable_day,
    check_room,
    check_slot_not_started,
    come_back_at,
    find_slot,
    is_no_show,
    is_open_day,
    normalise_phone,
    slot_label,
    slots_of,
)
from jiaohao.domain.config import Calendar, Policy, ServiceConfig, parse_hours
from jiaohao.domain.errors import Conflict, Invalid

POLICY = Policy(appointment_early_min=15, appointment_late_min=15)
# 国庆 2026: 1-7 October closed; Saturday 10 October a 调休 make-up working day.
CALENDAR = Calendar(
    holidays=tuple(date(2026, 10, d) for d in range(1, 8)),
    workdays=(date(2026, 10, 10),),
)
SOCIAL = ServiceConfig(
    code="SBCB",
    name="社保参保",
    prefix="B",
    hours=(parse_hours("09:00-12:00"), parse_hours("13:30-17:00")),
    weekdays=(1, 2, 3, 4, 5),
    booking_capacity=5,
    booking_slot_min=30,
)


def test_slots_are_whole_half_hours_inside_the_opening_hours() -> None:
    labels = [slot_label(s) for s in slots_of(SOCIAL, date(2026, 10, 12), CALENDAR)]  # a Monday
    assert labels[:2] == ["09:00-09:30", "09:30-10:00"]
    assert "11:30-12:00" in labels and "12:00-12:30" not in labels  # lunch is closed
    assert labels[6] == "13:30-14:00" and labels[-1] == "16:30-17:00"
    assert len(labels) == 6 + 7


def test_a_holiday_is_closed_and_a_make_up_saturday_is_open() -> None:
    assert not is_open_day(SOCIAL, date(2026, 10, 5), CALENDAR)  # a Monday inside 国庆
    assert slots_of(SOCIAL, date(2026, 10, 5), CALENDAR) == []
    assert is_open_day(SOCIAL, date(2026, 10, 10), CALENDAR)  # 调休 Saturday
    assert len(slots_of(SOCIAL, date(2026, 10, 10), CALENDAR)) == 13
    assert not is_open_day(SOCIAL, date(2026, 10, 17), CALENDAR)  # an ordinary Saturday
    with pytest.raises(Conflict, match="10月5日社保参保不办公"):
        find_slot(SOCIAL, date(2026, 10, 5), "09:00-09:30", CALENDAR)


def test_a_service_without_capacity_takes_no_bookings_and_an_odd_slot_is_refused() -> None:
    walk_in = SOCIAL.model_copy(update={"booking_capacity": 0})
    assert slots_of(walk_in, date(2026, 10, 12), CALENDAR) == []
    with pytest.raises(Conflict, match="不接受网上预约"):
        find_slot(walk_in, date(2026, 10, 12), "09:00-09:30", CALENDAR)
    with pytest.raises(Conflict, match="没有 12:00-12:30 这个预约时段"):
        find_slot(SOCIAL, date(2026, 10, 12), "12:00-12:30", CALENDAR)


def test_days_and_slots_open_for_booking() -> None:
    now = datetime(2026, 10, 12, 1, 0, tzinfo=UTC)  # 09:00 Monday in Shanghai
    check_bookable_day(date(2026, 10, 19), now, POLICY)
    with pytest.raises(Conflict, match="7 天内"):
        check_bookable_day(date(2026, 10, 20), now, POLICY)
    with pytest.raises(Conflict, match="已经过去"):
        check_bookable_day(date(2026, 10, 11), now, POLICY)
    slot = find_slot(SOCIAL, date(2026, 10, 12), "09:00-09:30", CALENDAR)
    with pytest.raises(Conflict, match="已开始"):
        check_slot_not_started(slot, now, POLICY)
    check_slot_not_started(slot, now - timedelta(seconds=1), POLICY)
    check_room(slot, 5, 4)
    with pytest.raises(Conflict, match="已约满"):
        check_room(slot, 5, 5)
    assert come_back_at(slot, POLICY) == time(8, 45)


def test_phones_are_one_key_however_typed() -> None:
    assert normalise_phone("+86 138-1234-5678") == normalise_phone("13812345678") == "13812345678"
    with pytest.raises(Invalid, match="11 位手机号码"):
        normalise_phone("1234567")


def test_a_no_show_is_a_booking_not_checked_in_by_the_end_of_its_grace() -> None:
    slot = find_slot(SOCIAL, date(2026, 10, 12), "09:00-09:30", CALENDAR)
    end_of_grace = datetime(2026, 10, 12, 1, 45, tzinfo=UTC)  # 09:45 Shanghai
    assert not is_no_show(slot, False, end_of_grace, POLICY)
    assert is_no_show(slot, False, end_of_grace + timedelta(seconds=1), POLICY)
    assert not is_no_show(slot, True, end_of_grace + timedelta(days=1), POLICY)


def test_three_no_shows_in_thirty_days_block_booking_for_a_period() -> None:
    now = datetime(2026, 10, 20, 2, 0, tzinfo=UTC)
    two = [date(2026, 10, 1), date(2026, 10, 15)]
    assert blocked_until(two, now, POLICY) is None
    three = [*two, date(2026, 10, 19)]
    assert blocked_until(three, now, POLICY) == date(2026, 11, 18)
    spread = [date(2026, 8, 1), date(2026, 9, 15), date(2026, 10, 19)]  # never three within 30 days
    assert blocked_until(spread, now, POLICY) is None
    after = datetime(2026, 11, 19, 2, 0, tzinfo=UTC)
    assert blocked_until(three, after, POLICY) is None
