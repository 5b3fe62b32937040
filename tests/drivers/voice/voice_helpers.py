"""Helpers shared by the tests in this folder (split out of conftest so tests import them by name)."""

from __future__ import annotations

import functools
import math
from array import array
from pathlib import Path

from drivers.voice.audio import wav_bytes
from drivers.voice.catalogue import SOURCES

RATE = 16000


def tone(ms: float, freq: float = 440.0, rate: int = RATE, amplitude: float = 0.5) -> array[int]:
    count = round(rate * ms / 1000)
    return array("h", (round(amplitude * 32767 * math.sin(2 * math.pi * freq * i / rate)) for i in range(count)))


def clip_ms(name: str) -> int:
    """A distinct, known length per clip, so a rendering's length says which clips it holds."""
    return 100 + 10 * (sum(map(ord, name)) % 7)


@functools.cache
def _tone_wav(ms: int) -> bytes:
    return wav_bytes(tone(ms), RATE)  # only seven lengths: building ~100 tones per test would be slow


def write_pack(
    folder: Path,
    *,
    languages: tuple[str, ...] = ("zh_CN", "en"),
    skip: tuple[str, ...] = (),
    settings: dict[str, str] | None = None,
) -> Path:
    """A complete pack of tones; `settings` are raw TOML values that replace or add [pack] keys."""
    folder.mkdir(parents=True, exist_ok=True)
    table = {
        "name": '"test"',
        "languages": "[" + ", ".join(f'"{x}"' for x in languages) + "]",
        "sample_rate": str(RATE),
        "gap_ms": "50",
        "chime_gap_ms": "200",
        "pause_ms": "150",
        "auto_trim": "false",
        **(settings or {}),
    }
    lines = ["[pack]", *(f"{key} = {value}" for key, value in table.items()), "[clips]"]
    for source in SOURCES:
        if source.name in skip:
            continue
        path = folder / source.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_tone_wav(clip_ms(source.name)))
        lines.append(f'"{source.name}" = "{source.file}"')
    (folder / "manifest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
