"""Loading a voice pack: clear errors for what is missing or malformed, and a hall's recordings on top."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from drivers.voice import VoicePack, VoicePackError
from drivers.voice.audio import write_wav
from tests.drivers.voice.voice_helpers import RATE, clip_ms, tone, write_pack


def test_loads_every_clip_at_the_pack_rate(pack: VoicePack) -> None:
    assert pack.sample_rate == RATE
    assert len(pack.clip("A")) == RATE * clip_ms("A") // 1000
    assert pack.speaks("zh_CN") and pack.speaks("en_US")


def test_no_manifest_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(VoicePackError) as caught:
        VoicePack.load(tmp_path)
    assert "jiaohao voice-pack generate" in caught.value.message_en
    assert "语音包" in caught.value.message_zh


def test_missing_clips_are_all_named(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "p", skip=("A", "窗口", "en/window"))
    with pytest.raises(VoicePackError) as caught:
        VoicePack.load(folder)
    for name in ("A", "窗口", "en/window"):
        assert name in caught.value.message_en and name in caught.value.message_zh


def test_a_pack_for_chinese_only_needs_no_english_clips(tmp_path: Path) -> None:
    pack = VoicePack.load(write_pack(tmp_path / "p", languages=("zh_CN",), skip=("en/window",)))
    assert not pack.speaks("en")


def test_missing_file_is_named_with_its_path(pack_dir: Path) -> None:
    (pack_dir / "zh" / "qing.wav").unlink()
    with pytest.raises(VoicePackError, match=r"请 \(.*qing\.wav\)"):
        VoicePack.load(pack_dir)


@pytest.mark.parametrize(("key", "value", "message"), [
    ("colour", "1", "unknown \\[pack\\] key"),
    ("gap_ms", "-5", "negative"),
    ("gap_ms", '"short"', "gap_ms must be float"),
    ("auto_trim", "1", "auto_trim must be bool"),
    ("languages", '["fr"]', "languages must be some of zh_CN, en"),
])
def test_manifest_mistakes_are_reported(tmp_path: Path, key: str, value: str, message: str) -> None:
    with pytest.raises(VoicePackError, match=message):
        VoicePack.load(write_pack(tmp_path / "p", settings={key: value}))


def test_bad_toml_and_bad_sample_rate(pack_dir: Path) -> None:
    manifest = pack_dir / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace(f"sample_rate = {RATE}", "sample_rate = 1000"), encoding="utf-8")
    with pytest.raises(VoicePackError, match="sample_rate"):
        VoicePack.load(pack_dir)
    manifest.write_text(text + "[clips\n", encoding="utf-8")
    with pytest.raises(VoicePackError, match="not valid TOML"):
        VoicePack.load(pack_dir)


def test_a_file_that_is_not_wav_is_named(pack_dir: Path) -> None:
    (pack_dir / "zh" / "3.wav").write_bytes(b"ID3 this is an mp3")
    with pytest.raises(VoicePackError, match=r"clip '3' .* cannot be read.*sox"):
        VoicePack.load(pack_dir)


def test_drop_in_recording_replaces_one_clip_and_is_converted(tmp_path: Path) -> None:
    pack_dir = write_pack(tmp_path / "pack", settings={"auto_trim": "true"})
    hall = tmp_path / "hall"
    (hall / "zh").mkdir(parents=True)
    # A typical recorder's file: 48 kHz stereo, with silence around the word.
    stereo = tone(400, rate=48000)
    framed = [0] * 4800 * 2 + [s for s in stereo for _ in (0, 1)] + [0] * 4800 * 2
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(48000)
        wav.writeframes(b"".join(int(s).to_bytes(2, "little", signed=True) for s in framed))
    (hall / "zh" / "chuangkou.wav").write_bytes(buffer.getvalue())

    layered = VoicePack.load(pack_dir, hall)
    assert layered.source("窗口") == hall / "zh" / "chuangkou.wav"
    assert layered.source("请") == pack_dir / "zh" / "qing.wav"
    # converted to 16 kHz mono; the 0.1 s silences on each side trimmed (auto_trim), keeping ~15 ms padding
    assert abs(len(layered.clip("窗口")) / RATE - 0.4) < 0.05


def test_override_manifest_adds_words_and_sets_gain(pack_dir: Path, tmp_path: Path) -> None:
    hall = tmp_path / "hall"
    hall.mkdir()
    write_wav(hall / "haochuangkou.wav", tone(300), RATE)
    write_wav(hall / "my-ling.wav", tone(200), RATE)
    (hall / "manifest.toml").write_text(
        '[pack]\ngap_ms = 80\n[clips]\n"号窗口" = "haochuangkou.wav"\n'
        '"0" = { file = "my-ling.wav", gain_db = -6.0, trim_end_ms = 50 }\n', encoding="utf-8")
    base, layered = VoicePack.load(pack_dir), VoicePack.load(pack_dir, hall)
    assert "号窗口" in layered.names and "号窗口" not in base.names
    assert layered.settings.gap_ms == 80
    assert len(layered.clip("0")) == RATE * 150 // 1000
    assert max(layered.clip("0")) < max(base.clip("0")) * 0.51


def test_override_folder_must_exist(pack_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(VoicePackError, match="does not exist"):
        VoicePack.load(pack_dir, tmp_path / "nowhere")


def test_silent_recording_is_refused(pack_dir: Path, tmp_path: Path) -> None:
    hall = tmp_path / "hall"
    (hall / "zh").mkdir(parents=True)
    write_wav(hall / "zh" / "A.wav", tone(300, amplitude=0.0), RATE)
    (hall / "manifest.toml").write_text("[pack]\nauto_trim = true\n", encoding="utf-8")
    with pytest.raises(VoicePackError, match="silent"):
        VoicePack.load(pack_dir, hall)
