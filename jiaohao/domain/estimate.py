"""Estimated wait per service, from recent handling times and the windows open for it."""

from __future__ import annotations

import math
from collections.abc import Sequence


def average_handle_min(recent_minutes: Sequence[float], default_min: float) -> float:
    """Mean of the recent handling times; the configured figure until there is any history today."""
    usable = [m for m in recent_minutes if m > 0]
    if not usable:
        return default_min
    return sum(usable) / len(usable)


def estimated_wait_min(ahead: int, avg_handle: float, windows_open: int) -> int:
    """Minutes until a ticket with `ahead` people in front is called.

    Windows open for the service share its queue; with none open we still answer (as if one were), because a
    citizen deciding whether to wait is better served by an honest guess than by nothing.
    """
    if ahead <= 0:
        return 0
    # Round off float noise before the ceiling: 25 × 2.2 is 55.00000000000001, which is 55 minutes, not 56.
    return math.ceil(round(ahead * avg_handle / max(1, windows_open), 6))
