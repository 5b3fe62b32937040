"""`jiaohao say` on a machine with no sound device: one clear sentence (zh / en), exit 1, no traceback.

A real `jiaohao` process and a real player (sox's `play`, a `make deps` package) told to use an ALSA device
that does not exist, so the test means the same on a build machine with no sound card and on a PC that has one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _say(pack_dir: Path, bin_dir: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": str(bin_dir),  # the only player `say` can find is the one the test put there (or none)
        "AUDIODRIVER": "alsa",
        "AUDIODEV": "jiaohao-no-such-device",
        "PULSE_SERVER": f"unix:{tmp_path / 'no-pulse-here'}",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    return subprocess.run([sys.executable, "-m", "jiaohao", "say", "A001", "3", "--pack", str(pack_dir)],
                          capture_output=True, text=True, env=env, timeout=60, check=False)


def _one_clear_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_say_with_no_sound_device_says_so_in_one_line(pack_dir: Path, tmp_path: Path) -> None:
    play = shutil.which("play")
    if play is None:
        pytest.fail("sox's `play` is missing: run `make deps` (it installs sox)")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "play").symlink_to(play)
    line = _one_clear_line(_say(pack_dir, bin_dir, tmp_path))
    assert "播放声音失败，请检查音箱和音频设置" in line  # the hall's staff: what to check
    assert "exited with" in line  # the installer: which program failed, and why (its last words)


def test_say_with_no_player_program_says_what_to_install(pack_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    line = _one_clear_line(_say(pack_dir, empty, tmp_path))
    assert "找不到音频播放程序" in line and "install" in line
