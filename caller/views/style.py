"""The caller's look: the hall theme's colours at desk size (the clerk sits 60 cm from the screen)."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from client.theme import PALETTE

BASE_PT = 15
# The tick drawn in a checked box (the outcome chooser's missing items): Qt's own is a few pixels, grey on navy.
CHECK_MARK = (Path(__file__).parent / "check.svg").as_posix()


def caller_stylesheet() -> str:
    p = PALETTE
    return f"""
QWidget {{ background: {p["background"]}; color: {p["text"]}; font-size: {BASE_PT}pt; }}
QLabel[role="title"] {{ font-size: {BASE_PT + 5}pt; font-weight: bold; }}
QLabel[role="number"] {{ font-size: 84pt; font-weight: bold; color: {p["accent"]}; }}
QLabel[role="state"] {{ font-size: {BASE_PT + 7}pt; font-weight: bold; padding: 4px 12px; border-radius: 8px; }}
QLabel[role="muted"] {{ color: {p["muted"]}; }}
QFrame[role="panel"] QLabel[role="badge"] {{ background: {p["ok"]}; color: #000000; font-weight: bold;
    padding: 4px 10px; border-radius: 8px; }}
QFrame[role="panel"] QLabel[role="badge-transfer"] {{ background: {p["warning"]}; color: #000000;
    font-weight: bold; padding: 4px 10px; border-radius: 8px; }}
QLabel[role="online"] {{ background: {p["ok"]}; color: #000000; font-weight: bold; padding: 4px 12px;
    border-radius: 8px; }}
QLabel[role="offline"] {{ background: {p["danger"]}; color: #ffffff; font-weight: bold; padding: 4px 12px;
    border-radius: 8px; }}
QLabel[role="banner"] {{ background: {p["warning"]}; color: #000000; padding: 8px; font-weight: bold; }}
QLabel[role="error"] {{ background: {p["danger"]}; color: #ffffff; padding: 8px; font-weight: bold; }}
QLabel[role="info"] {{ background: {p["surface"]}; color: {p["text"]}; padding: 8px; }}
QFrame[role="panel"] {{ background: {p["surface"]}; border-radius: 12px; }}
QFrame[role="panel"] QLabel {{ background: transparent; }}
QPushButton {{
    background: {p["surface"]}; color: {p["text"]}; border: 2px solid {p["muted"]};
    border-radius: 10px; padding: 6px 10px; min-height: 56px; font-size: {BASE_PT + 1}pt;
}}
QPushButton:focus {{ border-color: {p["accent"]}; }}
QPushButton:pressed {{ background: {p["accent"]}; color: #000000; }}
QPushButton:disabled {{ color: #5d6a79; border-color: #34455a; background: #0e2038; }}
QPushButton[role="primary"] {{ background: {p["accent"]}; color: #000000; border-color: {p["accent"]};
    font-weight: bold; }}
QPushButton[role="primary"]:disabled {{ background: #5c5228; color: #2b2b2b; border-color: #5c5228; }}
QLineEdit, QComboBox {{ background: #ffffff; color: #000000; padding: 6px; border-radius: 8px; }}
QListWidget {{ background: {p["surface"]}; border-radius: 10px; padding: 4px; }}
QListWidget::item {{ padding: 6px; }}
QListWidget::item:selected {{ background: {p["accent"]}; color: #000000; }}
QListWidget::indicator {{ width: 30px; height: 30px; border: 3px solid {p["text"]}; border-radius: 6px;
    background: {p["background"]}; margin-right: 10px; }}
QListWidget::indicator:checked {{ background: {p["accent"]}; border-color: {p["accent"]}; image: url({CHECK_MARK}); }}
QListWidget#outcome_missing::item {{ padding: 8px 6px; }}
QRadioButton {{ spacing: 10px; padding: 6px; }}
QRadioButton::indicator {{ width: 22px; height: 22px; border-radius: 13px; border: 3px solid {p["muted"]};
    background: {p["background"]}; }}
QRadioButton::indicator:checked {{ background: {p["accent"]}; border-color: {p["accent"]}; }}
QFrame[role="panel"][paused="true"] {{ border: 4px solid {p["warning"]}; }}
QLabel[role="number"][paused="true"] {{ color: {p["warning"]}; font-size: 60pt; }}
QLabel[role="number"][idle="true"] {{ color: {p["text"]}; font-size: 48pt; }}
"""


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """Give a widget its object name (tests and screenshots find widgets by it) and return it."""
    widget.setObjectName(name)
    return widget
