"""CallerController: joins the caller's model to its hall — the connection's API worker and live stream, the
window's list reader, the retry timer — and carries out what the model decides.

Everything here runs on the UI thread and never blocks: every server call goes through the connection's
`QtHallApi` (one worker thread, so a window's actions reach the server in the order pressed) and answers
arrive as queued signals. The model says what to do after each fact (`Effects`); `_carry_out` is the one
place that does it. Views and the keypad act through `press`, `login`, `logout`, `cancel_pending` and listen
to the signals below.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import HallApi
from client.connection import HallConnection
from client.errors import ApiError
from client.i18n import tr
from client.state import StateChange
from jiaohao.wire.models import HallOut, LoginOut, QueueEntry, WindowTicketOut, WindowToday

from .actions import ActionRequest, Answer, perform
from .lists import WindowLists
from .model import CallerModel, Effects, Notice
from .notice_desk import NoticeDesk

__all__ = ["CallerController", "notice_text"]

log = logging.getLogger(__name__)
CTX = "CallerModel"  # the controller's few words belong with the model's sentences


def notice_text(notice: Notice) -> str:
    """A model's sentence in the screen's language."""
    text = tr(notice.context, notice.text)
    return text.format(action=tr(CTX, notice.action)) if notice.action is not None else text


class CallerController(QObject):
    """Signals (UI thread): `changed()` whenever the model changed (views re-read it); `message(str, bool)` a
    sentence for the clerk, True when it is an error; `pinRequired(str)` the token expired or was revoked;
    `loggedIn(LoginOut)`, `loggedOut()`; `called(str)` a ticket was called or recalled here (beep the keypad)."""

    changed = Signal()
    message = Signal(str, bool)
    pinRequired = Signal(str)
    loggedIn = Signal(object)
    loggedOut = Signal()
    called = Signal(str)

    def __init__(
        self,
        model: CallerModel,
        connection: HallConnection,
        *,
        retry_ms: int = 1000,
        lists_delay_ms: int = 100,
        notices: NoticeDesk | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.connection = connection
        self.notices = notices if notices is not None else NoticeDesk(None, parent=self)
        self.notices.said.connect(self.message)
        self.lists = WindowLists(connection.api, model.number, delay_ms=lists_delay_ms, parent=self)
        self.lists.arrived.connect(self._lists_arrived)
        self._unsubscribe = model.subscribe(self.changed.emit)
        self._retry = QTimer(self, singleShot=True, interval=retry_ms)
        self._retry.timeout.connect(self.check_after_blink)
        connection.stateChanged.connect(self._on_state)
        connection.api.unauthorized.connect(self._on_unauthorized)
        connection.events.connected.connect(model.stream_connected)
        connection.connectionLost.connect(model.stream_lost)
        connection.connectionRestored.connect(lambda: self._carry_out(model.stream_restored()))

    # --- what views and the keypad do -----------------------------------------------------------------

    def press(self, request: ActionRequest) -> bool:
        """A button, shortcut or keypad key. False (with a message) when it cannot be done now."""
        effects = self.model.press(request)
        self._carry_out(effects)
        return effects.send

    def cancel_pending(self) -> bool:
        """Drop a pending action that is not on its way to the server (Esc)."""
        effects = self.model.cancel_pending()
        if effects is None:
            return False
        self._retry.stop()
        self._carry_out(effects)
        return True

    def login(self, staff_no: str, pin: str) -> None:
        window = self.model.number

        def call(api: HallApi) -> LoginOut:
            answer = api.login(staff_no, pin, window)
            api.token = answer.token  # on the worker thread, so every later call in the queue carries it
            return answer

        self.connection.api.submit(call, self._logged_in, self._failed_request)

    def use_device_token(self) -> None:
        """Act with the configured caller device token, without a clerk's login (demo, keypad-only PCs)."""
        effects = self.model.device_login(self.connection.settings.token or "", tr(CTX, "叫号设备"))
        self.lists.start()
        self._carry_out(effects)
        self.loggedIn.emit(self.model.login_info)

    def logout(self) -> None:
        def done(_: object) -> None:
            self.lists.stop()
            self.model.logged_out()
            self.loggedOut.emit()

        self.connection.api.submit(lambda api: api.logout(), done, self._failed_request)

    def say(self, notice: Notice) -> None:
        self.message.emit(notice_text(notice), notice.is_error)

    def refresh(self) -> None:
        """Read the window from the server now (after a login or a refusal)."""
        self.connection.api.submit(lambda api: api.hall(), self.model.window_read, self._failed_request)

    def close(self) -> None:
        """Before the connection stops: no timer may send anything after its API has shut down."""
        self._retry.stop()
        self.lists.close()
        self._unsubscribe()
        self.notices.close()

    # --- carrying out the model's decisions -----------------------------------------------------------

    def _carry_out(self, effects: Effects) -> None:
        if effects.send:
            self._send()
        if effects.read_window:
            self.refresh()
        if effects.read_lists:
            self.lists.reload()
        if effects.retry_later:
            self._retry.start()
        if effects.check_now:
            self._retry.stop()
            self.check_after_blink()
        if effects.beep is not None:
            self.called.emit(effects.beep)
        if effects.notice is not None:
            self.say(effects.notice)

    def _send(self) -> None:
        request, window = self.model.sending(), self.model.number
        self.connection.api.submit(lambda api: perform(api, window, request), self._answered, self._refused)

    def _answered(self, answer: Answer) -> None:
        effects = self.model.answered(answer)
        if effects.notice is None:
            self.message.emit("", False)  # done: an earlier refusal no longer applies and must not linger
        self._carry_out(effects)
        if isinstance(answer, WindowTicketOut):  # a 容缺受理 or 一次性告知 with missing items: the notice prints
            self.notices.finished(self.model.hall, answer, datetime.now(UTC))

    def _refused(self, err: ApiError) -> None:
        self._carry_out(self.model.refused(err))

    def check_after_blink(self) -> None:
        """Ask the server for the hall, to judge the action whose answer was lost."""
        if not self.model.waiting_for_server():
            return
        self.connection.api.submit(
            lambda api: api.hall(), self._judge, lambda err: self._carry_out(self.model.still_offline(err))
        )

    def _judge(self, hall: HallOut) -> None:
        self._carry_out(self.model.judge_after_blink(hall))

    def _logged_in(self, answer: LoginOut) -> None:
        effects = self.model.logged_in_as(answer)
        self.loggedIn.emit(answer)
        self.lists.start()
        self._carry_out(effects)

    def _failed_request(self, err: ApiError) -> None:
        self._carry_out(self.model.request_failed(err))

    def _on_unauthorized(self, err: ApiError) -> None:
        if self.model.needs_pin():  # a wrong PIN at the login screen is said by the login's own failure
            self.pinRequired.emit(notice_text(Notice.of(err)))

    def _on_state(self, change: StateChange) -> None:
        self._carry_out(self.model.hall_changed(self.connection.state.hall, change))

    def _lists_arrived(self, answer: tuple[list[QueueEntry], WindowToday]) -> None:
        entries, figures = answer
        self.model.lists_arrived(entries, figures)
