"""Shared fixtures for the bus tests: a host `Bus` and a `BusSimulator` joined by an in-memory cable."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from jiaohao.drivers.bus import Bus, BusError, BusListener, BusSimulator, KeypadAction, pipe_pair
from jiaohao.drivers.bus.frame import Frame

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


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    # A bus or simulator thread that outlives its test would hold a port open and hang the run later.
    leftover = [t for t in set(threading.enumerate()) - before if t.name.startswith("bus") and t.is_alive()]
    assert not leftover


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def wired(recorder: Recorder) -> Iterator[tuple[Bus, BusSimulator]]:
    """A started host with `recorder` listening, and a started simulator on the other end of the cable."""
    host, device = pipe_pair()
    bus = Bus(lambda: host)
    bus.add_listener(recorder)
    with BusSimulator(device) as sim, bus:
        assert recorder.next_of("connection")[1] is True
        yield bus, sim
