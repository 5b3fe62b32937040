"""CallerWindow: header (window, clerk, connection — always visible), login or work area, message line.

Every action is one key: F1–F10 (shown on each button) and the numpad laid out like the hall keypad.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from client.i18n import tr
from drivers.bus import KeypadAction, KeypadEntry

from ..actions import LABELS, ActionRequest, CallerAction
from ..controller import CallerController
from ..keymap import FUNCTION_KEYS, KEYPAD_ACTIONS, NUMPAD_HINTS, NUMPAD_KEYS
from ..keypad import CallerKeypad, keypad_request
from ..model import CallerModel
from .dialogs import PauseDialog, TransferDialog
from .login import LoginPanel, PinDialog
from .outcome import OutcomeDialog
from .style import caller_stylesheet, named
from .ticket_panel import FiguresBar, TicketPanel
from .waiting_panel import WaitingPanel

CTX = "CallerWindow"

# The button grid, in the order of a clerk's day; 暂停/恢复 share one button and one key.
BUTTONS: tuple[tuple[CallerAction, int, int], ...] = (
    (CallerAction.CALL_NEXT, 0, 0),
    (CallerAction.RECALL, 0, 1),
    (CallerAction.START, 0, 2),
    (CallerAction.FINISH, 0, 3),
    (CallerAction.NO_SHOW, 0, 4),
    (CallerAction.HOLD, 1, 0),
    (CallerAction.TRANSFER, 1, 1),
    (CallerAction.PAUSE, 1, 2),
    (CallerAction.REQUEST_RATING, 1, 3),
)


def _button_text(action: CallerAction) -> str:
    numpad = NUMPAD_HINTS.get(action)
    keys = FUNCTION_KEYS[action] + (tr(CTX, " · 小键盘 {key}").format(key=numpad) if numpad else "")
    return f"{tr(CTX, LABELS[action])}\n{keys}"


class CallerWindow(QMainWindow):
    def __init__(self, model: CallerModel, controller: CallerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.controller = controller
        self.keypad: CallerKeypad | None = None
        self.setObjectName("caller")
        self.setWindowTitle(tr(CTX, "叫号器 · {window}号窗口").format(window=model.number))
        self.setStyleSheet(caller_stylesheet())
        self._numpad = KeypadEntry()
        self._pin_dialog: PinDialog | None = None
        self.outcome_dialog: OutcomeDialog | None = None
        self._cleanups: list[Callable[[], object]] = []

        self.window_name = named(QLabel(), "header_window")
        self.window_name.setProperty("role", "title")
        self.staff = named(QLabel(), "header_staff")
        self.connection_badge = named(QLabel(), "connection")
        self.bus_badge = named(QLabel(), "bus_state")
        self.logout_button = named(QPushButton(tr(CTX, "退出登录")), "logout")
        self.logout_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.logout_button.setStyleSheet("min-height: 32px;")
        # 补打告知书: only where the window has a printer for notices (`--printer`).
        self.reprint_button = named(QPushButton(tr(CTX, "补打告知书 F12")), "reprint_notice")
        self.reprint_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reprint_button.setStyleSheet("min-height: 32px;")
        self.reprint_button.setVisible(controller.notices.printer is not None)
        header = QHBoxLayout()
        header.addWidget(self.window_name)
        header.addWidget(self.staff, 1)
        header.addWidget(self.bus_badge)
        header.addWidget(self.connection_badge)
        header.addWidget(self.reprint_button)
        header.addWidget(self.logout_button)

        self.message_line = named(QLabel(wordWrap=True), "message")
        # Always in the layout, empty when nothing is pending: showing and hiding it made the whole work area
        # jump by a line at every key press, so the clerk's eye lost the number.
        self.pending_line = named(QLabel(), "pending")
        self.pending_line.setFixedHeight(44)
        self.message_line.setFixedHeight(44)

        self.login_panel = LoginPanel(model, controller)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login_panel)
        self.stack.addWidget(self._work_area())

        root = QVBoxLayout()
        root.addLayout(header)
        root.addWidget(self.pending_line)
        root.addWidget(self.stack, 1)
        root.addWidget(self.message_line)
        central = QWidget()
        central.setLayout(root)
        self.setCentralWidget(central)
        self.resize(1280, 800)

        for action, key in FUNCTION_KEYS.items():
            if action is CallerAction.RESUME:
                continue
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda a=action: self.trigger(a))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(controller.cancel_pending)
        QShortcut(QKeySequence(Qt.Key.Key_F12), self).activated.connect(controller.notices.reprint)
        self.reprint_button.clicked.connect(controller.notices.reprint)
        self.logout_button.clicked.connect(controller.logout)
        controller.changed.connect(self.refresh)
        controller.message.connect(self.show_message)
        controller.pinRequired.connect(self.ask_pin)
        controller.loggedIn.connect(lambda _: self.stack.setCurrentIndex(1))
        controller.loggedOut.connect(self._logged_out)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # numpad keys act wherever the focus is, except in a text field
        self.refresh()

    def _work_area(self) -> QWidget:
        model, controller = self.model, self.controller
        self.ticket_panel = TicketPanel(model, controller)
        self.waiting_panel = WaitingPanel(model, controller)
        self.buttons: dict[CallerAction, QPushButton] = {}
        grid = QGridLayout()
        for action, row, column in BUTTONS:
            button = named(QPushButton(_button_text(action)), f"action_{action.value}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter must not fire whichever button has focus
            button.clicked.connect(lambda _checked=False, a=action: self.trigger(a))
            self.buttons[action] = button
            grid.addWidget(button, row, column, 1, 1)
        call = self.buttons[CallerAction.CALL_NEXT]
        call.setProperty("role", "primary")
        left = QVBoxLayout()
        left.addWidget(self.ticket_panel, 1)
        left.addLayout(grid)
        left.addWidget(FiguresBar(model, controller))
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.waiting_panel, 2)
        work = named(QWidget(), "caller-work")
        work.setLayout(body)
        return work

    # --- actions --------------------------------------------------------------------------------------

    def trigger(self, action: CallerAction) -> None:
        """A button or its key. Dialog actions ask first; 暂停 becomes 恢复 while paused."""
        if action is CallerAction.PAUSE and self.model.paused:
            action = CallerAction.RESUME
        if action is CallerAction.CALL_NUMBER:
            self.waiting_panel.focus_entry()
            return
        if action not in self.model.enabled():
            self.controller.press(ActionRequest(action))  # refused with a message saying why
            return
        if action is CallerAction.TRANSFER:
            self.open_transfer()
        elif action is CallerAction.PAUSE:
            self.open_pause()
        elif action is CallerAction.FINISH:
            self.open_outcome()
        else:
            self.controller.press(ActionRequest(action))

    def open_transfer(self) -> TransferDialog | None:
        if CallerAction.TRANSFER not in self.model.enabled():
            return None
        dialog = TransferDialog(self.model, self)
        dialog.accepted.connect(lambda: self._press_from(dialog.request()))
        dialog.open()
        return dialog

    def open_outcome(self) -> OutcomeDialog | None:
        """办结 asks how it ended; Enter alone is 一次办结, so the common case costs no extra key."""
        if CallerAction.FINISH not in self.model.enabled():
            return None
        today = self.model.hall.business_day if self.model.hall is not None else date.today()
        dialog = OutcomeDialog(self.model, today, self)
        self.outcome_dialog = dialog
        dialog.accepted.connect(lambda: self._press_from(dialog.request()))
        dialog.open()
        return dialog

    def open_pause(self) -> PauseDialog:
        dialog = PauseDialog(self.model, self)
        dialog.accepted.connect(lambda: self._press_from(dialog.request()))
        dialog.open()
        return dialog

    def _press_from(self, request: ActionRequest | None) -> None:
        if request is not None:
            self.controller.press(request)

    def ask_pin(self, reason: str) -> None:
        if self._pin_dialog is not None and self._pin_dialog.isVisible():
            return
        self._pin_dialog = PinDialog(self.model, self.controller, reason, self)
        self._pin_dialog.open()

    def attach_keypad(self, keypad: CallerKeypad) -> None:
        self.keypad = keypad
        keypad.open_transfer = self.open_transfer
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not event.modifiers() & Qt.KeyboardModifier.KeypadModifier or not self.isActiveWindow():
            return False
        if QApplication.activeModalWidget() is not None or isinstance(QApplication.focusWidget(), QLineEdit):
            return False
        code = NUMPAD_KEYS.get(event.text())
        if code is None or not self.model.logged_in:
            return False
        self.numpad(code)
        return True

    def numpad(self, code: int) -> None:
        """One numpad key, read with the hall keypad's rules (digit + Enter for 过号, 挂起, 叫回)."""
        action = self._numpad.press(code, time.monotonic())
        if action is None:
            return
        if (
            KEYPAD_ACTIONS[action] in (CallerAction.TRANSFER, CallerAction.PAUSE)
            and action is not KeypadAction.CALL_HELD
        ):
            self.trigger(KEYPAD_ACTIONS[action])  # the PC has a screen: choose a target or a reason
            return
        model = self.model
        service = model.current.service if model.current else None
        held = model.waiting.latest_held()
        request = keypad_request(
            action, paused=model.paused, latest_held=held.number if held else None, current_service=service
        )
        if request is None:
            self.controller.message.emit(tr(CTX, "没有可叫回的挂起号"), True)
        else:
            self.controller.press(request)

    # --- view -----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        model = self.model
        window = model.window
        self.window_name.setText(window.name if window else tr(CTX, "{window}号窗口").format(window=model.number))
        info = model.login_info
        self.staff.setText(f"{info.staff_name} {info.staff_no}".strip() if info else "")
        self.logout_button.setVisible(info is not None and bool(info.staff_no))
        online = model.online
        self.connection_badge.setText(tr(CTX, "● 已连接") if online else tr(CTX, "● 网络断开，正在重连"))
        self._role(self.connection_badge, "online" if online else "offline")
        if self.keypad is None:
            self.bus_badge.hide()
        else:
            self.bus_badge.show()
            self.bus_badge.setText(tr(CTX, "键盘正常") if self.keypad.connected else tr(CTX, "键盘未连接"))
            self._role(self.bus_badge, "online" if self.keypad.connected else "offline")
        enabled = model.enabled()
        paused = model.paused
        for action, button in getattr(self, "buttons", {}).items():
            shown = CallerAction.RESUME if action is CallerAction.PAUSE and paused else action
            button.setText(_button_text(shown))
            button.setEnabled(shown in enabled)
            # The one key that matters now stands out: 叫号 while open, 恢复 while paused.
            primary = shown is (CallerAction.RESUME if paused else CallerAction.CALL_NEXT)
            self._role(button, "primary" if primary else "")
        pending = model.pending
        if pending is None:
            self.pending_line.setText("")
            self._role(self.pending_line, "")
        else:
            label = tr(CTX, LABELS[pending.request.action])
            if pending.needs_pin:
                text = tr(CTX, "{action}：等待重新输入密码后发送").format(action=label)
            elif pending.uncertain:
                text = tr(CTX, "{action}：网络中断，恢复后自动确认，不会重复（Esc 取消）").format(action=label)
            else:
                text = tr(CTX, "{action}：正在发送…").format(action=label)
            self.pending_line.setText(text)
            self._role(self.pending_line, "banner")
        if not model.logged_in and self.stack.currentIndex() != 0:
            self.stack.setCurrentIndex(0)

    def show_message(self, text: str, is_error: bool) -> None:
        self.message_line.setText(text)
        self._role(self.message_line, "error" if is_error else "info")

    def _logged_out(self) -> None:
        self.login_panel.reset()
        self.stack.setCurrentIndex(0)

    @staticmethod
    def _role(label: QWidget, role: str) -> None:
        if label.property("role") != role:
            label.setProperty("role", role)
            label.style().unpolish(label)
            label.style().polish(label)

    def add_cleanup(self, cleanup: Callable[[], object]) -> None:
        """Run when the window closes (stop the bus and the connection), in reverse order of adding."""
        self._cleanups.append(cleanup)

    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        while self._cleanups:
            self._cleanups.pop()()
        super().closeEvent(event)
