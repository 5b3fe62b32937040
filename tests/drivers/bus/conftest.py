"""Shared fixtures for the bus tests: a host `Bus` and a `BusSimulator` joined by an in-memory cable."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from drivers.bus import Bus, BusSimulator, pipe_pair

from .bus_helpers import Recorder


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
