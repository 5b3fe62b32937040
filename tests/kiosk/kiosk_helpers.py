"""Helpers for the kiosk tests (a unique module name: `conftest` is taken by every test folder)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from jiaohao.domain.linebreak import WORD_JOINER, keep_together, segments
from kiosk.app import Kiosk
from kiosk.views.widgets import PhraseLabel

KIOSK_DEVICES = [("kiosk", "kiosk", [])]
WAIT_MS = 10_000


class StepClock:
    """Monotonic seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


MakeKiosk = Callable[..., Kiosk]


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# --- what a citizen would stumble on, measured from the widgets -------------------------------------------

MIN_TARGET_PX = 120
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def check_screen(kiosk: Kiosk, name: str, size: tuple[int, int]) -> None:
    window = kiosk.window
    assert (window.width(), window.height()) == size, f"{name}: the window is not the panel's size"
    page = window.stack.currentWidget()
    hint = page.minimumSizeHint()
    room = window.stack.size()
    assert hint.width() <= room.width() and hint.height() <= room.height(), f"{name}: page needs {hint}, has {room}"
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        corner = widget.mapTo(window, widget.rect().bottomRight())
        assert window.rect().contains(corner), f"{name}: {widget!r} runs off the screen at {corner}"
    for widget in page.findChildren(QWidget):
        # Inside the page: what runs past its bottom is hidden under the footer, cut off all the same.
        if widget.isVisible():
            corner = widget.mapTo(window.stack, widget.rect().bottomRight())
            assert window.stack.rect().contains(corner), f"{name}: {widget!r} runs off the page at {corner}"
    for button in window.findChildren(QAbstractButton):
        if button.isVisible():
            assert button.height() >= MIN_TARGET_PX, f"{name}: {button.text()!r} is {button.height()} px high"
            assert button.width() >= MIN_TARGET_PX, f"{name}: {button.text()!r} is {button.width()} px wide"
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text() or (label.pixmap() and not label.pixmap().isNull()):
            continue
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            assert needed <= label.height() + 2, f"{name}: {label.text()!r} needs {needed} px, has {label.height()}"
        else:
            needed = label.sizeHint().width()
            assert needed <= label.width() + 2, f"{name}: {label.text()!r} needs {needed} px wide, has {label.width()}"
    assert not window.texts.missing, f"{name}: untranslated {sorted(window.texts.missing)}"


def laid_out_lines(widget: QLabel) -> list[str]:
    """The lines Qt breaks a word-wrapped label into, at its font and width."""
    text = widget.text() if not isinstance(widget, PhraseLabel) else keep_together(widget.text())
    layout = QTextLayout(text, widget.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    width = widget.contentsRect().width()
    lines = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].replace(WORD_JOINER, ""))
    layout.endLayout()
    return lines


def assert_no_word_broken(kiosk: Kiosk, name: str) -> None:
    for widget in kiosk.window.findChildren(QLabel):
        if not widget.isVisible() or not widget.wordWrap() or not widget.text().strip():
            continue
        lines = laid_out_lines(widget)
        position = 0
        for line in lines[:-1]:
            position += len(line)
            text = widget.text()
            # Breaks at a space or a newline are between words; any other must fall between segments.
            if text[position - 1 : position].isspace() or text[position : position + 1].isspace():
                continue
            starts = {0}
            for piece in segments(text):
                starts.add(max(starts) + len(piece))
            assert position in starts, f"{name}: {text!r} broken inside a word: {lines}"
