"""The shared look: a CJK font chosen explicitly, large type, high contrast, for screens read from afar.

Qt's default font fallback picks whatever fontconfig offers first, which on a bare Debian can be a Japanese
or Korean face for Chinese text (different glyph shapes for the same code points). So the family is chosen
by name from a list, Simplified Chinese first.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

__all__ = ["CJK_FAMILIES", "PALETTE", "apply_theme", "cjk_font", "cjk_font_family", "stylesheet"]

log = logging.getLogger(__name__)

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Droid Sans Fallback",
)

# Dark background, light text, one accent for the called number: readable from across a hall (WCAG AAA).
PALETTE = {
    "background": "#0b1a2e",
    "surface": "#13294a",
    "text": "#ffffff",
    "muted": "#c8d3e0",
    "accent": "#ffd23f",
    "ok": "#3ddc84",
    "warning": "#ff9f1c",
    "danger": "#ff5a5f",
}


def cjk_font_family() -> str | None:
    """The first installed family of `CJK_FAMILIES`, or None (then Chinese may render as boxes)."""
    installed = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    return None


def cjk_font(point_size: int = 20, bold: bool = False) -> QFont:
    font = QFont(cjk_font_family() or "")
    font.setPointSize(point_size)
    font.setBold(bold)
    return font


def stylesheet(base_pt: int = 20) -> str:
    p = PALETTE
    return f"""
QWidget {{ background: {p["background"]}; color: {p["text"]}; font-size: {base_pt}pt; }}
QLabel[role="title"] {{ font-size: {base_pt * 2}pt; font-weight: bold; }}
QLabel[role="number"] {{ font-size: {base_pt * 4}pt; font-weight: bold; color: {p["accent"]}; }}
QLabel[role="muted"] {{ color: {p["muted"]}; }}
QLabel[role="banner"] {{ background: {p["warning"]}; color: #000000; padding: 8px; font-weight: bold; }}
QLabel[role="error"] {{ background: {p["danger"]}; color: #ffffff; padding: 8px; font-weight: bold; }}
QPushButton {{
    background: {p["surface"]}; color: {p["text"]}; border: 3px solid {p["muted"]};
    border-radius: 12px; padding: 16px 24px; min-height: 64px;
}}
QPushButton:pressed {{ background: {p["accent"]}; color: #000000; }}
QPushButton:disabled {{ color: #7d8a99; border-color: #4a5a6e; }}
QPushButton[role="primary"] {{ background: {p["accent"]}; color: #000000; border-color: {p["accent"]}; }}
QLineEdit {{ background: #ffffff; color: #000000; padding: 8px; border-radius: 8px; }}
"""


def apply_theme(app: QApplication, base_pt: int = 20) -> str | None:
    """Set the CJK font and the stylesheet on the application; returns the family used (None: none found)."""
    family = cjk_font_family()
    if family is None:
        log.warning("no Chinese font found (install fonts-noto-cjk); Chinese text may show as boxes")
    font = QFont(family or app.font().family())
    font.setPointSize(base_pt)
    app.setFont(font)
    app.setStyleSheet(stylesheet(base_pt))
    return family
