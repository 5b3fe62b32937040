"""A server that stops answering without closing anything (hung process, dead link: no FIN, no RST) is
noticed by the heartbeat within 5 s, and the stream comes back when the server does."""

from __future__ import annotations

import signal
import time

import pytest
from pytestqt.qtbot import QtBot

from client.events import EventStream
from tests.support.live import LiveHall

pytestmark = pytest.mark.slow


def test_a_silent_server_is_noticed_within_5_s_and_the_stream_reopens(qtbot: QtBot, live_hall: LiveHall) -> None:
    proc = live_hall.server.proc
    assert proc is not None
    stream = EventStream(live_hall.url)  # the default heartbeat: ping every 1.5 s, pong due within 1.5 s
    try:
        with qtbot.waitSignal(stream.snapshotReceived, timeout=10_000):
            stream.start()
        # SIGSTOP: the kernel keeps the TCP connection open, the server process answers nothing.
        proc.send_signal(signal.SIGSTOP)
        stopped_at = time.monotonic()
        try:
            with qtbot.waitSignal(stream.connectionLost, timeout=5_000):
                pass
            assert time.monotonic() - stopped_at < 5.0
        finally:
            proc.send_signal(signal.SIGCONT)
        with qtbot.waitSignal(stream.connectionRestored, timeout=5_000):
            pass
    finally:
        stream.stop()
