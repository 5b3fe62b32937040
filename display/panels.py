"""Painted panels both screens use: the base class, the header, the scrolling notice, the status banner.

Each panel paints itself from the model it was handed and sizes its text from its own rectangle. Panels
never hold hall state of their own, so a repaint always shows what the model says now.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from .model import DisplayModel
from .paint import COLORS, clock_text, date_text, draw_text, fitted_font

__all__ = ["Header", "ModelPanel", "NoticeTicker", "StatusBanner"]


class ModelPanel(QWidget):
    background = COLORS["background"]

    def __init__(self, model: DisplayModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # we fill every pixel: Qt needn't clear

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor(self.background))
        self.paint(painter, QRectF(self.rect()))
        painter.end()

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        raise NotImplementedError

    def pad(self) -> float:
        return min(self.width(), self.height()) * 0.08


class Header(ModelPanel):
    """Left: the hall's name (or a window's title); right: date over clock."""

    background = COLORS["surface"]

    def __init__(self, model: DisplayModel, lang: str, title: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.lang = lang
        self.title = title  # None: the hall's name from the server

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        pad = rect.height() * 0.12
        inner = rect.adjusted(pad * 2, pad, -pad * 2, -pad)
        clock_w = min(inner.width() * 0.36, inner.height() * 4.2)
        now = self.model.local_now()
        right = QRectF(inner.right() - clock_w, inner.top(), clock_w, inner.height())
        draw_text(painter, QRectF(right.left(), right.top(), right.width(), right.height() * 0.36),
                  date_text(now, self.lang), COLORS["muted"], align=Qt.AlignmentFlag.AlignRight, bold=False)
        draw_text(painter, QRectF(right.left(), right.top() + right.height() * 0.36, right.width(),
                                  right.height() * 0.64), clock_text(now), COLORS["text"],
                  align=Qt.AlignmentFlag.AlignRight)
        title = self.title if self.title is not None else self.model.hall_name
        draw_text(painter, QRectF(inner.left(), inner.top(), inner.width() - clock_w - pad * 2, inner.height()),
                  title, COLORS["text"], align=Qt.AlignmentFlag.AlignLeft, max_px=inner.height() * 0.62)


class NoticeTicker(ModelPanel):
    """The server's notice, scrolling right to left; still when it fits."""

    background = COLORS["surface"]
    FRAME_MS = 33

    def __init__(self, model: DisplayModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self._elapsed = QElapsedTimer()
        self._elapsed.start()
        self._timer = QTimer(self)
        self._timer.setInterval(self.FRAME_MS)
        self._timer.timeout.connect(self.update)
        self._timer.start()
        self.frozen_offset: float | None = None  # screenshots: a fixed scroll position

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        text = self.model.notice.strip()
        if not text:
            return
        pad = rect.height() * 0.2
        # Capped by the width too: a tall portrait strip must not make three-character-wide text.
        font = fitted_font("国", rect.width(), rect.height() - 2 * pad, bold=False, max_px=rect.width() * 0.045)
        painter.setFont(font)
        painter.setPen(QColor(COLORS["text"]))
        advance = QFontMetricsF(font).horizontalAdvance(text)
        band = rect.adjusted(pad * 2, 0, -pad * 2, 0)
        flags = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        if advance <= band.width():
            painter.drawText(band, flags, text)
            return
        gap = rect.height() * 3
        period = advance + gap
        speed = rect.height() * 2.0  # px/s: a few characters a second at any screen size
        offset = self.frozen_offset if self.frozen_offset is not None else (
            self._elapsed.elapsed() / 1000 * speed) % period
        painter.setClipRect(band)
        x = band.left() - offset
        while x < band.right():
            painter.drawText(QRectF(x, rect.top(), advance + 2, rect.height()), flags, text)
            x += period


class StatusBanner(QWidget):
    """A strip over the top of the screen: connection lost (red) or a voice problem (orange)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.level = "danger"
        self.hide()

    def show_message(self, text: str, level: str = "danger") -> None:
        self.text, self.level = text, level
        self.setVisible(bool(text))
        self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        rect = QRectF(self.rect())
        painter.fillRect(rect, QColor(COLORS["alarm"] if self.level == "danger" else COLORS["warning"]))
        pad = rect.height() * 0.15
        draw_text(painter, rect.adjusted(pad * 3, pad, -pad * 3, -pad), self.text,
                  "#ffffff" if self.level == "danger" else "#000000")
        painter.end()
