"""The caller in `jiaohao demo`: window 1, acting with the demo's caller device token.

Why no clerk login: the demo's simulator logs its clerks in at every window, and a second login at a window
revokes the first; with the device token the caller shows window 1 live while the simulated clerk works it,
and its buttons still act for the window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from client.demo import DemoContext

from .app import build_caller


def launch(ctx: DemoContext) -> list[QWidget]:
    window = build_caller(ctx.settings("caller", window=1), device_login=True)
    window.setObjectName("caller-window1")
    return [window]
