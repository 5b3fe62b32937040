"""The touch-screen pad: a `PadWindow` over a `PadRuntime`, full screen on the tablet."""

from __future__ import annotations

import signal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from client.i18n import install_translator
from client.photos import StaffPhotos
from client.settings import DeviceSettings
from client.theme import apply_theme

from .runtime import PadOptions, PadRuntime
from .views import PadWindow

__all__ = ["build_pad", "run_app"]


def build_pad(settings: DeviceSettings, options: PadOptions) -> tuple[PadRuntime, PadWindow]:
    """The runtime and its window, not started: the window stops the runtime when it closes."""
    runtime = PadRuntime(settings, options)
    photos = StaffPhotos(runtime.connection.api, runtime)  # fetched on the API's worker thread
    runtime.connection.connectionRestored.connect(photos.retry)
    window = PadWindow(runtime.model, photos)
    runtime.setParent(window)  # lives as long as its screen: nothing else holds the Python object
    window.on_close.append(runtime.stop)
    return runtime, window


def run_app(settings: DeviceSettings, options: PadOptions, *, windowed: bool = False) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    apply_theme(app)
    install_translator(app, settings.lang)
    runtime, window = build_pad(settings, options)
    _quit_on_signals(app)
    runtime.start()
    if windowed:
        window.show()
    else:
        window.showFullScreen()
    try:
        return app.exec()
    finally:
        window.close()


def _quit_on_signals(app: QApplication) -> None:
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    # Python runs signal handlers only between bytecodes; a idle timer gives it the chance inside app.exec().
    wake = QTimer(app, interval=250)
    wake.timeout.connect(lambda: None)
    wake.start()
