"""Hall reports: issued, served, waits, handling times, 好差评 and case response, per group over business days.

The SQL lives in storage/reports.py (aggregated in the database; closed days kept in a rollup); this module turns
the additive sums into the metrics a supervisor reads. Every metric is defined in docs/reports.md; keep the
two in step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal, get_args

from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import Invalid
from jiaohao.domain.numbering import business_day

from .storage import Connection
from .storage import reports as q
from .storage import staff as staff_rows

GroupBy = Literal["service", "window", "staff", "hour", "day"]
GROUPINGS: tuple[str, ...] = get_args(GroupBy)
GROUP_TITLES = {"service": "业务", "window": "窗口", "staff": "工作人员", "hour": "时段", "day": "日期"}
MAX_DAYS = 731  # two years: enough for a year-on-year look, small enough that one request stays cheap
TOTAL_KEY = "合计"


# The table a supervisor reads, in the page, the CSV and the XLSX: (field of ReportRow.as_dict, title, kind).
# kind: "n" a count, "min" minutes, "rate" a fraction shown as a percentage.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("issued", "取号数", "n"),
    ("called", "叫号数", "n"),
    ("served", "办结数", "n"),
    ("no_shows", "过号数", "n"),
    ("no_show_rate", "过号率", "rate"),
    ("avg_wait_min", "平均等候(分钟)", "min"),
    ("p90_wait_min", "90%等候不超过(分钟)", "min"),
    ("avg_handle_min", "平均办理(分钟)", "min"),
    ("rated", "已评价", "n"),
    ("good", "好评", "n"),
    ("bad", "差评", "n"),
    ("unrated", "未评价", "n"),
    ("good_rate", "好评率", "rate"),
    ("unrated_rate", "未评率", "rate"),
    ("cases_due", "应回访差评", "n"),
    ("cases_on_time", "按时回访", "n"),
    ("case_response_rate", "差评按时回访率", "rate"),
    # What the window achieved (办结 outcomes) and the rating levels: after the columns above, which some
    # halls' spreadsheets read by position.
    ("completed", "一次办结", "n"),
    ("accepted_pending", "容缺受理", "n"),
    ("returned", "一次性告知", "n"),
    ("consulted", "咨询", "n"),
    ("one_visit_rate", "一次办结率", "rate"),
    ("followups_due", "应补齐容缺", "n"),
    ("followups_on_time", "按时补齐", "n"),
    ("followup_on_time_rate", "容缺按时补齐率", "rate"),
    ("level5", "非常满意", "n"),
    ("level4", "满意", "n"),
    ("level3", "基本满意", "n"),
    ("level2", "不满意", "n"),
    ("level1", "非常不满意", "n"),
)


PageTable = tuple[str, tuple[tuple[str, str, str], ...], tuple[tuple[str, str], ...]]


def page_tables(by: str) -> list[PageTable]:
    """The report page's tables (title, columns, 首问 columns): COLUMNS by topic, and 首问 on its own
    when grouped by staff, so each fits a 1024 px screen and an A4 page with every heading on one line."""
    fields = [field for field, _, _ in COLUMNS]
    rated, due, completed, level5 = (fields.index(f) for f in ("rated", "cases_due", "completed", "level5"))
    tables: list[PageTable] = [
        ("排队与等候", COLUMNS[:rated], ()),
        ("办结结果", COLUMNS[completed:level5], ()),
        ("评价", COLUMNS[rated:due] + COLUMNS[level5:], ()),
        ("差评回访", COLUMNS[due:completed], ()),
    ]
    if by == "staff":
        tables.append(("首问负责", (), FIRST_ASKED))
    return tables


# 首问负责 by clerk (grouped by staff only): the tickets each clerk served first, by how they ended. After
# COLUMNS in the CSV and XLSX, so spreadsheets that read the columns above by position keep working.
FIRST_ASKED: tuple[tuple[str, str], ...] = (
    ("cases", "首问件数"),
    ("completed", "首问一次办结"),
    ("accepted_pending", "首问容缺受理"),
    ("returned", "首问一次性告知"),
    ("consulted", "首问咨询"),
    ("open", "首问未办结"),
)


@dataclass(frozen=True, slots=True)
class ReportRow:
    key: str  # the group's value ("SVC_A", "3", "1001", "09", "2026-03-02"; "" = never called), or 合计
    label: str  # what a supervisor reads: the service's name, 3号窗口, 张三（1001）, 09时, the date
    issued: int
    called: int
    served: int
    no_shows: int
    avg_wait_min: float | None
    p90_wait_min: float | None
    avg_handle_min: float | None
    rated: int
    good: int
    bad: int
    unrated: int
    cases_due: int
    cases_on_time: int
    completed: int = 0
    accepted_pending: int = 0
    returned: int = 0
    consulted: int = 0
    followups_due: int = 0
    followups_on_time: int = 0
    levels: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)  # ratings at level 1 … 5

    @property
    def one_visit_rate(self) -> float | None:
        """一次办结率 = completed ÷ (completed + accepted_pending + returned); consultations are counted apart."""
        return _ratio(self.completed, self.completed + self.accepted_pending + self.returned)

    @property
    def followup_on_time_rate(self) -> float | None:
        return _ratio(self.followups_on_time, self.followups_due)

    @property
    def no_show_rate(self) -> float | None:
        return _ratio(self.no_shows, self.called)

    @property
    def good_rate(self) -> float | None:
        return _ratio(self.good, self.rated)

    @property
    def unrated_rate(self) -> float | None:
        return _ratio(self.unrated, self.served)

    @property
    def case_response_rate(self) -> float | None:
        return _ratio(self.cases_on_time, self.cases_due)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "issued": self.issued,
            "called": self.called,
            "served": self.served,
            "no_shows": self.no_shows,
            "no_show_rate": _round(self.no_show_rate, 4),
            "avg_wait_min": _round(self.avg_wait_min, 2),
            "p90_wait_min": _round(self.p90_wait_min, 2),
            "avg_handle_min": _round(self.avg_handle_min, 2),
            "rated": self.rated,
            "good": self.good,
            "bad": self.bad,
            "unrated": self.unrated,
            "good_rate": _round(self.good_rate, 4),
            "unrated_rate": _round(self.unrated_rate, 4),
            "cases_due": self.cases_due,
            "cases_on_time": self.cases_on_time,
            "case_response_rate": _round(self.case_response_rate, 4),
            "completed": self.completed,
            "accepted_pending": self.accepted_pending,
            "returned": self.returned,
            "consulted": self.consulted,
            "one_visit_rate": _round(self.one_visit_rate, 4),
            "followups_due": self.followups_due,
            "followups_on_time": self.followups_on_time,
            "followup_on_time_rate": _round(self.followup_on_time_rate, 4),
            **{f"level{n}": self.levels[n - 1] for n in range(1, 6)},
        }


@dataclass(frozen=True, slots=True)
class Report:
    hall: str
    date_from: date
    date_to: date
    by: GroupBy
    generated_at: datetime
    rows: list[ReportRow]
    total: ReportRow
    notes: list[str] = field(default_factory=list)
    first_asked: dict[str, dict[str, int]] = field(default_factory=dict)  # by staff: 首问 cases and how they ended

    def first_asked_cells(self, row: ReportRow) -> list[int]:
        """The 首问 columns of a row (the total sums every clerk); none unless grouped by staff."""
        if self.by != "staff":
            return []
        if row.key == TOTAL_KEY:
            return [sum(counts.get(key, 0) for counts in self.first_asked.values()) for key, _ in FIRST_ASKED]
        counts = self.first_asked.get(row.key, {})
        return [counts.get(key, 0) for key, _ in FIRST_ASKED]

    def as_dict(self) -> dict[str, Any]:
        return {
            "hall": self.hall,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "by": self.by,
            "generated_at": self.generated_at.isoformat(),
            "rows": [
                {
                    **row.as_dict(),
                    **({"first_asked": self.first_asked.get(row.key, {"cases": 0})} if self.by == "staff" else {}),
                }
                for row in self.rows
            ],
            "total": self.total.as_dict(),
        }


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def check_range(date_from: date, date_to: date, by: str) -> GroupBy:
    if by not in GROUPINGS:
        raise Invalid("bad_group", "分组方式应为 业务(service)、窗口(window)、人员(staff)、时段(hour) 或 日期(day)")
    if date_to < date_from:
        raise Invalid("bad_range", "结束日期不能早于开始日期")
    if (date_to - date_from).days + 1 > MAX_DAYS:
        raise Invalid("range_too_long", f"一次最多统计 {MAX_DAYS} 天")
    return by  # type: ignore[return-value]  # checked against GROUPINGS just above


def p90_minutes(waits: Counter[int]) -> int | None:
    """Nearest-rank 90th percentile in whole minutes: the ⌈0.9·n⌉-th smallest of the n called tickets'
    waits, each rounded up to the minute, i.e. 90% of them were called within this many minutes."""
    called = sum(waits.values())
    if called == 0:
        return None
    rank = (called * 9 + 9) // 10
    seen = 0
    for minute in sorted(waits):
        seen += waits[minute]
        if seen >= rank:
            return minute
    raise AssertionError("unreachable: the histogram holds every called ticket")


def closed_before(config: HallConfig, now: datetime) -> date:
    """Days before this one are final and may be rolled up: the day before yesterday at the latest, because
    yesterday's last services may still be rated a few minutes after the day reset."""
    return business_day(now, config.policy) - timedelta(days=1)


def days_to_roll(conn: Connection, config: HallConfig, date_from: date, date_to: date, now: datetime) -> list[date]:
    last = min(date_to, closed_before(config, now) - timedelta(days=1))
    if last < date_from:
        return []
    done = q.rolled_days(conn, config.hall.id, date_from, last)
    return [d for d in _days(date_from, last) if d not in done]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def summary(conn: Connection, config: HallConfig, date_from: date, date_to: date, by: str, now: datetime) -> Report:
    """The report for these business days (inclusive): rolled-up days from the rollup, the rest live."""
    grouping = check_range(date_from, date_to, by)
    rolled = q.rolled_days(conn, config.hall.id, date_from, date_to)
    cells = q.stored_cells(conn, config.hall.id, grouping, date_from, date_to) if rolled else {}
    live = q.live_cells(conn, config, grouping, [d for d in _days(date_from, date_to) if d not in rolled])
    for key, cell in q.merge_days(live.items(), grouping).items():
        cells.setdefault(key, q.Cell()).add(cell)
    cases = q.case_counts(conn, config, grouping, date_from, date_to, now)
    owed = q.followup_counts(conn, config, grouping, date_from, date_to, business_day(now, config.policy))
    labels = _labels(conn, config, grouping, cells.keys())
    rows = [
        _row(k, labels[k], cells[k], cases.get(k, (0, 0)), owed.get(k, (0, 0)))
        for k in _ordered(config, grouping, cells.keys())
    ]
    total = q.Cell()
    for cell in cells.values():
        total.add(cell)
    due = sum(c[0] for c in cases.values()), sum(c[1] for c in cases.values())
    owed_total = sum(c[0] for c in owed.values()), sum(c[1] for c in owed.values())
    total_row = _row(TOTAL_KEY, TOTAL_KEY, total, due, owed_total)
    first = q.first_asked(conn, config.hall.id, date_from, date_to) if grouping == "staff" else {}
    return Report(config.hall.name, date_from, date_to, grouping, now, rows, total_row, first_asked=first)


def _row(key: str, label: str, cell: q.Cell, cases: tuple[int, int], owed: tuple[int, int]) -> ReportRow:
    p90 = p90_minutes(cell.waits)
    return ReportRow(
        key=key,
        label=label,
        issued=cell.issued,
        called=cell.called,
        served=cell.served,
        no_shows=cell.no_shows,
        avg_wait_min=cell.wait_sum / cell.called / 60 if cell.called else None,
        p90_wait_min=float(p90) if p90 is not None else None,
        avg_handle_min=cell.handle_sum / cell.served / 60 if cell.served else None,
        rated=cell.rated,
        good=cell.good,
        bad=cell.bad,
        unrated=cell.served - cell.rated,
        cases_due=cases[0],
        cases_on_time=cases[1],
        completed=cell.completed,
        accepted_pending=cell.accepted_pending,
        returned=cell.returned,
        consulted=cell.consulted,
        followups_due=owed[0],
        followups_on_time=owed[1],
        levels=(cell.level1, cell.level2, cell.level3, cell.level4, cell.level5),
    )


# --- labels and order -----------------------------------------------------------------------------------------


def _labels(conn: Connection, config: HallConfig, by: GroupBy, keys: Iterable[str]) -> dict[str, str]:
    keys = list(keys)
    names: dict[str, str] = {}
    if by == "staff" and any(keys):
        names = staff_rows.names(conn, keys)
    labels: dict[str, str] = {}
    for k in keys:
        if by == "service":
            service = config.service(k)
            labels[k] = service.name if service else k
        elif by == "window":
            window = config.window(int(k)) if k else None
            labels[k] = (window.name if window else f"{k}号窗口") if k else "未叫号"
        elif by == "staff":
            labels[k] = f"{names.get(k, k)}（{k}）" if k else "未叫号"
        elif by == "hour":
            labels[k] = f"{k}时"
        else:
            labels[k] = k
    return labels


def _ordered(config: HallConfig, by: GroupBy, keys: Iterable[str]) -> list[str]:
    if by == "service":
        order = {s.code: i for i, s in enumerate(config.services)}
        return sorted(keys, key=lambda k: (order.get(k, len(order)), k))
    if by == "window":  # numbers, not text; tickets never called ('') last
        return sorted(keys, key=lambda k: (k == "", int(k) if k else 0))
    return sorted(keys, key=lambda k: (k == "", k))
