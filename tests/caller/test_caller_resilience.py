"""Network blinks and expired tokens: nothing the clerk pressed is lost or done twice, the ticket stays."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from caller.actions import CallerAction as A
from client.api import HallApi
from jiaohao.domain.tickets import TicketState
from tests.caller.caller_helpers import MakeCaller, enabled, finish, login, wait_idle
from tests.support.live import LiveHall

pytestmark = pytest.mark.slow


def _serving(qtbot: QtBot, caller_window: object, kiosk: HallApi) -> None:
    from caller.views import CallerWindow

    assert isinstance(caller_window, CallerWindow)
    kiosk.issue_ticket("SVC_A")
    caller_window.buttons[A.CALL_NEXT].click()
    wait_idle(qtbot, caller_window)
    caller_window.buttons[A.START].click()
    wait_idle(qtbot, caller_window)
    model = caller_window.model
    qtbot.waitUntil(lambda: model.current is not None and model.current.state is TicketState.SERVING)


def test_finish_during_a_server_outage_is_done_once_when_it_returns(
    qtbot: QtBot, make_caller: MakeCaller, caller_hall: LiveHall, kiosk: HallApi
) -> None:
    caller = make_caller(1)
    login(qtbot, caller)
    _serving(qtbot, caller, kiosk)
    model = caller.model

    caller_hall.server.stop()
    finish(qtbot, caller, settle=False)
    qtbot.waitUntil(lambda: model.pending is not None and model.pending.uncertain, timeout=10_000)
    # The clerk sees it is waiting, the connection is shown as down, and nothing else can be stacked on it.
    assert "办结" in caller.pending_line.text() and "不会重复" in caller.pending_line.text()
    qtbot.waitUntil(lambda: "网络断开" in caller.connection_badge.text(), timeout=10_000)
    assert enabled(caller) == set()
    assert model.current is not None and model.current.number == "A001"

    caller_hall.restart()
    qtbot.waitUntil(lambda: model.pending is None, timeout=20_000)
    qtbot.waitUntil(lambda: model.current is None and "已连接" in caller.connection_badge.text(), timeout=10_000)
    assert "办结已完成" in caller.message_line.text()
    assert caller_hall.count_events("ticket.finished") == 1
    assert kiosk.hall().windows[0].serving is None
    qtbot.waitUntil(lambda: enabled(caller) == {A.CALL_NEXT, A.PAUSE, A.REQUEST_RATING})


def test_a_call_whose_answer_was_lost_is_not_called_twice(
    qtbot: QtBot, make_caller: MakeCaller, caller_hall: LiveHall, kiosk: HallApi
) -> None:
    """The server did the call but the answer never came: the check after the blink sees it, no second call."""
    from caller.actions import ActionRequest, WindowFacts
    from caller.model import Pending

    caller = make_caller(1)
    login(qtbot, caller)
    kiosk.issue_ticket("SVC_A")
    kiosk.issue_ticket("SVC_A")
    model = caller.model
    before = WindowFacts.of(model.window)
    with HallApi(caller_hall.url, caller.controller.connection.api.api.token) as side:
        side.call_next(1)  # reaches the server ...
    model.pending = Pending(ActionRequest(A.CALL_NEXT), before, uncertain=True)  # ... its answer does not
    caller.controller.check_after_blink()
    qtbot.waitUntil(lambda: model.pending is None, timeout=10_000)
    qtbot.waitUntil(lambda: model.current is not None and model.current.number == "A001")
    assert caller_hall.count_events("ticket.called") == 1


def test_an_expired_token_asks_for_the_pin_and_keeps_the_ticket(
    qtbot: QtBot, make_caller: MakeCaller, caller_hall: LiveHall, kiosk: HallApi
) -> None:
    from caller.views.login import PinDialog

    caller = make_caller(1)
    login(qtbot, caller)
    _serving(qtbot, caller, kiosk)
    model = caller.model
    # Another login at this window revokes the caller's session: the server answers 401 as for an expired one.
    with HallApi(caller_hall.url) as other:
        other.login("1001", "1111", 1)

    finish(qtbot, caller, settle=False)
    qtbot.waitUntil(lambda: caller.findChild(PinDialog) is not None and caller.findChild(PinDialog).isVisible())
    dialog = caller.findChild(PinDialog)
    assert model.current is not None and model.current.number == "A001"
    assert caller.ticket_panel.number.text() == "A001"
    assert "等待重新输入密码" in caller.pending_line.text()

    dialog.pin.setText("1111")
    dialog.ok.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: model.pending is None and model.current is None, timeout=10_000)
    assert caller_hall.count_events("ticket.finished") == 1
