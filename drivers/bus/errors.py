"""The RS-485 bus's failures: `BusError` and its kinds, on `drivers.errors`.

`message_zh` is for the clerk, `message_en` for the log; library errors (pyserial, OS) are chained with
``raise ... from err`` so the cause stays in the log.
"""

from __future__ import annotations

from drivers.errors import DeviceError


class BusError(DeviceError):
    """Base of all bus failures."""

    default_zh = "叫号器总线故障，请联系管理员"
    default_en = "serial bus error"


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
