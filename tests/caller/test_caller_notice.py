"""The 一次性告知书 at the window: the real caller on a real server, a virtual receipt printer (`--printer`), the
bytes parsed back; a printer fault is said on the message line and the outcome stays recorded.

Screens for a person to look at go to out/screenshots/f14/ (the notice on paper and the caller's screen)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from caller.actions import CallerAction as A
from caller.views import CallerWindow
from client.api import HallApi
from drivers.printer.parser import parse
from tests.caller.caller_helpers import MakeCaller, finish, login, wait_idle
from tests.support.screenshots import SCREENSHOTS, assert_painted, drawn, save_screenshot

pytestmark = pytest.mark.slow


def _finish_with(qtbot: QtBot, caller: CallerWindow, outcome_key: Qt.Key, *ticks: Qt.Key) -> None:
    """办结 → F2/F3 → digits tick checklist items → Enter, as the clerk types it."""
    caller.trigger(A.FINISH)
    dialog = caller.outcome_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, outcome_key)
    for key in ticks:
        qtbot.keyClick(dialog, key)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    wait_idle(qtbot, caller)


def _call_one(qtbot: QtBot, caller: CallerWindow, kiosk: HallApi) -> None:
    qtbot.waitUntil(lambda: caller.waiting_panel.list.count() == 1, timeout=10_000)
    caller.buttons[A.CALL_NEXT].click()
    wait_idle(qtbot, caller)
    qtbot.waitUntil(lambda: caller.model.current is not None, timeout=10_000)


def test_a_pending_acceptance_prints_its_notice_and_f12_prints_it_again(
    qtbot: QtBot, qapp: object, make_caller: MakeCaller, kiosk: HallApi, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from client.theme import apply_theme

    assert isinstance(qapp, QApplication)
    apply_theme(qapp)
    paper = tmp_path / "printer"
    caller = make_caller(1, printer=f"virtual://{paper}")
    assert caller.reprint_button.isVisible()
    login(qtbot, caller)

    # 一次办结 tells nothing in writing: no paper.
    kiosk.issue_ticket("SVC_A")
    _call_one(qtbot, caller, kiosk)
    finish(qtbot, caller)
    ticket = kiosk.issue_ticket("SVC_A")
    _call_one(qtbot, caller, kiosk)
    assert not list(paper.glob("job-*.bin")), "一次办结 printed a notice"

    _finish_with(qtbot, caller, Qt.Key.Key_F2, Qt.Key.Key_1)  # 容缺受理, the first checklist item missing
    qtbot.waitUntil(lambda: len(list(paper.glob("job-*.bin"))) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "已打印" in caller.message_line.text(), timeout=10_000)
    assert caller.message_line.property("role") == "info"
    (job,) = sorted(paper.glob("job-*.bin"))
    text = parse(job.read_bytes()).text()
    wanted = ("一次性告知书", "容缺受理", f"排队号码：{ticket.number}", "1. 身份证原件", "（工号 1001）", "补齐期限")
    for words in wanted:
        assert words in text, (words, text)
    shown = SCREENSHOTS / "f14"
    shown.mkdir(parents=True, exist_ok=True)
    shutil.copy(job.with_suffix(".png"), shown / "notice-at-window.png")
    assert drawn(shown / "notice-at-window.png").ink > 0.02, "the paper came out blank"  # 1-bit: two colours
    path = save_screenshot(caller, tmp_path, "caller-notice-printed", group="f14")
    assert_painted(path, (caller.width(), caller.height()))

    # The citizen lost the paper: F12 prints the same notice again.
    caller.activateWindow()
    qtbot.waitUntil(caller.isActiveWindow)
    qtbot.keyClick(caller, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: len(list(paper.glob("job-*.bin"))) == 2, timeout=10_000)
    second = sorted(paper.glob("job-*.bin"))[1]
    assert parse(second.read_bytes()).text() == text


def test_a_printer_fault_is_said_on_the_message_line_and_the_outcome_stays_recorded(
    qtbot: QtBot, qapp: object, make_caller: MakeCaller, kiosk: HallApi, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from client.theme import apply_theme

    assert isinstance(qapp, QApplication)
    apply_theme(qapp)
    paper = tmp_path / "printer"
    caller = make_caller(1, printer=f"virtual://{paper}?fault=paper-out")
    login(qtbot, caller)
    caller.activateWindow()
    qtbot.waitUntil(caller.isActiveWindow)
    qtbot.keyClick(caller, Qt.Key.Key_F12)  # nothing printed yet: said, not silently ignored
    qtbot.waitUntil(lambda: "还没有可补打的告知书" in caller.message_line.text(), timeout=10_000)
    ticket = kiosk.issue_ticket("SVC_A")
    _call_one(qtbot, caller, kiosk)

    _finish_with(qtbot, caller, Qt.Key.Key_F3, Qt.Key.Key_1)  # 一次性告知 (not accepted)
    qtbot.waitUntil(lambda: "缺纸" in caller.message_line.text(), timeout=10_000)
    message = caller.message_line.text()
    assert message.startswith(f"{ticket.number} 号的告知书未能打印") and "办结结果已记录" in message, message
    assert caller.message_line.property("role") == "error"
    assert not list(paper.glob("job-*.bin")), "a printer out of paper was sent a job"
    recorded = kiosk.ticket(ticket.id, ticket.track_token)
    assert (recorded.outcome, recorded.missing) == ("returned", ["身份证原件"])
    assert caller.model.current is None, "the window moved on despite the printer"
    path = save_screenshot(caller, tmp_path, "caller-notice-paper-out", group="f14")
    assert_painted(path, (caller.width(), caller.height()))
