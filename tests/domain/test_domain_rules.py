"""Concrete hall examples for the pure rules: business day, numbering, hours, caps and the ticket state table.

Every instant is a fixed aware datetime (mostly given in UTC, as the server stores them); nothing reads the
wall clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from pydantic import ValidationError

from jiaohao.domain.clock import ManualClock
from jiaohao.domain.config import HallConfig, HallInfo, Policy, ServiceConfig, WindowConfig, parse_hours
from jiaohao.domain.errors import Conflict, DomainError, Invalid
from jiaohao.domain.numbering import business_day, check_can_issue, format_number, hours_text, is_open
from jiaohao.domain.tickets import (
    TRANSITIONS,
    Action,
    TicketState,
    allowed,
    allowed_actions,
    next_state,
)

SHANGHAI = Policy()  # Asia/Shanghai, the day turns over at 03:00 local


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=UTC)


def local_to_utc(y: int, mo: int, d: int, h: int, mi: int = 0, s: int = 0) -> datetime:
    """Shanghai wall clock → UTC (UTC+8, no DST since 1991), written out rather than taken from zoneinfo."""
    return datetime(y, mo, d, h, mi, s, tzinfo=UTC) - timedelta(hours=8)


# ---------------------------------------------------------------------------------------------- business day


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        # 2026-11-27 02:59 local is still the night of the 26th's business day …
        (utc(2026, 11, 26, 18, 59), date(2026, 11, 26)),
        (utc(2026, 11, 26, 18, 59, 59), date(2026, 11, 26)),
        # … 03:00 local opens the 27th.
        (utc(2026, 11, 26, 19, 0), date(2026, 11, 27)),
        (utc(2026, 11, 26, 19, 0, 1), date(2026, 11, 27)),
        # Local midnight is not the turnover: 00:30 local on the 27th belongs to the 26th.
        (utc(2026, 11, 26, 16, 30), date(2026, 11, 26)),
        # The UTC date is not the business day either: 08:00 local on the 27th is 00:00 UTC on the 27th,
        # 07:59 local is 23:59 UTC on the 26th, both the 27th's business day.
        (utc(2026, 11, 26, 23, 59), date(2026, 11, 27)),
        (utc(2026, 11, 27, 0, 0), date(2026, 11, 27)),
        # Year end: 02:00 local on 1 January is still 31 December's business day.
        (local_to_utc(2027, 1, 1, 2, 0), date(2026, 12, 31)),
        (local_to_utc(2027, 1, 1, 3, 0), date(2027, 1, 1)),
    ],
)
def test_business_day_turns_over_at_the_reset_hour_in_shanghai(at: datetime, expected: date) -> None:
    assert business_day(at, SHANGHAI) == expected


def test_business_day_does_not_depend_on_the_offset_the_instant_is_written_in() -> None:
    instant = utc(2026, 11, 26, 18, 59)
    tokyo = instant.astimezone(timezone(timedelta(hours=9)))
    new_york = instant.astimezone(timezone(timedelta(hours=-5)))
    assert business_day(tokyo, SHANGHAI) == business_day(new_york, SHANGHAI) == date(2026, 11, 26)


@pytest.mark.parametrize(
    ("reset_hour", "local_hour", "expected_day"),
    [
        (0, 0, date(2026, 11, 27)),  # reset at midnight: the plain local date
        (0, 23, date(2026, 11, 27)),
        (5, 4, date(2026, 11, 26)),
        (5, 5, date(2026, 11, 27)),
        (23, 22, date(2026, 11, 26)),
        (23, 23, date(2026, 11, 27)),
    ],
)
def test_business_day_follows_the_configured_reset_hour(reset_hour: int, local_hour: int, expected_day: date) -> None:
    policy = Policy(day_reset_hour=reset_hour)
    assert business_day(local_to_utc(2026, 11, 27, local_hour), policy) == expected_day


def test_business_day_in_another_time_zone() -> None:
    urumqi = Policy(timezone="Asia/Urumqi", day_reset_hour=3)  # UTC+6
    # 20:59 UTC = 02:59 Urumqi → previous day; 21:00 UTC = 03:00 → new day.
    assert business_day(utc(2026, 11, 26, 20, 59), urumqi) == date(2026, 11, 26)
    assert business_day(utc(2026, 11, 26, 21, 0), urumqi) == date(2026, 11, 27)


# --------------------------------------------------------------------------------------------- numbering


@pytest.mark.parametrize(
    ("prefix", "seq", "width", "expected"),
    [
        ("A", 1, 3, "A001"),
        ("A", 42, 3, "A042"),
        ("A", 999, 3, "A999"),
        ("A", 1000, 3, "A1000"),  # grows instead of wrapping onto A000 or A001
        ("A", 12345, 3, "A12345"),
        ("B", 1, 4, "B0001"),
        ("B", 999, 4, "B0999"),
        ("B", 1000, 4, "B1000"),
        ("B", 10000, 4, "B10000"),
        ("GA", 7, 2, "GA07"),
        ("C", 5, 1, "C5"),
        ("C", 10, 1, "C10"),
    ],
)
def test_format_number(prefix: str, seq: int, width: int, expected: str) -> None:
    assert format_number(prefix, seq, width) == expected


@pytest.mark.parametrize("seq", [0, -1])
def test_format_number_refuses_sequences_below_one(seq: int) -> None:
    with pytest.raises(ValueError, match="starts at 1"):
        format_number("A", seq, 3)


# ----------------------------------------------------------------------------------- opening hours, weekdays

# 不动产登记: mornings and afternoons, Monday to Friday. 2026-11-23 is a Monday, 2026-11-28 a Saturday.
PROPERTY = ServiceConfig(
    code="property",
    name="不动产登记",
    prefix="B",
    hours=("08:30-12:00", "13:30-17:00"),  # the validator parses strings
    weekdays=(1, 2, 3, 4, 5),
    daily_cap=30,
)


@pytest.mark.parametrize(
    ("local", "open_"),
    [
        ((2026, 11, 23, 8, 29, 59), False),
        ((2026, 11, 23, 8, 30, 0), True),
        ((2026, 11, 23, 11, 59, 59), True),
        ((2026, 11, 23, 12, 0, 0), False),  # the end of a range is exclusive
        ((2026, 11, 23, 13, 0, 0), False),  # lunch
        ((2026, 11, 23, 13, 30, 0), True),
        ((2026, 11, 23, 16, 59, 59), True),
        ((2026, 11, 23, 17, 0, 0), False),
        ((2026, 11, 27, 10, 0, 0), True),  # Friday
        ((2026, 11, 28, 10, 0, 0), False),  # Saturday
        ((2026, 11, 29, 10, 0, 0), False),  # Sunday
        ((2026, 11, 30, 10, 0, 0), True),  # Monday again
    ],
)
def test_is_open_follows_local_hours_and_weekdays(local: tuple[int, ...], open_: bool) -> None:
    assert is_open(PROPERTY, local_to_utc(*local), SHANGHAI) is open_


def test_is_open_uses_the_local_weekday_not_the_utc_one() -> None:
    weekdays_only = ServiceConfig(code="tax", name="税务", prefix="T", weekdays=(1, 2, 3, 4, 5))
    monday_early = local_to_utc(2026, 11, 30, 7, 0)  # Sunday 23:00 UTC
    saturday_early = local_to_utc(2026, 11, 28, 7, 0)  # Friday 23:00 UTC
    assert monday_early.isoweekday() == 7
    assert saturday_early.isoweekday() == 5
    assert is_open(weekdays_only, monday_early, SHANGHAI)
    assert not is_open(weekdays_only, saturday_early, SHANGHAI)


def test_a_service_with_default_hours_is_open_around_the_clock() -> None:
    always = ServiceConfig(code="general", name="综合受理", prefix="A")
    for hour in range(24):
        assert is_open(always, local_to_utc(2026, 11, 28, hour, 59, 59), SHANGHAI)


def test_parse_hours_reads_24_00_as_end_of_day() -> None:
    whole = parse_hours("00:00-24:00")
    assert whole.start == time(0, 0)
    assert whole.end == time.max
    assert whole.contains(time(23, 59, 59))
    assert parse_hours(" 8:30-12:00 ").start == time(8, 30)


@pytest.mark.parametrize("text", ["8-12", "08:30~12:00", "12:00-08:30", "09:00-09:00", "", "08:30-12:00x"])
def test_parse_hours_refuses_bad_text(text: str) -> None:
    with pytest.raises(ValueError):
        parse_hours(text)


def test_a_bad_hours_string_in_the_hall_file_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        ServiceConfig(code="x", name="x", prefix="X", hours=("17:00-08:00",))


def test_hours_text_is_what_the_citizen_reads() -> None:
    assert hours_text(PROPERTY) == "08:30-12:00、13:30-17:00"
    always = ServiceConfig(code="general", name="综合受理", prefix="A")
    assert hours_text(always) == "00:00-24:00"


# ------------------------------------------------------------------------------------------ check_can_issue

MONDAY_10 = local_to_utc(2026, 11, 23, 10, 0)


def test_check_can_issue_allows_up_to_the_daily_cap() -> None:
    check_can_issue(PROPERTY, MONDAY_10, SHANGHAI, issued_today=0)
    check_can_issue(PROPERTY, MONDAY_10, SHANGHAI, issued_today=29)


@pytest.mark.parametrize("issued_today", [30, 31, 500])
def test_check_can_issue_refuses_once_the_cap_is_reached(issued_today: int) -> None:
    with pytest.raises(Conflict) as info:
        check_can_issue(PROPERTY, MONDAY_10, SHANGHAI, issued_today=issued_today)
    assert info.value.code == "daily_cap_reached"
    assert info.value.status == 409
    assert info.value.message == "不动产登记今日号源已取完（每日限30号），请明日再来或网上预约"


def test_check_can_issue_without_a_cap_never_refuses_for_volume() -> None:
    always = ServiceConfig(code="general", name="综合受理", prefix="A")
    check_can_issue(always, MONDAY_10, SHANGHAI, issued_today=100_000)


@pytest.mark.parametrize(
    "at",
    [local_to_utc(2026, 11, 23, 12, 30), local_to_utc(2026, 11, 28, 10, 0), local_to_utc(2026, 11, 23, 7)],
)
def test_check_can_issue_refuses_outside_hours_with_the_hours_in_the_message(at: datetime) -> None:
    with pytest.raises(Conflict) as info:
        check_can_issue(PROPERTY, at, SHANGHAI, issued_today=0)
    assert info.value.code == "service_closed"
    assert info.value.message == "不动产登记当前不在取号时间（08:30-12:00、13:30-17:00），请在办理时间内取号"


def test_closed_is_reported_before_the_cap() -> None:
    with pytest.raises(Conflict) as info:
        check_can_issue(PROPERTY, local_to_utc(2026, 11, 28, 10), SHANGHAI, issued_today=30)
    assert info.value.code == "service_closed"


# ------------------------------------------------------------------------------------------- state machine

S = TicketState
A = Action

# Written out independently of TRANSITIONS so that a slip in the table shows up here.
EXPECTED_TABLE: dict[Action, tuple[set[TicketState], TicketState]] = {
    A.CALL: ({S.WAITING, S.TRANSFERRED, S.HELD, S.NO_SHOW}, S.CALLED),
    A.RECALL: ({S.CALLED}, S.CALLED),
    A.START: ({S.CALLED}, S.SERVING),
    A.FINISH: ({S.CALLED, S.SERVING}, S.DONE),
    A.NO_SHOW: ({S.CALLED}, S.NO_SHOW),
    A.HOLD: ({S.CALLED, S.SERVING}, S.HELD),
    A.TRANSFER: ({S.CALLED, S.SERVING}, S.TRANSFERRED),
    A.CANCEL: ({S.WAITING, S.TRANSFERRED, S.HELD, S.NO_SHOW}, S.CANCELLED),
}

STATE_WORDS = {
    S.WAITING: "等候中",
    S.CALLED: "已叫号",
    S.SERVING: "办理中",
    S.DONE: "已办结",
    S.NO_SHOW: "已过号",
    S.HELD: "已挂起",
    S.TRANSFERRED: "已转移，等候中",
    S.CANCELLED: "已取消",
}
ACTION_WORDS = {
    A.CALL: "叫号",
    A.RECALL: "重呼",
    A.START: "开始办理",
    A.FINISH: "办结",
    A.NO_SHOW: "过号",
    A.HOLD: "挂起",
    A.TRANSFER: "转移",
    A.CANCEL: "取消",
}

ALL_PAIRS = [(action, state) for action in Action for state in TicketState]


def test_the_table_covers_every_action() -> None:
    assert set(TRANSITIONS) == set(Action)
    assert len(ALL_PAIRS) == 64


@pytest.mark.parametrize(("action", "state"), ALL_PAIRS)
def test_every_action_from_every_state(action: Action, state: TicketState) -> None:
    sources, target = EXPECTED_TABLE[action]
    if state in sources:
        assert allowed(action, state)
        assert next_state(action, state, "A023") is target
    else:
        assert not allowed(action, state)
        with pytest.raises(Conflict) as info:
            next_state(action, state, "A023")
        assert info.value.code == "invalid_state"
        assert info.value.status == 409
        assert info.value.message == f"A023 号{STATE_WORDS[state]}，不能{ACTION_WORDS[action]}"


def test_conflict_messages_read_naturally() -> None:
    with pytest.raises(Conflict, match=r"^B105 号已办结，不能叫号$"):
        next_state(A.CALL, S.DONE, "B105")
    with pytest.raises(Conflict, match=r"^该号等候中，不能办结$"):
        next_state(A.FINISH, S.WAITING)
    with pytest.raises(Conflict, match=r"^A001 号已取消，不能取消$"):
        next_state(A.CANCEL, S.CANCELLED, "A001")


@pytest.mark.parametrize("state", [S.DONE, S.CANCELLED])
def test_done_and_cancelled_are_final(state: TicketState) -> None:
    for action in Action:
        with pytest.raises(Conflict):
            next_state(action, state, "A001")


def test_a_ticket_cannot_be_served_twice() -> None:
    state = S.WAITING
    for action in (A.CALL, A.START, A.FINISH):
        state = next_state(action, state, "A001")
    assert state is S.DONE
    for action in (A.CALL, A.START, A.FINISH):
        with pytest.raises(Conflict):
            next_state(action, state, "A001")


def test_the_full_life_of_a_transferred_and_held_ticket() -> None:
    path = [
        (A.CALL, S.CALLED),
        (A.RECALL, S.CALLED),
        (A.START, S.SERVING),
        (A.TRANSFER, S.TRANSFERRED),
        (A.CALL, S.CALLED),
        (A.HOLD, S.HELD),
        (A.CALL, S.CALLED),
        (A.NO_SHOW, S.NO_SHOW),
        (A.CALL, S.CALLED),
        (A.FINISH, S.DONE),
    ]
    state = S.WAITING
    for action, expected in path:
        state = next_state(action, state, "C007")
        assert state is expected


@pytest.mark.parametrize(
    ("state", "buttons"),
    [
        (None, []),
        (S.WAITING, []),
        (S.CALLED, [A.RECALL, A.START, A.FINISH, A.NO_SHOW, A.HOLD, A.TRANSFER]),
        (S.SERVING, [A.FINISH, A.HOLD, A.TRANSFER]),
        (S.DONE, []),
        (S.NO_SHOW, []),
        (S.HELD, []),
        (S.TRANSFERRED, []),
        (S.CANCELLED, []),
    ],
)
def test_allowed_actions_per_state(state: TicketState | None, buttons: list[Action]) -> None:
    assert allowed_actions(state) == buttons


def test_every_offered_button_is_accepted_by_the_table() -> None:
    for state in TicketState:
        for action in allowed_actions(state):
            next_state(action, state, "A001")


# ------------------------------------------------------------------------------------------ config, errors


def _hall(services: list[ServiceConfig], windows: list[WindowConfig]) -> HallConfig:
    return HallConfig(
        hall=HallInfo(id="test-hall", name="测试政务服务中心"),
        services=tuple(services),
        windows=tuple(windows),
    )


def test_hall_refuses_two_services_with_one_prefix() -> None:
    with pytest.raises(ValidationError, match="prefix"):
        _hall(
            [ServiceConfig(code="a", name="甲", prefix="A"), ServiceConfig(code="b", name="乙", prefix="A")],
            [WindowConfig(number=1, name="1号窗口", services=("a",))],
        )


def test_hall_refuses_a_window_offering_an_unknown_service() -> None:
    with pytest.raises(ValidationError, match="unknown services"):
        _hall(
            [ServiceConfig(code="a", name="甲", prefix="A")],
            [WindowConfig(number=1, name="1号窗口", services=("a", "zz"))],
        )


def test_window_refuses_a_service_listed_twice() -> None:
    with pytest.raises(ValidationError, match="twice"):
        WindowConfig(number=1, name="1号窗口", services=("a", "a"))


def test_hall_lookups() -> None:
    hall = _hall(
        [ServiceConfig(code="a", name="甲", prefix="A"), ServiceConfig(code="b", name="乙", prefix="B")],
        [
            WindowConfig(number=1, name="1号窗口", services=("a", "b")),
            WindowConfig(number=2, name="2号窗口", services=("b",)),
        ],
    )
    assert [w.number for w in hall.windows_for("b")] == [1, 2]
    assert [w.number for w in hall.windows_for("a")] == [1]
    assert hall.service("b") is not None and hall.service("b").prefix == "B"  # type: ignore[union-attr]
    assert hall.service("zz") is None
    assert hall.window(3) is None


def test_policy_refuses_an_unknown_time_zone() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        Policy(timezone="Mars/Olympus")


def test_error_statuses() -> None:
    assert Invalid("x", "y").status == 400
    assert Conflict("x", "y").status == 409
    assert DomainError("x", "y", status=422).status == 422
    assert str(Conflict("code", "说明")) == "说明"


# ------------------------------------------------------------------------------------------------- clock


def test_manual_clock_moves_only_when_told() -> None:
    start = utc(2026, 11, 26, 18, 59)
    clock = ManualClock(start)
    assert clock.now() == start
    assert clock.now() == start
    clock.advance(timedelta(minutes=1))
    assert clock.now() == utc(2026, 11, 26, 19, 0)
    assert business_day(clock.now(), SHANGHAI) == date(2026, 11, 27)
    clock.set(start)
    assert clock.now() == start


def test_manual_clock_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ManualClock(datetime(2026, 11, 26, 9, 0))
    clock = ManualClock(utc(2026, 11, 26))
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(datetime(2026, 11, 26, 9, 0))
