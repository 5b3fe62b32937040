"""DisplayVoice: the screen's speaker. Loads (or first generates) the voice pack off the UI thread, then
hands each call to drivers/voice's AnnouncementQueue, which speaks them in order, never overlapping.

Calls that arrive while the pack is still loading are kept and spoken once it is ready, so the first
minutes after a display boots do not lose calls. A call that cannot be spoken (a number with a character
the pack has no clip for) is logged and reported; the screen still shows it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from client.i18n import tr
from drivers.errors import DeviceError
from drivers.voice import (
    Announcement,
    AnnouncementQueue,
    Player,
    VoiceError,
    VoicePack,
    ensure_default_pack,
    generate_pack,
)

from .model import ShownCall

__all__ = ["DisplayVoice", "Loader", "VoiceOptions", "load_pack"]

log = logging.getLogger(__name__)


class VoiceOptions:
    def __init__(self, *, pack_dir: Path | None = None, overrides: tuple[Path, ...] = (), repeat: int = 2,
                 lang: str = "zh_CN", template: str | None = None) -> None:
        self.pack_dir, self.overrides = pack_dir, overrides
        self.repeat, self.lang, self.template = repeat, lang, template


def load_pack(options: VoiceOptions) -> VoicePack:
    """The default pack is generated on first run (espeak-ng); a given folder is only loaded."""
    if options.pack_dir is None:
        if not options.overrides:
            return ensure_default_pack()
        return VoicePack.load(generate_pack(), *options.overrides)
    return VoicePack.load(options.pack_dir, *options.overrides)


Loader = Callable[[VoiceOptions], VoicePack]


class DisplayVoice(QObject):
    """Signals (UI thread): `ready()` once the pack is loaded; `speaking(str)` / `spoken(str)` with the
    sentence; `problem(str)` with a sentence for the screen's status line."""

    ready = Signal()
    speaking = Signal(str)
    spoken = Signal(str)
    problem = Signal(str)
    _loaded = Signal(object)
    _load_failed = Signal(object)

    def __init__(self, options: VoiceOptions, player: Player, loader: Loader = load_pack,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options, self.player, self.loader = options, player, loader
        self.queue: AnnouncementQueue | None = None
        self._waiting: list[ShownCall] = []
        self._closed = False
        self._unavailable = False  # the pack failed to load: calls are shown only, not kept for later
        self._loaded.connect(self._on_loaded)
        self._load_failed.connect(self._on_load_failed)

    def start(self) -> None:
        threading.Thread(target=self._load, name="voice-pack-load", daemon=True).start()

    def _load(self) -> None:  # worker thread: only emits
        try:
            pack = self.loader(self.options)
        except VoiceError as err:
            log.error("voice pack unavailable: %s", err)
            self._load_failed.emit(err)
            return
        self._loaded.emit(pack)

    # QueueListener, called on the queue's worker thread: only emits (Qt queues to the UI thread).
    def started(self, item: Announcement) -> None:
        self.speaking.emit(item.text)

    def finished(self, item: Announcement) -> None:
        self.spoken.emit(item.text)

    def failed(self, item: Announcement, error: Exception) -> None:
        self.problem.emit(self._sentence(error))

    def _sentence(self, error: Exception) -> str:
        if isinstance(error, DeviceError):
            detail = error.message(self.options.lang)
        else:
            detail = str(error)
        return tr("DisplayScreen", "语音播报故障：{detail}").format(detail=detail)

    def _on_loaded(self, pack: VoicePack) -> None:
        if self._closed:
            return
        try:
            queue = AnnouncementQueue(pack, self.player, repeat=self.options.repeat, lang=self.options.lang,
                                      template=self.options.template)
        except VoiceError as err:
            self._on_load_failed(err)
            return
        queue.add_listener(self)
        self.queue = queue.start()
        waiting, self._waiting = self._waiting, []
        for call in waiting:
            self.say(call)
        self.ready.emit()

    def _on_load_failed(self, error: Exception) -> None:
        self._unavailable = True
        self._waiting.clear()
        self.problem.emit(self._sentence(error))

    def say(self, call: ShownCall) -> None:
        if self._closed or self._unavailable:
            return
        if self.queue is None:
            self._waiting.append(call)
            return
        try:
            self.queue.call(call.number, call.window, recall=call.recall > 0)
        except VoiceError as err:
            log.error("cannot speak %s → %s: %s", call.number, call.window, err)
            self.problem.emit(self._sentence(err))

    @property
    def pending(self) -> int:
        return self.queue.pending if self.queue is not None else len(self._waiting)

    def close(self, timeout: float = 30.0) -> None:
        """Let the announcement playing now finish (never cut off), drop the rest: the screen is closing."""
        self._closed = True
        if self.queue is not None:
            self.queue.close(drain=False, timeout=timeout)
