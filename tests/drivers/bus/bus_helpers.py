"""Helpers shared by the tests in this folder (split out of conftest so tests import them by name)."""

from __future__ import annotations

import queue
from dataclasses import dataclass, field

from drivers.bus import BusError, BusListener, KeypadAction
from drivers.bus.frame import Frame

Event = tuple[str, object, object]


@dataclass
class Recorder(BusListener):
    """Every listener call, in order, on a queue the test waits on."""

    events: queue.Queue[Event] = field(default_factory=queue.Queue)

    def on_key(self, addr: int, action: KeypadAction) -> None:
        self.events.put(("key", addr, action))

    def on_rating(self, addr: int, level: int) -> None:
        self.events.put(("rating", addr, level))

    def on_connection(self, connected: bool, error: BusError | None) -> None:
        self.events.put(("connection", connected, error))

    def next(self, timeout: float = 5.0) -> Event:
        return self.events.get(timeout=timeout)

    def next_of(self, kind: str, timeout: float = 5.0) -> Event:
        while True:
            event = self.next(timeout)
            if event[0] == kind:
                return event


@dataclass
class FrameWatch(BusListener):
    frames: queue.Queue[Frame] = field(default_factory=queue.Queue)

    def on_frame(self, frame: Frame) -> None:
        self.frames.put(frame)
