"""What a rating pad tells the dashboard about itself: whether its serial evaluator is connected."""

from __future__ import annotations

from client.health import DeviceReport, degraded, healthy

__all__ = ["pad_report"]


def pad_report(*, has_evaluator: bool, evaluator_connected: bool, unsent: int) -> DeviceReport:
    problems = []
    if has_evaluator and not evaluator_connected:
        problems.append("评价器未连接（串口总线未打开）")
    if unsent:
        problems.append(f"{unsent} 条评价待上传")
    if problems:
        return degraded(problems)
    return healthy("评价器已连接" if has_evaluator else "触摸屏评价")
