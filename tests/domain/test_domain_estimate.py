"""The wait a citizen is told: counted from the windows that serve the service, shown as a range when unsure."""

from __future__ import annotations

from datetime import datetime

import pytest

from jiaohao.domain.estimate import estimate_wait, window_share
from jiaohao.domain.wording import WindowFacts, date_text, serving_windows, wait_text, window_list


def test_before_any_clerk_logs_in_the_windows_that_will_serve_count() -> None:
    # The hall: 12 waiting for a service five windows offer first, 8 minutes each, nobody logged in.
    # The old rule ("as if one window") said 96 minutes; five windows will clear it in about 20.
    wait = estimate_wait(12, 8.0, staffed_ranks=[], planned_ranks=[0, 0, 0, 0, 0], samples=0)
    assert wait.basis == "planned"
    assert wait.minutes == 20
    assert wait.range == (10, 35)  # no clerk yet and no history: a wide range, not a false promise


def test_staffed_windows_with_history_give_a_narrow_range() -> None:
    wait = estimate_wait(12, 8.0, staffed_ranks=[0, 0], planned_ranks=[0, 0, 0, 0, 0], samples=20)
    assert (wait.basis, wait.minutes, wait.range) == ("staffed", 48, (30, 75))


def test_a_window_that_lists_the_service_second_gives_it_half_its_time() -> None:
    assert [window_share(r) for r in (0, 1, 2)] == [1.0, 0.5, pytest.approx(1 / 3)]
    first_only = estimate_wait(6, 10.0, staffed_ranks=[0], planned_ranks=[0], samples=9)
    with_second = estimate_wait(6, 10.0, staffed_ranks=[0, 1], planned_ranks=[0, 1], samples=9)
    assert (first_only.minutes, with_second.minutes) == (60, 40)


def test_short_waits_are_one_number_and_nobody_ahead_is_zero() -> None:
    assert estimate_wait(0, 8.0, staffed_ranks=[0], planned_ranks=[0], samples=9).minutes == 0
    short = estimate_wait(1, 3.0, staffed_ranks=[0, 0], planned_ranks=[0, 0], samples=9)
    assert (short.minutes, short.range) == (2, None)


def test_the_range_always_holds_the_single_figure() -> None:
    for ahead in range(0, 60):
        for staffed in ([], [0], [0, 1], [0, 0, 0]):
            wait = estimate_wait(ahead, 7.3, staffed_ranks=staffed, planned_ranks=[0, 0, 1], samples=ahead % 8)
            assert wait.low <= wait.minutes <= wait.high


def facts(number: int, status: str, services: tuple[str, ...] = ("BDC",), name: str = "") -> WindowFacts:
    return WindowFacts(number, name or f"{number}号窗口", services, status, name_en=None)


def test_every_open_window_that_serves_is_named_in_the_halls_order() -> None:
    windows = [facts(n, "open") for n in (1, 2, 3, 4)] + [
        facts(5, "paused"), facts(6, "closed"), facts(7, "open", name="7号社保专窗"),
        facts(8, "open", ("SBCB",), "8号医保专窗"),
    ]
    serving = serving_windows(windows, "BDC")
    assert [w.number for w in serving] == [1, 2, 3, 4, 7]  # paused 5 and closed 6 left out; 8 serves another
    assert window_list(serving) == "1–4号、7号窗口"
    assert window_list(serving, "en") == "Windows\u00a01–4, 7"
    few = serving_windows(windows[6:], "BDC") + serving_windows(windows[6:], "SBCB")
    assert window_list(few) == "7号社保专窗、8号医保专窗"
    # In English a window's number stays with its word: "Window" at one line's end, "4" on the next is a break
    # the kiosk's result screen showed.
    assert window_list(few, "en") == "Window\u00a07, Window\u00a08"


def test_before_any_clerk_logs_in_the_ticket_names_the_windows_that_will_open() -> None:
    windows = [facts(1, "closed"), facts(2, "closed", ("SBCB",)), facts(3, "closed")]
    assert [w.number for w in serving_windows(windows, "BDC")] == [1, 3]


@pytest.mark.parametrize(
    ("numbers", "text"), [([1, 2, 3, 4, 9], "1–4号、9号窗口"), ([1, 2, 5, 6], "1号、2号、5号、6号窗口")]
)
def test_window_runs(numbers: list[int], text: str) -> None:
    assert window_list([facts(n, "open") for n in numbers]) == text


def test_waits_and_dates_per_language() -> None:
    assert wait_text(24, None) == "约\u00a024\u00a0分钟"
    assert wait_text(24, (20, 30), "en") == "about\u00a020–30\u00a0min"
    tuesday = datetime(2026, 12, 1, 9, 15)
    assert date_text(tuesday, "en") == "Tue 1 Dec"  # never "1/12"
    assert date_text(tuesday) == "12月1日 周二"
