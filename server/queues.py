"""The live hall's queues: lane heaps whose heads are all call-next needs, and the waiting counts.

A ticket sits in one or two lanes (`jiaohao.domain.call_order.lane_heads` describes them): the window it was
transferred to; or its service's green lane; or its service's normal lane and the oldest-first lane that
keeps anything from starving. Leaving a queue does not search the heaps: the ticket's version moves on, and
its stale entries are dropped when they reach the top.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jiaohao.domain.call_order import Candidate
from jiaohao.domain.tickets import QUEUED, Channel

from .records import TicketRec

LaneKey = tuple[str, Any]
_Entry = tuple[tuple[Any, ...], int, int]  # (sort key, ticket version, ticket id)


@dataclass
class Queues:
    waiting: dict[str, int] = field(default_factory=dict)  # per service
    waiting_priority: dict[str, int] = field(default_factory=dict)  # per service: green and appointments
    lanes: dict[LaneKey, list[_Entry]] = field(default_factory=dict)

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

    def heads(
        self, window: int, services: tuple[str, ...], ticket: Callable[[int], TicketRec | None]
    ) -> list[Candidate]:
        """The lane heads `jiaohao.domain.call_order.lane_heads` describes; `ticket` finds a live ticket by id."""
        found: dict[int, Candidate] = {}
        lanes: list[LaneKey] = [("window", window)]
        for service in services:
            lanes += [("green", service), ("normal", service), ("oldest", service)]
        for lane in lanes:
            head = self._head(lane, ticket)
            if head is not None:
                found[head.id] = head.candidate()
        return list(found.values())

    def _head(self, lane: LaneKey, ticket: Callable[[int], TicketRec | None]) -> TicketRec | None:
        heap = self.lanes.get(lane)
        while heap:
            _, version, ticket_id = heap[0]
            head = ticket(ticket_id)
            if head is not None and head.version == version and head.state in QUEUED:
                return head
            heapq.heappop(heap)  # stale: called, transferred elsewhere, cancelled or finished
        return None

    def ahead_of(self, ticket: TicketRec) -> int:
        """People before a ticket that was just queued at the back of its service (priority channel first)."""
        if ticket.channel is not Channel.NORMAL:
            return self.waiting_priority.get(ticket.service, 0) - 1
        return self.waiting.get(ticket.service, 0) - 1
