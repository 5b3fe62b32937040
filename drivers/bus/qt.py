"""Re-emit bus events as Qt signals, so a front-end's widgets hear them on their own thread.

Only QtCore: signals emitted on the bus reader thread are queued to the receiver's thread by Qt's
automatic connection, which is the house rule for crossing threads (DESIGN §2).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from .bus import Bus, BusListener
from .errors import BusError
from .roles import KeypadAction


class _Forward(BusListener):
    def __init__(self, bridge: QtBusBridge) -> None:
        self._bridge = bridge

    def on_key(self, addr: int, action: KeypadAction) -> None:
        self._bridge.keyPressed.emit(addr, action)

    def on_rating(self, addr: int, level: int) -> None:
        self._bridge.rated.emit(addr, level)

    def on_connection(self, connected: bool, error: BusError | None) -> None:
        self._bridge.connectionChanged.emit(connected, "" if error is None else error.message_zh)


class QtBusBridge(QObject):
    keyPressed = Signal(int, object)  # addr, KeypadAction
    rated = Signal(int, int)  # addr, level 5 非常满意 … 1 非常不满意
    connectionChanged = Signal(bool, str)  # connected, Chinese reason when not

    def __init__(self, bus: Bus, addresses: Iterable[int] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus
        self._listener = _Forward(self)
        bus.add_listener(self._listener, addresses)

    def detach(self) -> None:
        """Stop forwarding (before this object is deleted while the bus keeps running)."""
        self._bus.remove_listener(self._listener)
