"""The pad keeps a rating through a server outage and delivers it exactly once; late ratings are refused.

The halls here run their server in test mode: its clock stands still until the test moves it, so "the time
to rate has passed" is one call, never a wait on the wall clock."""

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
from tests.pad.pad_helpers import Pad, PadMaker
from tests.support.live import LiveHall, start_live_hall
from tests.support.screenshots import save_screenshot
from tests.support.server_process import free_port

DEVICES = [("kiosk", "kiosk", []), ("pad", "pad1", [1])]
RATING_WINDOW = timedelta(minutes=2)  # the all-day test hall's rating_window_min


def start_hall(folder: Path, **policy: str) -> LiveHall:
    """A hall whose server clock stands at the wall clock's time now (the pad stamps presses by the wall)."""
    return start_live_hall(folder, DEVICES, prefix="pad-test", policy=policy, clock=datetime.now(UTC))


def test_a_rating_made_while_the_server_is_down_is_delivered_once_after_restart(
    qtbot: QtBot, tmp_path: Path, pads: PadMaker
) -> None:
    hall = start_hall(tmp_path / "hall")
    try:
        pad = pads.make(hall.url, hall.tokens["pad1"], data_dir=tmp_path / "pad")
        assert pad.window is not None
        hall.set_clock(datetime.now(UTC), sweep=False)  # the pad stamps the press by the wall clock
        ticket = hall.serve(1)
        pads.wait_asked(pad, ticket)
        hall.server.stop()
        qtbot.waitUntil(lambda: not pad.model.online, timeout=15_000)
        with qtbot.waitSignal(pad.runtime.controller.ratingKept, timeout=15_000):
            qtbot.mouseClick(pad.window.ask.faces[0], Qt.MouseButton.LeftButton)
        assert pad.model.stage is Stage.THANKS and pad.model.kept_offline
        assert pad.window.message.kept.isVisibleTo(pad.window)
        save_screenshot(pad.window, tmp_path, "pad-offline-kept", group="pad")
        kept = json.loads((tmp_path / "pad" / "outbox-window-1.json").read_text(encoding="utf-8"))["ratings"]
        assert [(r["ticket_id"], r["level"]) for r in kept] == [(ticket.id, 5)]

        hall.restart()
        with qtbot.waitSignal(pad.runtime.controller.ratingDelivered, timeout=30_000) as delivered:
            pass
        assert delivered.args == [ticket.id]
        assert len(pad.runtime.controller.outbox) == 0
        assert hall.ratings(ticket.id) == [(5, "", None, "pad")]
        qtbot.waitUntil(lambda: pad.model.online, timeout=15_000)
    finally:
        hall.close()


def test_a_redelivery_answered_already_rated_counts_as_delivered(
    qtbot: QtBot, tmp_path: Path, pad_hall: LiveHall, pads: PadMaker
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
    # A hall whose rating window is 6 ms: the press, stamped by the pad's wall clock, comes after it.
    hall = start_hall(tmp_path / "late", rating_window_min="0.0001")
    try:
        pad = pads.make(hall.url, hall.tokens["pad1"])
        assert pad.window is not None
        hall.set_clock(datetime.now(UTC), sweep=False)  # the pad stamps the press by the wall clock
        ticket = hall.serve(1)
        pads.wait_asked(pad, ticket)
        hall.advance(timedelta(minutes=1), sweep=False)  # the server's clock passes the press, as time goes on
        with qtbot.waitSignal(pad.runtime.controller.ratingRefused, timeout=15_000):
            qtbot.mouseClick(pad.window.ask.faces[1], Qt.MouseButton.LeftButton)
        assert pad.window.message.headline.text() == f"{ticket.number} 号的评价时间已过"
        assert pad.window.message.detail.text() == "如有疑问，请咨询窗口工作人员"
        save_screenshot(pad.window, tmp_path, "pad-refused", group="pad")
        assert len(pad.runtime.controller.outbox) == 0  # refused for good: not retried
    finally:
        hall.close()


Step = Callable[[Pad], None]


def _rate_offline_deliver_after_the_window(
    qtbot: QtBot, tmp_path: Path, pads: PadMaker, hall: LiveHall, cut: Step, mend: Step
) -> tuple[TicketOut, datetime, datetime]:
    """Pressed in time while the pad could not reach the server, delivered after the window closed (`mend`
    moves the server's clock past it).

    Answers the ticket, when the citizen pressed and when the window closed."""
    pad = pads.make(hall.url, hall.tokens["pad1"], data_dir=tmp_path / "pad")
    assert pad.window is not None
    hall.set_clock(datetime.now(UTC), sweep=False)  # the finish, by the server's clock, is now by the pad's
    ticket = hall.serve(1)
    pads.wait_asked(pad, ticket)
    cut(pad)
    with qtbot.waitSignal(pad.runtime.controller.ratingKept, timeout=15_000):
        qtbot.mouseClick(pad.window.ask.faces[0], Qt.MouseButton.LeftButton)
    closes = hall.finished_at(ticket.id) + RATING_WINDOW
    (kept,) = json.loads((tmp_path / "pad" / "outbox-window-1.json").read_text(encoding="utf-8"))["ratings"]
    pressed = datetime.fromtimestamp(kept["made_at"], UTC)
    assert pressed < closes, "the press itself came after the window: this machine is too slow for the test"
    mend(pad)
    with qtbot.waitSignal(pad.runtime.controller.ratingDelivered, timeout=30_000):
        pad.runtime.controller.flush()
    return ticket, pressed, closes


def test_a_rating_kept_offline_past_the_rating_window_counts_at_the_time_it_was_pressed(
    qtbot: QtBot, tmp_path: Path, pads: PadMaker
) -> None:
    """The pad's network to the server fails (the server itself stays up): rated_at makes the late delivery count.

    The clock moves without the sweep here, as when the pad's rating arrives before the next sweep round;
    the next test has the sweep's "unrated" record first."""
    hall = start_hall(tmp_path / "short")
    dead = f"http://127.0.0.1:{free_port()}"

    def cut(pad: Pad) -> None:
        pad.runtime.connection.api.api.base_url = dead  # as if the cable were out: no answer at all

    def mend(pad: Pad) -> None:
        hall.advance(RATING_WINDOW + timedelta(minutes=1), sweep=False)
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
    """The server comes back after the window closed: its first sweep records "unrated", the kept rating (pressed
    in time) takes that record's place."""
    hall = start_hall(tmp_path / "short")

    def cut(_pad: Pad) -> None:
        hall.server.stop()

    def mend(_pad: Pad) -> None:
        hall.restart(at=hall.server.clock + RATING_WINDOW + timedelta(minutes=1))

    try:
        ticket, pressed, _closes = _rate_offline_deliver_after_the_window(qtbot, tmp_path, pads, hall, cut, mend)
        assert hall.ratings(ticket.id) == [(5, "", None, "pad")]
        assert abs(hall.rated_at(ticket.id) - pressed) < timedelta(seconds=1)
    finally:
        hall.close()
