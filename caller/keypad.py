"""The caller's hall keypad and window sign on the RS-485 bus: keys do what the buttons do, the sign shows the
window's current number, the keypad beeps on each call.

The bus reader thread reaches this object only through `QtBusBridge`'s signals, so everything here runs on
the UI thread and calls the same `CallerController.press()` as the buttons.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from client.i18n import tr
from drivers.bus import Bus, KeypadAction
from drivers.bus.qt import QtBusBridge

from .actions import ActionRequest, CallerAction
from .controller import CallerController
from .keymap import KEYPAD_ACTIONS
from .model import CallerModel

__all__ = ["CallerKeypad", "keypad_request"]

log = logging.getLogger(__name__)
CTX = "CallerKeypad"


def keypad_request(
    action: KeypadAction, *, paused: bool, latest_held: str | None, current_service: str | None
) -> ActionRequest | None:
    """The request a keypad key makes; None when it has nothing to act on (no held ticket to call back)."""
    caller_action = KEYPAD_ACTIONS[action]
    if caller_action is CallerAction.PAUSE and paused:
        return ActionRequest(CallerAction.RESUME)
    if caller_action is CallerAction.PAUSE:
        return ActionRequest(CallerAction.PAUSE, reason="临时离开")  # a keypad cannot choose a reason
    if action is KeypadAction.CALL_HELD:
        return ActionRequest(CallerAction.CALL_NUMBER, number=latest_held) if latest_held else None
    if caller_action is CallerAction.TRANSFER:
        # No screen to choose a target: back to the front of its own service's queue, for any window offering it.
        return ActionRequest(CallerAction.TRANSFER, service=current_service, position="front")
    return ActionRequest(caller_action)


class CallerKeypad(QObject):
    """Hosts one window's devices on a bus: `keypad_addr` (keys, beep, its own display) and `sign_addr`."""

    def __init__(
        self,
        model: CallerModel,
        controller: CallerController,
        bus: Bus,
        keypad_addr: int,
        sign_addrs: tuple[int, ...] = (),
        *,
        open_transfer: Callable[[], object] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.controller = controller
        self.bus = bus
        self.keypad_addr = keypad_addr
        self.display_addrs = (keypad_addr, *sign_addrs)
        self.open_transfer = open_transfer
        self.connected = False
        self.problem: str | None = None
        self._shown: str | None = "-"  # nothing sent yet: the first change always reaches the sign
        self.bridge = QtBusBridge(bus, [keypad_addr], self)
        self.bridge.keyPressed.connect(self._on_key)
        self.bridge.connectionChanged.connect(self._on_connection)
        controller.changed.connect(self._show_current)
        controller.called.connect(lambda _number: bus.beep(keypad_addr))

    def _on_key(self, addr: int, action: object) -> None:
        if not isinstance(action, KeypadAction):
            return
        model = self.model
        if KEYPAD_ACTIONS[action] is CallerAction.TRANSFER and self.open_transfer is not None:
            self.open_transfer()  # the PC has a screen: choose the target as with the button
            return
        service = model.current.service if model.current else None
        held = model.waiting.latest_held()
        request = keypad_request(
            action, paused=model.paused, latest_held=held.number if held else None, current_service=service
        )
        if request is None:
            self.controller.message.emit(tr(CTX, "没有可叫回的挂起号"), True)
            return
        log.info("keypad %d: %s", addr, request.action.value)
        self.controller.press(request)

    def _on_connection(self, connected: bool, reason: str) -> None:
        self.connected = connected
        self.problem = None if connected else reason
        self.controller.changed.emit()  # the window shows the keypad's state

    def _show_current(self) -> None:
        number = self.model.current.number if self.model.current else None
        if number == self._shown:
            return
        self._shown = number
        for addr in self.display_addrs:
            self.bus.show_number(addr, number)

    def close(self) -> None:
        self.bridge.detach()
