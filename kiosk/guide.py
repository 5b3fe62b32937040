"""The kiosk's spoken guide, for citizens who cannot read the screen well: "请选择要办理的业务" when the
start screen shows, "请取走您的号票" when the ticket has printed. It speaks while 大字模式 is on (the switch an
elderly citizen presses), in the language on the screen, through the voice pack's queue (its own thread: the
UI never waits for a sound). A pack without the guide's clips leaves the kiosk silent, never broken.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from drivers.voice import Announcement, AnnouncementQueue, VoicePack
from drivers.voice.catalogue import GUIDE_CHOOSE, GUIDE_TAKE

from .model import KioskModel, PrintState, Screen

__all__ = ["SpokenGuide"]

log = logging.getLogger(__name__)


class SpokenGuide:
    def __init__(self, model: KioskModel, pack: VoicePack, queue: AnnouncementQueue) -> None:
        self.model = model
        self.pack = pack
        self.queue = queue
        self.spoken: list[str] = []  # clip names, in order (what a test or the status report reads)
        self._said: tuple[object, ...] | None = None
        self._unsubscribe: Callable[[], None] = model.subscribe(self._changed)

    def _moment(self) -> tuple[str, tuple[object, ...]] | None:
        model = self.model
        if model.screen is Screen.START and model.accepting:
            return GUIDE_CHOOSE, (Screen.START, model.lang)
        current = model.current
        if model.screen is Screen.RESULT and current is not None and current.print_state is PrintState.PRINTED:
            return GUIDE_TAKE, (Screen.RESULT, current.ticket.id, model.lang)
        return None

    def _changed(self) -> None:
        moment = self._moment() if self.model.large else None
        if moment is None:
            self._said = None if not self.model.large else self._said
            return
        clip, key = moment
        if key == self._said:
            return  # the same screen refreshed: say it once
        self._said = key
        name = clip if self.model.lang == "zh_CN" else f"en/{clip}"
        if name not in self.pack.names:
            log.info("voice pack has no guide clip %s; the kiosk stays silent", name)
            return
        self.spoken.append(name)
        self.queue.put(Announcement(number="", window="", recall=False, lang=self.model.lang, text=name, clips=(name,)))

    def close(self) -> None:
        self._unsubscribe()
