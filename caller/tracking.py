"""What the caller keeps about its window besides the window view: the current ticket's details and the
waiting list the server gives (`GET /windows/{n}/queue`), and which events make that list stale.
Plain Python; no Qt, no I/O.

The list is the server's, in the order call-next takes it (then held and no-show tickets at this window), so a
caller started after tickets were issued shows them too. Events only say *when* to read it again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from jiaohao.domain.tickets import TicketState
from jiaohao.wire.events import (
    DayStarted,
    RatingRecorded,
    TicketCalled,
    TicketEvent,
    TicketFinished,
    TicketHeld,
    TicketIssued,
    TicketNoShow,
    TicketTransferred,
)
from jiaohao.wire.models import Event, QueueEntry, ServiceOut, TicketPosition

__all__ = ["CurrentTicket", "WaitingList", "WaitingTicket", "concerns_window"]


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
    transferred: bool = False

    @classmethod
    def of(cls, entry: QueueEntry) -> WaitingTicket:
        return cls(
            id=entry.id,
            number=entry.number,
            service=entry.service,
            service_name=entry.service_name,
            channel=entry.channel,
            issued_at=entry.issued_at,
            state=TicketState(entry.state),
            target_window=entry.target_window,
            transferred=entry.transferred or entry.state == TicketState.TRANSFERRED.value,
        )

    @property
    def callable_back(self) -> bool:
        return self.state in (TicketState.HELD, TicketState.NO_SHOW)


@dataclass
class WaitingList:
    """The window's list as the server last gave it, plus what this caller saw happen since (held order)."""

    window: int
    tickets: list[WaitingTicket] = field(default_factory=list)
    transferred_ids: set[int] = field(default_factory=set)  # tickets moved from another window or service
    _held_order: list[int] = field(default_factory=list)  # ids in the order this caller saw them held

    def ordered(self) -> list[WaitingTicket]:
        """In the order call-next takes them, then the held and no-show tickets (the server's order)."""
        return list(self.tickets)

    @property
    def queued(self) -> int:
        return sum(not t.callable_back for t in self.tickets)

    def replace(self, entries: list[QueueEntry]) -> None:
        self.tickets = [WaitingTicket.of(e) for e in entries]
        self.transferred_ids |= {t.id for t in self.tickets if t.transferred}

    def latest_held(self) -> WaitingTicket | None:
        """The held ticket to call back with 3 + 确认: the last one held here, as far as this caller saw."""
        held = [t for t in self.tickets if t.state is TicketState.HELD]
        if not held:
            return None
        order = {ticket_id: i for i, ticket_id in enumerate(self._held_order)}
        # Held before this caller started: the server's order (by issue time) decides, the last one wins.
        return max(enumerate(held), key=lambda pair: (order.get(pair[1].id, -1), pair[0]))[1]

    def note(self, event: Event) -> None:
        """Remember what the list cannot say: which tickets were held in which order, which were transferred.
        A called ticket leaves the list at once (the next read confirms it): the clerk must not see it twice."""
        data = event.data
        if not isinstance(data, TicketEvent):
            return
        if isinstance(data, TicketCalled):
            self.tickets = [t for t in self.tickets if t.id != data.id]
        elif isinstance(data, TicketHeld) and data.window == self.window:
            self._held_order = [i for i in self._held_order if i != data.id] + [data.id]
        elif isinstance(data, TicketTransferred):
            self.transferred_ids.add(data.id)

    def issued_at(self, ticket_id: int | None) -> datetime | None:
        ticket = next((t for t in self.tickets if t.id == ticket_id), None) if ticket_id is not None else None
        return ticket.issued_at if ticket is not None else None

    def ids(self) -> set[int]:
        return {t.id for t in self.tickets}


def concerns_window(event: Event, window: int, services: Collection[str], listed: Collection[int]) -> bool:
    """Whether *event* may change this window's waiting list or today's figures (so both are read again).

    `services`: the window's services; `listed`: the ids now on its list (another window calling one of them
    takes it off this list too).
    """
    data = event.data
    if isinstance(data, RatingRecorded):
        return data.window == window
    if isinstance(data, DayStarted):
        return True
    if not isinstance(data, TicketEvent):
        return False
    here = data.window == window
    if isinstance(data, TicketIssued):
        return data.service in services
    if isinstance(data, TicketTransferred):
        return (
            here
            or data.to_window == window
            or (data.to_window is None and data.service in services)
            or data.id in listed
        )
    if isinstance(data, TicketCalled):
        return here or data.id in listed
    return isinstance(data, TicketFinished | TicketHeld | TicketNoShow) and here


def service_of(number: str, services: list[ServiceOut]) -> ServiceOut | None:
    """The service whose prefix starts `number` (the longest prefix wins: "AB001" is AB, not A)."""
    matches = [s for s in services if number.upper().startswith(s.prefix.upper()) and number[len(s.prefix) :].isdigit()]
    return max(matches, key=lambda s: len(s.prefix), default=None)
