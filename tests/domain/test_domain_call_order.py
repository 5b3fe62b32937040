"""Concrete call-order scenarios (DESIGN §3), the estimated wait, and appointments (预约)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from jiaohao.domain.appointments import (
    CheckIn,
    Slot,
    check_in,
    check_in_message,
    mask_name,
    mask_phone,
    parse_slot,
    refuse,
)
from jiaohao.domain.call_order import Candidate, choose, lane_heads, queue_order, sort_key
from jiaohao.domain.config import Policy, WindowConfig
from jiaohao.domain.errors import Conflict, Invalid
from jiaohao.domain.estimate import average_handle_min, estimated_wait_min
from jiaohao.domain.tickets import Channel

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
STARVE = timedelta(minutes=60)

# Window 3 is a 综合 window: 社保 first, then 医保. Window 4 only does 医保.
WINDOW_3 = WindowConfig(number=3, name="3号窗口", services=("social", "medical"))
WINDOW_4 = WindowConfig(number=4, name="4号窗口", kind="专窗", services=("medical",))


def ticket(
    ticket_id: int,
    service: str = "social",
    waited_min: float = 5,
    *,
    queued_min: float | None = None,
    channel: Channel = Channel.NORMAL,
    front: bool = False,
    target: int | None = None,
) -> Candidate:
    """A waiting ticket issued `waited_min` ago and queued `queued_min` ago (default: at issue)."""
    issued_at = NOW - timedelta(minutes=waited_min)
    queued_at = issued_at if queued_min is None else NOW - timedelta(minutes=queued_min)
    return Candidate(
        ticket_id=ticket_id,
        service=service,
        issued_at=issued_at,
        queued_at=queued_at,
        front=front,
        channel=channel,
        target_window=target,
    )


def call(window: WindowConfig, *tickets: Candidate) -> int | None:
    chosen = choose(tickets, window, NOW, STARVE)
    heads_chosen = choose(lane_heads(tickets, window), window, NOW, STARVE)
    assert heads_chosen == chosen, "lane_heads lost the winner"
    order = queue_order(list(tickets), window, NOW, STARVE)
    assert (order[0] if order else None) == chosen
    return None if chosen is None else chosen.ticket_id


def test_nothing_to_call() -> None:
    assert call(WINDOW_3) is None


def test_transferred_to_this_window_comes_first() -> None:
    assert (
        call(
            WINDOW_3,
            ticket(1, "social", 50, channel=Channel.GREEN),
            ticket(2, "social", 59),
            ticket(3, "medical", 90),  # overdue
            ticket(4, "medical", 1, queued_min=0, target=3),
        )
        == 4
    )


def test_a_ticket_transferred_to_window_3_is_never_called_by_window_4() -> None:
    to_three = ticket(1, "medical", 200, target=3, front=True)
    assert call(WINDOW_4, to_three) is None
    assert sort_key(to_three, WINDOW_4, NOW, STARVE) is None
    assert call(WINDOW_4, to_three, ticket(2, "medical", 1)) == 2
    assert call(WINDOW_3, to_three, ticket(2, "medical", 1)) == 1


def test_a_ticket_transferred_to_a_window_is_called_there_even_for_a_service_it_does_not_list() -> None:
    assert call(WINDOW_4, ticket(1, "social", 3, target=4)) == 1


def test_green_channel_before_normal() -> None:
    assert call(WINDOW_3, ticket(1, "social", 40), ticket(2, "social", 1, channel=Channel.GREEN)) == 2


def test_green_channel_of_a_lower_service_before_normal_of_the_first_service() -> None:
    assert call(WINDOW_3, ticket(1, "social", 40), ticket(2, "medical", 1, channel=Channel.GREEN)) == 2


def test_appointment_checked_in_is_served_like_the_green_channel() -> None:
    assert call(WINDOW_3, ticket(1, "social", 40), ticket(2, "medical", 2, channel=Channel.APPOINTMENT)) == 2
    # and FIFO with the green channel: the earlier of the two goes first whatever the service
    assert (
        call(
            WINDOW_3,
            ticket(1, "social", 3, channel=Channel.GREEN),
            ticket(2, "medical", 4, channel=Channel.APPOINTMENT),
        )
        == 2
    )


def test_green_channel_beats_an_overdue_normal_ticket() -> None:
    assert call(WINDOW_3, ticket(1, "medical", 120), ticket(2, "medical", 1, channel=Channel.GREEN)) == 2


def test_service_priority_order_beats_issue_time() -> None:
    # 医保 ticket waited longer, but window 3 serves 社保 first.
    assert call(WINDOW_3, ticket(1, "medical", 45), ticket(2, "social", 2)) == 2
    # Window 4 does not do 社保 at all.
    assert call(WINDOW_4, ticket(1, "medical", 45), ticket(2, "social", 2)) == 1


def test_starvation_promotes_a_lower_service_ticket() -> None:
    assert call(WINDOW_3, ticket(1, "medical", 61), ticket(2, "social", 2)) == 1


def test_starvation_limit_is_strict() -> None:
    # exactly 60 minutes is not yet "longer than the limit"
    assert call(WINDOW_3, ticket(1, "medical", 60), ticket(2, "social", 2)) == 2
    assert call(WINDOW_3, ticket(1, "medical", 60.01), ticket(2, "social", 2)) == 1


def test_overdue_tickets_go_oldest_first_across_services() -> None:
    assert call(WINDOW_3, ticket(1, "social", 70), ticket(2, "medical", 95), ticket(3, "social", 80)) == 2


def test_starvation_is_measured_from_the_original_issue_time_not_the_transfer() -> None:
    # Issued 70 min ago at another service, transferred here to the back 1 min ago: it is overdue.
    transferred = ticket(1, "medical", 70, queued_min=1)
    assert call(WINDOW_3, transferred, ticket(2, "social", 10)) == 1


def test_fifo_inside_a_service() -> None:
    assert call(WINDOW_3, ticket(1, "social", 5), ticket(2, "social", 30), ticket(3, "social", 12)) == 2


def test_fifo_ties_broken_by_ticket_id() -> None:
    assert call(WINDOW_3, ticket(8, "social", 5), ticket(7, "social", 5)) == 7


def test_transferred_to_the_front_of_a_service_goes_first() -> None:
    front = ticket(9, "social", 2, queued_min=0, front=True)
    assert call(WINDOW_3, ticket(1, "social", 30), ticket(2, "social", 20), front) == 9


def test_transferred_to_the_back_queues_from_its_transfer_time() -> None:
    # issued 50 min ago elsewhere, re-queued here 10 min ago: behind the ticket queued 20 min ago,
    # ahead of the one queued 5 min ago.
    back = ticket(9, "social", 50, queued_min=10)
    waiting = [ticket(1, "social", 20), ticket(2, "social", 5), back]
    assert [c.ticket_id for c in queue_order(waiting, WINDOW_3, NOW, STARVE)] == [1, 9, 2]


def test_two_front_transfers_keep_their_own_order() -> None:
    first = ticket(9, "social", 2, queued_min=3, front=True)
    second = ticket(8, "social", 2, queued_min=1, front=True)
    assert call(WINDOW_3, second, first, ticket(1, "social", 30)) == 9


def test_front_transfer_to_a_lower_service_does_not_jump_the_first_service() -> None:
    assert call(WINDOW_3, ticket(1, "social", 5), ticket(9, "medical", 6, queued_min=0, front=True)) == 1


def test_green_front_transfer_goes_before_other_green() -> None:
    green = ticket(1, "social", 30, channel=Channel.GREEN)
    front_green = ticket(9, "medical", 3, queued_min=0, front=True, channel=Channel.GREEN)
    assert call(WINDOW_3, green, front_green) == 9


def test_among_tickets_transferred_to_this_window_front_first_then_by_transfer_time() -> None:
    a = ticket(1, "social", 30, queued_min=20, target=3)
    b = ticket(2, "social", 30, queued_min=10, target=3)
    c = ticket(3, "social", 5, queued_min=1, target=3, front=True)
    order = queue_order([a, b, c], WINDOW_3, NOW, STARVE)
    assert [t.ticket_id for t in order] == [3, 1, 2]


def test_queue_order_of_a_busy_morning() -> None:
    waiting = [
        ticket(1, "social", 10),
        ticket(2, "medical", 25),
        ticket(3, "social", 8, channel=Channel.GREEN),
        ticket(4, "medical", 75),  # overdue
        ticket(5, "social", 3),
        ticket(6, "medical", 9, queued_min=0, target=3),
        ticket(7, "medical", 2, queued_min=0, target=4),  # not ours
        ticket(8, "tax", 40),  # not a service of window 3
        ticket(9, "social", 65),  # overdue, younger than 4
        ticket(10, "medical", 4, channel=Channel.APPOINTMENT),
    ]
    assert [c.ticket_id for c in queue_order(waiting, WINDOW_3, NOW, STARVE)] == [6, 3, 10, 4, 9, 1, 5, 2]
    assert [c.ticket_id for c in queue_order(waiting, WINDOW_4, NOW, STARVE)] == [7, 10, 4, 2]
    assert call(WINDOW_3, *waiting) == 6
    assert call(WINDOW_4, *waiting) == 7


def test_lane_heads_keeps_only_the_few_that_can_win() -> None:
    waiting = [
        ticket(1, "social", 10),
        ticket(2, "social", 30),  # head of the 社保 queue and the oldest
        ticket(3, "social", 20, queued_min=1, front=True),  # head by position
        ticket(4, "social", 8, channel=Channel.GREEN),
        ticket(5, "social", 9, channel=Channel.GREEN),  # first green
        ticket(6, "medical", 25),
        ticket(7, "medical", 15),
        ticket(8, "medical", 9, queued_min=0, target=3),
        ticket(9, "medical", 9, queued_min=2, target=3),
        ticket(10, "medical", 9, target=4),
    ]
    assert sorted(c.ticket_id for c in lane_heads(waiting, WINDOW_3)) == [2, 3, 5, 6, 9]


# ------------------------------------------------------------------------------------------ estimated wait


@pytest.mark.parametrize(
    ("recent", "default", "expected"),
    [
        ([], 10.0, 10.0),
        ([0.0, -2.0], 8.0, 8.0),  # zero-length or bad records are no history
        ([4.0, 6.0], 10.0, 5.0),
        ([3.0, 0.0, 9.0], 10.0, 6.0),
    ],
)
def test_average_handle_min(recent: list[float], default: float, expected: float) -> None:
    assert average_handle_min(recent, default) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("ahead", "avg", "windows", "expected"),
    [
        (0, 10.0, 2, 0),
        (-3, 10.0, 2, 0),
        (1, 10.0, 1, 10),
        (5, 10.0, 2, 25),
        (3, 10.0, 0, 30),  # no window offers it at all (a hall-file slip): as if one did, never "0"
        (3, 10.0, 0.5, 60),  # only a window that lists it second: half a window's worth
        (1, 10.0, 3, 4),  # 3⅓ rounds up
        (7, 4.5, 3, 11),  # 10.5 → 11
        (25, 2.2, 1, 55),  # exactly 55 minutes, not 56 (float 2.2 * 25 = 55.00000000000001)
        (15, 16.6, 3, 83),  # exactly 83
    ],
)
def test_estimated_wait_min(ahead: int, avg: float, windows: float, expected: int) -> None:
    assert estimated_wait_min(ahead, avg, windows) == expected


# ------------------------------------------------------------------------------------------------ masking


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("欧阳娜娜", "欧***"), ("  李四 ", "李*"), ("王", "王"), ("", ""), ("   ", "")],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        (" 138 1234 5678 ", "138****5678"),
        ("021-62345678", "021****5678"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize("phone", ["6234567", "62345678", "13812345678", "02162345678"])
def test_mask_phone_always_hides_some_digits(phone: str) -> None:
    masked = mask_phone(phone)
    assert masked != phone
    assert "*" in masked
    assert len(masked) == len(phone)


# ----------------------------------------------------------------------------------------------- slots


def test_parse_slot() -> None:
    slot = parse_slot("2026-11-26", "09:00-09:30")
    assert slot == Slot(day=date(2026, 11, 26), start=time(9, 0), end=time(9, 30))
    assert slot.text() == "2026-11-26 09:00-09:30"
    assert parse_slot(" 2026-11-26 ", " 9:00 - 9:30 ") == slot


@pytest.mark.parametrize("day_text", ["2026/11/26", "2026-13-01", "2026-02-30", "明天", ""])
def test_parse_slot_bad_date(day_text: str) -> None:
    with pytest.raises(Invalid) as info:
        parse_slot(day_text, "09:00-09:30")
    assert info.value.code == "bad_date"
    assert info.value.status == 400
    assert "2026-11-26" in info.value.message
    assert isinstance(info.value.__cause__, ValueError)


@pytest.mark.parametrize(
    ("slot_text", "words"),
    [
        ("9点-10点", "格式应为 09:00-09:30"),
        ("09:00", "格式应为 09:00-09:30"),
        ("0900-0930", "格式应为 09:00-09:30"),
        ("09:60-10:00", "不是有效时间"),
        ("24:00-24:30", "不是有效时间"),
        ("10:00-09:00", "结束早于开始"),
        ("09:00-09:00", "结束早于开始"),
    ],
)
def test_parse_slot_bad_slot(slot_text: str, words: str) -> None:
    with pytest.raises(Invalid) as info:
        parse_slot("2026-11-26", slot_text)
    assert info.value.code == "bad_slot"
    assert words in info.value.message
    assert repr(slot_text) in info.value.message


# ------------------------------------------------------------------------------------------------ check-in

SLOT = Slot(day=date(2026, 11, 26), start=time(9, 0), end=time(9, 30))
GRACE_15 = Policy()  # 15 minutes early, 15 late
GRACE_5_0 = Policy(appointment_early_min=5, appointment_late_min=0)


def shanghai(d: int, h: int, mi: int, s: int = 0) -> datetime:
    """A Shanghai wall-clock time in November 2026, given as the UTC instant the server sees."""
    return datetime(2026, 11, d, h, mi, s, tzinfo=UTC) - timedelta(hours=8)


@pytest.mark.parametrize(
    ("at", "policy", "result"),
    [
        (shanghai(26, 8, 44, 59), GRACE_15, CheckIn.TOO_EARLY),
        (shanghai(26, 8, 45), GRACE_15, CheckIn.OK),
        (shanghai(26, 9, 10), GRACE_15, CheckIn.OK),
        (shanghai(26, 9, 45), GRACE_15, CheckIn.OK),
        (shanghai(26, 9, 45, 1), GRACE_15, CheckIn.TOO_LATE),
        (shanghai(26, 16, 0), GRACE_15, CheckIn.TOO_LATE),
        (shanghai(26, 8, 54, 59), GRACE_5_0, CheckIn.TOO_EARLY),
        (shanghai(26, 8, 55), GRACE_5_0, CheckIn.OK),
        (shanghai(26, 9, 30), GRACE_5_0, CheckIn.OK),
        (shanghai(26, 9, 30, 1), GRACE_5_0, CheckIn.TOO_LATE),
        (shanghai(25, 9, 0), GRACE_15, CheckIn.WRONG_DAY),  # the day before
        (shanghai(27, 9, 0), GRACE_15, CheckIn.TOO_LATE),  # the day after: it has passed
        # 00:30 UTC on the 26th is 08:30 local: the right day, too early; judged in local time.
        (datetime(2026, 11, 26, 0, 30, tzinfo=UTC), GRACE_15, CheckIn.TOO_EARLY),
    ],
)
def test_check_in(at: datetime, policy: Policy, result: CheckIn) -> None:
    assert check_in(SLOT, used=False, at=at, policy=policy) is result


def test_a_used_code_is_used_whatever_the_time() -> None:
    for at in (shanghai(26, 9, 10), shanghai(25, 9, 0), shanghai(27, 9, 0)):
        assert check_in(SLOT, used=True, at=at, policy=GRACE_15) is CheckIn.USED


def test_check_in_messages() -> None:
    assert check_in_message(CheckIn.OK, SLOT, GRACE_15) == "预约签到成功"
    assert (
        check_in_message(CheckIn.TOO_EARLY, SLOT, GRACE_15)
        == "请于 08:45 后再来取号（您的预约时段为 2026-11-26 09:00-09:30）"
    )
    assert "请于 08:55 后" in check_in_message(CheckIn.TOO_EARLY, SLOT, GRACE_5_0)
    too_late = check_in_message(CheckIn.TOO_LATE, SLOT, GRACE_15)
    assert too_late == "您的预约时段 2026-11-26 09:00-09:30 已过，预约已失效"
    assert check_in_message(CheckIn.USED, SLOT, GRACE_15) == "该预约码已使用过，不能重复取号；如有疑问请到咨询台"
    wrong_day = check_in_message(CheckIn.WRONG_DAY, SLOT, GRACE_15)
    assert wrong_day == "该预约不是今天的（预约时段 2026-11-26 09:00-09:30）"


@pytest.mark.parametrize("result", [CheckIn.TOO_EARLY, CheckIn.TOO_LATE, CheckIn.USED, CheckIn.WRONG_DAY])
def test_refuse_is_a_conflict_with_the_message(result: CheckIn) -> None:
    error = refuse(result, SLOT, GRACE_15)
    assert isinstance(error, Conflict)
    assert error.status == 409
    assert error.code == f"appointment_{result.value}"
    assert error.message == check_in_message(result, SLOT, GRACE_15)
