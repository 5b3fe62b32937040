"""CallerModel: one window's state and the clerk's actions, for the caller's views and its keypad.

No widgets: views receive this model and listen to `changed`; the keypad link calls `press()` like a button.
Every server call goes through the connection's `QtHallApi` (one worker thread, so a window's actions reach
the server in the order pressed) and answers arrive on the UI thread.

Network blinks. An action whose answer does not arrive (server down, cable out) stays *pending*: the model
asks `GET /hall` every `retry_ms` until the server answers, then judges from the window's state whether the
action took effect (`actions.reconcile`). Applied → done, shown as confirmed; not applied → sent again, which
cannot double it because the window still looks as it did when the clerk pressed. Recall and rating requests
are never resent (a second one is heard twice): the clerk is told instead. A 401 means the server refused
before acting, so the action waits for the clerk's PIN and is then sent again. While an action is pending the
other buttons are disabled, so nothing is stacked on an unknown state; Esc drops an action that has not
reached the server yet.

The waiting list and today's figures are the server's (`WindowLists`), read again after each action and when an
event concerns this window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import HallApi
from client.connection import HallConnection
from client.errors import ApiError
from client.i18n import tr, tr_error
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
from jiaohao.wire.models import HallOut, LoginOut, ServiceOut, WindowOut, WindowTicketOut, WindowToday

from .actions import ActionRequest, Answer, CallerAction, Outcome, WindowFacts, enabled_actions, perform, reconcile
from .lists import WindowLists
from .tracking import CurrentTicket, WaitingList, concerns_window, service_of

__all__ = ["CallerModel", "Pending"]

log = logging.getLogger(__name__)
CTX = "CallerModel"
_ENDING = (TicketFinished, TicketNoShow, TicketHeld, TicketTransferred)


@dataclass(frozen=True)
class Pending:
    request: ActionRequest
    before: WindowFacts
    in_flight: bool = False
    uncertain: bool = False  # sent, and no answer came: the server may or may not have done it
    needs_pin: bool = False


class CallerModel(QObject):
    changed = Signal()  # window, ticket, list, figures, pending or login changed: views re-read the model
    message = Signal(str, bool)  # a sentence for the clerk, True when it is an error
    pinRequired = Signal(str)  # the token expired or was revoked: ask the PIN again (reason)
    loggedIn = Signal(object)  # LoginOut
    loggedOut = Signal()
    called = Signal(str)  # a ticket was called or recalled here: beep the keypad

    def __init__(
        self,
        connection: HallConnection,
        window: int,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        retry_ms: int = 1000,
        lists_delay_ms: int = 100,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.connection = connection
        self.number = window
        self.clock = clock
        self.login_info: LoginOut | None = None
        self.window: WindowOut | None = None
        self.current: CurrentTicket | None = None
        self.lists = WindowLists(connection.api, window, delay_ms=lists_delay_ms, parent=self)
        self.lists.changed.connect(self.changed)
        self.pending: Pending | None = None
        self.server_reachable = True
        self._announced: set[tuple[int | None, str, int]] = set()
        self._retry = QTimer(self, singleShot=True, interval=retry_ms)
        self._retry.timeout.connect(self._check_after_blink)
        connection.stateChanged.connect(self._on_state)
        connection.api.unauthorized.connect(self._on_unauthorized)
        connection.connectionLost.connect(self.changed)
        connection.connectionRestored.connect(self._on_restored)

    # --- what views read ----------------------------------------------------------------------------

    @property
    def online(self) -> bool:
        return self.connection.online and self.server_reachable

    @property
    def hall(self) -> HallOut | None:
        return self.connection.state.hall

    @property
    def waiting(self) -> WaitingList:
        return self.lists.waiting

    @property
    def figures(self) -> WindowToday | None:
        return self.lists.figures

    @property
    def logged_in(self) -> bool:
        return self.login_info is not None

    def enabled(self) -> frozenset[CallerAction]:
        if not self.logged_in or self.pending is not None:
            return frozenset()
        state = self.current.state if self.current is not None else None
        return enabled_actions(self.window.status if self.window else None, state)

    def services(self) -> list[ServiceOut]:
        """This window's services in its priority order, as the hall describes them."""
        hall = self.hall
        if hall is None or self.window is None:
            return []
        by_code = {s.code: s for s in hall.services}
        return [by_code[c] for c in self.window.services if c in by_code]

    def checklist(self) -> list[str]:
        if self.current is None or self.hall is None:
            return []
        service = next((s for s in self.hall.services if s.code == self.current.service), None)
        return list(service.checklist) if service else []

    # --- login --------------------------------------------------------------------------------------

    def login(self, staff_no: str, pin: str) -> None:
        window = self.number

        def call(api: HallApi) -> LoginOut:
            answer = api.login(staff_no, pin, window)
            api.token = answer.token  # on the worker thread, so every later call in the queue carries it
            return answer

        self.connection.api.submit(call, self._logged_in, self._login_failed)

    def use_device_token(self) -> None:
        """Act with the configured caller device token, without a clerk's login (demo, keypad-only PCs)."""
        self.login_info = LoginOut(
            token=self.connection.settings.token or "",
            staff_no="",
            staff_name=tr(CTX, "叫号设备"),
            role="staff",
            window=self.number,
            expires_at=self.clock(),
        )
        self.refresh()
        self.lists.start()
        self.loggedIn.emit(self.login_info)
        self.changed.emit()

    def logout(self) -> None:
        def done(_: object) -> None:
            self.login_info = None
            self.pending = None
            self.lists.stop()
            self.loggedOut.emit()
            self.changed.emit()

        self.connection.api.submit(lambda api: api.logout(), done, self._show_error)

    def _logged_in(self, answer: LoginOut) -> None:
        self.login_info = answer
        self.server_reachable = True
        self.loggedIn.emit(answer)
        self.refresh()
        self.lists.start()
        if self.pending is not None and self.pending.needs_pin:
            self.pending = replace(self.pending, needs_pin=False)
            self._send()  # a 401 is refused before acting: sending again is safe
        self.changed.emit()

    def _login_failed(self, err: ApiError) -> None:
        self.message.emit(tr_error(err), True)

    def _on_unauthorized(self, err: ApiError) -> None:
        if self.login_info is None:
            return  # a wrong PIN at the login screen: `_login_failed` says so
        self.pinRequired.emit(tr_error(err))

    # --- actions ------------------------------------------------------------------------------------

    def press(self, request: ActionRequest) -> bool:
        """A button, shortcut or keypad key. False (with a message) when it cannot be done now."""
        if self.pending is not None:
            self.message.emit(tr(CTX, "上一个操作尚未完成，请稍候"), True)
            return False
        if request.action not in self.enabled():
            self.message.emit(tr(CTX, "现在不能{action}").format(action=tr(CTX, request.label)), True)
            return False
        self.pending = Pending(request, WindowFacts.of(self.window))
        self._send()
        self.changed.emit()
        return True

    def cancel_pending(self) -> bool:
        """Drop a pending action that is not on its way to the server (Esc)."""
        if self.pending is None or self.pending.in_flight:
            return False
        label = self.pending.request.label
        self.pending = None
        self._retry.stop()
        self.message.emit(tr(CTX, "已取消：{action}").format(action=tr(CTX, label)), False)
        self.refresh()
        self.changed.emit()
        return True

    def _send(self) -> None:
        assert self.pending is not None
        self.pending = replace(self.pending, in_flight=True)
        request, window = self.pending.request, self.number
        self.connection.api.submit(lambda api: perform(api, window, request), self._succeeded, self._failed)

    def _succeeded(self, answer: Answer) -> None:
        pending, self.pending = self.pending, None
        self.server_reachable = True
        if pending is not None:
            self._apply_answer(pending.request, answer)
            if pending.uncertain:
                self.message.emit(
                    tr(CTX, "网络已恢复，{action}已完成").format(action=tr(CTX, pending.request.label)), False
                )
            elif answer is None and pending.request.action is CallerAction.CALL_NEXT:
                self.message.emit(tr(CTX, "当前没有等候的号"), False)
        self.lists.reload()
        self.changed.emit()

    def _failed(self, err: ApiError) -> None:
        if self.pending is None:
            return
        if err.is_network:
            self.server_reachable = False
            self.pending = replace(self.pending, in_flight=False, uncertain=True)
            self._retry.start()
        elif err.is_unauthorized:
            self.pending = replace(self.pending, in_flight=False, needs_pin=True)
        else:
            self.pending = None
            self.message.emit(tr_error(err), True)
            self.refresh()  # the server's view of the window differs from ours: show its truth
            self.lists.reload()
        self.changed.emit()

    def _check_after_blink(self) -> None:
        if self.pending is None or self.pending.in_flight:
            return
        self.connection.api.submit(lambda api: api.hall(), self._reconcile, self._still_offline)

    def _still_offline(self, err: ApiError) -> None:
        if err.is_network:
            self._retry.start()
        elif self.pending is not None:  # the server answers, but not with the hall: say so, keep the action
            self.message.emit(tr_error(err), True)
            self._retry.start()

    def _reconcile(self, hall: HallOut) -> None:
        self.server_reachable = True
        window = next((w for w in hall.windows if w.number == self.number), None)
        pending = self.pending
        if pending is None or window is None:
            return
        self._set_window(window)
        label = tr(CTX, pending.request.label)
        outcome = reconcile(pending.request, pending.before, window)
        log.info("window %d: %s after a blink: %s", self.number, pending.request.action.value, outcome.value)
        if outcome is Outcome.NOT_APPLIED:
            self._send()
        else:
            self.pending = None
            self.lists.reload()
            if outcome is Outcome.APPLIED:
                self.message.emit(tr(CTX, "网络已恢复，{action}已完成").format(action=label), False)
            else:
                self.message.emit(
                    tr(CTX, "网络中断，无法确认{action}是否完成，需要时请再按一次").format(action=label), True
                )
        self.changed.emit()

    def _on_restored(self) -> None:
        self.lists.reload()
        if self.pending is not None and self.pending.uncertain and not self.pending.in_flight:
            self._retry.stop()
            self._check_after_blink()
        self.changed.emit()

    def refresh(self) -> None:
        """Read the window from the server now (after a login or a refusal)."""

        def apply(hall: HallOut) -> None:
            self.server_reachable = True
            window = next((w for w in hall.windows if w.number == self.number), None)
            if window is not None:
                self._set_window(window)
                self.changed.emit()

        self.connection.api.submit(lambda api: api.hall(), apply, self._show_error)

    def close(self) -> None:
        """Before the connection stops: no timer may send anything after its API has shut down."""
        self._retry.stop()
        self.lists.close()

    def _show_error(self, err: ApiError) -> None:
        if err.is_network:
            self.server_reachable = False
            self.changed.emit()
        self.message.emit(tr_error(err), True)

    # --- keeping the window and its ticket ----------------------------------------------------------

    def _apply_answer(self, request: ActionRequest, answer: Answer) -> None:
        if isinstance(answer, WindowTicketOut):
            ticket = answer.ticket
            self._set_window(answer.window)
            if ticket is not None and answer.window.serving != ticket.number:
                self._announced = {key for key in self._announced if key[0] != ticket.id}
            if ticket is not None and answer.window.serving == ticket.number:
                current = CurrentTicket.of(ticket, self.current, self.clock())
                if current.id in self.waiting.transferred_ids:
                    current = replace(current, transferred=True)
                self.current = current
                if request.action in (CallerAction.CALL_NEXT, CallerAction.CALL_NUMBER, CallerAction.RECALL):
                    self._announce(ticket.id, ticket.number, ticket.recall)
        elif isinstance(answer, WindowOut):
            self._set_window(answer)
        elif answer is None and request.action is CallerAction.CALL_NEXT:
            self.refresh()  # 204 after finishing the current ticket: the window is now empty

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

    def _on_state(self, change: StateChange) -> None:
        event = change.event
        if event is None:  # snapshot
            window = self.connection.state.window(self.number)
            if window is not None:
                self._set_window(window)
            self.lists.reload()  # back after a gap: what happened meanwhile is in the server's list
            self.changed.emit()
            return
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
            self._announce(data.id, data.number, data.recall)
        elif isinstance(data, TicketServing) and here and self.current is not None:
            if self.current.id == data.id or self.current.number == data.number:
                self.current = replace(self.current, state=TicketState.SERVING)
        elif isinstance(data, _ENDING) and self.current is not None and self.current.id == data.id:
            self.current = None
        if isinstance(data, _ENDING):
            # Called back later (held, no-show), its recall count starts at 0 again: it must beep again.
            self._announced = {key for key in self._announced if key[0] != data.id}
        elif isinstance(data, WindowUpdated) and data.number == self.number:
            window = self.connection.state.window(self.number)
            if window is not None:
                self._set_window(window)
        self.waiting.note(event)
        services = self.window.services if self.window is not None else []
        if concerns_window(event, self.number, services, self.waiting.ids()):
            self.lists.reload()
        self.changed.emit()

    def _announce(self, ticket_id: int | None, number: str, recall: int) -> None:
        """Beep once per call or recall, whether its answer or its event arrives first."""
        key = (ticket_id, number, recall)
        if key in self._announced:
            return
        self._announced.add(key)
        self.called.emit(number)
