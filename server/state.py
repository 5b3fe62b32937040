"""The hall's live state in the writer's memory: today's open tickets, queues, counters, windows.

The database stays the record (every change is written in the same transaction as before); this is what the
writer consults instead of querying, so that issuing or calling costs a few inserts and updates rather than a
dozen queries. It is rebuilt from the database whenever it may be stale: at start, when another process has
written to the hall (its event counter moved), when a command outside the hot path touched windows or staff,
after an unexpected error, and when the business day turns over.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from jiaohao.domain.call_order import Candidate
from jiaohao.domain.config import HallConfig
from jiaohao.domain.tickets import QUEUED, Channel, TicketState

from .storage.models import Staff, Ticket, TicketCounter, WindowRow

LIVE_STATES = (
    TicketState.WAITING,
    TicketState.TRANSFERRED,
    TicketState.CALLED,
    TicketState.SERVING,
    TicketState.HELD,
    TicketState.NO_SHOW,
)


@dataclass(slots=True)
class TicketRec:
    id: int
    number: str
    service: str
    origin_service: str
    channel: Channel
    state: TicketState
    issued_at: datetime
    queued_at: datetime
    front: bool
    target_window: int | None
    window: int | None
    staff_no: str | None
    called_at: datetime | None
    started_at: datetime | None
    recall_count: int
    transfers: int
    track_token: str
    holder_hash: str | None
    version: int = 0

    def candidate(self) -> Candidate:
        return Candidate(
            self.id, self.service, self.issued_at, self.queued_at, self.front, self.channel, self.target_window
        )


@dataclass(slots=True)
class WindowRec:
    number: int
    status: str
    pause_reason: str | None
    staff_no: str | None
    current: int | None


@dataclass(slots=True)
class StaffRec:
    no: str
    name: str
    title: str
    photo: str | None = None


LaneKey = tuple[str, Any]
_Entry = tuple[tuple[Any, ...], int, int]  # (sort key, ticket version, ticket id)


@dataclass
class HallState:
    config: HallConfig
    day: date | None = None
    last_seq: int = -1
    dirty: bool = True
    counters: dict[str, int] = field(default_factory=dict)
    tickets: dict[int, TicketRec] = field(default_factory=dict)
    by_number: dict[str, int] = field(default_factory=dict)
    windows: dict[int, WindowRec] = field(default_factory=dict)
    staff: dict[str, StaffRec] = field(default_factory=dict)
    handle_minutes: dict[str, deque[float]] = field(default_factory=dict)
    holders: dict[tuple[str, str], int] = field(default_factory=dict)
    waiting: dict[str, int] = field(default_factory=dict)
    waiting_priority: dict[str, int] = field(default_factory=dict)
    lanes: dict[LaneKey, list[_Entry]] = field(default_factory=dict)

    # --- loading -----------------------------------------------------------------------------------------

    def fresh(self, day: date, last_seq: int) -> bool:
        return not self.dirty and self.day == day and self.last_seq == last_seq

    def load(self, conn: Connection, day: date, last_seq: int) -> None:
        hall_id = self.config.hall.id
        sample = self.config.policy.estimate_sample
        self.counters, self.tickets, self.by_number, self.windows = {}, {}, {}, {}
        self.staff, self.handle_minutes, self.holders = {}, {}, {}
        self.waiting, self.waiting_priority, self.lanes = {}, {}, {}
        self.day = day
        self.last_seq = last_seq
        self.counters = {
            r.service: r.last_seq
            for r in conn.execute(
                select(TicketCounter.service, TicketCounter.last_seq).where(
                    TicketCounter.hall_id == hall_id, TicketCounter.day == day
                )
            )
        }
        for s in conn.execute(select(Staff.no, Staff.name, Staff.title, Staff.photo)):
            self.staff[s.no] = StaffRec(s.no, s.name, s.title, s.photo)
        for w in conn.execute(select(WindowRow).where(WindowRow.hall_id == hall_id)):
            self.windows[w.number] = WindowRec(w.number, w.status, w.pause_reason, w.staff_no, w.current_ticket_id)
        rows = conn.execute(
            select(Ticket).where(
                Ticket.hall_id == hall_id, Ticket.day == day, Ticket.state.in_([s.value for s in LIVE_STATES])
            )
        )
        for r in rows:
            ticket = TicketRec(
                r.id,
                r.number,
                r.service,
                r.origin_service,
                Channel(r.channel),
                TicketState(r.state),
                r.issued_at,
                r.queued_at,
                r.front,
                r.target_window,
                r.window,
                r.staff_no,
                r.called_at,
                r.started_at,
                r.recall_count,
                r.transfers,
                r.track_token,
                r.holder_hash,
            )
            self.add(ticket)
        for window in self.windows.values():
            if window.current is not None and window.current not in self.tickets:
                window.current = None  # a ticket of an earlier day, or finished elsewhere
        for service in self.config.services:
            recent = conn.execute(
                select(Ticket.called_at, Ticket.started_at, Ticket.finished_at)
                .where(Ticket.hall_id == hall_id, Ticket.service == service.code, Ticket.finished_at.is_not(None))
                .order_by(Ticket.finished_at.desc())
                .limit(sample)
            ).all()
            minutes: deque[float] = deque(maxlen=sample)
            for called, started, finished in reversed(recent):
                begun = started or called
                if begun is not None and finished is not None:
                    minutes.append((finished - begun).total_seconds() / 60)
            self.handle_minutes[service.code] = minutes
        self.dirty = False

    # --- tickets and queues ------------------------------------------------------------------------------

    def add(self, ticket: TicketRec) -> None:
        self.tickets[ticket.id] = ticket
        self.by_number[ticket.number] = ticket.id
        if ticket.holder_hash is not None and ticket.state in (
            *QUEUED,
            TicketState.CALLED,
            TicketState.SERVING,
            TicketState.HELD,
        ):
            self.holders[(ticket.origin_service, ticket.holder_hash)] = ticket.id
        if ticket.state in QUEUED:
            self.enqueue(ticket)

    def enqueue(self, ticket: TicketRec) -> None:
        ticket.version += 1
        self.waiting[ticket.service] = self.waiting.get(ticket.service, 0) + 1
        if ticket.channel is not Channel.NORMAL:
            self.waiting_priority[ticket.service] = self.waiting_priority.get(ticket.service, 0) + 1
        position = (0 if ticket.front else 1, ticket.queued_at, ticket.id)
        entry_lanes: list[tuple[LaneKey, tuple[Any, ...]]]
        if ticket.target_window is not None:
            entry_lanes = [(("window", ticket.target_window), position)]
        elif ticket.channel is not Channel.NORMAL:
            entry_lanes = [(("green", ticket.service), position)]
        else:
            entry_lanes = [
                (("normal", ticket.service), position),
                (("oldest", ticket.service), (ticket.issued_at, ticket.id)),
            ]
        for lane, key in entry_lanes:
            heapq.heappush(self.lanes.setdefault(lane, []), (key, ticket.version, ticket.id))

    def dequeue(self, ticket: TicketRec) -> None:
        """The ticket leaves its queue (called or cancelled); its lane entries go stale."""
        ticket.version += 1
        self.waiting[ticket.service] -= 1
        if ticket.channel is not Channel.NORMAL:
            self.waiting_priority[ticket.service] -= 1

    def forget(self, ticket: TicketRec) -> None:
        """Done or cancelled: no longer part of the live state."""
        self.tickets.pop(ticket.id, None)
        if ticket.holder_hash is not None:
            self.holders.pop((ticket.origin_service, ticket.holder_hash), None)

    def _head(self, lane: LaneKey) -> TicketRec | None:
        heap = self.lanes.get(lane)
        while heap:
            _, version, ticket_id = heap[0]
            ticket = self.tickets.get(ticket_id)
            if ticket is not None and ticket.version == version and ticket.state in QUEUED:
                return ticket
            heapq.heappop(heap)  # stale: called, transferred elsewhere, cancelled or finished
        return None

    def heads(self, window: int, services: tuple[str, ...]) -> list[Candidate]:
        """The lane heads `jiaohao.domain.call_order.lane_heads` describes, from the in-memory queues."""
        found: dict[int, Candidate] = {}
        lanes: list[LaneKey] = [("window", window)]
        for service in services:
            lanes += [("green", service), ("normal", service), ("oldest", service)]
        for lane in lanes:
            ticket = self._head(lane)
            if ticket is not None:
                found[ticket.id] = ticket.candidate()
        return list(found.values())

    def queued(self) -> list[TicketRec]:
        return [t for t in self.tickets.values() if t.state in QUEUED]

    def ahead_of(self, ticket: TicketRec) -> int:
        """People before a ticket that was just queued at the back of its service (priority channel first)."""
        if ticket.channel is not Channel.NORMAL:
            return self.waiting_priority.get(ticket.service, 0) - 1
        return self.waiting.get(ticket.service, 0) - 1
