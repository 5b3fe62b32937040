"""The display's part of `jiaohao demo`: the hall screen and window 1's screen, speaking the calls.

Headless demos record each announcement as a WAV under OUT/voice instead of playing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from drivers.voice import Player, RecordingPlayer

from .app import DisplayApp
from .voice import VoiceOptions

if TYPE_CHECKING:
    from client.demo import DemoContext

__all__ = ["launch"]


def launch(ctx: DemoContext) -> list[QWidget]:
    screens: list[QWidget] = []
    for window, size in ((None, (1920, 1080)), (1, (1280, 720))):
        player: Player | None = RecordingPlayer(ctx.output / "voice") if ctx.headless else None
        voice = VoiceOptions(lang=ctx.lang) if window is None else None  # one speaker in the room is enough
        app = DisplayApp(ctx.settings("display", window=window), voice=voice, player=player)
        app.screen.resize(*size)
        app.setParent(app.screen)  # lives as long as its screen; the screen's close stops it
        app.start()
        screens.append(app.screen)
    return screens
