"""Players: something that plays one WAV and returns when it has finished.

The queue owns ordering and never calls `play()` twice at once, so a player only has to block until its
sound is done; that is what makes "never overlap, never cut off" hold for any player.

`qtplayer.QtPlayer` plays through QtMultimedia (PySide6-Addons), the hall screen's default;
`SubprocessPlayer` runs an external program (PulseAudio/PipeWire, ALSA or sox) for `--player`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from . import audio
from .errors import PlayerError

# Tried in this order: paplay goes through the desktop sound server (PulseAudio or PipeWire), so it shares
# the speaker with other programs; aplay talks to ALSA directly on a bare kiosk; play comes with sox.
CANDIDATES: tuple[tuple[str, ...], ...] = (("paplay",), ("aplay", "-q"), ("play", "-q"))


class Player(Protocol):
    def play(self, wav: bytes) -> None:
        """Play a complete WAV file's bytes; return only when the sound has finished. Raise PlayerError."""


class SubprocessPlayer:
    """Plays each WAV with an external program (paplay, aplay or sox's play), whichever exists."""

    def __init__(self, command: Sequence[str] | None = None, *,
                 which: Callable[[str], str | None] = shutil.which, slack_s: float = 10.0) -> None:
        self.command = list(command) if command else self.detect(which)
        self.slack_s = slack_s  # beyond the sound's own length, before a hung sound server counts as failure

    @staticmethod
    def detect(which: Callable[[str], str | None] = shutil.which) -> list[str]:
        for candidate in CANDIDATES:
            path = which(candidate[0])
            if path:
                return [path, *candidate[1:]]
        raise PlayerError("no audio player found: install pulseaudio-utils (paplay), alsa-utils (aplay) or sox",
                          "找不到音频播放程序，请安装 pulseaudio-utils、alsa-utils 或 sox")

    def play(self, wav: bytes) -> None:
        samples, rate = audio.read_wav(wav)
        # A file rather than a pipe: paplay and aplay both detect the format reliably from a seekable file.
        handle, name = tempfile.mkstemp(prefix="jiaohao-voice-", suffix=".wav")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(wav)
            done = subprocess.run([*self.command, name], capture_output=True, check=False,
                                  timeout=audio.duration(samples, rate) + self.slack_s)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise PlayerError(f"{self.command[0]} failed: {err}", "播放声音失败，请检查音箱") from err
        finally:
            Path(name).unlink(missing_ok=True)
        if done.returncode != 0:
            reason = " | ".join(done.stderr.decode(errors="replace").strip().splitlines()[-2:])
            raise PlayerError(f"{' '.join(self.command)} exited with {done.returncode}: {reason}",
                              "播放声音失败，请检查音箱和音频设置")


class RecordingPlayer:
    """Plays nothing: keeps each announcement (and writes it into `folder` as 0001.wav, 0002.wav …).

    For tests and for `jiaohao demo` without speakers. It also counts how many `play()` calls are active at
    once, so a test can assert that announcements never overlapped.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.played: list[bytes] = []
        self.max_concurrent = 0
        self._active = 0
        self._lock = threading.Lock()
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)

    def play(self, wav: bytes) -> None:
        with self._lock:
            self._active += 1
            self.max_concurrent = max(self.max_concurrent, self._active)
            self.played.append(wav)
            index = len(self.played)
        try:
            if self.folder is not None:
                (self.folder / f"{index:04d}.wav").write_bytes(wav)
        finally:
            with self._lock:
                self._active -= 1
