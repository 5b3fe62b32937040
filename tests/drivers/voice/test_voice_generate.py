"""The default pack made by espeak-ng: every clip really speaks, is trimmed, and the announcement is as long
as its parts. Skipped only where espeak-ng is not installed (`make test` installs it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drivers.voice import VoicePack, compose, generate_pack, render
from drivers.voice.audio import duration, peak, read_wav, rms
from drivers.voice.catalogue import REQUIRED, SOURCES
from drivers.voice.generate import chime, find_espeak, speak_clip

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None and shutil.which("espeak") is None,
                                reason="espeak-ng is not installed (apt-get install espeak-ng)")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_pack(tmp_path_factory.mktemp("voice") / "default")


def test_every_clip_speaks_and_is_trimmed(generated: Path) -> None:
    pack = VoicePack.load(generated)
    assert pack.names == {s.name for s in SOURCES}  # the required clips and the kiosk guide's optional ones
    assert REQUIRED["zh"] | REQUIRED["en"] < pack.names
    assert pack.settings.generator.endswith("cmn-latn-pinyin; en-us; 150 wpm") or "cmn;" in pack.settings.generator
    for name in pack.names:
        samples, rate = read_wav(pack.source(name).read_bytes())
        assert rate == 22050
        seconds = duration(samples, rate)
        longest = 4.0 if "guide/" in name else 1.5  # the kiosk guide speaks a sentence, the rest a word
        assert 0.15 < seconds < longest, (name, seconds)
        assert rms(samples) > 0.05, name  # not silent
        assert 0.6 < peak(samples) <= 0.71, name  # normalised, never clipped
        edge = rate * 60 // 1000  # trimmed: sound within the first and last 60 ms, no lead-in or tail of silence
        assert rms(samples[:edge]) > 0.003 and rms(samples[-edge:]) > 0.003, name


def test_generation_is_idempotent(generated: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in generated.rglob("*.wav")}
    assert generate_pack(generated) == generated
    assert {p: p.stat().st_mtime_ns for p in generated.rglob("*.wav")} == before
    assert not [p for p in generated.parent.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_damaged_pack_is_regenerated(tmp_path: Path, generated: Path) -> None:
    copy = tmp_path / "default"
    shutil.copytree(generated, copy)
    (copy / "zh" / "A.wav").unlink()
    generate_pack(copy)
    assert VoicePack.load(copy).clip("A")


def test_a001_to_window_3_sounds_right(generated: Path) -> None:
    pack = VoicePack.load(generated)
    clips = compose("A001", 3)
    samples, rate = read_wav(render(clips, pack))
    parts = sum(len(pack.clip(c)) for c in clips)
    settings = pack.settings
    gaps = round(rate * settings.chime_gap_ms / 1000) + (len(clips) - 2) * round(rate * settings.gap_ms / 1000)
    assert len(samples) == parts + gaps
    assert 4.0 < duration(samples, rate) < 9.0
    assert peak(samples) <= 0.71
    # no silence longer than the chime gap plus the clips' own trim padding anywhere in the call
    quiet, longest = 0, 0
    for i in range(0, len(samples), rate // 100):
        quiet = quiet + 1 if rms(samples[i : i + rate // 100]) < 0.01 else 0
        longest = max(longest, quiet)
    assert longest * 10 <= pack.settings.chime_gap_ms + 100


def test_fallback_voice_reads_hanzi(tmp_path: Path) -> None:
    # Only a few clips: the whole pack with `cmn` is the same code path as the default voice.
    for source in (s for s in SOURCES if s.name in ("重呼", "W", "7")):
        speak_clip(find_espeak(), source, "cmn", tmp_path / f"{source.name}.wav")
        samples, rate = read_wav(tmp_path / f"{source.name}.wav")
        assert rms(samples) > 0.05 and duration(samples, rate) > 0.15, source.name


def test_chime_is_two_tones_without_clicks() -> None:
    samples = chime()
    assert 1.0 < duration(samples, 22050) < 1.5
    assert abs(samples[0]) < 200 and abs(samples[-1]) < 200
    assert find_espeak()
