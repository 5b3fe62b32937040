"""The kiosk's building blocks: a service button, an on-screen keyboard, a QR code image."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from jiaohao.domain.linebreak import keep_together, segments

__all__ = ["DIGIT_KEYS", "BigButton", "Keyboard", "PhraseLabel", "ServiceButton", "qr_image", "restyle"]

DIGIT_KEYS = "123456789"
# Appointment codes are upper-case letters and digits (the server upper-cases what it gets). Every letter is
# offered, in alphabetical order: a citizen copying a code from an SMS hunts for a letter, and a QWERTY
# layout is one more thing an elderly citizen has to know.
LETTER_KEYS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DELETE = "⌫"
CLEAR = "清空"


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property change (Qt does not do it by itself)."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    for child in widget.findChildren(QWidget):
        style.unpolish(child)
        style.polish(child)


class PhraseLabel(QLabel):
    """A label that wraps between words only (jiaohao.domain.linebreak): "24 分钟", "4号窗口" and "A012" stay
    on one line, Chinese breaks between phrases. `text()` answers what was set, without the joiners."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plain = ""

    def setText(self, text: str) -> None:
        self._plain = text
        super().setText(keep_together(text))

    def text(self) -> str:
        return self._plain


def _label(role: str) -> QLabel:
    label = PhraseLabel()
    label.setProperty("role", role)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the whole button takes the touch
    return label


class BigButton(QPushButton):
    """A button whose words wrap: QPushButton never wraps, so a long English label would widen the whole
    screen past its edge. The text sits in a word-wrapped label that lets the touch through."""

    def __init__(self, role: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if role:
            self.setProperty("role", role)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.caption = _label("caption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.caption)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)  # wrapped words need more height when the button is narrow
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # 16 + 8: the layout's margins; 12: the style's border and padding around them.
        needed = self.caption.heightForWidth(width - 32 - 12) + 16 + 12
        return max(needed, self.minimumHeight())

    def setText(self, text: str) -> None:
        self.caption.setText(text)
        self.setAccessibleName(text)

    def text(self) -> str:
        return self.caption.text()


# A tile's width that is not the name's: margins (14 + 14), the gap after the badge (16), padding (16 + 16),
# border (3 + 3).
_TILE_CHROME = 14 + 14 + 16 + 16 + 16 + 3 + 3


class ServiceButton(QPushButton):
    """One service: prefix badge, name, and either "people waiting · minutes" or why it is closed."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        # As tall as the grid's row: a few services fill the screen (kiosk/views/screens.ServiceGrid).
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)  # a long service name wraps: the button grows to show all of it
        self.setSizePolicy(policy)
        self.prefix = _label("prefix")
        self.prefix.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = _label("name")
        self.name.setWordWrap(True)
        self.line = _label("line")
        self.line.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addStretch(1)  # name and line together in the middle of a tall tile
        text.addWidget(self.name)
        text.addWidget(self.line)
        text.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 6, 14, 6)
        row.setSpacing(16)
        row.addWidget(self.prefix, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text, 1)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        needed = layout.totalHeightForWidth(width) + 12 if layout is not None else 0  # 12: border, padding
        return max(needed, self.minimumHeight(), self.minimumSizeHint().height())

    def words_fit(self, width: int) -> bool:
        """Whether the name's longest word fits on one line of a tile `width` px wide ("registration" in
        large type does not fit half a portrait screen: Qt would break it inside)."""
        room = width - self.prefix.sizeHint().width() - _TILE_CHROME
        metrics = self.name.fontMetrics()
        return all(metrics.horizontalAdvance(piece) <= room for piece in segments(self.name.text()))

    def show_service(self, prefix: str, name: str, line: str, closed: bool) -> None:
        self.prefix.setText(prefix)
        self.name.setText(name)
        self.line.setText(line)
        self.setAccessibleName(f"{name} {line}")
        if self.property("closed") != closed:
            self.setProperty("closed", closed)
            restyle(self)
        # A closed service stays on screen (the citizen sees why) but cannot be pressed.
        self.setEnabled(not closed)


class Keyboard(QWidget):
    """Digits on a telephone-style pad, and letters when the code may contain them. `typed(str)` gives
    the whole text after each key; `maximum` stops a stuck finger from filling the field.

    Letters that do not fit the room (26 keys in 大字模式) are shown a page at a time: the last key of each
    page is a pager that names the letters it brings ("N–Z"), so no letter is more than one touch away."""

    typed = Signal(str)

    def __init__(self, maximum: int = 18, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maximum = maximum
        self.text = ""
        self.keys: dict[str, QPushButton] = {}
        self._digits = QGridLayout()
        self._letters = QGridLayout()
        for spacing in (self._digits, self._letters):
            spacing.setSpacing(12)
        for index, key in enumerate([*DIGIT_KEYS, CLEAR, "0", DELETE]):
            self._digits.addWidget(self._key(key), index // 3, index % 3)
        self._letter_keys = [self._key(letter) for letter in LETTER_KEYS]
        self.pager = QPushButton()
        self.pager.setProperty("role", "pager")
        self.pager.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pager.clicked.connect(self.next_page)
        self.pages: list[str] = []
        self.page = 0
        self._columns = 1
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setHorizontalSpacing(40)
        self._layout.setVerticalSpacing(24)
        self._letters_widget = QWidget()
        self._letters_widget.setLayout(self._letters)
        self.set_letters(LETTER_KEYS, columns=7)
        self.set_side_by_side(True)

    def _key(self, key: str) -> QPushButton:
        button = QPushButton(key)
        button.setProperty("role", "key")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.press(key))
        self.keys[key] = button
        return button

    def set_letters(self, letters: str, columns: int, rows: int | None = None) -> None:
        """Which letters to offer (all for appointment codes, only X for an ID number), `columns` wide and,
        with `rows`, at most that many rows high (a page at a time when they need more)."""
        room = columns * rows if rows else len(letters)
        if len(letters) <= room:
            self.pages = [letters] if letters else []
        else:
            per_page = room - 1  # the last place holds the pager
            self.pages = [letters[start : start + per_page] for start in range(0, len(letters), per_page)]
        self._columns = columns
        self._show_page(0)

    def next_page(self) -> None:
        self._show_page((self.page + 1) % len(self.pages))

    def page_of(self, letter: str) -> int:
        return next(index for index, page in enumerate(self.pages) if letter in page)

    def _show_page(self, page: int) -> None:
        self.page = page
        for button in (*self._letter_keys, self.pager):
            self._letters.removeWidget(button)
            button.setVisible(False)
        shown = self.pages[page] if self.pages else ""
        buttons = [b for b in self._letter_keys if b.text() in shown]
        if len(self.pages) > 1:
            following = self.pages[(page + 1) % len(self.pages)]
            self.pager.setText(f"{following[0]}–{following[-1]}")
            buttons.append(self.pager)
        for index, button in enumerate(buttons):
            self._letters.addWidget(button, index // self._columns, index % self._columns)
            button.setVisible(True)
        self._letters_widget.setVisible(bool(buttons))

    def set_side_by_side(self, side_by_side: bool) -> None:
        """Landscape: digits left, letters right. Portrait: letters under the digits."""
        digits = self._layout.itemAtPosition(0, 0)
        if digits is None:
            pad = QWidget()
            pad.setLayout(self._digits)
            self._layout.addWidget(pad, 0, 0)
        self._layout.removeWidget(self._letters_widget)
        if side_by_side:
            self._layout.addWidget(self._letters_widget, 0, 1, Qt.AlignmentFlag.AlignTop)
        else:
            self._layout.addWidget(self._letters_widget, 1, 0, Qt.AlignmentFlag.AlignHCenter)

    def press(self, key: str) -> None:
        if key == DELETE:
            self.text = self.text[:-1]
        elif key == CLEAR:
            self.text = ""
        elif len(self.text) < self.maximum:
            self.text += key
        self.typed.emit(self.text)

    def clear(self) -> None:
        self.text = ""
        if self.pages:
            self._show_page(0)
        self.typed.emit(self.text)


def qr_image(content: str, size: int) -> QImage:
    """A QR code drawn module by module into a `size`×`size` image (black on white, quiet zone included),
    so a phone can scan the number off the screen when no paper came out."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(content)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    modules = len(matrix)
    cell = max(1, size // modules)
    side = cell * modules
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(QRect(x * cell, y * cell, cell, cell), QColor("black"))
    finally:
        painter.end()
    return image
