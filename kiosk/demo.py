"""The kiosk in `jiaohao demo`: printing on the demo's virtual printer, in a portrait 1080×1920 window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from .app import build_kiosk

if TYPE_CHECKING:
    from client.demo import DemoContext

__all__ = ["launch"]


def launch(ctx: DemoContext) -> list[QWidget]:
    kiosk = build_kiosk(ctx.settings("kiosk", printer=ctx.printer_uri))
    kiosk.window.resize(1080, 1920)
    kiosk.start()  # the window's closeEvent stops the connection and the printer thread
    return [kiosk.window]
