"""`jiaohao pad --headless`: host a serial evaluator for a window that has no tablet. QtCore only."""

from __future__ import annotations

import logging
import signal

from PySide6.QtCore import QCoreApplication, QTimer

from client.settings import DeviceSettings

from .runtime import PadOptions, PadRuntime

__all__ = ["run_headless"]

log = logging.getLogger(__name__)


def run_headless(settings: DeviceSettings, options: PadOptions) -> int:
    existing = QCoreApplication.instance()
    app = existing if existing is not None else QCoreApplication([])
    runtime = PadRuntime(settings, options)
    runtime.model.subscribe(lambda model: log.info("pad %d: %s", model.window, model.stage.value))
    runtime.connection.problem.connect(lambda text: log.warning("pad %d: %s", options.window, text))
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    wake = QTimer(app, interval=250)  # lets Python run the signal handlers while Qt's loop waits
    wake.timeout.connect(lambda: None)
    wake.start()
    runtime.start()
    try:
        return app.exec()
    finally:
        runtime.stop()
