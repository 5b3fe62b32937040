"""QtCore adapter: the announcement queue's events as Qt signals, for the display app.

The queue's worker thread emits; Qt delivers to receivers in the GUI thread through queued connections, so
a screen can highlight the number being spoken without ever touching the worker. QtCore only, no widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from .announce import Announcement
from .queue import AnnouncementQueue


class QtAnnouncer(QObject):
    """Wraps an AnnouncementQueue. `started(text)` / `finished(text)` carry the sentence being spoken
    (e.g. 请A001号到3号窗口办理); `failed(text, message)` a Chinese + English error message."""

    started = Signal(str)
    finished = Signal(str)
    failed = Signal(str, str)

    def __init__(self, announcements: AnnouncementQueue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue = announcements
        announcements.add_listener(self._Relay(self))

    @Slot(str, str, bool)
    def call(self, number: str, window: str, recall: bool = False) -> None:
        self.queue.call(number, window, recall=recall)

    class _Relay:
        def __init__(self, owner: QtAnnouncer) -> None:
            self.owner = owner

        def started(self, item: Announcement) -> None:
            self.owner.started.emit(item.text)

        def finished(self, item: Announcement) -> None:
            self.owner.finished.emit(item.text)

        def failed(self, item: Announcement, error: Exception) -> None:
            self.owner.failed.emit(item.text, str(error))
