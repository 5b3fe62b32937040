"""The clerk's day against a real server: each action from its button, and the buttons' states after it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from caller.actions import CallerAction as A
from caller.views import CallerWindow
from client.api import HallApi
from jiaohao.domain.tickets import TicketState
from tests.caller.caller_helpers import MakeCaller, enabled, finish, login, wait_idle
from tests.support.live import LiveHall

pytestmark = pytest.mark.slow

IDLE = {A.CALL_NEXT, A.PAUSE, A.REQUEST_RATING}


def waiting_rows(caller: CallerWindow) -> list[str]:
    """The numbers on the waiting list, top to bottom."""
    panel = caller.waiting_panel.list
    return [str(panel.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(panel.count())]


# With a citizen called or served here the window cannot pause: they are settled first.
CALLED = (IDLE - {A.PAUSE}) | {A.RECALL, A.START, A.FINISH, A.NO_SHOW, A.HOLD, A.TRANSFER}
SERVING = (IDLE - {A.PAUSE}) | {A.FINISH, A.HOLD, A.TRANSFER}


def test_a_clerks_morning_with_every_action(
    qtbot: QtBot, make_caller: MakeCaller, caller_hall: LiveHall, kiosk: HallApi
) -> None:
    caller = make_caller(1)
    assert enabled(caller) == set()  # nothing before login
    login(qtbot, caller)
    model = caller.model
    qtbot.waitUntil(lambda: enabled(caller) == IDLE)
    for _ in range(4):
        kiosk.issue_ticket("SVC_A")
    qtbot.waitUntil(lambda: caller.waiting_panel.list.count() == 4)
    assert "等候 4 人" in caller.waiting_panel.heading.text()

    def press(action: A) -> None:
        caller.buttons[action].click()
        wait_idle(qtbot, caller)

    def showing(number: str | None, state: TicketState | None) -> None:
        qtbot.waitUntil(
            lambda: (
                (model.current.number if model.current else None) == number
                and (model.current.state if model.current else None) == state
            ),
            timeout=10_000,
        )

    press(A.CALL_NEXT)
    showing("A001", TicketState.CALLED)
    assert caller.ticket_panel.number.text() == "A001"
    assert "身份证原件" in caller.ticket_panel.checklist.text()
    qtbot.waitUntil(lambda: enabled(caller) == CALLED)

    press(A.RECALL)
    qtbot.waitUntil(lambda: model.current is not None and model.current.recall == 1)
    assert "重呼 1 次" in caller.ticket_panel.state.text()

    press(A.START)
    showing("A001", TicketState.SERVING)
    qtbot.waitUntil(lambda: enabled(caller) == SERVING)

    finish(qtbot, caller)  # the outcome chooser: Enter = 一次办结
    showing(None, None)
    qtbot.waitUntil(lambda: enabled(caller) == IDLE and model.figures is not None and model.figures.served == 1)
    assert "已办结 1 件" in caller.findChild(type(caller.message_line), "figures").text()
    press(A.REQUEST_RATING)  # asks the pad again for A001 (finishing asked once)
    qtbot.waitUntil(lambda: caller_hall.count_events("rating.requested") == 2, timeout=10_000)

    press(A.CALL_NEXT)
    showing("A002", TicketState.CALLED)
    press(A.NO_SHOW)
    showing(None, None)
    qtbot.waitUntil(lambda: waiting_rows(caller) == ["A003", "A004", "A002"])
    assert "已过号" in caller.waiting_panel.list.item(2).text()
    qtbot.waitUntil(lambda: model.figures is not None and model.figures.no_shows == 1)

    press(A.CALL_NEXT)
    showing("A003", TicketState.CALLED)
    press(A.HOLD)
    showing(None, None)
    qtbot.waitUntil(lambda: model.waiting.latest_held() is not None)

    # Call the held ticket back by typing its number (F9, then Enter).
    caller.waiting_panel.entry.setText("A003")
    caller.waiting_panel.entry.returnPressed.emit()
    wait_idle(qtbot, caller)
    showing("A003", TicketState.CALLED)

    # Transfer to window 2, front of its queue, through the dialog.
    dialog = caller.open_transfer()
    assert dialog is not None
    rows = [dialog.targets.item(i).text() for i in range(dialog.targets.count())]
    dialog.targets.setCurrentRow(next(i for i, text in enumerate(rows) if "2号窗口" in text))
    dialog.front.setChecked(True)
    dialog.accept()
    wait_idle(qtbot, caller)
    showing(None, None)
    assert kiosk.hall().windows[1].serving is None

    # Pause with a reason; only 恢复 (and 请评价) remain; F8's button says 恢复.
    pause = caller.open_pause()
    pause.reasons.setCurrentRow(0)
    pause.accept()
    wait_idle(qtbot, caller)
    qtbot.waitUntil(lambda: model.window is not None and model.window.status == "paused")
    assert enabled(caller) == {A.PAUSE, A.REQUEST_RATING}  # the 暂停 button now reads 恢复
    assert caller.buttons[A.PAUSE].text().startswith("恢复")
    assert "午休" in caller.ticket_panel.state.text()

    caller.trigger(A.PAUSE)  # F8 again: resume
    wait_idle(qtbot, caller)
    qtbot.waitUntil(lambda: model.window is not None and model.window.status == "open")
    qtbot.waitUntil(lambda: enabled(caller) == IDLE)

    press(A.CALL_NEXT)  # A004 waits; A003 went to window 2
    showing("A004", TicketState.CALLED)


def test_shortcuts_and_numpad_act_like_the_buttons(qtbot: QtBot, make_caller: MakeCaller, kiosk: HallApi) -> None:
    from PySide6.QtCore import Qt

    caller = make_caller(1)
    login(qtbot, caller)
    kiosk.issue_ticket("SVC_A")
    kiosk.issue_ticket("SVC_A")
    caller.activateWindow()
    qtbot.waitUntil(caller.isActiveWindow)
    model = caller.model

    qtbot.keyClick(caller, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: model.current is not None and model.current.number == "A001", timeout=10_000)
    wait_idle(qtbot, caller)
    qtbot.keyClick(caller, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: model.current is not None and model.current.state is TicketState.SERVING)
    wait_idle(qtbot, caller)

    # Numpad like the hall keypad: + calls next (finishing A001), then 6 Enter marks A002 absent.
    qtbot.keyClick(caller, Qt.Key.Key_Plus, Qt.KeyboardModifier.KeypadModifier)
    qtbot.waitUntil(lambda: model.current is not None and model.current.number == "A002", timeout=10_000)
    wait_idle(qtbot, caller)
    qtbot.keyClick(caller, Qt.Key.Key_6, Qt.KeyboardModifier.KeypadModifier)
    qtbot.keyClick(caller, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.waitUntil(lambda: model.current is None, timeout=10_000)
    assert kiosk.hall().windows[0].serving is None


def test_window_3s_clerk_cannot_act_on_window_4(
    qtbot: QtBot, make_caller: MakeCaller, caller_hall: object, kiosk: HallApi
) -> None:
    from caller.actions import ActionRequest, perform
    from client.errors import ApiError
    from tests.support.live import LiveHall

    assert isinstance(caller_hall, LiveHall)
    kiosk.issue_ticket("SVC_C")
    with HallApi(caller_hall.url) as clerk:
        clerk.token = clerk.login("1001", "1111", 3).token
        with pytest.raises(ApiError) as caught:
            perform(clerk, 4, ActionRequest(A.CALL_NEXT))
    assert caught.value.status == 403 and "无权操作 4 号窗口" in caught.value.message

    # The same refusal on screen: a window-4 caller holding window 3's token says why, and changes nothing.
    window4 = make_caller(4, token=clerk.token, device_login=True)
    with HallApi(caller_hall.url) as opener:
        opener.token = opener.login("1002", "2222", 4).token  # window 4 open, so only the token is wrong
    qtbot.waitUntil(lambda: window4.model.window is not None and window4.model.window.status == "open")
    window4.buttons[A.CALL_NEXT].click()
    qtbot.waitUntil(lambda: "无权操作 4 号窗口" in window4.message_line.text(), timeout=10_000)
    assert kiosk.hall().windows[3].serving is None


def test_a_caller_started_after_tickets_were_issued_lists_them_in_call_order(
    qtbot: QtBot, make_caller: MakeCaller, caller_hall: LiveHall, kiosk: HallApi
) -> None:
    kiosk.issue_ticket("SVC_B", holder_id="13800000001")
    kiosk.issue_ticket("SVC_A")
    kiosk.issue_ticket("SVC_A")
    kiosk.issue_ticket("SVC_C")  # not a service of window 1
    kiosk.issue_ticket("SVC_B", holder_id="13800000002", channel="green")
    with HallApi(caller_hall.url) as earlier:  # the morning's clerk, before this caller was started
        earlier.token = earlier.login("1001", "1111", 1).token
        earlier.call_next(1)  # B0002, the green channel first
        earlier.hold(1)
        earlier.call_next(1)  # A001
        earlier.finish(1)

    caller = make_caller(1)
    login(qtbot, caller)
    model = caller.model
    # Window 1 offers A before B; the held ticket comes after the queue, to be called back by choice.
    qtbot.waitUntil(lambda: waiting_rows(caller) == ["A002", "B0001", "B0002"], timeout=10_000)
    assert "已挂起" in caller.waiting_panel.list.item(2).text()
    assert "等候 2 人" in caller.waiting_panel.heading.text()
    assert model.waiting.latest_held() is not None and model.waiting.latest_held().number == "B0002"  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: model.figures is not None and model.figures.served == 1)  # A001, before the start
    assert "已办结 1 件" in caller.findChild(type(caller.message_line), "figures").text()

    # Another window calling one of these takes it off this list; a new ticket joins it in its place.
    with HallApi(caller_hall.url) as window2:
        window2.token = window2.login("1002", "2222", 2).token
        window2.call_next(2)  # B0001: window 2 offers B first
    qtbot.waitUntil(lambda: waiting_rows(caller) == ["A002", "B0002"], timeout=10_000)
    kiosk.issue_ticket("SVC_A")
    qtbot.waitUntil(lambda: waiting_rows(caller) == ["A002", "A003", "B0002"], timeout=10_000)

    # The list is the order call-next takes: its first row is what 叫号 calls.
    caller.buttons[A.CALL_NEXT].click()
    wait_idle(qtbot, caller)
    qtbot.waitUntil(lambda: model.current is not None and model.current.number == "A002")
    qtbot.waitUntil(lambda: waiting_rows(caller) == ["A003", "B0002"], timeout=10_000)
