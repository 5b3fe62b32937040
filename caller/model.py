"""CallerModel: one window as its clerk sees it, and the rules of the clerk's actions. Plain Python: no Qt, no I/O.

The controller (`controller.CallerController`) feeds it facts — the hall and its events, the server's
answers, the window's list and figures, a network blink — and carries out the `Effects` each fact returns
(send the pending action, read the window or the list again, try again later, beep the keypad, say a
sentence). Views read it. Time comes from an injected clock, so the wait shown for a ticket is tested
without waiting.

Network blinks. An action whose answer does not arrive (server down, cable out) stays *pending*: the
controller asks `GET /hall` every `retry_ms` until the server answers, and `reconcile` judges from the
window's state whether the action took effect (`actions.reconcile`). Applied → done, shown as confirmed; not
applied → sent again, which cannot double it because the window still looks as it did when the clerk
pressed. Recall and rating requests are never resent (a second one is heard twice): the clerk is told
instead. A 401 means the server refused before acting, so the action waits for the clerk's PIN and is then
sent again. While an action is pending the other buttons are disabled, so nothing is stacked on an unknown
state; Esc drops an action that has not reached the server yet.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from client.errors import ApiError
from client.state import StateChange
from jiaohao.domain.tickets import TicketState
from jiaohao.wire.events import (
    TicketCalled,
    TicketEvent,
    TicketFinished,
    TicketHeld,
    TicketNoShow,
    TicketServing,
    TicketTransferred,
    WindowUpdated,
)
from jiaohao.wire.models import HallOut, LoginOut, QueueEntry, ServiceOut, WindowOut, WindowTicketOut, WindowToday

from .actions import (
    PAUSE_REASONS,
    ActionRequest,
    Answer,
    CallerAction,
    Outcome,
    WindowFacts,
    enabled_actions,
    reconcile,
)
from .tracking import CurrentTicket, WaitingList, concerns_window, service_of

__all__ = ["CTX", "CallerModel", "Effects", "Notice", "Pending"]

log = logging.getLogger(__name__)
CTX = "CallerModel"  # the translation context of the model's sentences (the views translate them)
_ENDING = (TicketFinished, TicketNoShow, TicketHeld, TicketTransferred)


def say(text: str) -> str:
    """Marks a sentence of context CTX; `controller.notice_text` translates it (the model has no Qt, so no tr())."""
    return text


@dataclass(frozen=True)
class Notice:
    """A sentence for the clerk: `text` is a source string of `context`; `action`, an action's label (itself
    a CallerModel string), fills `{action}`. A server refusal comes in context "ApiError", as the server said."""

    text: str
    is_error: bool
    context: str = CTX
    action: str | None = None

    @classmethod
    def of(cls, err: ApiError) -> Notice:
        return cls(err.message, True, "ApiError")


@dataclass(frozen=True)
class Effects:
    """What the controller does after the model took in a fact."""

    notice: Notice | None = None
    send: bool = False  # send the pending action (again)
    read_window: bool = False  # ask the server for the window now
    read_lists: bool = False  # read the waiting list and today's figures again
    retry_later: bool = False  # ask again after a while whether the server is back
    check_now: bool = False  # the server is back: judge the uncertain pending action now
    beep: str | None = None  # a number was called or recalled here: the keypad beeps once


@dataclass(frozen=True)
class Pending:
    request: ActionRequest
    before: WindowFacts
    in_flight: bool = False
    uncertain: bool = False  # sent, and no answer came: the server may or may not have done it
    needs_pin: bool = False


Listener = Callable[[], object]


class CallerModel:
    def __init__(self, window: int, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.number = window
        self.clock = clock
        self.hall: HallOut | None = None
        self.login_info: LoginOut | None = None
        self.window: WindowOut | None = None
        self.current: CurrentTicket | None = None
        self.waiting = WaitingList(window)
        self.figures: WindowToday | None = None
        self.pending: Pending | None = None
        self.stream_online = False  # the live event stream is open (not yet, at start)
        self.server_reachable = True  # the last request's view
        self._announced: set[tuple[int | None, str, int]] = set()
        self._listeners: list[Listener] = []

    # --- subscription ---------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # --- what views read ------------------------------------------------------------------------------

    @property
    def online(self) -> bool:
        return self.stream_online and self.server_reachable

    @property
    def logged_in(self) -> bool:
        return self.login_info is not None

    @property
    def paused(self) -> bool:
        return self.window is not None and self.window.status == "paused"

    def enabled(self) -> frozenset[CallerAction]:
        if not self.logged_in or self.pending is not None:
            return frozenset()
        state = self.current.state if self.current is not None else None
        return enabled_actions(self.window.status if self.window else None, state)

    def pause_reasons(self) -> list[str]:
        """The hall file's reasons (`[hall] pause_reasons`, sent in the hall), else the usual ones."""
        if self.hall is not None and self.hall.pause_reasons:
            return list(self.hall.pause_reasons)
        return list(PAUSE_REASONS)

    def services(self) -> list[ServiceOut]:
        """This window's services in its priority order, as the hall describes them."""
        if self.hall is None or self.window is None:
            return []
        by_code = {s.code: s for s in self.hall.services}
        return [by_code[c] for c in self.window.services if c in by_code]

    def checklist(self) -> list[str]:
        if self.current is None or self.hall is None:
            return []
        service = next((s for s in self.hall.services if s.code == self.current.service), None)
        return list(service.checklist) if service else []

    # --- login ----------------------------------------------------------------------------------------

    def logged_in_as(self, answer: LoginOut) -> Effects:
        """A login (or a PIN typed again) succeeded: read the window; an action held for the PIN goes now."""
        self.login_info = answer
        self.server_reachable = True
        send = False
        if self.pending is not None and self.pending.needs_pin:
            self.pending = replace(self.pending, needs_pin=False)
            send = True  # a 401 is refused before acting: sending again is safe
        self.changed()
        return Effects(send=send, read_window=True, read_lists=True)

    def device_login(self, token: str, name: str) -> Effects:
        """Act with the caller device token, without a clerk's login (demo, keypad-only PCs); `name` is what
        the header shows instead of a clerk's."""
        login = LoginOut(token=token, staff_no="", staff_name=name, role="staff", window=self.number,
                         expires_at=self.clock())
        return self.logged_in_as(login)

    def logged_out(self) -> None:
        self.login_info = None
        self.pending = None
        self.lists_cleared()

    def needs_pin(self) -> bool:
        """The server refused the token: ask the PIN again, unless this is the login screen's own refusal."""
        return self.login_info is not None

    # --- actions --------------------------------------------------------------------------------------

    def press(self, request: ActionRequest) -> Effects:
        """A button, shortcut or keypad key: sent, or refused with a sentence saying why."""
        if self.pending is not None:
            return Effects(Notice(say("上一个操作尚未完成，请稍候"), True))
        if request.action is CallerAction.PAUSE and self.current is not None and not self.paused:
            return Effects(Notice(say("{action} 号已叫到本窗口：请先办结、过号、挂起或转移，再暂停服务"), True,
                                  action=self.current.number))
        if request.action not in self.enabled():
            return Effects(Notice(say("现在不能{action}"), True, action=request.label))
        self.pending = Pending(request, WindowFacts.of(self.window))
        self.changed()
        return Effects(send=True)

    def sending(self) -> ActionRequest:
        """The pending action is on its way: nothing may drop it now."""
        assert self.pending is not None
        self.pending = replace(self.pending, in_flight=True)
        return self.pending.request

    def cancel_pending(self) -> Effects | None:
        """Esc: drop a pending action that is not on its way to the server; None when there is none."""
        if self.pending is None or self.pending.in_flight:
            return None
        label = self.pending.request.label
        self.pending = None
        self.changed()
        return Effects(Notice(say("已取消：{action}"), False, action=label), read_window=True)

    def answered(self, answer: Answer) -> Effects:
        """The server answered the action in flight."""
        pending, self.pending = self.pending, None
        self.server_reachable = True
        notice: Notice | None = None
        beep: str | None = None
        read_window = False
        if pending is not None:
            request = pending.request
            if isinstance(answer, WindowTicketOut):
                beep = self._take_ticket(request, answer)
            elif isinstance(answer, WindowOut):
                self._set_window(answer)
            elif answer is None and request.action is CallerAction.CALL_NEXT:
                read_window = True  # 204 after finishing the current ticket: the window is now empty
            if pending.uncertain:
                notice = Notice(say("网络已恢复，{action}已完成"), False, action=request.label)
            elif answer is None and request.action is CallerAction.CALL_NEXT:
                notice = Notice(say("当前没有等候的号"), False)
        self.changed()
        return Effects(notice, read_window=read_window, read_lists=True, beep=beep)

    def refused(self, err: ApiError) -> Effects:
        """The action in flight failed: a blink waits for the server, a 401 for the PIN, a refusal is said."""
        if self.pending is None:
            return Effects()
        effects = Effects()
        if err.is_network:
            self.server_reachable = False
            self.pending = replace(self.pending, in_flight=False, uncertain=True)
            effects = Effects(retry_later=True)
        elif err.is_unauthorized:
            self.pending = replace(self.pending, in_flight=False, needs_pin=True)
        else:
            self.pending = None
            # The server's view of the window differs from ours: show its truth.
            effects = Effects(Notice.of(err), read_window=True, read_lists=True)
        self.changed()
        return effects

    def waiting_for_server(self) -> bool:
        """Whether an uncertain action is waiting to be judged (the controller then asks for the hall)."""
        return self.pending is not None and not self.pending.in_flight

    def still_offline(self, err: ApiError) -> Effects:
        if err.is_network:
            return Effects(retry_later=True)
        if self.pending is not None:  # the server answers, but not with the hall: say so, keep the action
            return Effects(Notice.of(err), retry_later=True)
        return Effects()

    def judge_after_blink(self, hall: HallOut) -> Effects:
        """The server is back: did the uncertain action take effect, judging by the window now?"""
        self.server_reachable = True
        window = next((w for w in hall.windows if w.number == self.number), None)
        pending = self.pending
        if pending is None or window is None:
            return Effects()
        self._set_window(window)
        outcome = reconcile(pending.request, pending.before, window)
        log.info("window %d: %s after a blink: %s", self.number, pending.request.action.value, outcome.value)
        label = pending.request.label
        if outcome is Outcome.NOT_APPLIED:
            effects = Effects(send=True)
        else:
            self.pending = None
            if outcome is Outcome.APPLIED:
                notice = Notice(say("网络已恢复，{action}已完成"), False, action=label)
            else:
                notice = Notice(say("网络中断，无法确认{action}是否完成，需要时请再按一次"), True, action=label)
            effects = Effects(notice, read_lists=True)
        self.changed()
        return effects

    # --- the connection and the server's reads --------------------------------------------------------

    def stream_connected(self) -> None:
        self.stream_online = True
        self.changed()

    def stream_lost(self) -> None:
        self.stream_online = False
        self.changed()

    def stream_restored(self) -> Effects:
        self.stream_online = True
        check = self.pending is not None and self.pending.uncertain and not self.pending.in_flight
        self.changed()
        return Effects(read_lists=True, check_now=check)

    def window_read(self, hall: HallOut) -> None:
        """The server's window, read after a login or a refusal."""
        self.server_reachable = True
        window = next((w for w in hall.windows if w.number == self.number), None)
        if window is not None:
            self._set_window(window)
            self.changed()

    def request_failed(self, err: ApiError) -> Effects:
        """A read or a login/logout failed: say it; a blink also shows on the connection badge."""
        if err.is_network:
            self.server_reachable = False
            self.changed()
        return Effects(Notice.of(err))

    def lists_arrived(self, entries: list[QueueEntry], figures: WindowToday) -> None:
        self.waiting.replace(entries)
        self.figures = figures
        self.changed()

    def lists_cleared(self) -> None:
        """Logged out: nothing of the last clerk's to show."""
        self.waiting.tickets = []
        self.figures = None
        self.changed()

    # --- keeping the window and its ticket ------------------------------------------------------------

    def _take_ticket(self, request: ActionRequest, answer: WindowTicketOut) -> str | None:
        ticket = answer.ticket
        self._set_window(answer.window)
        if ticket is not None and answer.window.serving != ticket.number:
            self._announced = {key for key in self._announced if key[0] != ticket.id}
        if ticket is None or answer.window.serving != ticket.number:
            return None
        current = CurrentTicket.of(ticket, self.current, self.clock())
        if current.id in self.waiting.transferred_ids:
            current = replace(current, transferred=True)
        self.current = current
        if request.action in (CallerAction.CALL_NEXT, CallerAction.CALL_NUMBER, CallerAction.RECALL):
            return self._announce(ticket.id, ticket.number, ticket.recall)
        return None

    def _set_window(self, window: WindowOut) -> None:
        self.window = window
        if window.serving is None:
            self.current = None
        elif self.current is None or self.current.number != window.serving:
            service = service_of(window.serving, self.hall.services if self.hall else [])
            self.current = CurrentTicket(
                number=window.serving,
                state=TicketState(window.serving_state or "called"),
                service=service.code if service else None,
                service_name=service.name if service else None,
                called_at=window.called_at,
            )
        elif window.serving_state is not None:
            self.current = replace(self.current, state=TicketState(window.serving_state))

    def _window_in(self, hall: HallOut | None) -> WindowOut | None:
        return next((w for w in hall.windows if w.number == self.number), None) if hall is not None else None

    def hall_changed(self, hall: HallOut | None, change: StateChange) -> Effects:
        """The hall as the live stream keeps it, after a snapshot or one event."""
        self.hall = hall
        event = change.event
        if event is None:  # snapshot
            window = self._window_in(hall)
            if window is not None:
                self._set_window(window)
            self.changed()
            return Effects(read_lists=True)  # back after a gap: what happened meanwhile is in the server's list
        beep: str | None = None
        data = event.data
        here = isinstance(data, TicketEvent) and data.window == self.number
        if isinstance(data, TicketCalled) and here:
            previous = self.current if self.current is not None and self.current.id == data.id else None
            self.current = CurrentTicket(
                number=data.number,
                state=TicketState.CALLED,
                id=data.id,
                service=data.service,
                service_name=data.service_name,
                channel=data.channel,
                issued_at=previous.issued_at if previous else self.waiting.issued_at(data.id),
                called_at=previous.called_at if previous and previous.called_at else event.at,
                recall=data.recall,
                transferred=data.id in self.waiting.transferred_ids,
            )
            beep = self._announce(data.id, data.number, data.recall)
        elif isinstance(data, TicketServing) and here and self.current is not None:
            if self.current.id == data.id or self.current.number == data.number:
                self.current = replace(self.current, state=TicketState.SERVING)
        elif isinstance(data, _ENDING) and self.current is not None and self.current.id == data.id:
            self.current = None
        if isinstance(data, _ENDING):
            # Called back later (held, no-show), its recall count starts at 0 again: it must beep again.
            self._announced = {key for key in self._announced if key[0] != data.id}
        elif isinstance(data, WindowUpdated) and data.number == self.number:
            window = self._window_in(hall)
            if window is not None:
                self._set_window(window)
        self.waiting.note(event)
        services = self.window.services if self.window is not None else []
        stale = concerns_window(event, self.number, services, self.waiting.ids())
        self.changed()
        return Effects(read_lists=stale, beep=beep)

    def _announce(self, ticket_id: int | None, number: str, recall: int) -> str | None:
        """Beep once per call or recall, whether its answer or its event arrives first."""
        key = (ticket_id, number, recall)
        if key in self._announced:
            return None
        self._announced.add(key)
        return number
