"""HallState: what a front-end knows of the hall, kept equal to the server's by applying the event stream.

Plain Python, no Qt (views subscribe with a callback), so it is tested without a screen. A snapshot replaces
everything; an event is applied once, in order: one at or below the last applied `seq` is a duplicate from
a replay and is ignored.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from jiaohao.wire.models import Event, HallOut, Snapshot, WindowOut

__all__ = ["Call", "HallState", "StateChange"]

# Event types that move a ticket; the display keeps the recent calls, the rest only bump counters.
TICKET_EVENTS = frozenset(
    {
        "ticket.issued",
        "ticket.called",
        "ticket.serving",
        "ticket.finished",
        "ticket.no_show",
        "ticket.held",
        "ticket.transferred",
    }
)


@dataclass(frozen=True, slots=True)
class Call:
    """One call of a ticket to a window, as a hall screen lists it."""

    number: str
    window: int
    window_name: str | None
    service_name: str
    recall: int
    at: datetime


@dataclass(frozen=True, slots=True)
class StateChange:
    """Told to subscribers after each change: a snapshot (event is None) or one applied event."""

    seq: int
    event: Event | None

    @property
    def is_snapshot(self) -> bool:
        return self.event is None


Listener = Callable[[StateChange], Any]


class HallState:
    def __init__(self, recent_calls: int = 10) -> None:
        self.hall: HallOut | None = None
        self.seq = 0
        self.recent_calls: deque[Call] = deque(maxlen=recent_calls)
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
        self.recent_calls.clear()
        self._notify(StateChange(self.seq, None))

    def apply_event(self, event: Event) -> bool:
        """Apply one event; False when it was already applied (or no snapshot came first)."""
        if self.hall is None or event.seq <= self.seq:
            return False
        self.seq = event.seq
        self.hall.seq = event.seq
        handler = _HANDLERS.get(event.type)
        if handler is not None:
            handler(self, event)
        self._notify(StateChange(event.seq, event))
        return True

    def _notify(self, change: StateChange) -> None:
        for listener in list(self._listeners):
            listener(change)

    # --- per event type ---------------------------------------------------------------------------------

    def _window_updated(self, event: Event) -> None:
        assert self.hall is not None
        window = WindowOut.model_validate(event.data)
        windows = [w for w in self.hall.windows if w.number != window.number]
        windows.append(window)
        self.hall.windows = sorted(windows, key=lambda w: w.number)

    def _counts(self, event: Event) -> None:
        assert self.hall is not None
        counts: dict[str, dict[str, Any]] = event.data.get("services", {})
        for service in self.hall.services:
            update = counts.get(service.code)
            if update is None:
                continue
            service.waiting = int(update.get("waiting", service.waiting))
            service.est_wait_min = int(update.get("est_wait_min", service.est_wait_min))
            service.issued_today = int(update.get("issued_today", service.issued_today))
            if "open" in update:
                # The server says when a service opens and closes (hours, the day's cap, the cap's new day).
                service.open, service.closed_reason = bool(update["open"]), update.get("closed_reason")
            elif service.daily_cap is not None and service.issued_today >= service.daily_cap:
                # An older server sends no `open`: the same words as its hall view, so a kiosk greys the button.
                service.open, service.closed_reason = False, "今日号源已取完"

    def _day_started(self, event: Event) -> None:
        """The business day turned: yesterday's unfinished tickets were cancelled and the windows let go of
        theirs, so nobody waits and no number is called yet. Which services open now follows as hall.counts."""
        assert self.hall is not None
        day = event.data.get("business_day")
        if isinstance(day, str):
            self.hall.business_day = date.fromisoformat(day)
        for service in self.hall.services:
            service.waiting = service.est_wait_min = service.issued_today = 0
        for window in self.hall.windows:
            window.serving = window.serving_state = window.called_at = None

    def _called(self, event: Event) -> None:
        data = event.data
        if data.get("window") is None:
            return
        self.recent_calls.appendleft(
            Call(
                number=str(data["number"]),
                window=int(data["window"]),
                window_name=data.get("window_name"),
                service_name=str(data.get("service_name", "")),
                recall=int(data.get("recall", 0)),
                at=event.at,
            )
        )

    def _notice(self, event: Event) -> None:
        assert self.hall is not None
        text = event.data.get("text", event.data.get("notice"))
        if isinstance(text, str):
            self.hall.notice = text


_HANDLERS: dict[str, Callable[[HallState, Event], None]] = {
    "window.updated": HallState._window_updated,
    "hall.counts": HallState._counts,
    "ticket.called": HallState._called,
    "notice": HallState._notice,
    "day.started": HallState._day_started,
}
