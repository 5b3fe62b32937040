"""The default due date of a 容缺 follow-up (jiaohao.domain.outcomes.add_working_days): working days, as the
hall's [calendar] counts them."""

from __future__ import annotations


def test_working_days_skip_the_weekend() -> None:
    from datetime import date

    from jiaohao.domain.outcomes import add_working_days

    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday + 1 → Monday
    assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 9)  # Monday + 5 → next Monday


def test_working_days_follow_the_halls_calendar() -> None:
    """国庆: 1–7 October closed whatever the weekday, Saturday 10 October a 调休 working day. Five working days
    from 30 September end on Tuesday 13 October, not on Wednesday 7 October in the middle of the holiday."""
    from datetime import date, timedelta

    from jiaohao.domain.outcomes import add_working_days

    holidays = {date(2026, 10, 1) + timedelta(days=k) for k in range(7)}
    workdays = {date(2026, 10, 10)}
    assert add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 7)  # weekdays alone
    assert add_working_days(date(2026, 9, 30), 5, holidays, workdays) == date(2026, 10, 13)
    assert add_working_days(date(2026, 9, 30), 3, holidays, workdays) == date(2026, 10, 10)  # the make-up Saturday
