"""Building a kiosk from its settings: the model, the connection, the printer thread, the controller, the window.

`build_kiosk()` does not start anything and does not show the window, so tests and the demo decide when.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication

from client.connection import HallConnection
from client.i18n import install_translator
from client.settings import DeviceSettings
from client.theme import apply_theme
from drivers.errors import DeviceError
from drivers.printer.errors import PrinterError
from drivers.printer.printer import TicketPrinter
from drivers.printer.profile import PrinterProfile

from .controller import KioskController
from .guide import SpokenGuide
from .model import KioskModel, KioskTimings
from .printing import PrintWorker
from .views.window import KioskWindow

__all__ = ["Kiosk", "build_kiosk", "run_kiosk"]

log = logging.getLogger(__name__)


@dataclass
class Kiosk:
    model: KioskModel
    controller: KioskController
    window: KioskWindow

    def start(self) -> None:
        self.controller.start()


def _printer(settings: DeviceSettings) -> TicketPrinter | None:
    if not settings.printer:
        log.warning("no printer configured (--printer or printer = ... in the settings): numbers only on screen")
        return None
    table = settings.extra.get("printer_profile", {})
    profile = PrinterProfile.from_mapping(table) if isinstance(table, dict) else PrinterProfile()
    try:
        return TicketPrinter(settings.printer, profile)
    except PrinterError as err:
        # A wrong URI must not keep the hall from issuing numbers: run on screen only, and say so in the log.
        log.error("printer %s cannot be used: %s", settings.printer, err.message_en)
        return None


def _spoken_guide(settings: DeviceSettings, model: KioskModel) -> SpokenGuide | None:
    """`voice_guide = true` in the device settings: speak the guide while 大字模式 is on (kiosk/guide.py)."""
    if not settings.extra.get("voice_guide"):
        return None
    from drivers.voice import AnnouncementQueue, VoiceError, ensure_default_pack
    from drivers.voice.qtplayer import QtPlayer  # QtMultimedia loads only when the kiosk speaks

    try:
        pack = ensure_default_pack()
        queue = AnnouncementQueue(pack, QtPlayer(), repeat=1).start()
    except (VoiceError, DeviceError) as err:
        log.error("spoken guide off: %s", err)
        return None
    return SpokenGuide(model, pack, queue)


def build_kiosk(
    settings: DeviceSettings,
    *,
    clock: Callable[[], float] = time.monotonic,
    timings: KioskTimings | None = None,
    tick_ms: int = 1000,
    printer: TicketPrinter | None = None,
) -> Kiosk:
    printer = printer if printer is not None else _printer(settings)
    model = KioskModel(clock, timings, has_printer=printer is not None)
    model.default_lang = model.lang = settings.lang
    connection = HallConnection(settings)
    worker = PrintWorker(printer)
    controller = KioskController(model, connection, worker, clock, tick_ms=tick_ms)
    window = KioskWindow(model, controller)
    connection.setParent(controller)
    worker.setParent(controller)
    return Kiosk(model, controller, window)


def run_kiosk(settings: DeviceSettings, *, windowed: bool = False) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    apply_theme(app)
    install_translator(app, settings.lang)
    kiosk = build_kiosk(settings)
    guide = _spoken_guide(settings, kiosk.model)
    kiosk.start()
    if windowed:
        kiosk.window.resize(1080, 1920)
        kiosk.window.show()
    else:
        kiosk.window.showFullScreen()
    try:
        return app.exec()
    finally:
        if guide is not None:
            guide.close()
            guide.queue.close(drain=False)
