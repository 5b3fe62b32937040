"""This period against the one before it, as supervisors are asked to report month by month: 平均办理时长,
好评率, 一次办结率 and 容缺按时补齐率 with the change in per cent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..reports import Report

# (field of ReportRow.as_dict, title, kind): what the comparison table shows.
COMPARED = (
    ("avg_handle_min", "平均办理时长", "min"),
    ("good_rate", "好评率", "rate"),
    ("one_visit_rate", "一次办结率", "rate"),
    ("followup_on_time_rate", "容缺按时补齐率", "rate"),
)


@dataclass(frozen=True, slots=True)
class Comparison:
    field: str
    title: str
    kind: str
    now: float | None
    before: float | None

    @property
    def change_percent(self) -> float | None:
        """(now − before) ÷ before × 100; None when either is missing or there is nothing to divide by."""
        if self.now is None or self.before is None or self.before == 0:
            return None
        return round((self.now - self.before) / self.before * 100, 1)


def previous_period(date_from: date, date_to: date) -> tuple[date, date]:
    """The same number of days, just before."""
    days = (date_to - date_from).days + 1
    return date_from - timedelta(days=days), date_from - timedelta(days=1)


def compare(now: Report, before: Report) -> list[Comparison]:
    this, last = now.total.as_dict(), before.total.as_dict()
    return [Comparison(field, title, kind, this[field], last[field]) for field, title, kind in COMPARED]
