"""One exception family for the RS-485 bus: a Chinese sentence for the clerk, an English one for the log.

Library errors (pyserial, OS) are chained with ``raise ... from err`` so the cause stays in the log.
"""

from __future__ import annotations


class BusError(Exception):
    """Base of all bus failures."""

    default_zh = "叫号器总线故障，请联系管理员"
    default_en = "serial bus error"

    def __init__(self, message_en: str | None = None, message_zh: str | None = None) -> None:
        self.message_en = message_en or self.default_en
        self.message_zh = message_zh or self.default_zh
        super().__init__(self.message_en)


class InvalidBusURI(BusError):
    """The bus URI cannot be understood."""

    default_zh = "总线串口地址配置错误"
    default_en = "invalid bus URI"


class BusNotFound(BusError):
    """The serial port cannot be opened (unplugged adapter, wrong path, no permission)."""

    default_zh = "找不到总线串口，请检查连接"
    default_en = "serial bus port not found"


class BusIOError(BusError):
    """Reading or writing the open port failed (adapter pulled out, port closed under us)."""

    default_zh = "总线通信中断，正在重连"
    default_en = "serial bus connection lost"


class FrameError(BusError, ValueError):
    """Bytes that are not one well-formed FF68 frame, or values that cannot be put in one."""

    default_zh = "总线数据帧错误"
    default_en = "malformed bus frame"
