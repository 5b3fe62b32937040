"""The pad keeps a rating through a server outage and delivers it exactly once; late ratings are refused."""

from __future__ import annotations

import json
from pathlib import Path

from pad_helpers import PadHall, PadMaker, save_screenshot, start_hall
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from server_process import ServerProcess

from jiaohao.client.api import HallApi
from jiaohao.pad.model import Rating, Stage
from jiaohao.pad.outbox import Outbox

DEVICES = [("kiosk", "kiosk", []), ("pad", "pad1", [1])]


def test_a_rating_made_while_the_server_is_down_is_delivered_once_after_restart(
    qtbot: QtBot, tmp_path: Path, pads: PadMaker
) -> None:
    (tmp_path / "hall").mkdir()
    hall = start_hall(tmp_path / "hall", DEVICES)
    try:
        pad = pads.make(hall.url, hall.tokens["pad1"], data_dir=tmp_path / "pad")
        assert pad.window is not None
        ticket = hall.serve(1)
        pads.wait_asked(pad, ticket)
        hall.server.stop()
        qtbot.waitUntil(lambda: not pad.model.online, timeout=15_000)
        with qtbot.waitSignal(pad.runtime.controller.ratingKept, timeout=15_000):
            qtbot.mouseClick(pad.window.ask.faces[0], Qt.MouseButton.LeftButton)
        assert pad.model.stage is Stage.THANKS and pad.model.kept_offline
        assert pad.window.message.kept.isVisibleTo(pad.window)
        save_screenshot(pad.window, tmp_path, "offline-kept")
        kept = json.loads((tmp_path / "pad" / "outbox-window-1.json").read_text(encoding="utf-8"))["ratings"]
        assert [(r["ticket_id"], r["level"]) for r in kept] == [(ticket.id, 5)]

        hall.server = ServerProcess(hall.server.config_path, hall.db_url, port=hall.server.port).start()
        with qtbot.waitSignal(pad.runtime.controller.ratingDelivered, timeout=30_000) as delivered:
            pass
        assert delivered.args == [ticket.id]
        assert len(pad.runtime.controller.outbox) == 0
        assert hall.ratings(ticket.id) == [(5, "", None, "pad")]
        qtbot.waitUntil(lambda: pad.model.online, timeout=15_000)
    finally:
        hall.close()


def test_a_redelivery_answered_already_rated_counts_as_delivered(
    qtbot: QtBot, tmp_path: Path, pad_hall: PadHall, pads: PadMaker
) -> None:
    """The server took the rating but the answer was lost (pad crashed, timeout): the outbox still holds it."""
    ticket = pad_hall.serve(1)
    with HallApi(pad_hall.url, pad_hall.tokens["pad1"]) as api:
        api.rate(ticket.id, 3)
    box = Outbox(tmp_path / "pad" / "outbox-window-1.json")
    box.attempt(box.add(Rating(ticket.id, ticket.number, 3)).key)
    pad = pads.make(pad_hall.url, pad_hall.tokens["pad1"], screen=False, data_dir=tmp_path / "pad")
    qtbot.waitUntil(lambda: len(pad.runtime.controller.outbox) == 0, timeout=15_000)
    assert pad_hall.ratings(ticket.id) == [(3, "", None, "pad")]
    assert pad.model.stage is Stage.IDLE  # nothing for the next citizen to see


def test_a_late_rating_is_refused_with_the_servers_sentence(qtbot: QtBot, tmp_path: Path, pads: PadMaker) -> None:
    # A hall whose rating window is 6 ms: any rating that comes after the request has travelled is late,
    # so no test waits for the clock to pass the deadline.
    (tmp_path / "late").mkdir()
    hall = start_hall(tmp_path / "late", DEVICES, rating_window_min="0.0001")
    try:
        pad = pads.make(hall.url, hall.tokens["pad1"])
        assert pad.window is not None
        ticket = hall.serve(1)
        pads.wait_asked(pad, ticket)
        with qtbot.waitSignal(pad.runtime.controller.ratingRefused, timeout=15_000):
            qtbot.mouseClick(pad.window.ask.faces[1], Qt.MouseButton.LeftButton)
        assert pad.window.message.headline.text() == f"{ticket.number} 号的评价时间已过"
        assert pad.window.message.detail.text() == "如有疑问，请咨询窗口工作人员"
        save_screenshot(pad.window, tmp_path, "refused")
        assert len(pad.runtime.controller.outbox) == 0  # refused for good: not retried
    finally:
        hall.close()
