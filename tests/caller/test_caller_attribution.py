"""Who served whom: a call made from the caller app counts for the clerk logged in there, in the supervisor's
report and in the ratings export for the provincial platform (工号). Nothing is seeded: the rows the report
and the export read are the ones the calls stored."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from pytestqt.qtbot import QtBot

from caller.actions import CallerAction as A
from client.api import HallApi
from jiaohao.cli import main
from tests.caller.caller_helpers import MakeCaller, finish, login, wait_idle
from tests.support.live import LiveHall

pytestmark = pytest.mark.slow


def test_calls_from_the_caller_app_count_for_its_clerk_in_the_report_and_the_export(
    qtbot: QtBot, make_caller: MakeCaller, caller_hall: LiveHall, kiosk: HallApi
) -> None:
    caller = make_caller(2)
    login(qtbot, caller, "1003", "3333")  # 测试员丙 at window 2
    first = kiosk.issue_ticket("SVC_B", holder_id="13800000001")
    second = kiosk.issue_ticket("SVC_B", holder_id="13800000002")
    qtbot.waitUntil(lambda: caller.waiting_panel.list.count() == 2, timeout=10_000)
    pad = caller_hall.api("pad2")
    # Each citizen rates at the pad before the window calls the next one (a later press is not theirs).
    for ticket, rating in ((first, (5, [])), (second, (2, ["办事效率"]))):
        caller.buttons[A.CALL_NEXT].click()
        wait_idle(qtbot, caller)
        qtbot.waitUntil(lambda: caller.model.current is not None, timeout=10_000)
        finish(qtbot, caller)
        wait_idle(qtbot, caller)
        pad.rate(ticket.id, rating[0], rating[1])

    hall = kiosk.hall()
    day = hall.now.astimezone(ZoneInfo("Asia/Shanghai")).date().isoformat()
    report = (
        caller_hall.supervisor()
        .request("GET", "/reports/summary", params={"from": day, "to": day, "by": "staff"})
        .json()
    )
    rows = {row["key"]: row for row in report["rows"]}
    assert set(rows) == {"1003"}, f"the calls were not counted for the clerk who made them: {rows}"
    assert (rows["1003"]["label"], rows["1003"]["served"], rows["1003"]["rated"]) == ("测试员丙（1003）", 2, 2)

    args = ["admin", "--db", caller_hall.db_url, "export-ratings", "--from", day, "--to", day]
    result = CliRunner().invoke(main, [*args, "--config", str(caller_hall.config_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["办件编号"].rsplit("-", 1)[-1], r["窗口"], r["工号"]) for r in records] == [
        (first.number, "2号窗口", "1003"),
        (second.number, "2号窗口", "1003"),
    ]
