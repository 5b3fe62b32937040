"""CallerModel without Qt, a server or a screen: what the clerk may press, what is said, what is sent again
after a blink, and when the keypad beeps — facts in, `Effects` out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from caller.actions import PAUSE_REASONS, ActionRequest, CallerAction
from caller.model import CallerModel, Effects, Notice
from client.errors import ApiError
from client.state import StateChange
from jiaohao.wire.models import (
    HallOut,
    LoginOut,
    ServiceOut,
    TicketPosition,
    WindowOut,
    WindowTicketOut,
    WindowToday,
)
from tests.support.events import event

A = CallerAction
T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
NETWORK = ApiError("network", "无法连接服务器", 0)


def window(status: str = "open", serving: str | None = None, state: str | None = None) -> WindowOut:
    return WindowOut(
        number=1, name="1号窗口", kind="综合", services=["SVC_A"], status=status, serving=serving, serving_state=state
    )


def hall(win: WindowOut) -> HallOut:
    service = ServiceOut(
        code="SVC_A", name="业务A", prefix="A", waiting=1, est_wait_min=5, open=True, issued_today=1,
        daily_cap=None, hours="全天", checklist=["身份证原件"],
    )  # fmt: skip
    return HallOut(
        id="h", name="大厅", business_day=date(2026, 3, 2), now=T0, seq=1, notice="", reminders=[],
        services=[service], windows=[win],
    )  # fmt: skip


def ticket(number: str = "A001", state: str = "called", recall: int = 0) -> TicketPosition:
    return TicketPosition.model_validate(
        {
            "id": 7, "number": number, "service": "SVC_A", "service_name": "业务A", "channel": "normal",
            "state": state, "issued_at": T0 - timedelta(minutes=12), "waiting_ahead": 0, "est_wait_min": 0,
            "recall": recall,
        }
    )  # fmt: skip


def logged_in_model() -> tuple[CallerModel, list[str]]:
    """A model for window 1 with a clerk logged in at an open, empty window; and the list of its changes."""
    model = CallerModel(1, clock=lambda: T0)
    assert not model.online  # until the live stream opens
    model.stream_connected()
    changes: list[str] = []
    model.subscribe(lambda: changes.append("changed"))
    login = LoginOut(token="t", staff_no="1001", staff_name="王芳", role="staff", window=1, expires_at=T0)
    assert model.logged_in_as(login) == Effects(read_window=True, read_lists=True)
    assert model.hall_changed(hall(window()), StateChange(1, None)) == Effects(read_lists=True)  # the snapshot
    assert model.window is not None and model.window.status == "open"
    return model, changes


def test_nothing_can_be_pressed_before_login_and_the_refusal_says_so() -> None:
    model = CallerModel(1, clock=lambda: T0)
    assert model.enabled() == frozenset()
    effects = model.press(ActionRequest(A.CALL_NEXT))
    assert effects == Effects(Notice("现在不能{action}", True, action="叫号"))
    assert model.pending is None


def test_a_press_is_pending_until_answered_and_blocks_the_other_buttons() -> None:
    model, changes = logged_in_model()
    assert model.enabled() == {A.CALL_NEXT, A.CALL_NUMBER, A.PAUSE, A.REQUEST_RATING}
    assert model.press(ActionRequest(A.CALL_NEXT)) == Effects(send=True)
    assert model.sending() == ActionRequest(A.CALL_NEXT)
    assert model.enabled() == frozenset()
    assert model.press(ActionRequest(A.PAUSE, reason="午休")).notice == Notice("上一个操作尚未完成，请稍候", True)
    assert model.cancel_pending() is None  # on its way: Esc cannot take it back

    answer = WindowTicketOut(window=window(serving="A001", state="called"), ticket=ticket())
    effects = model.answered(answer)
    assert effects == Effects(read_lists=True, beep="A001")
    assert model.current is not None and model.current.number == "A001"
    assert model.current.waited_min(T0) == 12
    assert model.checklist() == ["身份证原件"]
    assert A.RECALL in model.enabled() and changes
    # Pausing now would leave A001 walking to a closed window: refused, saying what to do first.
    assert A.PAUSE not in model.enabled()
    refused = model.press(ActionRequest(A.PAUSE, reason="午休"))
    settle_first = "{action} 号已叫到本窗口：请先办结、过号、挂起或转移，再暂停服务"
    assert refused == Effects(Notice(settle_first, True, action="A001"))
    assert model.pending is None


def test_a_call_beeps_once_whether_its_answer_or_its_event_comes_first() -> None:
    model, _ = logged_in_model()
    model.press(ActionRequest(A.CALL_NEXT))
    model.sending()
    called = event(2, "ticket.called", T0, {"id": 7, "number": "A001", "window": 1, "recall": 0})
    serving = window(serving="A001", state="called")
    assert model.hall_changed(hall(serving), StateChange(2, called)).beep == "A001"
    assert model.answered(WindowTicketOut(window=serving, ticket=ticket())).beep is None
    recall = event(3, "ticket.called", T0, {"id": 7, "number": "A001", "window": 1, "recall": 1})
    assert model.hall_changed(hall(serving), StateChange(3, recall)).beep == "A001"  # a recall is a new call


def test_an_action_lost_in_a_blink_is_judged_by_the_window_and_never_done_twice() -> None:
    model, _ = logged_in_model()
    model.answered(None)  # (nothing pending: an empty answer changes nothing but the list)
    model.window_read(hall(window(serving="A001", state="serving")))
    model.press(ActionRequest(A.FINISH))
    model.sending()
    assert model.refused(NETWORK) == Effects(retry_later=True)
    assert model.pending is not None and model.pending.uncertain and not model.online
    assert model.waiting_for_server()

    # The server is back and still shows A001: the finish never arrived, so it is sent again.
    assert model.judge_after_blink(hall(window(serving="A001", state="serving"))) == Effects(send=True)
    model.sending()
    model.refused(NETWORK)
    # This time it arrived but its answer was lost: the window is empty, so it is confirmed, not resent.
    effects = model.judge_after_blink(hall(window()))
    assert effects == Effects(Notice("网络已恢复，{action}已完成", False, action="办结"), read_lists=True)
    assert model.pending is None and model.current is None and model.online


def test_a_recall_lost_in_a_blink_is_not_resent_and_the_clerk_is_told() -> None:
    model, _ = logged_in_model()
    model.window_read(hall(window(serving="A001", state="called")))
    model.press(ActionRequest(A.RECALL))
    model.sending()
    model.refused(NETWORK)
    effects = model.judge_after_blink(hall(window(serving="A001", state="called")))
    assert effects.notice == Notice("网络中断，无法确认{action}是否完成，需要时请再按一次", True, action="重呼")
    assert not effects.send and model.pending is None


def test_an_expired_login_keeps_the_action_for_the_pin_and_sends_it_after() -> None:
    model, _ = logged_in_model()
    model.window_read(hall(window(serving="A001", state="serving")))
    model.press(ActionRequest(A.FINISH))
    model.sending()
    assert model.needs_pin()
    assert model.refused(ApiError("unauthorized", "登录已过期", 401)) == Effects()
    assert model.pending is not None and model.pending.needs_pin
    assert model.current is not None and model.current.number == "A001"  # the ticket stays on screen
    login = LoginOut(token="t2", staff_no="1001", staff_name="王芳", role="staff", window=1, expires_at=T0)
    assert model.logged_in_as(login).send


def test_a_refusal_is_said_in_the_servers_words_and_the_window_is_read_again() -> None:
    model, _ = logged_in_model()
    model.press(ActionRequest(A.CALL_NEXT))
    model.sending()
    effects = model.refused(ApiError("window_paused", "窗口已暂停", 409))
    assert effects == Effects(Notice("窗口已暂停", True, "ApiError"), read_window=True, read_lists=True)
    assert model.pending is None


def test_logging_out_forgets_the_list_and_figures() -> None:
    model, _ = logged_in_model()
    figures = WindowToday.model_validate(
        {"window": 1, "served": 3, "no_shows": 1, "avg_handle_min": 7.5, "rated": 2, "good": 2, "good_rate": 1.0}
    )  # fmt: skip
    model.lists_arrived([], figures)
    assert model.figures is not None and model.figures.served == 3
    model.logged_out()
    assert model.figures is None and not model.logged_in and model.enabled() == frozenset()


def test_pause_reasons_are_the_hall_files_else_the_usual_ones() -> None:
    model, _ = logged_in_model()
    assert model.pause_reasons() == list(PAUSE_REASONS)  # a hall sent without any (an older server)
    assert model.hall is not None
    model.hall = model.hall.model_copy(update={"pause_reasons": ["窗口设备维护", "政策学习"]})
    assert model.pause_reasons() == ["窗口设备维护", "政策学习"]
