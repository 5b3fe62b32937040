"""HallMirror: what a front-end knows of the hall, kept equal to the server's by applying the event stream.

Plain Python, no Qt (views subscribe with a callback), so it is tested without a screen. A snapshot replaces
everything; an event is applied once, in order: one at or below the last applied `seq` is a duplicate from
a replay and is ignored. Each event's `data` arrives parsed into its model (`jiaohao.wire.events`); an event
type this client does not know (a newer server) is passed on to listeners and otherwise ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jiaohao.wire.events import ConfigChanged, DayStarted, HallCounts, Notice, WindowUpdated
from jiaohao.wire.models import Event, HallOut, Snapshot, WindowOut

__all__ = ["HallMirror", "StateChange"]


@dataclass(frozen=True, slots=True)
class StateChange:
    """Told to subscribers after each change: a snapshot (event is None) or one applied event."""

    seq: int
    event: Event | None

    @property
    def is_snapshot(self) -> bool:
        return self.event is None


Listener = Callable[[StateChange], Any]


class HallMirror:
    def __init__(self) -> None:
        self.hall: HallOut | None = None
        self.seq = 0
        self._listeners: list[Listener] = []

    @property
    def ready(self) -> bool:
        """True once a snapshot arrived: before that there is nothing to show."""
        return self.hall is not None

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after every change; returns the function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def window(self, number: int) -> WindowOut | None:
        if self.hall is None:
            return None
        return next((w for w in self.hall.windows if w.number == number), None)

    def apply_snapshot(self, snapshot: Snapshot | HallOut) -> None:
        hall = snapshot.hall if isinstance(snapshot, Snapshot) else snapshot
        self.hall = hall.model_copy(deep=True)
        self.seq = snapshot.seq
        self._notify(StateChange(self.seq, None))

    def apply_event(self, event: Event) -> bool:
        """Apply one event; False when it was already applied (or no snapshot came first)."""
        if self.hall is None or event.seq <= self.seq:
            return False
        self.seq = event.seq
        self.hall.seq = event.seq
        data = event.data
        if isinstance(data, WindowUpdated):
            self._window_updated(self.hall, data)
        elif isinstance(data, HallCounts):
            self._counts(self.hall, data)
        elif isinstance(data, Notice):
            self.hall.notice = data.text
        elif isinstance(data, DayStarted):
            self._day_started(self.hall, data)
        elif isinstance(data, ConfigChanged):
            self._config_changed(self.hall, data)
        self._notify(StateChange(event.seq, event))
        return True

    def _notify(self, change: StateChange) -> None:
        for listener in list(self._listeners):
            listener(change)

    # --- per event type ---------------------------------------------------------------------------------

    @staticmethod
    def _window_updated(hall: HallOut, data: WindowUpdated) -> None:
        window = WindowOut.model_validate(data.model_dump())
        windows = [w for w in hall.windows if w.number != window.number]
        windows.append(window)
        hall.windows = sorted(windows, key=lambda w: w.number)

    @staticmethod
    def _counts(hall: HallOut, data: HallCounts) -> None:
        for service in hall.services:
            update = data.services.get(service.code)
            if update is None:
                continue
            service.waiting = update.waiting
            service.est_wait_min = update.est_wait_min
            service.issued_today = update.issued_today
            # Open or closed as the server says (its clock, its cap): the kiosk greys the button at once,
            # and takes it back when the service opens again in the morning.
            service.open, service.closed_reason = update.open, update.closed_reason

    @staticmethod
    def _config_changed(hall: HallOut, data: ConfigChanged) -> None:
        """An administrator changed services, windows or lists: take the server's whole view of them (a new
        service appears on the kiosk, a closed one greys, a window's services follow)."""
        new = data.hall
        hall.name, hall.reminders, hall.pause_reasons = new.name, list(new.reminders), list(new.pause_reasons)
        hall.services = [s.model_copy(deep=True) for s in new.services]
        hall.windows = [w.model_copy(deep=True) for w in new.windows]

    @staticmethod
    def _day_started(hall: HallOut, data: DayStarted) -> None:
        """Yesterday's unfinished tickets were cancelled and the windows let go of theirs: nobody waits and no
        number is called any more (the server announces neither by itself). Which services open follows as
        hall.counts."""
        hall.business_day = data.business_day
        for service in hall.services:
            service.waiting = service.est_wait_min = service.issued_today = 0
        for window in hall.windows:
            window.serving = window.serving_state = window.called_at = None
