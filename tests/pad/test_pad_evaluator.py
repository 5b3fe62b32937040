"""A serial evaluator hosted by the pad: a key press through a socat pty becomes a rating on the server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from drivers.bus import FOUR_KEY, BusSimulator
from drivers.bus.ptypair import PtyPair
from pad.evaluator import parse_layout
from tests.pad.pad_helpers import PadMaker
from tests.support.live import LiveHall

pytestmark = pytest.mark.skipif(shutil.which("socat") is None, reason="socat not installed")

ADDR = 5


@pytest.fixture
def evaluator() -> Iterator[tuple[PtyPair, BusSimulator]]:
    with PtyPair.socat() as pair, BusSimulator(pair.device) as sim:
        sim.device(ADDR, FOUR_KEY)
        yield pair, sim


def test_evaluator_presses_become_ratings_once_each(
    qtbot: QtBot, pad_hall: LiveHall, pads: PadMaker, evaluator: tuple[PtyPair, BusSimulator]
) -> None:
    pair, sim = evaluator
    # No screen: what `jiaohao pad --headless --bus … --bus-addr 5 --evaluator-layout 4key` runs.
    pad = pads.make(
        pad_hall.url,
        pad_hall.tokens["pad1"],
        screen=False,
        bus=pair.host_path,
        bus_addr=ADDR,
        layout=parse_layout("4key"),
    )
    host = pad.runtime.evaluator
    assert host is not None
    # pyserial empties the input buffer when it opens the port: press only once the host has it open.
    qtbot.waitUntil(lambda: host.connected, timeout=15_000)
    good = pad_hall.serve(1)
    pads.wait_asked(pad, good)
    with qtbot.waitSignal(pad.runtime.controller.ratingDelivered, timeout=15_000):
        sim.rate(ADDR, 4)  # key 2 of a 4-key evaluator
    assert sim.wait_acknowledged()
    assert pad_hall.ratings(good.id) == [(4, "", None, "evaluator")]
    with qtbot.waitSignal(host.bridge.rated, timeout=15_000):
        sim.rate(ADDR, 5)  # a second press for the same service
    assert pad_hall.ratings(good.id) == [(4, "", None, "evaluator")]

    bad = pad_hall.serve(1)
    pads.wait_asked(pad, bad)
    with qtbot.waitSignal(pad.runtime.controller.ratingDelivered, timeout=15_000):
        sim.rate(ADDR, 2)  # 不满意: the device cannot say why, and no reason is made up for it
    assert pad_hall.ratings(bad.id) == [(2, "", None, "evaluator")]
    with pad_hall.supervisor() as supervisor:
        cases = supervisor.request("GET", "/cases", params={"status": "open"}).json()
    assert [c["reasons"] for c in cases if c["number"] == bad.number] == [[]]  # a case all the same


def test_layouts_from_configuration() -> None:
    assert parse_layout("5key").levels[5] == 1
    assert parse_layout("4key").levels == {1: 5, 2: 4, 3: 3, 4: 2}
    assert parse_layout("0=5,1=4,2=3,3=2,4=1").levels[0] == 5
    for bad in ("6key", "1=9", "a=b"):
        with pytest.raises(ValueError):
            parse_layout(bad)
