"""`jiaohao bus-sim` as a tester uses it: a real process, keys typed on stdin, the host on the printed pty."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import IO

import pytest
from click.testing import CliRunner

from drivers.bus import Bus, KeypadAction
from drivers.bus.cli import bus_sim
from tests.drivers.bus.bus_helpers import Recorder


class Lines:
    """stdout of a child process, line by line, waited on with a timeout."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        assert process.stdout is not None
        self._thread = threading.Thread(target=self._pump, args=(process.stdout,), daemon=True)
        self._thread.start()

    def _pump(self, stdout: IO[str]) -> None:
        for line in stdout:
            self._lines.put(line)

    def until(self, text: str, timeout: float = 15.0) -> str:
        while True:
            line = self._lines.get(timeout=timeout)
            if text in line:
                return line


@pytest.fixture
def bus_sim_process() -> Iterator[tuple[subprocess.Popen[str], Lines]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "jiaohao", "bus-sim", "--evaluator", "2=4key"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
    )
    try:
        yield process, Lines(process)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def test_typed_keys_reach_the_host_and_the_host_number_reaches_the_sim(
    bus_sim_process: tuple[subprocess.Popen[str], Lines], recorder: Recorder
) -> None:
    process, lines = bus_sim_process
    assert process.stdin is not None
    host_path = lines.until("host side of the bus:").split(":", 1)[1].strip()
    bus = Bus.from_uri(host_path)
    bus.add_listener(recorder)
    with bus:
        assert recorder.next_of("connection")[1] is True  # opening the port empties its input buffer
        process.stdin.write("1 call\n1 6 confirm\n2 rate 2\n")
        process.stdin.flush()
        assert recorder.next_of("key") == ("key", 1, KeypadAction.CALL)
        assert recorder.next_of("key") == ("key", 1, KeypadAction.NO_SHOW)
        assert recorder.next_of("rating") == ("rating", 2, 2)  # 4-key evaluator: 不满意 is key 4
        lines.until("[2] acknowledged addr=2 func=0x11 data=04")
        bus.show_number(1, "A001")
        assert "[1] shows 001" in lines.until("shows")
        process.stdin.write("status\nquit\n")
        process.stdin.flush()
        assert "showing 001" in lines.until("[1] showing")
        assert "waiting for acknowledgement: none" in lines.until("waiting for acknowledgement")
    assert process.wait(10) == 0


def test_typos_are_explained_not_fatal() -> None:
    result = CliRunner().invoke(bus_sim, input="1 dance\nrate\n9 rate 9\nhelp\nquit\n")
    assert result.exit_code == 0, result.output
    assert "unknown key in 'dance'" in result.output
    assert "not understood: 'rate'" in result.output
    assert "no key for level 9" in result.output
