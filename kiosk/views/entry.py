"""Typing on the kiosk: the appointment code, or a phone / ID number for a one-ticket-per-person service."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from ..controller import KioskController
from ..model import KioskModel, Screen
from ..texts import Texts
from .screens import button, label, notice_text
from .widgets import CLEAR, LETTER_KEYS, Keyboard

__all__ = ["CodeScreen"]

MIN_CODE = 4  # the server's shortest appointment code
MIN_HOLDER = 5  # the server's shortest phone number


class CodeScreen(QWidget):
    """One screen for both: what differs is the title, which letters are offered and where it goes."""

    def __init__(self, model: KioskModel, controller: KioskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.controller = controller
        self._mode: Screen | None = None
        self.title = label("title", center=True)
        self.hint = label(None, center=True)
        self.display = label("display", wrap=False, center=True)
        self.message = label("error", center=True)
        self.keyboard = Keyboard(maximum=18)
        self.keyboard.typed.connect(self._typed)
        self.back = button("plain")
        self.back.clicked.connect(model.back_to_start)
        self.confirm = button("primary")
        self.confirm.clicked.connect(self._confirm)
        # Portrait: 返回 and 确定 in a row under the keys. Landscape: in a column right of them, because
        # under them there is no room left on a 1080-pixel-high panel.
        self._actions = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._actions.setSpacing(24)
        self._actions.addWidget(self.back, 1)
        self._actions.addWidget(self.confirm, 2)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addWidget(self.keyboard, 0)
        self._body.addLayout(self._actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(12)
        for widget in (self.title, self.hint, self.message, self.display):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(self._body)

    def _typed(self, text: str) -> None:
        self.model.touch()
        self.display.setText(text or " ")
        self.confirm.setEnabled(self._complete(text) and not self.model.busy)

    def _complete(self, text: str) -> bool:
        return len(text) >= (MIN_HOLDER if self._mode is Screen.HOLDER else MIN_CODE)

    def _confirm(self) -> None:
        text = self.keyboard.text
        if not self._complete(text):
            return
        if self._mode is Screen.HOLDER:
            self.controller.give_holder(text)
        else:
            self.controller.check_in(text)

    def enter(self, mode: Screen, portrait: bool, large: bool) -> None:
        """Called each time the screen is opened: a fresh field, the keys this kind of number needs,
        arranged to fit the panel (eight rows of large keys do not fit under a portrait title)."""
        self._mode = mode
        self.keyboard.clear()  # the next citizen never sees the last one's code
        if mode is Screen.HOLDER:
            self.keyboard.set_letters("X", columns=1)  # an ID number may end in X
            self.keyboard.set_side_by_side(True)
        elif portrait and large:
            self.keyboard.set_letters(LETTER_KEYS, columns=4)
            self.keyboard.set_side_by_side(True)
        else:
            self.keyboard.set_letters(LETTER_KEYS, columns=7)  # 4 rows: as tall as the digit pad
            self.keyboard.set_side_by_side(not portrait)
        if portrait:
            self._body.setDirection(QBoxLayout.Direction.TopToBottom)
            self._actions.setDirection(QBoxLayout.Direction.LeftToRight)
        else:
            self._body.setDirection(QBoxLayout.Direction.LeftToRight)
            self._actions.setDirection(QBoxLayout.Direction.BottomToTop)  # 确定 on top, nearest the keys

    def refresh(self, t: Texts, portrait: bool) -> None:
        model = self.model
        mode = model.screen
        if mode is Screen.HOLDER:
            self.title.setText(t("该业务每人限取一号"))
            self.hint.setText(t("请输入您的手机号或身份证号，仅用于防止重复取号"))
            self.message.setVisible(False)
            self.hint.setVisible(True)
        else:
            self.title.setText(t("预约签到"))
            self.hint.setText(t("请输入预约短信中的预约码（字母和数字）"))
            self.message.setText(notice_text(model, t))
            # The refusal takes the hint's place: the citizen reads one sentence, and the keys still fit.
            self.message.setVisible(model.message is not None)
            self.hint.setVisible(model.message is None)
            # Landscape large type has room for one line above the keys besides the code: the refusal then.
            self.title.setVisible(portrait or not model.large or model.message is None)
        self.keyboard.keys[CLEAR].setText(t("清空"))
        self.display.setText(self.keyboard.text or " ")
        self.back.setText(t("返回"))
        self.confirm.setText(t("正在取号…") if model.busy else t("确定取号"))
        self.confirm.setEnabled(self._complete(self.keyboard.text) and not model.busy)
