"""`jiaohao say` and `jiaohao voice-pack check`, as an installer uses them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from drivers.voice.audio import duration, read_wav
from drivers.voice.cli import say, voice_pack
from tests.drivers.voice.voice_helpers import RATE


def test_say_writes_all_repeats_to_a_wav(pack_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "a001.wav"
    result = CliRunner().invoke(say, ["A001", "3", "--pack", str(pack_dir), "--out", str(out), "--repeat", "2"])
    assert result.exit_code == 0, result.output
    assert "请A001号到3号窗口办理" in result.output
    samples, rate = read_wav(out)
    assert rate == RATE and 3.0 < duration(samples, rate) < 6.0


def test_say_explains_a_missing_pack(tmp_path: Path) -> None:
    result = CliRunner().invoke(say, ["A001", "3", "--pack", str(tmp_path), "--out", str(tmp_path / "x.wav")])
    assert result.exit_code == 1
    assert "jiaohao voice-pack generate" in result.output


def test_say_reports_a_player_failure(pack_dir: Path) -> None:
    result = CliRunner().invoke(say, ["A001", "3", "--pack", str(pack_dir), "--player", "false"])
    assert result.exit_code == 1
    assert "播放声音失败" in result.output


def test_check_lists_clips_and_their_sources(pack_dir: Path) -> None:
    result = CliRunner().invoke(voice_pack, ["check", "--pack", str(pack_dir)])
    assert result.exit_code == 0, result.output
    assert "zh/chuangkou.wav" in result.output and "OK: " in result.output
