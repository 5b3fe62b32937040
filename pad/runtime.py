"""PadRuntime: everything a rating pad runs, minus the screen (QtCore only).

The touch app (`app.py`) puts a `PadWindow` on top of it; `jiaohao pad --headless` runs it alone for a
window that has only a serial evaluator. Both use the same outbox, so a rating is never lost either way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject

from client.connection import HallConnection
from client.health import DeviceReport
from client.heartbeat import Heartbeat
from client.settings import DeviceSettings
from drivers.bus import FIVE_KEY, EvaluatorLayout

from .controller import PadController
from .evaluator import EvaluatorHost
from .health import pad_report
from .model import PadModel, Timeouts
from .outbox import Outbox

__all__ = ["PadOptions", "PadRuntime", "default_data_dir"]

log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("jiaohao", appauthor=False)) / "pad"


@dataclass(frozen=True)
class PadOptions:
    window: int
    data_dir: Path
    bus_addr: int | None = None  # the evaluator's ADDR on the bus (settings.bus gives the port)
    layout: EvaluatorLayout = FIVE_KEY
    timeouts: Timeouts = field(default_factory=Timeouts)

    @property
    def outbox_path(self) -> Path:
        return self.data_dir / f"outbox-window-{self.window}.json"


class PadRuntime(QObject):
    def __init__(self, settings: DeviceSettings, options: PadOptions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = options
        self.connection = HallConnection(settings, window_filter=options.window, parent=self)
        self.controller = PadController(
            self.connection,
            Outbox(options.outbox_path),
            window=options.window,
            model_factory=lambda submit: PadModel(options.window, submit, timeouts=options.timeouts),
            parent=self,
        )
        self.evaluator: EvaluatorHost | None = None
        if settings.bus and options.bus_addr is not None:
            self.evaluator = EvaluatorHost(
                settings.bus, options.bus_addr, options.layout, self.model.evaluator_pressed, parent=self
            )
        elif settings.bus:
            log.warning("pad %d: --bus given without --bus-addr; no evaluator is hosted", options.window)
        self.heartbeat = Heartbeat(self.connection, self._health, parent=self)
        self.connection.serverFound.connect(lambda _url: self.heartbeat.beat())
        if self.evaluator is not None:
            self.evaluator.bridge.connectionChanged.connect(lambda *_: self.heartbeat.beat())

    @property
    def model(self) -> PadModel:
        return self.controller.model

    def start(self) -> None:
        self.controller.start()
        if self.evaluator is not None:
            self.evaluator.start()
        self.heartbeat.start()

    def stop(self) -> None:
        self.heartbeat.stop()
        if self.evaluator is not None:
            self.evaluator.stop()
        self.controller.stop()

    def _health(self) -> DeviceReport:
        evaluator = self.evaluator
        return pad_report(
            has_evaluator=evaluator is not None,
            evaluator_connected=evaluator is not None and evaluator.connected,
            unsent=len(self.controller.outbox),
        )
