"""Each front-end as `jiaohao demo` shows it: built from the demo's settings, started, not yet shown.

Each `launch_*` returns the front-end's top-level windows; the demo shows them (or renders them offscreen),
screenshots them now and then, and closes them at the end, which stops what they started.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from caller.app import build_caller
from display.app import DisplayApp
from display.voice import VoiceOptions
from drivers.voice import Player, RecordingPlayer
from kiosk.app import build_kiosk
from pad.app import build_pad
from pad.runtime import PadOptions

from .context import DemoContext

__all__ = ["FRONT_ENDS", "Launcher", "launch_caller", "launch_display", "launch_kiosk", "launch_pad"]

Launcher = Callable[[DemoContext], list[QWidget]]


def launch_kiosk(ctx: DemoContext) -> list[QWidget]:
    """The kiosk printing on the demo's virtual printer, in a portrait 1080×1920 window."""
    kiosk = build_kiosk(ctx.settings("kiosk", printer=ctx.printer_uri))
    kiosk.window.resize(1080, 1920)
    kiosk.start()  # the window's closeEvent stops the connection and the printer thread
    return [kiosk.window]


def launch_caller(ctx: DemoContext) -> list[QWidget]:
    """Window 1's caller, acting with the demo's caller device token.

    Why no clerk login: the demo's simulator logs its clerks in at every window, and a second login at a
    window revokes the first; with the device token the caller shows window 1 live while the simulated clerk
    works it, and its buttons still act for the window.
    """
    window = build_caller(ctx.settings("caller", window=1), device_login=True)
    window.setObjectName("caller-window1")
    return [window]


def launch_display(ctx: DemoContext) -> list[QWidget]:
    """The hall screen and window 1's screen, speaking the calls (headless: each announcement is written as a
    WAV under OUT/voice instead of played)."""
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


def launch_pad(ctx: DemoContext) -> list[QWidget]:
    """Window 1's rating tablet, rating what the simulated clerks finish."""
    settings = ctx.settings("pad", window=1)
    runtime, window = build_pad(settings, PadOptions(window=1, data_dir=ctx.output / "pad"))
    runtime.start()
    return [window]


FRONT_ENDS: tuple[Launcher, ...] = (launch_kiosk, launch_caller, launch_display, launch_pad)
