"""The display's voice without a server: calls made while the pack is still loading are spoken once it is
ready, in order; English with lang en; a pack that cannot load is said on screen;
`jiaohao display --help`."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytestqt.qtbot import QtBot

from display.model import ShownCall
from display.voice import DisplayVoice, VoiceOptions, load_pack
from drivers.voice import RecordingPlayer, VoicePack, VoicePackError
from jiaohao.cli import main
from tests.display.display_support import MORNING, tone_pack


def call(number: str, window: int, recall: int = 0) -> ShownCall:
    return ShownCall(number, window, None, "", recall, MORNING, None, MORNING)


def test_calls_made_while_the_pack_loads_are_spoken_when_it_is_ready(qtbot: QtBot, tmp_path: Path) -> None:
    release = threading.Event()

    def slow_loader(options: VoiceOptions) -> VoicePack:
        release.wait(10)  # the first-run generation, on its own thread
        return load_pack(options)

    voice = DisplayVoice(VoiceOptions(pack_dir=tone_pack(tmp_path / "tones"), repeat=1), RecordingPlayer(),
                         slow_loader)
    spoken: list[str] = []
    voice.spoken.connect(spoken.append)
    voice.start()
    voice.say(call("A001", 3))
    voice.say(call("B120", 12, recall=1))
    assert voice.pending == 2
    with qtbot.waitSignal(voice.ready, timeout=5_000):
        release.set()
    qtbot.waitUntil(lambda: len(spoken) == 2, timeout=5_000)
    assert spoken == ["请A001号到3号窗口办理", "重呼：请B120号到12号窗口办理"]
    voice.close()


def test_english_when_the_language_is_en(qtbot: QtBot, tmp_path: Path) -> None:
    voice = DisplayVoice(VoiceOptions(pack_dir=tone_pack(tmp_path / "tones"), lang="en", repeat=1),
                         RecordingPlayer())
    with qtbot.waitSignal(voice.ready, timeout=5_000):
        voice.start()
    with qtbot.waitSignal(voice.spoken, timeout=5_000) as said:
        voice.say(call("A001", 3))
    assert said.args == ["Number A001, please go to window 3"]
    voice.close()


def test_a_pack_that_cannot_load_is_said_on_screen(qtbot: QtBot, tmp_path: Path) -> None:
    voice = DisplayVoice(VoiceOptions(pack_dir=tmp_path / "missing"), RecordingPlayer())
    with qtbot.waitSignal(voice.problem, timeout=5_000) as problem:
        voice.start()
    assert problem.args[0].startswith("语音播报故障：")
    voice.say(call("A001", 3))  # the screen keeps working; nothing queues up forever
    assert voice.pending == 0


def test_missing_pack_is_a_voice_pack_error(tmp_path: Path) -> None:
    with pytest.raises(VoicePackError):
        load_pack(VoiceOptions(pack_dir=tmp_path / "missing"))


def test_display_command_help() -> None:
    result = CliRunner().invoke(main, ["display", "--help"])
    assert result.exit_code == 0, result.output
    for flag in ("--window", "--voice-pack", "--no-voice", "--fullscreen", "--server", "--lang"):
        assert flag in result.output
