"""Players: the subprocess player runs a real program and reports its failures; the recorder keeps files;
the QtMultimedia player refuses what it cannot play with a sentence, and fails loudly with no audio device."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.voice import PlayerError, RecordingPlayer, SubprocessPlayer
from drivers.voice.audio import wav_bytes
from drivers.voice.qtplayer import QtPlayer, audio_output_available
from tests.drivers.voice.voice_helpers import RATE, tone

WAV = wav_bytes(tone(100), RATE)


def test_runs_the_player_on_a_wav_file_and_waits_for_it(tmp_path: Path) -> None:
    copy = tmp_path / "heard.wav"
    # The WAV's path is appended to the command, so here it arrives as $0.
    SubprocessPlayer(["sh", "-c", f'cp "$0" {copy}']).play(WAV)
    assert copy.read_bytes() == WAV


def test_a_failing_player_raises_with_its_message() -> None:
    player = SubprocessPlayer(["sh", "-c", "echo 'Unknown PCM default' >&2; exit 1"])
    with pytest.raises(PlayerError, match="Unknown PCM default") as caught:
        player.play(WAV)
    assert "音箱" in caught.value.message_zh


def test_a_hung_player_times_out() -> None:
    with pytest.raises(PlayerError, match="timed out"):
        SubprocessPlayer(["sh", "-c", "exec sleep 30"], slack_s=0.2).play(WAV)


def test_detects_the_first_available_program() -> None:
    def only_aplay(name: str) -> str | None:
        return "/usr/bin/aplay" if name == "aplay" else None

    assert SubprocessPlayer(which=only_aplay).command == ["/usr/bin/aplay", "-q"]
    with pytest.raises(PlayerError, match="no audio player found"):
        SubprocessPlayer(which=lambda name: None)


def test_recording_player_writes_each_announcement(tmp_path: Path) -> None:
    player = RecordingPlayer(tmp_path / "spoken")
    player.play(WAV)
    player.play(WAV)
    assert sorted(p.name for p in (tmp_path / "spoken").iterdir()) == ["0001.wav", "0002.wav"]
    assert player.played == [WAV, WAV] and player.max_concurrent == 1


def test_the_qt_player_refuses_bytes_that_are_not_a_wav() -> None:
    with pytest.raises(PlayerError, match="not a playable WAV") as caught:
        QtPlayer().play(b"RIFF but not really")
    assert caught.value.message_zh == "语音数据无法播放"


@pytest.mark.skipif(audio_output_available(), reason="this machine has a sound card")
def test_the_qt_player_without_an_audio_device_raises_player_error() -> None:
    with pytest.raises(PlayerError) as caught:
        QtPlayer().play(WAV)
    assert "音频输出设备" in caught.value.message_zh
