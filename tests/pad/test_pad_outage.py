"""The pad keeps a rating through a server outage and delivers it exactly once; late ratings are refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.api import HallApi
from jiaohao.wire.models import TicketOut
from pad.model import Rating, Stage
from pad.outbox import Outbox
from tests.pad.pad_helpers import Pad, PadHall, PadMaker, save_screenshot, start_hall
from tests.support.server_process import ServerProcess, free_port

DEVICES = [("kiosk", "kiosk", []), ("pad", "pad1", [1])]
SHORT_WINDOW_MIN = 0.1  # 6 s to rate: time to press, and little to wait for the deadline to pass


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


def _rate_offline_deliver_after_the_window(
    qtbot: QtBot, tmp_path: Path, pads: PadMaker, hall: PadHall, cut: Callable[[Pad], None], mend: Callable[[Pad], None]
) -> tuple[TicketOut, datetime, datetime]:
    """Pressed in time while the pad could not reach the server, delivered after the window closed.

    Answers the ticket, when the citizen pressed and when the window closed."""
    pad = pads.make(hall.url, hall.tokens["pad1"], data_dir=tmp_path / "pad")
    assert pad.window is not None
    ticket = hall.serve(1)
    pads.wait_asked(pad, ticket)
    cut(pad)
    with qtbot.waitSignal(pad.runtime.controller.ratingKept, timeout=15_000):
        qtbot.mouseClick(pad.window.ask.faces[0], Qt.MouseButton.LeftButton)
    closes = hall.finished_at(ticket.id) + timedelta(minutes=SHORT_WINDOW_MIN)
    (kept,) = json.loads((tmp_path / "pad" / "outbox-window-1.json").read_text(encoding="utf-8"))["ratings"]
    pressed = datetime.fromtimestamp(kept["made_at"], UTC)
    assert pressed < closes, "the press itself came after the window: this machine is too slow for the test"
    # The real clock must pass the deadline (the server's is not ours to move): a few seconds at most.
    qtbot.waitUntil(lambda: datetime.now(UTC) > closes, timeout=15_000)
    mend(pad)
    with qtbot.waitSignal(pad.runtime.controller.ratingDelivered, timeout=30_000):
        pad.runtime.controller.flush()
    return ticket, pressed, closes


def test_a_rating_kept_offline_past_the_rating_window_counts_at_the_time_it_was_pressed(
    qtbot: QtBot, tmp_path: Path, pads: PadMaker
) -> None:
    """The pad's network to the server fails (the server itself stays up): rated_at makes the late delivery count.

    The server is not restarted here because a restarted server sweeps first (see the next test)."""
    (tmp_path / "short").mkdir()
    hall = start_hall(tmp_path / "short", DEVICES, rating_window_min=str(SHORT_WINDOW_MIN))
    dead = f"http://127.0.0.1:{free_port()}"

    def cut(pad: Pad) -> None:
        pad.runtime.connection.api.api.base_url = dead  # as if the cable were out: no answer at all

    def mend(pad: Pad) -> None:
        pad.runtime.connection.api.api.base_url = hall.url

    try:
        ticket, pressed, closes = _rate_offline_deliver_after_the_window(qtbot, tmp_path, pads, hall, cut, mend)
        assert hall.ratings(ticket.id) == [(5, "", None, "pad")]
        assert abs(hall.rated_at(ticket.id) - pressed) < timedelta(seconds=1)  # counted when pressed
        assert hall.recorded_at(ticket.id) > closes  # though it reached the server after the window closed
    finally:
        hall.close()


def test_a_rating_kept_while_the_server_was_down_past_the_rating_window_counts(
    qtbot: QtBot, tmp_path: Path, pads: PadMaker
) -> None:
    (tmp_path / "short").mkdir()
    hall = start_hall(tmp_path / "short", DEVICES, rating_window_min=str(SHORT_WINDOW_MIN))

    def cut(_pad: Pad) -> None:
        hall.server.stop()

    def mend(_pad: Pad) -> None:
        hall.server = ServerProcess(hall.server.config_path, hall.db_url, port=hall.server.port).start()

    try:
        ticket, pressed, _closes = _rate_offline_deliver_after_the_window(qtbot, tmp_path, pads, hall, cut, mend)
        assert hall.ratings(ticket.id) == [(5, "", None, "pad")]
        assert abs(hall.rated_at(ticket.id) - pressed) < timedelta(seconds=1)
    finally:
        hall.close()
