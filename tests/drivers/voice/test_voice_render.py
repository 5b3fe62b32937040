"""One announcement WAV: the clips in order, with the pack's gaps, nothing more."""

from __future__ import annotations

import wave
from io import BytesIO

import pytest

from drivers.voice import PAUSE, VoicePack, VoicePackError, compose, render
from tests.drivers.voice.voice_helpers import RATE, clip_ms


def test_duration_is_clips_plus_gaps(pack: VoicePack) -> None:
    clips = compose("A001", 3)
    data = render(clips, pack, tail_ms=500)
    with wave.open(BytesIO(data)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        frames = wav.getnframes()
    expected_ms = sum(clip_ms(c) for c in clips) + 200 + 50 * (len(clips) - 2) + 500
    assert frames == RATE * expected_ms // 1000


def test_pause_replaces_the_gap(pack: VoicePack) -> None:
    with_pause = render(["A", PAUSE, "B"], pack)
    without = render(["A", "B"], pack)
    assert len(with_pause) - len(without) == 2 * RATE * (150 - 50) // 1000


def test_clips_keep_their_order(pack: VoicePack) -> None:
    a, b = pack.clip("A"), pack.clip("B")
    with wave.open(BytesIO(render(["A", "B"], pack))) as wav:
        frames = wav.readframes(wav.getnframes())
    assert frames[: 2 * len(a)] == a.tobytes()
    assert frames[-2 * len(b):] == b.tobytes()


def test_unknown_clip_is_an_error(pack: VoicePack) -> None:
    with pytest.raises(VoicePackError, match="号窗口"):
        render(["号窗口"], pack)
