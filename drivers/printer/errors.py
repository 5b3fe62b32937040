"""Everything that can go wrong with a ticket printer: `PrinterError` and its kinds, on `drivers.errors`.

`message_zh` is for the citizen/kiosk screen, `message_en` for logs and installers; library errors are
chained with ``raise ... from err`` so the cause stays in the log.
"""

from __future__ import annotations

from drivers.errors import DeviceError


class PrinterError(DeviceError):
    """Base of all printer failures."""

    default_zh = "打印机故障，请联系工作人员"
    default_en = "printer error"


class PrinterNotFound(PrinterError):
    """The printer cannot be reached or opened (bad URI, unplugged, refused connection)."""

    default_zh = "找不到打印机，请检查连接"
    default_en = "printer not found"


class PrinterOffline(PrinterError):
    """The printer reports itself offline (error state, waiting for recovery)."""

    default_zh = "打印机离线，请联系工作人员"
    default_en = "printer is offline"


class PaperOut(PrinterError):
    """The paper roll is empty."""

    default_zh = "打印机缺纸，请联系工作人员"
    default_en = "printer is out of paper"


class CoverOpen(PrinterError):
    """The paper cover is open."""

    default_zh = "打印机仓盖未关，请联系工作人员"
    default_en = "printer cover is open"


class PrinterTimeout(PrinterError):
    """The printer did not answer or accept data within the configured time."""

    default_zh = "打印机无响应，请联系工作人员"
    default_en = "printer did not respond in time"


class PrinterStatusUnknown(PrinterTimeout):
    """No status answer before printing, so we refuse rather than assume paper is there."""

    default_zh = "无法确认打印机状态，请联系工作人员"
    default_en = "printer status unknown (no answer to DLE EOT)"


class InvalidPrinterURI(PrinterError):
    """The printer URI cannot be understood."""

    default_zh = "打印机地址配置错误"
    default_en = "invalid printer URI"
