"""A synthetic voice pack (one short tone per clip) so most tests need neither espeak-ng nor real speech,
and every clip's length is known exactly."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.voice import VoicePack

from .voice_helpers import write_pack


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "pack")


@pytest.fixture
def pack(pack_dir: Path) -> VoicePack:
    return VoicePack.load(pack_dir)


@pytest.fixture
def no_leaked_threads() -> Iterator[Callable[[], None]]:
    """Fails the test if a voice-queue worker outlives it: a leaked worker would hang the run later."""
    before = set(threading.enumerate())

    def check() -> None:
        leftover = [t for t in set(threading.enumerate()) - before if t.name == "voice-queue" and t.is_alive()]
        assert not leftover, leftover

    yield check
    check()
