"""Drawing helpers shared by the screens: text fitted to a box, colours, date and clock text.

Every size is computed from the box it is drawn in, never a fixed pixel or point size, so one layout reads
the same on a 1366×768 panel and a 3840×2160 one, landscape or portrait.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from client.i18n import tr
from client.theme import PALETTE, cjk_font_family

__all__ = ["COLORS", "clock_text", "date_text", "draw_text", "fitted_font", "panel", "uniform_px"]

COLORS = {
    **PALETTE,
    "on_accent": "#000000",
    "tile": "#112440",
    "closed": "#8a97a8",  # muted but still 5:1 on the tile colour
    "line": "#2b4a75",
    "alarm": "#b71c1c",  # white on it is 6.6:1; the theme's light red would be 3:1
    "paused": "#5c2a00",  # a dark amber tile behind the orange 暂停服务
}

_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

_family_cache: list[str] = []


def _family() -> str:
    if not _family_cache:
        _family_cache.append(cjk_font_family() or "")
    return _family_cache[0]


def fitted_font(text: str, width: float, height: float, *, bold: bool = True, max_px: float | None = None) -> QFont:
    """The largest font (by pixel size) whose rendering of `text` fits width × height."""
    font = QFont(_family())
    font.setBold(bold)
    px = max(6.0, height * 0.82 if max_px is None else min(height * 0.82, max_px))
    font.setPixelSize(int(px))
    advance = QFontMetricsF(font).horizontalAdvance(text) if text else 0.0
    if advance > width > 0:
        font.setPixelSize(max(6, int(px * width / advance * 0.98)))
    return font


def uniform_px(texts: list[str], width: float, height: float, *, bold: bool = True,
               max_px: float | None = None) -> float:
    """One size for a set of labels (tiles, rows): the largest at which every one of them fits, so
    neighbouring labels do not jump between sizes."""
    return min((float(fitted_font(t, width, height, bold=bold, max_px=max_px).pixelSize()) for t in texts),
               default=height * 0.82)


def draw_text(painter: QPainter, rect: QRectF, text: str, color: str, *,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter, bold: bool = True,
              max_px: float | None = None, px: float | None = None) -> float:
    """Draw `text` as large as fits in `rect` (at most `px` when given); returns the pixel size used."""
    cap = px if max_px is None else (max_px if px is None else min(px, max_px))
    font = fitted_font(text, rect.width(), rect.height(), bold=bold, max_px=cap)
    painter.setFont(font)
    painter.setPen(QColor(color))
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)
    return float(font.pixelSize())


def panel(painter: QPainter, rect: QRectF, fill: str, radius: float, border: str | None = None,
          border_px: float = 0.0) -> None:
    painter.setPen(Qt.PenStyle.NoPen if border is None else _pen(border, border_px))
    painter.setBrush(QColor(fill))
    painter.drawRoundedRect(rect, radius, radius)


def _pen(color: str, width: float) -> QPen:
    pen = QPen(QColor(color))
    pen.setWidthF(width)
    return pen


def date_text(now: datetime, lang: str) -> str:
    if lang == "en":
        return now.strftime("%a %d %b %Y")
    return f"{now.year}年{now.month}月{now.day}日 {tr('DisplayScreen', _WEEKDAYS_ZH[now.weekday()])}"


def clock_text(now: datetime) -> str:
    return now.strftime("%H:%M:%S")
