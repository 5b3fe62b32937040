"""Heartbeat: a Qt front-end's health, sent to the server on every change and once a minute.

The front-end hands it a function that says how it is now (a `DeviceReport`); the heartbeat asks it every
tick and posts it through the connection's API when `StatusReporter` says it is due. Only a device with
its own token reports: a display run without one is not a device the dashboard lists.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from .connection import HallConnection
from .errors import ApiError
from .health import DeviceReport, StatusReporter

__all__ = ["Heartbeat"]

log = logging.getLogger(__name__)


class Heartbeat(QObject):
    """Signal: `reported(str status)` after the server took a report."""

    reported = Signal(str)

    def __init__(
        self,
        connection: HallConnection,
        current: Callable[[], DeviceReport],
        *,
        clock: Callable[[], float] = time.monotonic,
        tick_ms: int = 5000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.connection = connection
        self.current = current
        self.reporter = StatusReporter(clock)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.beat)

    def start(self) -> None:
        self._timer.start()
        self.beat()

    def stop(self) -> None:
        self._timer.stop()

    def beat(self) -> None:
        """Send now if due; also call this when the device's health changes, not to wait for the tick."""
        if not self.connection.settings.token or self.connection.server_url is None:
            return
        report, token = self.current(), self.connection.settings.token
        if not self.reporter.due(report):
            return
        self.reporter.sending()
        self.connection.api.submit(
            # The device's own token, even where a clerk's login is the connection's token (the caller PC).
            lambda api: api.request("POST", "/devices/status", json=report.body(), token=token),
            lambda _response: self._delivered(report),
            self._not_delivered,
        )

    def _delivered(self, report: DeviceReport) -> None:
        self.reporter.delivered(report)
        self.reported.emit(report.status)
        self.beat()  # a change while this one was on its way goes out now, not at the next tick

    def _not_delivered(self, err: ApiError) -> None:
        log.info("heartbeat not delivered (%s); will retry", err.message)
        self.reporter.not_delivered()
