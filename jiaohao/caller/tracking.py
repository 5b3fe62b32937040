"""What the caller derives from the event stream for its window: the current ticket's details, the waiting
list, and today's figures. Plain Python fed `Event`s in order; no Qt, no I/O.

Why derive: `/api/v1/hall` gives counts per service and the window's current number, but not the tickets
waiting nor the window's figures. The list therefore holds the tickets this caller has seen issued (or
transferred, held, marked no-show) since it started; the true count per service comes from the hall view,
and a clerk can always call any number by typing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from jiaohao.domain.tickets import TicketState
from jiaohao.wire.models import Event, ServiceOut, TicketPosition

__all__ = ["CurrentTicket", "TodayFigures", "WaitingList", "WaitingTicket"]

GOOD_LEVELS = (4, 5)


@dataclass(frozen=True)
class CurrentTicket:
    number: str
    state: TicketState
    id: int | None = None
    service: str | None = None
    service_name: str | None = None
    channel: str = "normal"
    issued_at: datetime | None = None
    called_at: datetime | None = None
    recall: int = 0
    transferred: bool = False

    @classmethod
    def of(cls, ticket: TicketPosition, previous: CurrentTicket | None, called_at: datetime) -> CurrentTicket:
        same = previous is not None and previous.id == ticket.id
        return cls(
            number=ticket.number,
            state=TicketState(ticket.state),
            id=ticket.id,
            service=ticket.service,
            service_name=ticket.service_name,
            channel=ticket.channel,
            issued_at=ticket.issued_at,
            called_at=previous.called_at if same and previous is not None else called_at,
            recall=ticket.recall,
            transferred=previous.transferred if same and previous is not None else False,
        )

    def waited_min(self, now: datetime) -> int | None:
        """Minutes from taking the ticket to being called (to now while not yet called)."""
        if self.issued_at is None:
            return None
        end = self.called_at or now
        return max(0, int((end - self.issued_at).total_seconds() // 60))


@dataclass(frozen=True)
class WaitingTicket:
    id: int
    number: str
    service: str
    service_name: str
    channel: str
    issued_at: datetime | None
    state: TicketState
    target_window: int | None = None

    @property
    def callable_back(self) -> bool:
        return self.state in (TicketState.HELD, TicketState.NO_SHOW)


@dataclass
class WaitingList:
    """Tickets this window may call, in about the order call-next would take them (DESIGN §3)."""

    window: int
    services: list[str] = field(default_factory=list)  # in the window's priority order
    tickets: dict[int, WaitingTicket] = field(default_factory=dict)
    transferred_ids: set[int] = field(default_factory=set)

    def ordered(self) -> list[WaitingTicket]:
        def key(t: WaitingTicket) -> tuple[int, int, int, str]:
            if t.callable_back:
                section = 2  # held and no-show tickets after the queue: the clerk calls them back by choice
            else:
                section = 0 if t.target_window == self.window else 1
            rank = self.services.index(t.service) if t.service in self.services else len(self.services)
            green = 0 if t.channel in ("green", "appointment") else 1
            return (section, green, rank, t.issued_at.isoformat() if t.issued_at else "")

        return sorted(self.tickets.values(), key=key)

    def latest_held(self) -> WaitingTicket | None:
        held = [t for t in self.tickets.values() if t.state is TicketState.HELD]
        return held[-1] if held else None

    def apply(self, event: Event) -> None:
        data = event.data
        ticket_id = data.get("id")
        if not isinstance(ticket_id, int) or not event.type.startswith("ticket."):
            return
        if event.type == "ticket.issued":
            if data.get("service") in self.services:
                self.tickets[ticket_id] = _waiting(data, TicketState.WAITING, issued_at=data.get("issued_at"))
        elif event.type == "ticket.transferred":
            self.transferred_ids.add(ticket_id)
            to_window = data.get("to_window")
            mine = to_window == self.window or (to_window is None and data.get("service") in self.services)
            known = self.tickets.pop(ticket_id, None)
            if mine:
                ticket = _waiting(data, TicketState.TRANSFERRED, target_window=to_window)
                if known is not None and known.issued_at is not None:
                    ticket = replace(ticket, issued_at=known.issued_at)
                self.tickets[ticket_id] = ticket
        elif event.type in ("ticket.held", "ticket.no_show") and data.get("window") == self.window:
            state = TicketState.HELD if event.type == "ticket.held" else TicketState.NO_SHOW
            self.tickets[ticket_id] = _waiting(data, state, window=self.window)
        else:  # called, serving, finished, or held/no-show at another window: not callable here (any more)
            self.tickets.pop(ticket_id, None)

    def issued_at(self, ticket_id: int | None) -> datetime | None:
        ticket = self.tickets.get(ticket_id) if ticket_id is not None else None
        return ticket.issued_at if ticket is not None else None


def _waiting(data: dict[str, Any], state: TicketState, **extra: Any) -> WaitingTicket:
    issued = extra.pop("issued_at", None)
    extra.pop("window", None)
    return WaitingTicket(
        id=int(data["id"]),
        number=str(data["number"]),
        service=str(data.get("service", "")),
        service_name=str(data.get("service_name", "")),
        channel=str(data.get("channel", "normal")),
        issued_at=datetime.fromisoformat(issued) if isinstance(issued, str) else None,
        state=state,
        target_window=extra.get("target_window"),
    )


@dataclass
class TodayFigures:
    """Served, average handling time and ratings for one window, from the events this caller has seen."""

    window: int
    served: int = 0
    handle_seconds: float = 0.0
    timed: int = 0
    ratings: int = 0
    good: int = 0
    _started: dict[int, datetime] = field(default_factory=dict)

    @property
    def average_handle_min(self) -> float | None:
        return self.handle_seconds / self.timed / 60 if self.timed else None

    @property
    def good_rate(self) -> float | None:
        return self.good / self.ratings if self.ratings else None

    def apply(self, event: Event) -> None:
        data = event.data
        if data.get("window") != self.window:
            return
        ticket_id = data.get("id")
        if event.type in ("ticket.called", "ticket.serving") and isinstance(ticket_id, int):
            # Handling time counts from the start, else from the call (the server's rule when finishing
            # straight from 'called'); a recall does not restart it.
            if event.type == "ticket.serving" or ticket_id not in self._started:
                self._started[ticket_id] = event.at
        elif event.type == "ticket.finished" and isinstance(ticket_id, int):
            self.served += 1
            started = self._started.pop(ticket_id, None)
            if started is not None:
                self.handle_seconds += (event.at - started).total_seconds()
                self.timed += 1
        elif event.type in ("ticket.no_show", "ticket.held", "ticket.transferred") and isinstance(ticket_id, int):
            self._started.pop(ticket_id, None)
        elif event.type == "rating.recorded":
            self.ratings += 1
            if data.get("level") in GOOD_LEVELS:
                self.good += 1


def service_of(number: str, services: list[ServiceOut]) -> ServiceOut | None:
    """The service whose prefix starts `number` (the longest prefix wins: "AB001" is AB, not A)."""
    matches = [s for s in services if number.upper().startswith(s.prefix.upper()) and number[len(s.prefix) :].isdigit()]
    return max(matches, key=lambda s: len(s.prefix), default=None)
