"""Bus events reach the Qt thread as signals (the caller and the pad connect widgets to them)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Slot
from pytestqt.qtbot import QtBot

from drivers.bus import Bus, BusSimulator, KeypadAction, pipe_pair
from drivers.bus.qt import QtBusBridge


class Window(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, int, object, bool]] = []

    @Slot(int, object)
    def key(self, addr: int, action: object) -> None:
        self.seen.append(("key", addr, action, threading.current_thread() is threading.main_thread()))

    @Slot(int, int)
    def rating(self, addr: int, level: int) -> None:
        self.seen.append(("rating", addr, level, threading.current_thread() is threading.main_thread()))


def test_keys_and_ratings_arrive_as_signals_on_the_qt_thread(qtbot: QtBot) -> None:
    host, device = pipe_pair()
    bus = Bus(lambda: host)
    bridge = QtBusBridge(bus, addresses=[1, 11])  # window 1's keypad and evaluator
    window = Window()
    bridge.keyPressed.connect(window.key)
    bridge.rated.connect(window.rating)
    with BusSimulator(device) as sim:
        with qtbot.waitSignal(bridge.connectionChanged, timeout=5000) as connected:
            bus.start()
        try:
            assert connected.args == [True, ""]
            with qtbot.waitSignal(bridge.keyPressed, timeout=5000) as pressed:
                sim.press(2, "call")  # another window's keypad: not forwarded
                sim.press(1, "6", "confirm")
            assert pressed.args == [1, KeypadAction.NO_SHOW]
            with qtbot.waitSignal(bridge.rated, timeout=5000):
                sim.rate(11, 4)
        finally:
            bridge.detach()
            bus.stop()
    assert window.seen == [("key", 1, KeypadAction.NO_SHOW, True), ("rating", 11, 4, True)]
