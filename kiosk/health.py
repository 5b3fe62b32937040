"""What the kiosk tells the server about its printer (the when is `client.health`, shared by every device)."""

from __future__ import annotations

from collections.abc import Sequence

from client.health import HEARTBEAT_S, DeviceReport, StatusReporter
from drivers.printer.status import PrinterState

__all__ = ["HEARTBEAT_S", "DeviceReport", "StatusReporter", "device_report"]


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
