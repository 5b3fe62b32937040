"""A window run from the `jiaohao bus` hub: its calls are the logged-in clerk's, in the stored tickets, the staff
report, the ratings and the export. The hub runs as its own process on one end of a socat pty, keypads are
simulated on the other end, the server is a real process."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from client.api import HallApi
from drivers.bus import BusSimulator
from drivers.bus.ptypair import PtyPair
from jiaohao.cli import main
from tests.support.live import LiveHall

pytestmark = pytest.mark.slow


@pytest.fixture
def pty() -> Iterator[tuple[PtyPair, BusSimulator]]:
    pair = PtyPair.socat()
    simulator = BusSimulator(pair.device).start()
    try:
        yield pair, simulator
    finally:
        simulator.stop()
        pair.close()


class HubProcess:
    """`jiaohao bus` in its own process; its log lines are read by a thread so a test can wait for one."""

    def __init__(self, args: list[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "jiaohao"), "bus", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        while not any(text in line for line in self.seen):
            try:
                self.seen.append(self.lines.get(timeout=timeout))
            except queue.Empty:
                raise AssertionError(f"the hub never said {text!r}: {self.seen}") from None

    def log(self) -> str:
        """Everything it said so far (for a failing assertion's message)."""
        while not self.lines.empty():
            self.seen.append(self.lines.get_nowait())
        return "".join(self.seen)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


def test_a_keypad_window_on_the_hub_credits_its_logged_in_clerk(
    caller_hall: LiveHall, kiosk: HallApi, pty: tuple[PtyPair, BusSimulator]
) -> None:
    pair, sim = pty
    with HallApi(caller_hall.url) as clerk:
        clerk.login("1003", "3333", 2)  # 测试员丙 sits at window 2; the keypad at address 1 is window 2's
    first = kiosk.issue_ticket("SVC_B", holder_id="13800000001")
    second = kiosk.issue_ticket("SVC_B", holder_id="13800000002")
    args = ["--server", caller_hall.url, "--token", caller_hall.tokens["hub12"], "--bus", pair.host_path]
    hub = HubProcess([*args, "--map", "1=2"])
    try:
        hub.wait_for("总线已连接")  # pyserial empties the input on open: press only once the hub holds the port
        sim.press(1, "call")
        assert sim.wait_for(lambda: sim.device(1).showing == "0001", timeout=20), (sim.device(1).showing, hub.log())
        sim.press(1, "rating")  # 评价 while the citizen is still at the window: finishes, then asks the pad
        assert sim.wait_for(lambda: sim.device(1).showing is None, timeout=20), (sim.device(1).showing, hub.log())
        pad = caller_hall.api("pad2")
        pad.rate(first.id, 5)
        sim.press(1, "call")
        assert sim.wait_for(lambda: sim.device(1).showing == "0002", timeout=20), (sim.device(1).showing, hub.log())
        sim.press(1, "call")  # nobody else waits: finishes the second
        assert sim.wait_for(lambda: sim.device(1).showing is None, timeout=20), (sim.device(1).showing, hub.log())
    finally:
        hub.stop()
    pad.rate(second.id, 2, ["办事效率"])

    day = kiosk.hall().now.astimezone(ZoneInfo("Asia/Shanghai")).date().isoformat()
    report = (
        caller_hall.supervisor()
        .request("GET", "/reports/summary", params={"from": day, "to": day, "by": "staff"})
        .json()
    )
    rows = {row["key"]: row for row in report["rows"]}
    assert set(rows) == {"1003"}, f"the hub's calls were not credited to the clerk at the window: {rows}"
    assert (rows["1003"]["served"], rows["1003"]["rated"]) == (2, 2)
    args = ["admin", "--db", caller_hall.db_url, "export-ratings", "--from", day, "--to", day]
    result = CliRunner().invoke(main, [*args, "--config", str(caller_hall.config_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["办件编号"].rsplit("-", 1)[-1], r["工号"], r["满意度"]) for r in records] == [
        (first.number, "1003", 1),
        (second.number, "1003", 4),
    ]
