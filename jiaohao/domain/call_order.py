"""Which waiting ticket a window calls next (DESIGN §3).

Order, first match wins:
  0. tickets transferred to this very window;
  1. the green channel (绿色通道 and appointments checked in within their slot);
  2. any ticket that has waited longer than the starvation limit, oldest first;
  3. the window's services in its configured priority order;
FIFO inside each class. "FIFO" is by queue position: the original issue time, except that a ticket
transferred "to the back" queues from its transfer time and one transferred "to the front" goes first.

The server does not rank every waiting ticket: its in-memory queues (`server.queues.Queues.heads`)
hand over the *heads* of a few lanes per service (see `lane_heads`), which provably contain the minimum.
Tests check that equivalence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .config import WindowConfig
from .tickets import Channel


@dataclass(frozen=True, slots=True)
class Candidate:
    ticket_id: int
    service: str
    issued_at: datetime  # original issue time: what waiting time and starvation are measured from
    queued_at: datetime  # position in its queue
    front: bool  # transferred "to the front"
    channel: Channel
    target_window: int | None  # transferred to one window; only that window may call it

    @property
    def priority(self) -> bool:
        return self.channel is not Channel.NORMAL


SortKey = tuple[int, int, int, datetime, int]


def sort_key(c: Candidate, window: WindowConfig, now: datetime, starve_after: timedelta) -> SortKey | None:
    """The candidate's rank for this window (smaller is sooner), or None when the window may not call it."""
    if c.target_window is not None:
        if c.target_window != window.number:
            return None
        return (0, 0, 0 if c.front else 1, c.queued_at, c.ticket_id)
    if c.service not in window.services:
        return None
    if c.priority:
        return (1, 0, 0 if c.front else 1, c.queued_at, c.ticket_id)
    if now - c.issued_at > starve_after:
        return (2, 0, 0, c.issued_at, c.ticket_id)
    rank = window.services.index(c.service)
    return (3, rank, 0 if c.front else 1, c.queued_at, c.ticket_id)


def choose(
    candidates: Iterable[Candidate], window: WindowConfig, now: datetime, starve_after: timedelta
) -> Candidate | None:
    best: Candidate | None = None
    best_key: SortKey | None = None
    for c in candidates:
        key = sort_key(c, window, now, starve_after)
        if key is not None and (best_key is None or key < best_key):
            best, best_key = c, key
    return best


def queue_order(
    candidates: Sequence[Candidate], window: WindowConfig, now: datetime, starve_after: timedelta
) -> list[Candidate]:
    """Everyone this window could call, in the order it would call them (for the caller's waiting list)."""
    keyed: list[tuple[SortKey, Candidate]] = []
    for c in candidates:
        key = sort_key(c, window, now, starve_after)
        if key is not None:
            keyed.append((key, c))
    keyed.sort(key=lambda kc: kc[0])
    return [c for _, c in keyed]


def _position(c: Candidate) -> tuple[int, datetime, int]:
    return (0 if c.front else 1, c.queued_at, c.ticket_id)


def _age(c: Candidate) -> tuple[datetime, int]:
    return (c.issued_at, c.ticket_id)


def lane_heads(candidates: Iterable[Candidate], window: WindowConfig) -> list[Candidate]:
    """The few tickets that can win: per service the first green-channel ticket, the first normal ticket,
    the longest-waiting normal ticket, plus the first ticket transferred to this window.

    This is what the server's lane heaps return; `choose(lane_heads(xs)) == choose(xs)` for every xs.
    """
    by_position: dict[tuple[str, str], Candidate] = {}
    by_age: dict[str, Candidate] = {}

    def keep_first(lane: tuple[str, str], c: Candidate) -> None:
        old = by_position.get(lane)
        if old is None or _position(c) < _position(old):
            by_position[lane] = c

    for c in candidates:
        if c.target_window is not None:
            if c.target_window == window.number:
                keep_first(("window", ""), c)
        elif c.service in window.services:
            if c.priority:
                keep_first(("green", c.service), c)
            else:
                keep_first(("normal", c.service), c)
                old = by_age.get(c.service)
                if old is None or _age(c) < _age(old):
                    by_age[c.service] = c
    unique = {c.ticket_id: c for c in [*by_position.values(), *by_age.values()]}
    return list(unique.values())
