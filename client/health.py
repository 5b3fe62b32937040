"""What every device tells the server about itself, and when: on every change, and as a heartbeat once a
minute. Plain Python with an injected clock (the kiosk's printer, the pad's evaluator, the display's voice,
the keypad hub all use it).

A report that did not get through (server away) is sent again on the next tick, so the supervisor's
dashboard catches up as soon as the server is back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["HEARTBEAT_S", "DeviceReport", "StatusReporter", "degraded", "healthy"]

HEARTBEAT_S = 60.0


@dataclass(frozen=True)
class DeviceReport:
    status: str  # one of the server's DeviceStatusName words
    detail: str

    def body(self) -> dict[str, str]:
        return {"status": self.status, "detail": self.detail[:255]}


def healthy(detail: str) -> DeviceReport:
    return DeviceReport("ok", detail)


def degraded(reasons: list[str]) -> DeviceReport:
    """Running, but something the hall relies on is missing: the dashboard shows the reasons."""
    return DeviceReport("degraded", "；".join(reasons))


class StatusReporter:
    def __init__(self, clock: Callable[[], float], heartbeat_s: float = HEARTBEAT_S) -> None:
        self.clock = clock
        self.heartbeat_s = heartbeat_s
        self.sent: DeviceReport | None = None
        self._sent_at = float("-inf")
        self.in_flight = False

    def due(self, report: DeviceReport) -> bool:
        """True when `report` should go out now: it differs from the last one sent, or a minute passed."""
        if self.in_flight:
            return False
        return report != self.sent or self.clock() - self._sent_at >= self.heartbeat_s

    def sending(self) -> None:
        self.in_flight = True

    def delivered(self, report: DeviceReport) -> None:
        self.in_flight = False
        self.sent = report
        self._sent_at = self.clock()

    def not_delivered(self) -> None:
        self.in_flight = False  # due() stays true: tried again on the next tick
