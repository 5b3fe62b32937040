"""WindowLists: reads the window's waiting list and today's figures from the server off the UI thread, and
hands them over with `arrived` (the controller gives them to the model).

`GET /windows/{n}/queue` and `GET /windows/{n}/today` are read together whenever something may have changed
them (an event that concerns the window, an action, a login, a reconnect) and every `poll_ms` (the call order
moves with time alone: a ticket that waited past `starve_after_min` goes up the list). Requests are coalesced:
a burst of events within `delay_ms` costs one read, and at most one read is on its way at a time — one more
follows if something changed meanwhile — so a busy hall or a dead network never piles requests up in front of
the clerk's actions on the API's one worker thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import HallApi
from client.errors import ApiError
from client.qt_api import QtHallApi
from jiaohao.wire.models import QueueEntry, WindowToday

__all__ = ["WindowLists"]

log = logging.getLogger(__name__)


class WindowLists(QObject):
    arrived = Signal(object)  # (list[QueueEntry], WindowToday)
    failed = Signal(object)  # ApiError of a read (the list on screen stays as it was)

    def __init__(
        self,
        api: QtHallApi,
        window: int,
        *,
        delay_ms: int = 100,
        poll_ms: int = 30_000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.api = api
        self.window = window
        self.active = False  # reads need a token that may act on the window: on after a login only
        self._in_flight = False
        self._again = False
        self._soon = QTimer(self, singleShot=True, interval=delay_ms)
        self._soon.timeout.connect(self._read)
        self._poll = QTimer(self, interval=poll_ms)
        self._poll.timeout.connect(self.reload)

    def start(self) -> None:
        self.active = True
        self._poll.start()
        self.reload()

    def stop(self) -> None:
        """Logged out: nothing to read with."""
        self.close()

    def close(self) -> None:
        """The caller is closing (its API is about to shut down): no more reads."""
        self.active = False
        self._poll.stop()
        self._soon.stop()

    def reload(self) -> None:
        """Read the list and figures again soon (coalesced with other requests for it)."""
        if not self.active:
            return
        if self._in_flight:
            self._again = True
        elif not self._soon.isActive():
            self._soon.start()

    def _read(self) -> None:
        if not self.active or self._in_flight:
            return
        self._in_flight, self._again = True, False
        window = self.window

        def read(api: HallApi) -> tuple[list[QueueEntry], WindowToday]:
            return api.window_queue(window), api.window_today(window)

        self.api.submit(read, self._arrived, self._failed)

    def _arrived(self, answer: tuple[list[QueueEntry], WindowToday]) -> None:
        self._in_flight = False
        if self.active:
            self.arrived.emit(answer)
        self._next()

    def _failed(self, err: ApiError) -> None:
        self._in_flight = False
        log.info("window %d: waiting list not read: %s", self.window, err)
        self.failed.emit(err)
        if not err.is_network:  # offline: the reconnect asks again; do not loop on a dead network
            self._next()

    def _next(self) -> None:
        if self._again:
            self._again = False
            self.reload()
