"""The figures a hall is judged by, on a known day built through the API of a real server process on a test
clock, read back as JSON, CSV and XLSX.

Monday 2 March 2026, window 1, clerk 1001, four citizens of 业务A issued at 10:00:
  A001 called 10:02, 办结 10:08 一次办结 (wait 2, handling 6), rated 5
  A002 called 10:08, 办结 10:12 容缺受理 due 4 March (wait 8, handling 4), rated 4; the item arrives at 10:50
  A003 called 10:12, 办结 10:22 一次性告知 (wait 12, handling 10), rated 3
  A004 called 10:22, 办结 10:24 咨询 (wait 22, handling 2), rated 2 (差评)
一次办结率 = 1 ÷ (1 + 1 + 1) = 0.3333 (the consultation counted apart); 容缺按时补齐率 1 ÷ 1; average wait 11.0,
average handling 5.5; levels 5, 4, 3, 2 once each: 好评率 (4 and 5) 2 ÷ 4.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from jiaohao.wire.models import FinishIn
from tests.support.live import LiveHall, start_live_hall

pytestmark = pytest.mark.slow

TEN = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai
DEVICES = [("kiosk", "kiosk", []), ("pad", "pad", [1])]


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHall]:
    folder: Path = tmp_path_factory.mktemp("report-day")
    with start_live_hall(folder, DEVICES, prefix="report-test", clock=TEN) as live:
        kiosk, pad, clerk = live.api(), live.api("pad"), live.clerk(1)
        tickets = [kiosk.issue_ticket("SVC_A") for _ in range(4)]
        plan: list[tuple[int, int, FinishIn | None, int, list[str]]] = [
            (2, 8, None, 5, []),
            (8, 12, FinishIn(outcome="accepted_pending", missing=["申请表"], due=date(2026, 3, 4)), 4, []),
            (12, 22, FinishIn(outcome="returned", missing=["身份证原件"]), 3, []),
            (22, 24, FinishIn(outcome="consulted"), 2, ["办事效率"]),
        ]
        for ticket, (called, finished, outcome, level, reasons) in zip(tickets, plan, strict=True):
            live.set_clock(TEN + timedelta(minutes=called), sweep=False)
            answer = clerk.call_next(1)
            assert answer is not None and answer.ticket is not None and answer.ticket.id == ticket.id
            live.set_clock(TEN + timedelta(minutes=finished), sweep=False)
            clerk.finish(1, outcome)
            pad.rate(ticket.id, level, reasons)
        live.set_clock(TEN + timedelta(minutes=50), sweep=False)
        (owed,) = clerk.followups("open")
        clerk.fulfil_followup(owed.id, "申请表")
        yield live


def _report(live: LiveHall, fmt: str) -> Any:
    params = {"from": "2026-03-02", "to": "2026-03-02", "by": "staff", "format": fmt}
    return live.supervisor().request("GET", "/reports/summary", params=params)


def test_the_days_figures_in_json(day: LiveHall) -> None:
    report = _report(day, "json").json()
    (row,) = report["rows"]
    figures = {k: row[k] for k in (
        "key", "served", "completed", "accepted_pending", "returned", "consulted", "one_visit_rate",
        "followups_due", "followups_on_time", "followup_on_time_rate", "avg_wait_min", "avg_handle_min",
        "rated", "good", "good_rate", "level1", "level2", "level3", "level4", "level5",
    )}  # fmt: skip
    assert figures == {
        "key": "1001",
        "served": 4,
        "completed": 1,
        "accepted_pending": 1,
        "returned": 1,
        "consulted": 1,
        "one_visit_rate": 0.3333,
        "followups_due": 1,
        "followups_on_time": 1,
        "followup_on_time_rate": 1.0,
        "avg_wait_min": 11.0,
        "avg_handle_min": 5.5,
        "rated": 4,
        "good": 2,
        "good_rate": 0.5,
        "level1": 0,
        "level2": 1,
        "level3": 1,
        "level4": 1,
        "level5": 1,
    }
    assert report["total"]["one_visit_rate"] == 0.3333
    assert row["first_asked"] == {"cases": 4, "completed": 1, "accepted_pending": 1, "returned": 1, "consulted": 1}


def test_the_days_figures_in_csv_and_xlsx(day: LiveHall) -> None:
    table = list(csv.reader(io.StringIO(_report(day, "csv").content.decode("utf-8-sig"))))
    header, row = table[0], table[1]
    titles = ("一次办结", "容缺受理", "一次办结率(%)", "容缺按时补齐率(%)", "好评率(%)", "非常满意")
    picked = {t: row[header.index(t)] for t in titles}
    assert picked == {
        "一次办结": "1",
        "容缺受理": "1",
        "一次办结率(%)": "33.3",
        "容缺按时补齐率(%)": "100.0",
        "好评率(%)": "50.0",
        "非常满意": "1",
    }
    # 首问负责 after every existing column (position-reading spreadsheets keep working): 1001 first served all four.
    first_asked = ["首问件数", "首问一次办结", "首问容缺受理", "首问一次性告知", "首问咨询", "首问未办结"]
    assert header[-7:] == ["非常不满意", *first_asked], header
    assert row[-6:] == ["4", "1", "1", "1", "1", "0"]
    assert table[-1][0] == "合计" and table[-1][-6:] == ["4", "1", "1", "1", "1", "0"]
    sheet = load_workbook(io.BytesIO(_report(day, "xlsx").content)).active
    assert sheet is not None
    titles = [cell.value for cell in sheet[2]]
    values = [cell.value for cell in sheet[3]]
    assert values[0] == "测试员甲（1001）"
    assert (values[titles.index("一次办结率")], values[titles.index("平均办理(分钟)")]) == (0.3333, 5.5)
    assert sheet.cell(row=3, column=titles.index("一次办结率") + 1).number_format == "0.0%"
    assert titles[-7:] == ["非常不满意", *first_asked] and values[-6:] == [4, 1, 1, 1, 1, 0]


def test_grouped_by_service_the_exports_carry_no_first_asked_columns(day: LiveHall) -> None:
    """首问 is a clerk's figure: other groupings keep exactly the columns they had."""
    params = {"from": "2026-03-02", "to": "2026-03-02", "by": "service", "format": "csv"}
    content = day.supervisor().request("GET", "/reports/summary", params=params).content
    header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header[-1] == "非常不满意" and not any(title.startswith("首问") for title in header)


def test_the_dashboard_compares_with_the_period_just_before() -> None:
    from server.web.period import Comparison, previous_period

    assert previous_period(date(2026, 3, 1), date(2026, 3, 31)) == (date(2026, 1, 29), date(2026, 2, 28))
    assert Comparison("one_visit_rate", "一次办结率", "rate", 0.6, 0.5).change_percent == 20.0
    assert Comparison("avg_handle_min", "平均办理时长", "min", 9.0, 12.0).change_percent == -25.0
    assert Comparison("good_rate", "好评率", "rate", 0.9, None).change_percent is None
    assert Comparison("good_rate", "好评率", "rate", 0.9, 0.0).change_percent is None
