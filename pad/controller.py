"""PadController: joins the model to the hall (event stream, API, outbox) and to a serial evaluator.

QtCore only, so the same controller runs behind the touch screen and in `jiaohao pad --headless`. Everything
here runs on the UI thread: the API answers, stream events and evaluator presses all arrive as queued
signals, so the model and the outbox file have one writer and need no locks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from client.api import HallApi
from client.connection import HallConnection
from client.errors import ApiError
from client.i18n import tr_error
from client.state import StateChange
from jiaohao.wire.events import RatingRequested, WindowUpdated

from .model import PadModel, Rating, RatingRequest, staff_card
from .outbox import Outbox, OutboxEntry, Outcome, outcome_of

__all__ = ["PadController"]

log = logging.getLogger(__name__)

_TICK_MS = 500
_RETRY_FIRST_MS = 1_000
_RETRY_MAX_MS = 30_000


class PadController(QObject):
    """Signals: `ratingDelivered(int ticket_id)` once the server has a rating, `ratingKept(int ticket_id)`
    when one waits in the outbox, `ratingRefused(int ticket_id, str sentence)`."""

    ratingDelivered = Signal(int)
    ratingKept = Signal(int)
    ratingRefused = Signal(int, str)

    def __init__(
        self,
        connection: HallConnection,
        outbox: Outbox,
        *,
        window: int,
        model_factory: Callable[[Callable[[Rating], None]], PadModel] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.connection = connection
        self.outbox = outbox
        self.window = window
        self.model = model_factory(self._submit) if model_factory else PadModel(window, self._submit)
        self._in_flight: set[str] = set()
        self._retry_ms = _RETRY_FIRST_MS
        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(self.flush)
        self._ticker = QTimer(self, interval=_TICK_MS)
        self._ticker.timeout.connect(self.model.tick)
        connection.stateChanged.connect(self._on_change)
        connection.connectionLost.connect(lambda: self.model.set_online(False))
        connection.connectionRestored.connect(self._on_restored)

    def start(self) -> None:
        self._ticker.start()
        self.connection.start()
        self.flush()  # ratings left from before a restart of the pad

    def stop(self) -> None:
        self._ticker.stop()
        self._retry.stop()
        self.connection.stop()

    # --- the hall ---------------------------------------------------------------------------------------

    def _on_change(self, change: StateChange) -> None:
        state = self.connection.state
        window = state.window(self.window)
        if change.is_snapshot or (change.event is not None and isinstance(change.event.data, WindowUpdated)):
            self.model.set_staff(staff_card(self.window, window.model_dump() if window else None))
        if change.is_snapshot:
            self.model.set_online(True)
        data = change.event.data if change.event is not None else None
        if isinstance(data, RatingRequested) and data.window == self.window:
            self._requested(data)

    def _requested(self, data: RatingRequested) -> None:
        hall = self.connection.state.hall
        names = {s.code: s.name for s in hall.services} if hall else {}
        self.model.requested(RatingRequest.from_event(data, names))

    def _on_restored(self) -> None:
        self.model.set_online(True)
        self._retry_ms = _RETRY_FIRST_MS
        self.flush()

    # --- ratings ----------------------------------------------------------------------------------------

    def _submit(self, rating: Rating) -> None:
        entry = self.outbox.add(rating)  # on disk before the first byte goes to the server
        self._deliver(entry)

    def flush(self) -> None:
        """Send every kept rating that is not already on its way."""
        for entry in self.outbox.entries():
            if entry.key not in self._in_flight:
                self._deliver(entry)

    def _deliver(self, entry: OutboxEntry) -> None:
        entry = self.outbox.attempt(entry.key)
        self._in_flight.add(entry.key)
        rating = entry.rating

        def send(api: HallApi) -> None:
            api.rate(
                rating.ticket_id,
                rating.level,
                list(rating.reasons),
                rating.comment,
                source=rating.source,
                rated_at=rating.rated_at,
            )

        self.connection.api.submit(
            send,
            lambda _none: self._delivered(entry),
            lambda err: self._failed(entry, err),
        )

    def _delivered(self, entry: OutboxEntry) -> None:
        self._in_flight.discard(entry.key)
        self.outbox.remove(entry.key)
        self._retry_ms = _RETRY_FIRST_MS
        log.info("pad %d: rating of %s delivered (level %d)", self.window, entry.rating.number, entry.rating.level)
        self.model.delivered(entry.rating.ticket_id)
        self.ratingDelivered.emit(entry.rating.ticket_id)

    def _failed(self, entry: OutboxEntry, err: ApiError) -> None:
        self._in_flight.discard(entry.key)
        outcome = outcome_of(err, entry.attempts)
        if outcome is Outcome.DELIVERED:
            log.info("pad %d: %s was already recorded by an earlier attempt", self.window, entry.rating.number)
            self._delivered(entry)
            return
        if outcome is Outcome.RETIME and entry.rating.rated_at is not None:
            log.warning(
                "pad %d: the server refused the time of %s (%s); sent again without it",
                self.window,
                entry.rating.number,
                err.message,
            )
            self._deliver(self.outbox.without_time(entry.key))
            return
        if outcome is Outcome.RETRY:
            log.info("pad %d: rating of %s kept for later: %s", self.window, entry.rating.number, err.message)
            self.model.kept(entry.rating.ticket_id)
            self.ratingKept.emit(entry.rating.ticket_id)
            if not self._retry.isActive():
                self._retry.start(self._retry_ms)
                self._retry_ms = min(self._retry_ms * 2, _RETRY_MAX_MS)
            return
        self.outbox.remove(entry.key)
        log.warning(
            "pad %d: the server refused the rating of %s (%s %s)", self.window, entry.rating.number, err.code, err
        )
        sentence = tr_error(err)
        self.model.refused(entry.rating.ticket_id, sentence)
        self.ratingRefused.emit(entry.rating.ticket_id, sentence)
