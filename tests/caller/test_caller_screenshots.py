"""Screenshots of login, serving, paused and the transfer dialog, for a person to look at as a clerk would.

Saved to tmp_path and copied under out/screenshots/caller/ (gitignored)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from caller.actions import CallerAction as A
from client.api import HallApi
from client.theme import apply_theme
from tests.caller.caller_helpers import MakeCaller, finish, login, wait_idle
from tests.support.live import LiveHall
from tests.support.screenshots import assert_painted, save_screenshot

pytestmark = pytest.mark.slow


def _shoot(widget: QWidget, name: str, tmp_path: Path) -> Path:
    """Saved for a person to look at; the picture must at least be the widget, painted."""
    path = save_screenshot(widget, tmp_path, name, group="caller")
    assert_painted(path, (widget.width(), widget.height()))
    return path


def test_screenshots(qtbot: QtBot, qapp: object, make_caller: MakeCaller, kiosk: HallApi, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(qapp, QApplication)
    apply_theme(qapp)
    caller = make_caller(1)
    caller.resize(1280, 800)
    _shoot(caller, "caller-login", tmp_path)

    login(qtbot, caller)
    # Idle: the big space says what to do next, and that nobody waits yet.
    assert caller.ticket_panel.number.text() == "按 F1 叫号"
    assert "暂时无人等候" in caller.ticket_panel.waited.text()
    _shoot(caller, "caller-idle-empty", tmp_path)
    green = kiosk.issue_ticket("SVC_A", channel="green")
    for _ in range(5):
        kiosk.issue_ticket("SVC_A")
    qtbot.waitUntil(lambda: caller.waiting_panel.list.count() == 6)
    caller.buttons[A.CALL_NEXT].click()
    wait_idle(qtbot, caller)
    caller.buttons[A.START].click()
    wait_idle(qtbot, caller)
    qtbot.waitUntil(lambda: caller.ticket_panel.state.text() == "办理中")
    qtbot.waitUntil(lambda: caller.waiting_panel.list.count() == 5 and caller.model.figures is not None)
    assert caller.ticket_panel.number.text() == green.number  # the green channel went first
    assert not caller.waiting_panel.list.horizontalScrollBar().isVisible()
    _shoot(caller, "caller-serving", tmp_path)

    # F8 with a citizen at the window: refused on the spot, saying what to do first; the window stays open.
    assert A.PAUSE not in caller.model.enabled()
    caller.trigger(A.PAUSE)
    assert "请先办结、过号、挂起或转移" in caller.message_line.text()
    assert caller.model.window is not None and caller.model.window.status == "open"
    _shoot(caller, "caller-pause-refused", tmp_path)

    dialog = caller.open_transfer()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    _shoot(dialog, "caller-transfer", tmp_path)
    dialog.reject()

    finish(qtbot, caller)
    wait_idle(qtbot, caller)
    qtbot.waitUntil(lambda: caller.ticket_panel.number.text() == "按 F1 叫号")
    assert "本窗口有 5 人等候" in caller.ticket_panel.waited.text()
    _shoot(caller, "caller-idle", tmp_path)
    pause = caller.open_pause()
    qtbot.waitExposed(pause)
    _shoot(pause, "caller-pause-dialog", tmp_path)
    pause.accept()
    wait_idle(qtbot, caller)
    qtbot.waitUntil(lambda: caller.model.window is not None and caller.model.window.status == "paused")
    assert caller.ticket_panel.number.text() == "暂停服务" and "F8 恢复" in caller.ticket_panel.state.text()
    _shoot(caller, "caller-paused", tmp_path)


def test_the_outcome_chooser_takes_a_pending_acceptance_in_a_few_keys(
    qtbot: QtBot, qapp: object, make_caller: MakeCaller, caller_hall: LiveHall, kiosk: HallApi, tmp_path: Path
) -> None:
    """F2 容缺受理, 1 ticks the first checklist item, Enter: the server records it and opens a follow-up."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from jiaohao.domain.outcomes import add_working_days

    assert isinstance(qapp, QApplication)
    apply_theme(qapp)
    caller = make_caller(1)
    login(qtbot, caller)
    ticket = kiosk.issue_ticket("SVC_A")
    qtbot.waitUntil(lambda: caller.waiting_panel.list.count() == 1)
    caller.buttons[A.CALL_NEXT].click()
    wait_idle(qtbot, caller)
    qtbot.waitUntil(lambda: caller.model.current is not None)
    caller.trigger(A.FINISH)
    dialog = caller.outcome_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.outcome() == "completed" and not dialog.missing.isVisible()  # Enter alone: 一次办结
    _shoot(dialog, "caller-outcome-default", tmp_path)
    qtbot.keyClick(dialog, Qt.Key.Key_F2)
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    assert dialog.missing.isVisible() and dialog.due.isVisible()
    _shoot(dialog, "caller-outcome-pending", tmp_path)
    # The ticked box is seen at a glance on the dark theme: a filled accent square of at least 24×24 px.
    from client.theme import PALETTE

    picture = dialog.missing.grab().toImage()
    accent = QColor(PALETTE["accent"]).rgb()
    filled = sum(
        1 for x in range(min(80, picture.width())) for y in range(picture.height()) if picture.pixel(x, y) == accent
    )
    assert filled >= 24 * 24, f"the ticked box is {filled} px of accent: too small to see"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    wait_idle(qtbot, caller)
    qtbot.waitUntil(lambda: caller.model.current is None, timeout=10_000)
    (owed,) = caller_hall.clerk(2).followups(number=ticket.number)
    assert (owed.missing, owed.status, owed.owner_staff_no) == (["身份证原件"], "open", "1001")
    hall = kiosk.hall()
    expected = add_working_days(hall.business_day, hall.followup_working_days, set(hall.holidays), set(hall.workdays))
    assert owed.due == expected  # the hall's 容缺 period, in its working days
