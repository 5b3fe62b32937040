"""DisplayModel: what a hall or window screen shows, derived from the client's HallMirror. No Qt in it.

A snapshot replaces the mirror's hall whenever the display was away longer than the server replays; the
screen must not go blank then, so this model keeps its own list of calls and, on a snapshot, infers the
calls it missed from the windows' `serving` numbers.

Every call carries `at` in server time. For a call inferred from a snapshot it is the window's `called_at`
(when its ticket was last called); from a server that does not send it, the last moment this display heard
from the server, an upper bound on its age: a call that might be older than a minute is never spoken, one
that must be younger is (see announcer.py).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

from client.state import HallMirror, StateChange
from jiaohao.domain.clock import Clock
from jiaohao.wire.events import TicketCalled, WindowUpdated
from jiaohao.wire.models import Event, HallOut, ServiceOut, WindowOut

__all__ = ["DisplayModel", "DisplayUpdate", "ShownCall"]


@dataclass(frozen=True, slots=True)
class ShownCall:
    """One call as the screen lists it and the announcer speaks it."""

    number: str
    window: int
    window_name: str | None
    service_name: str
    recall: int
    at: datetime  # server time of the call (for an inferred one without `called_at`: a bound on its age)
    seq: int | None  # the event's seq; None when inferred from a snapshot
    shown_at: datetime  # local clock time it reached this screen (drives the highlight)

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.number, self.window, self.recall)


@dataclass(frozen=True, slots=True)
class DisplayUpdate:
    """Told to subscribers after each change. `calls` are the new calls in call order (oldest first);
    `seeded` is True for the first snapshot, whose calls were made before this screen started."""

    calls: tuple[ShownCall, ...] = ()
    seeded: bool = False


Listener = Callable[[DisplayUpdate], Any]


class DisplayModel:
    """`window=None` for the hall screen, a number for a window screen (only that window's calls)."""

    def __init__(
        self,
        state: HallMirror,
        clock: Clock,
        *,
        window: int | None = None,
        recent: int = 12,
        highlight_s: float = 8.0,
        tz: tzinfo | None = None,
    ) -> None:
        self.state = state
        self.clock = clock
        self.window_number = window
        self.tz = tz  # None: the display PC's own zone, which is the hall's in practice
        self.highlight = timedelta(seconds=highlight_s)
        self.calls: deque[ShownCall] = deque(maxlen=recent)  # newest first
        self.online = False
        self._skew = timedelta(0)  # server time minus local clock, measured at each snapshot
        self._last_heard: datetime | None = None  # local time of the last snapshot or event
        self._known_serving: dict[int, str | None] = {}
        self._seen_snapshot = False
        self._listeners: list[Listener] = []
        self._unsubscribe = state.subscribe(self._on_change)

    # --- what the views read ----------------------------------------------------------------------------

    @property
    def hall(self) -> HallOut | None:
        return self.state.hall

    @property
    def ready(self) -> bool:
        return self.state.hall is not None

    @property
    def hall_name(self) -> str:
        return self.state.hall.name if self.state.hall else ""

    @property
    def notice(self) -> str:
        return self.state.hall.notice if self.state.hall else ""

    @property
    def newest(self) -> ShownCall | None:
        return self.calls[0] if self.calls else None

    def recent_calls(self, count: int) -> list[ShownCall]:
        """The calls after the newest one, newest first."""
        return list(self.calls)[1 : count + 1]

    def highlighted(self) -> bool:
        """True for a few seconds after a new call reaches the screen, so it catches the eye."""
        newest = self.newest
        return newest is not None and self.clock.now() - newest.shown_at < self.highlight

    def windows(self) -> list[WindowOut]:
        return list(self.state.hall.windows) if self.state.hall else []

    def window(self) -> WindowOut | None:
        """The window screen's own window."""
        return self.state.window(self.window_number) if self.window_number is not None else None

    def services(self) -> list[ServiceOut]:
        return list(self.state.hall.services) if self.state.hall else []

    def server_now(self) -> datetime:
        return self.clock.now() + self._skew

    def age(self, call: ShownCall) -> timedelta:
        return self.server_now() - call.at

    def local_now(self) -> datetime:
        """For the date and clock on screen."""
        return self.clock.now().astimezone(self.tz)

    # --- subscription -----------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def set_online(self, online: bool) -> None:
        self.online = online
        self._notify(DisplayUpdate())

    def close(self) -> None:
        self._unsubscribe()

    # --- applying the hall's changes --------------------------------------------------------------------

    def _on_change(self, change: StateChange) -> None:
        if change.event is None:
            update = self._on_snapshot()
        else:
            update = self._on_event(change.event)
        self._last_heard = self.clock.now()
        self._notify(update)

    def _on_snapshot(self) -> DisplayUpdate:
        hall = self.state.hall
        assert hall is not None
        now = self.clock.now()
        self._skew = hall.now - now
        # An inferred call happened after we last heard from the server: that bounds its age from above.
        bound = (self._last_heard + self._skew) if self._last_heard is not None else hall.now
        inferred = []
        for window in hall.windows:
            previous = self._known_serving.get(window.number)
            self._known_serving[window.number] = window.serving
            if window.serving is None or window.serving_state != "called" or window.serving == previous:
                continue
            if not self._mine(window.number):
                continue
            if any(c.number == window.serving and c.window == window.number for c in self.calls):
                continue
            at = window.called_at or bound
            inferred.append(ShownCall(window.serving, window.number, window.name, _service_name(hall, window.serving),
                                      0, at, None, now))
        seeded = not self._seen_snapshot
        self._seen_snapshot = True
        if seeded:  # calls made before this screen started: listed, but neither highlighted nor spoken
            inferred = [replace(c, shown_at=now - self.highlight) for c in inferred]
        for call in inferred:
            self.calls.appendleft(call)
        return DisplayUpdate(tuple(inferred), seeded)

    def _on_event(self, event: Event) -> DisplayUpdate:
        data = event.data
        if isinstance(data, WindowUpdated):
            self._known_serving[data.number] = data.serving
            return DisplayUpdate()
        if not isinstance(data, TicketCalled) or data.window is None or not self._mine(data.window):
            return DisplayUpdate()
        call = ShownCall(
            number=data.number,
            window=data.window,
            window_name=data.window_name,
            service_name=data.service_name,
            recall=data.recall,
            at=event.at,
            seq=event.seq,
            shown_at=self.clock.now(),
        )
        self._known_serving[data.window] = call.number
        self.calls.appendleft(call)
        return DisplayUpdate((call,))

    def _mine(self, window: int) -> bool:
        return self.window_number is None or window == self.window_number

    def _notify(self, update: DisplayUpdate) -> None:
        for listener in list(self._listeners):
            listener(update)


def _service_name(hall: HallOut, number: str) -> str:
    """The service a ticket number belongs to, by its prefix (the longest matching one)."""
    matches = [s for s in hall.services if number.startswith(s.prefix)]
    return max(matches, key=lambda s: len(s.prefix)).name if matches else ""
