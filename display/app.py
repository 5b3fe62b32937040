"""DisplayApp: wires one screen together — connection → model → view, model → announcer → voice.

Everything is handed in (settings, clock, player, pack loader), so tests build the real thing against a
real server with a RecordingPlayer and a manual clock, and `jiaohao display` builds it with the defaults.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject

from client.connection import HallConnection
from client.health import DeviceReport
from client.heartbeat import Heartbeat
from client.photos import StaffPhotos
from client.settings import DeviceSettings
from drivers.voice import Player
from jiaohao.domain.clock import Clock, SystemClock

from .announcer import CallAnnouncer
from .hall_view import HallScreen
from .health import display_report
from .model import DisplayModel
from .none_guard import install_none_guard
from .screen import Screen
from .voice import DisplayVoice, Loader, VoiceOptions, load_pack
from .window_view import PhotoFolder, WindowScreen

__all__ = ["DisplayApp"]

log = logging.getLogger(__name__)


class DisplayApp(QObject):
    """`settings.window` None: the hall screen; a number: that window's screen. `voice=None`: silent."""

    def __init__(
        self,
        settings: DeviceSettings,
        *,
        voice: VoiceOptions | None = None,
        player: Player | None = None,
        clock: Clock | None = None,
        photos: Path | None = None,
        loader: Loader = load_pack,
        max_age_s: float = 60.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        install_none_guard()  # PySide6 6.12 on Python 3.11 would crash a painting screen within minutes
        self.settings = settings
        window = settings.window
        self.connection = HallConnection(settings, window_filter=window, need_token=False, parent=self)
        self.model = DisplayModel(self.connection.state, clock or SystemClock(), window=window)
        self.staff_photos: StaffPhotos | None = None
        if window is None:
            self.screen: Screen = HallScreen(self.model, settings.lang)
        else:
            self.staff_photos = StaffPhotos(self.connection.api, self)
            self.connection.connectionRestored.connect(self.staff_photos.retry)
            self.screen = WindowScreen(self.model, settings.lang, PhotoFolder(photos), staff_photos=self.staff_photos)
        self.voice: DisplayVoice | None = None
        self.announcer: CallAnnouncer | None = None
        if voice is not None:
            if player is None:
                from drivers.voice.qtplayer import QtPlayer  # QtMultimedia loads only when the screen speaks

                player = QtPlayer()
            self.voice = DisplayVoice(voice, player, loader, self)
            self.announcer = CallAnnouncer(self.model, self.voice.say, max_age_s=max_age_s)
            self.voice.problem.connect(self._voice_problem)
            self.voice.spoken.connect(lambda _text: self.screen.set_voice_problem(""))
        self._pack_loaded = False
        self._voice_trouble = ""
        if self.voice is not None:
            self.voice.ready.connect(lambda: self._voice_health(loaded=True, problem=""))
            self.voice.problem.connect(lambda message: self._voice_health(loaded=self._pack_loaded, problem=message))
            self.voice.spoken.connect(lambda _text: self._voice_health(loaded=True, problem=""))
        # With its own token the screen is a device on the dashboard; without one it needs none and is not listed.
        self.heartbeat = Heartbeat(self.connection, self._health, parent=self)
        self.connection.serverFound.connect(lambda _url: self.heartbeat.beat())
        self.connection.events.connected.connect(lambda: self.model.set_online(True))
        self.connection.connectionLost.connect(lambda: self.model.set_online(False))
        self.connection.problem.connect(self.screen.set_connection_problem)
        self.screen.closing.connect(self.stop)
        self._running = False

    def start(self) -> None:
        self._running = True
        if self.voice is not None:
            self.voice.start()
        self.connection.start()
        self.heartbeat.start()

    def stop(self) -> None:
        """Idempotent: from the screen's close and from the command's end."""
        if not self._running:
            return
        self._running = False
        self.heartbeat.stop()
        self.connection.stop()
        if self.voice is not None:
            self.voice.close()
        if self.announcer is not None:
            self.announcer.close()
        self.model.close()

    def _health(self) -> DeviceReport:
        return display_report(
            speaks=self.voice is not None, pack_loaded=self._pack_loaded, voice_problem=self._voice_trouble
        )

    def _voice_health(self, *, loaded: bool, problem: str) -> None:
        self._pack_loaded, self._voice_trouble = loaded, problem
        self.heartbeat.beat()

    def _voice_problem(self, message: str) -> None:
        log.warning("voice: %s", message)
        self.screen.set_voice_problem(message)
