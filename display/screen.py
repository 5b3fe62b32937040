"""What the hall and window screens share: header, notice, status banner, the 4 Hz tick, and repainting
the panels a model update concerns."""

from __future__ import annotations

from PySide6.QtCore import QRect, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QWidget

from client.connection import connection_text
from client.i18n import tr

from .model import DisplayModel, DisplayUpdate
from .paint import COLORS
from .panels import Header, ModelPanel, NoticeTicker, StatusBanner

__all__ = ["Screen"]

TICK_MS = 250  # the clock's second and the highlight's blink (2 Hz) both land on a 250 ms grid


class Screen(QWidget):
    """Base of HallScreen and WindowScreen. `updated()` is emitted after a model update has been turned
    into paint requests."""

    updated = Signal()
    closing = Signal()

    def __init__(self, model: DisplayModel, lang: str, parent: QWidget | None = None,
                 title: str | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.lang = lang
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(COLORS["background"]))
        self.setPalette(palette)
        self.header = Header(model, lang, title, self)
        self.notice_ticker = NoticeTicker(model, self)
        self.banner = StatusBanner(self)
        self.call_panels: tuple[ModelPanel, ...] = ()
        self.highlight_panels: tuple[ModelPanel, ...] = ()
        self.count_panels: tuple[ModelPanel, ...] = ()
        self._was_highlighted = False
        self._shown_second = -1
        self._voice_problem = ""
        self._connection_problem = ""
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.tick)

    def _finish_setup(self) -> None:
        """Called by subclasses once their panels exist."""
        self.banner.raise_()
        self._unsubscribe = self.model.subscribe(self._on_update)
        self._tick.start()
        self._refresh_banner()

    # --- layout -----------------------------------------------------------------------------------------

    def arrange(self, w: float, h: float) -> None:
        raise NotImplementedError

    def place(self, widget: QWidget, x: float, y: float, w: float, h: float) -> None:
        widget.setGeometry(QRect(round(x), round(y), round(w), round(h)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        w, h = float(self.width()), float(self.height())
        self.arrange(w, h)
        self.place(self.banner, 0, 0, w, max(h * 0.06, 28.0))
        super().resizeEvent(event)

    # --- updates ----------------------------------------------------------------------------------------

    def _on_update(self, update: DisplayUpdate) -> None:
        # A call, a window or a count: cheap to repaint all data panels; only the ticker is left alone.
        for widget in {*self.call_panels, *self.count_panels}:
            widget.update()
        self.header.update()
        self._refresh_banner()
        self.updated.emit()

    def set_voice_problem(self, text: str) -> None:
        self._voice_problem = text
        self._refresh_banner()

    def set_connection_problem(self, text: str) -> None:
        """A sentence from HallConnection.problem (searching, several halls, server gone)."""
        self._connection_problem = text
        self._refresh_banner()

    def _refresh_banner(self) -> None:
        if not self.model.online:
            if self.model.ready:
                text = connection_text(False)
            else:
                text = self._connection_problem or tr("DisplayScreen", "正在连接服务器…")
            self.banner.show_message(text, "danger")
        elif self._voice_problem:
            self.banner.show_message(self._voice_problem, "warning")
        else:
            self.banner.show_message("")

    def tick(self) -> None:
        now = self.model.clock.now()
        if now.second != self._shown_second:
            self._shown_second = now.second
            self.header.update()
        highlighted = self.model.highlighted()
        if highlighted or self._was_highlighted:
            for widget in self.highlight_panels:
                widget.update()
        self._was_highlighted = highlighted

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick.stop()
        self._unsubscribe()
        self.closing.emit()
        super().closeEvent(event)
