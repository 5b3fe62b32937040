"""The QtCore adapter: the worker's events arrive as signals in the GUI thread."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from drivers.voice import AnnouncementQueue, PlayerError, RecordingPlayer, VoicePack
from drivers.voice.qt import QtAnnouncer


def test_started_and_finished_signals_carry_the_sentence(qtbot: QtBot, pack: VoicePack) -> None:
    heard: list[tuple[str, str]] = []
    with AnnouncementQueue(pack, RecordingPlayer(), repeat=1) as speaker:
        announcer = QtAnnouncer(speaker)
        announcer.started.connect(lambda text: heard.append(("started", text)))
        announcer.finished.connect(lambda text: heard.append(("finished", text)))
        with qtbot.waitSignal(announcer.finished, timeout=5000):
            announcer.call("A001", "3", True)
    assert heard == [("started", "重呼：请A001号到3号窗口办理"), ("finished", "重呼：请A001号到3号窗口办理")]


def test_failed_signal(qtbot: QtBot, pack: VoicePack) -> None:
    class Broken:
        def play(self, wav: bytes) -> None:
            raise PlayerError("no default audio device", "找不到音频设备")

    with AnnouncementQueue(pack, Broken(), repeat=1) as speaker:
        announcer = QtAnnouncer(speaker)
        with qtbot.waitSignal(announcer.failed, timeout=5000) as blocker:
            announcer.call("B120", "5", False)
    assert blocker.args is not None
    assert blocker.args[0] == "请B120号到5号窗口办理" and "找不到音频设备" in blocker.args[1]
