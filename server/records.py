"""The server's small records of tickets, windows, staff and events: what storage reads into, what the writer's
live hall keeps, and what presenting builds answers from. Plain data: no SQL, no rules, no I/O."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from jiaohao.domain.call_order import Candidate
from jiaohao.domain.tickets import Channel, TicketState


@dataclass(slots=True)
class TicketRec:
    id: int
    day: date
    number: str
    service: str  # queued for now (changes with a transfer)
    origin_service: str  # issued for (one open ticket per person counts here)
    channel: Channel
    state: TicketState
    issued_at: datetime
    queued_at: datetime  # issue time, or the transfer's time for one transferred to the back
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
    finished_at: datetime | None = None
    first_staff_no: str | None = None  # 首问负责: the clerk who first served it, kept through transfers
    transfer_note: str | None = None  # what the window that transferred it told the next one
    outcome: str | None = None  # how it ended (jiaohao.domain.outcomes), once done
    missing: tuple[str, ...] = ()
    due: date | None = None
    version: int = 0  # bumped on each queue change; older lane entries of the ticket are stale

    def candidate(self) -> Candidate:
        return Candidate(
            self.id, self.service, self.issued_at, self.queued_at, self.front, self.channel, self.target_window
        )


@dataclass(slots=True)
class WindowRec:
    number: int
    status: str  # closed | open | paused
    pause_reason: str | None
    staff_no: str | None
    current: int | None  # id of the ticket called to it or served there


@dataclass(frozen=True, slots=True)
class StaffRec:
    no: str
    name: str
    title: str
    photo: str | None = None


@dataclass(frozen=True)
class EventRecord:
    """One row of the hall's event log: `data` as JSON-ready values, the same whether just emitted or read back."""

    seq: int
    type: str
    at: datetime
    data: dict[str, Any]

    def wire(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "at": self.at.isoformat(), "data": self.data}

    @functools.cached_property
    def text(self) -> str:
        """The WebSocket message, serialised once however many subscribers receive it."""
        return json.dumps(self.wire(), ensure_ascii=False)
