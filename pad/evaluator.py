"""A 4/5-key serial evaluator on the hall bus (FF68, FUNC 0x11), hosted by the pad of its window.

The bus driver decodes and acknowledges the key; its layout (key index → level) comes from configuration:
`--evaluator-layout 5key|4key|1=5,2=4,…`. A press becomes a rating of the window's last requested ticket
through the same model and outbox as a touch, so it is kept across outages and sent once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from drivers.bus import Bus, EvaluatorLayout
from drivers.bus.qt import QtBusBridge

__all__ = ["EvaluatorHost", "parse_layout"]

log = logging.getLogger(__name__)


def parse_layout(text: str) -> EvaluatorLayout:
    """`5key`, `4key` or `INDEX=LEVEL,…`; ValueError with the reason otherwise."""
    layout = EvaluatorLayout.parse(text.strip())
    if not layout.levels:
        raise ValueError(f"evaluator layout {text!r} maps no key")
    return layout


class EvaluatorHost(QObject):
    """Owns the bus for one window's evaluator at `addr`; `on_rating(level)` runs on the UI thread."""

    def __init__(
        self,
        bus_uri: str,
        addr: int,
        layout: EvaluatorLayout,
        on_rating: Callable[[int], object],
        *,
        bus: Bus | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.addr = addr
        self.bus = bus or Bus.from_uri(bus_uri, evaluator_layouts={addr: layout}, default_layout=layout)
        self.bridge = QtBusBridge(self.bus, [addr], self)
        self.connected = False
        self._on_rating = on_rating
        self.bridge.rated.connect(self._rated)
        self.bridge.connectionChanged.connect(self._on_connection)

    def start(self) -> None:
        self.bus.start()

    def stop(self) -> None:
        self.bridge.detach()
        self.bus.stop()

    def _rated(self, addr: int, level: int) -> None:
        log.info("evaluator %d: key for level %d", addr, level)
        self._on_rating(level)

    def _on_connection(self, connected: bool, reason: str) -> None:
        self.connected = connected
        if connected:
            log.info("evaluator %d: bus %s open", self.addr, self.bus.name)
        else:
            log.warning("evaluator %d: bus %s unavailable: %s", self.addr, self.bus.name, reason)
