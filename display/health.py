"""What a screen tells the dashboard about itself: whether its voice pack is loaded and speaking."""

from __future__ import annotations

from client.health import DeviceReport, degraded, healthy

__all__ = ["display_report"]


def display_report(*, speaks: bool, pack_loaded: bool, voice_problem: str) -> DeviceReport:
    if not speaks:
        return healthy("静音屏（未开启语音播报）")
    if voice_problem:
        return degraded([voice_problem])
    if not pack_loaded:
        return DeviceReport("starting", "正在加载语音包")
    return healthy("语音包已加载")
