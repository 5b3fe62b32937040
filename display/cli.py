"""`jiaohao display`: the hall screen, or with `--window N` one window's screen, with the voice call."""

from __future__ import annotations

import logging
import shlex
import signal
from pathlib import Path

import click

from client.settings import DeviceSettings, device_options

__all__ = ["display"]


@click.command("display")
@device_options("display", window=True)
@click.option("--voice-pack", type=click.Path(file_okay=False, path_type=Path),
              help="voice pack folder (default: the generated default pack, made on first run)")
@click.option("--voice-override", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="folder of the hall's own recordings laid over the pack (repeatable)")
@click.option("--no-voice", is_flag=True, help="show calls without speaking them")
@click.option("--repeat", type=click.IntRange(1, 5), default=2, show_default=True, help="times each call is said")
@click.option("--template", metavar="TEXT",
              help="announcement template (default 请{number}号到{window}号窗口办理; English with --lang en)")
@click.option("--player", help="play through this command instead of QtMultimedia, e.g. 'aplay -q'")
@click.option("--photos", type=click.Path(file_okay=False, path_type=Path),
              help="folder of staff photos named <工号>.png/.jpg, for the window screen")
@click.option("--fullscreen", is_flag=True, help="fill the screen (what a hall's TV wants)")
def display(settings: DeviceSettings, voice_pack: Path | None, voice_override: tuple[Path, ...], no_voice: bool,
            repeat: int, template: str | None, player: str | None, photos: Path | None, fullscreen: bool) -> None:
    """The hall screen (综合屏), or with --window N the window screen (窗口屏)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from client.i18n import install_translator
    from client.theme import apply_theme
    from drivers.voice import Player, SubprocessPlayer

    from .app import DisplayApp
    from .voice import VoiceOptions

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QApplication([])
    apply_theme(app)
    install_translator(app, settings.lang)
    voice = None if no_voice else VoiceOptions(pack_dir=voice_pack, overrides=voice_override, repeat=repeat,
                                               lang=settings.lang, template=template)
    chosen: Player | None = SubprocessPlayer(shlex.split(player)) if player else None
    screen_app = DisplayApp(settings, voice=voice, player=chosen, photos=photos)
    screen = screen_app.screen
    screen.resize(1920, 1080)
    # Ctrl-C/SIGTERM end the Qt loop; the timer lets Python run its signal handlers while Qt waits.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: app.quit())
    wake = QTimer(interval=300)
    wake.timeout.connect(lambda: None)
    wake.start()
    screen_app.start()
    if fullscreen:
        # A hall's TV PC often runs a bare X session: with no window manager to honour the full-screen
        # request, the window keeps its 1920×1080 and a smaller screen cuts it off, so fit it ourselves.
        screen.setGeometry(app.primaryScreen().geometry())
        screen.showFullScreen()
    else:
        screen.show()
    try:
        app.exec()
    finally:
        screen_app.stop()
