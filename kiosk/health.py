"""When to tell the server about the printer: on every change, and as a heartbeat once a minute.

Plain Python with an injected clock. A report that did not get through (server away) is sent again on
the next tick, so the supervisor's dashboard catches up as soon as the server is back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from drivers.printer.status import PrinterState

__all__ = ["HEARTBEAT_S", "DeviceReport", "StatusReporter", "device_report"]

HEARTBEAT_S = 60.0

# The server's DeviceStatusName words for each printer state (the same words, kept explicit on purpose:
# a new printer state must be mapped here, not passed through unchecked).
_WIRE_STATUS = {
    PrinterState.OK: "ok",
    PrinterState.PAPER_NEAR_END: "paper_near_end",
    PrinterState.PAPER_OUT: "paper_out",
    PrinterState.COVER_OPEN: "cover_open",
    PrinterState.OFFLINE: "offline",
    PrinterState.UNKNOWN: "unknown",
}

_DETAIL_ZH = {
    PrinterState.OK: "打印机正常",
    PrinterState.PAPER_NEAR_END: "打印纸将用尽，请及时更换纸卷",
    PrinterState.PAPER_OUT: "打印机缺纸，号码改为屏幕显示",
    PrinterState.COVER_OPEN: "打印机仓盖打开，号码改为屏幕显示",
    PrinterState.OFFLINE: "打印机离线，号码改为屏幕显示",
    PrinterState.UNKNOWN: "打印机无应答，号码改为屏幕显示",
}


@dataclass(frozen=True)
class DeviceReport:
    status: str
    detail: str

    def body(self) -> dict[str, str]:
        return {"status": self.status, "detail": self.detail[:255]}


def device_report(state: PrinterState | None, has_printer: bool, unprinted: Sequence[str]) -> DeviceReport:
    """What the dashboard shows for this kiosk; the last unprinted numbers let staff find those citizens."""
    if not has_printer:
        return DeviceReport("offline", "未配置打印机，号码仅屏幕显示")
    if state is None:
        return DeviceReport("unknown", "正在检查打印机")
    detail = _DETAIL_ZH[state]
    if unprinted:
        detail += "；未打印号票：" + "、".join(unprinted[-5:])
    return DeviceReport(_WIRE_STATUS[state], detail)


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
