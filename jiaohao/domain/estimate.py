"""Estimated wait per service: from the windows that serve it, the recent handling times and the position.

A window does not give a service all of its time: it calls its services in its priority order, so a window
that lists the service first serves it fully, one that lists it second about half the time, and so on
(`window_share`). The windows counted are the ones staffed now; before any clerk has logged in (or while
all of them are paused) they are the windows that will serve it, because the citizen's question is "how long
until I am called", and "as if one window" (the old rule) told twelve waiting people 96 minutes when five
windows were about to open.

An estimate is a range when it is uncertain: no clerk at a window yet, or too few handled tickets today to
trust the average. A citizen who reads "约 20–30 分钟" plans better than one who reads "约 24 分钟" and is
called at 35.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Basis = Literal["staffed", "planned"]

# Handled tickets of the service today before its average is trusted more than the configured figure.
TRUSTED_SAMPLES = 5
# Relative spread of the range: (below, above) the point estimate. Waits run long more often than short
# (a citizen of a higher-ranked service arriving later is called first), so the range reaches further up.
# Chosen on the recorded morning (tests/domain/test_domain_estimate_replay.py): half the citizens are called
# within the range they were shown, and its median width is 6 minutes.
SPREAD_TRUSTED = (0.3, 0.5)
SPREAD_UNCERTAIN = (0.4, 0.8)
# From this many minutes on, the range is in steps of 5 ("约 20–35 分钟"); below, in whole minutes.
COARSE_FROM_MIN = 10
# A range whose top is this short is one number: "约 3 分钟" says all there is to say.
ONE_NUMBER_UP_TO_MIN = 3


def average_handle_min(recent_minutes: Sequence[float], default_min: float) -> float:
    """Mean of the recent handling times; the configured figure until there is any history today."""
    usable = [m for m in recent_minutes if m > 0]
    if not usable:
        return default_min
    return sum(usable) / len(usable)


def window_share(rank: int) -> float:
    """The part of a window's time a service gets when it is the window's `rank`-th service (0 = first)."""
    return 1.0 / (rank + 1)


def estimated_wait_min(ahead: int, avg_handle: float, capacity: float) -> int:
    """Minutes until a ticket with `ahead` people in front is called, `capacity` windows' worth serving it.

    With no capacity at all (a service no window offers) we still answer as if one window served it: a
    citizen deciding whether to wait is better served by an honest guess than by nothing. Less than one
    window's worth (only windows that list it second) makes the wait longer, as it is.
    """
    if ahead <= 0:
        return 0
    # Round off float noise before the ceiling: 25 × 2.2 is 55.00000000000001, which is 55 minutes, not 56.
    return math.ceil(round(_point(ahead, avg_handle, capacity), 6))


def _point(ahead: int, avg_handle: float, capacity: float) -> float:
    return ahead * avg_handle / (capacity if capacity > 0 else 1.0)


@dataclass(frozen=True)
class WaitEstimate:
    """`minutes` is the best single figure; `low`–`high` the range to show (equal when one number is honest)."""

    minutes: int
    low: int
    high: int
    basis: Basis

    @property
    def range(self) -> tuple[int, int] | None:
        return (self.low, self.high) if self.high > self.low else None


def _bounds(point: float, spread: tuple[float, float]) -> tuple[int, int]:
    low, high = point * (1 - spread[0]), point * (1 + spread[1])
    if low < COARSE_FROM_MIN:
        return max(0, math.floor(low)), math.ceil(round(high, 6))
    return max(0, 5 * math.floor(low / 5)), 5 * math.ceil(round(high, 6) / 5)


def estimate_wait(
    ahead: int,
    avg_handle: float,
    *,
    staffed_ranks: Sequence[int],
    planned_ranks: Sequence[int],
    samples: int,
) -> WaitEstimate:
    """The wait of a ticket with `ahead` people in front.

    `staffed_ranks`: for each window staffed now that serves the service, the service's place in its priority
    list (0 = first); `planned_ranks`: the same for every window configured to serve it; `samples`: how many
    handled tickets `avg_handle` comes from (0: the configured figure).
    """
    basis: Basis = "staffed" if staffed_ranks else "planned"
    ranks = staffed_ranks or planned_ranks
    capacity = sum(window_share(r) for r in ranks)
    minutes = estimated_wait_min(ahead, avg_handle, capacity)
    if minutes == 0:
        return WaitEstimate(0, 0, 0, basis)
    trusted = basis == "staffed" and samples >= TRUSTED_SAMPLES
    point = _point(ahead, avg_handle, capacity)
    low, high = _bounds(point, SPREAD_TRUSTED if trusted else SPREAD_UNCERTAIN)
    if high - low <= 1 or high <= ONE_NUMBER_UP_TO_MIN:
        return WaitEstimate(minutes, minutes, minutes, basis)
    return WaitEstimate(minutes, min(low, minutes), max(high, minutes), basis)


# --- the hall played forward (measured by the replay, not yet what the server answers) -------------------


@dataclass(frozen=True)
class CallingWindow:
    """A window that calls: its services in priority order, and minutes until it is free (0: free now)."""

    services: tuple[str, ...]
    free_in: float = 0.0


@dataclass(frozen=True)
class HallLoad:
    """The hall now, as the server knows it: people waiting per service, average handling minutes per service,
    the windows that call, and tickets issued per minute per service lately (who will come and, being of a
    window's first service, be called before a later-ranked service's citizen)."""

    waiting: Mapping[str, int]
    handle_min: Mapping[str, float]
    windows: Sequence[CallingWindow]
    arrivals_per_min: Mapping[str, float] = field(default_factory=dict)
    # The hall's starvation limit ([policy] starve_after_min): from then on the ticket is called first at any
    # window that serves it. None: windows keep their priority order (as the replay's windows do).
    starve_after_min: float | None = None


HORIZON_MIN = 8 * 60.0  # beyond a working day the answer is "not today", not a number
IDLE_STEP_MIN = 0.5  # a window with nobody to call looks again this much later (someone may have come)


def played_wait(service: str, ahead: int, load: HallLoad) -> float | None:
    """Minutes until the ticket with `ahead` people of its service in front is called, when every citizen takes
    the average time, the services keep coming at their recent rate, and each window calls as the hall's rule
    says (the first service in its list that has anyone waiting). None: no window in `load` serves it, or not
    within a working day.

    This is what a share by rank (`window_share`) cannot see: a window that lists the service second calls it
    only when nobody waits for its first service, and people of that first service keep arriving."""
    served: dict[str, int] = {}

    def waiting_at(code: str, minute: float) -> int:
        if code == service:  # those who come later queue behind this ticket
            return ahead + 1 - served.get(code, 0)
        arrived = math.floor(load.arrivals_per_min.get(code, 0.0) * minute + 1e-9)
        return load.waiting.get(code, 0) + arrived - served.get(code, 0)

    if not any(service in window.services for window in load.windows):
        return None
    free = [(window.free_in, index) for index, window in enumerate(load.windows)]
    heapq.heapify(free)
    while free:
        minute, index = heapq.heappop(free)
        if minute > HORIZON_MIN:
            return None
        services = load.windows[index].services
        if load.starve_after_min is not None and minute >= load.starve_after_min and service in services:
            services = (service, *services)
        code = next((c for c in services if waiting_at(c, minute) > 0), None)
        if code is None:
            if any(load.arrivals_per_min.get(c, 0.0) > 0 for c in services):
                heapq.heappush(free, (minute + IDLE_STEP_MIN, index))
            continue
        if code == service and waiting_at(code, minute) == 1:
            return minute
        served[code] = served.get(code, 0) + 1
        heapq.heappush(free, (minute + load.handle_min[code], index))  # every service the windows list has one
    return None
