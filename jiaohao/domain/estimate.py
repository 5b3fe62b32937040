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

import math
from collections.abc import Sequence
from dataclasses import dataclass
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
