"""What a caller PC or a keypad hub tells the dashboard: the bus is open and every keypad answers.

A keypad answers by echoing the number the host shows on it (sent when the hub starts and on every call),
so a keypad the bus has never heard from since start is unplugged, unpowered or at the wrong address.
"""

from __future__ import annotations

from collections.abc import Mapping

from client.health import DeviceReport, degraded, healthy
from drivers.bus import BusStatus

__all__ = ["keypads_report"]


def keypads_report(status: BusStatus | None, keypads: Mapping[int, int], *, role: str) -> DeviceReport:
    """`keypads`: bus address → window number; `status` None when this PC has no bus."""
    if status is None:
        return healthy(f"{role}运行中")
    if not status.connected:
        reason = f"：{status.last_error}" if status.last_error is not None else ""
        return degraded([f"总线未打开{reason}"])
    silent = [f"{window} 号窗口键盘（地址 {addr}）无应答" for addr, window in sorted(keypads.items())
              if addr not in status.last_heard]
    if silent:
        return degraded(silent)
    windows = "、".join(str(w) for w in sorted(set(keypads.values())))
    return healthy(f"总线已打开，{windows} 号窗口键盘应答正常")
