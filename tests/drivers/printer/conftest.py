"""Shared fixtures for the printer driver tests: a real simulator on a free 127.0.0.1 port."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from drivers.printer.simulator import PrinterSimulator


@pytest.fixture
def simulator() -> Iterator[PrinterSimulator]:
    before = set(threading.enumerate())
    with PrinterSimulator("127.0.0.1", 0) as sim:
        yield sim
    # Every simulator thread must be gone once it is stopped: a leak would hang the test run later.
    leftover = [t for t in set(threading.enumerate()) - before if t.name.startswith("printer-sim")]
    assert not [t for t in leftover if t.is_alive()], leftover
