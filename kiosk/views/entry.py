"""Typing on the kiosk: the appointment code (or, without it, the phone's last four digits and the ID number),
a phone / ID number for a one-ticket-per-person service, or the mobile number for 短信提醒."""

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
MOBILE = 11  # 短信提醒 goes to a mainland mobile number
TAIL = 4
MIN_ID = 15  # the old 15-digit ID card; the current one has 18


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
        self.back.clicked.connect(model.back)
        # The second way in for a citizen without the code (lost the SMS, booked for a parent).
        self.no_code = button("plain")
        self.no_code.clicked.connect(lambda: model.open_screen(Screen.APPOINTMENT_TAIL))
        self.confirm = button("primary")
        self.confirm.clicked.connect(self._confirm)
        # Portrait: 返回 and 确定 in a row under the keys. Landscape: in a column right of them, because
        # under them there is no room left on a 1080-pixel-high panel.
        self._actions = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._actions.setSpacing(24)
        self._actions.addWidget(self.back, 1)
        self._actions.addWidget(self.no_code, 2)
        self._actions.addWidget(self.confirm, 2)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addWidget(self.keyboard, 0)
        self._body.addLayout(self._actions)
        self._words = QVBoxLayout()
        self._words.setSpacing(12)
        for widget in (self.title, self.hint, self.message):
            self._words.addWidget(widget)
        # The words above the code; in landscape large type, where the keys need the height, beside the code
        # (over the wide letter keys) or beside the keys (a narrow digit pad leaves room there).
        self._top = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._top.setSpacing(12)
        self._top.addLayout(self._words, 1)
        self._top.addWidget(self.display, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(12)
        layout.addLayout(self._top)
        layout.addStretch(1)
        layout.addLayout(self._body)

    def _typed(self, text: str) -> None:
        self.model.touch()
        self.display.setText(text or " ")
        self.confirm.setEnabled(self._complete(text) and not self.model.busy)

    def _complete(self, text: str) -> bool:
        shortest = {
            Screen.HOLDER: MIN_HOLDER,
            Screen.NOTIFY: MOBILE,
            Screen.APPOINTMENT_TAIL: TAIL,
            Screen.APPOINTMENT_ID: MIN_ID,
        }.get(self._mode or Screen.APPOINTMENT, MIN_CODE)
        return len(text) >= shortest

    def _confirm(self) -> None:
        text = self.keyboard.text
        if not self._complete(text):
            return
        if self._mode is Screen.HOLDER:
            self.controller.give_holder(text)
        elif self._mode is Screen.NOTIFY:
            self.controller.notify(text)
        elif self._mode is Screen.APPOINTMENT_TAIL:
            self.model.phone_tail_typed(text)
        elif self._mode is Screen.APPOINTMENT_ID:
            self.controller.check_in_by_phone(text)
        else:
            self.controller.check_in(text)

    def enter(self, mode: Screen, portrait: bool, large: bool) -> None:
        """Called each time the screen is opened: a fresh field, the keys this kind of number needs,
        arranged to fit the panel (eight rows of large keys do not fit under a portrait title)."""
        self._mode = mode
        self.keyboard.clear()  # the next citizen never sees the last one's code
        self.keyboard.maximum = {Screen.NOTIFY: MOBILE, Screen.APPOINTMENT_TAIL: TAIL}.get(mode, 18)
        if mode in (Screen.HOLDER, Screen.APPOINTMENT_ID):
            self.keyboard.set_letters("X", columns=1)  # an ID number may end in X
            self.keyboard.set_side_by_side(True)
        elif mode in (Screen.NOTIFY, Screen.APPOINTMENT_TAIL):
            self.keyboard.set_letters("", columns=1)  # digits only: nothing to look for among letters
            self.keyboard.set_side_by_side(True)
        elif large:
            # Keys half as large again: the letters a page at a time (portrait: two rows under the digits,
            # three pages; landscape: four rows beside them, two pages).
            self.keyboard.set_letters(LETTER_KEYS, columns=5 if portrait else 4, rows=2 if portrait else 4)
            self.keyboard.set_side_by_side(not portrait)
        else:
            self.keyboard.set_letters(LETTER_KEYS, columns=7)  # 4 rows: as tall as the digit pad
            self.keyboard.set_side_by_side(not portrait)
        # Landscape: three actions stacked beside the keys; 返回 and 没有预约码 at 120 px (still a large target)
        # leave the height to the keys and 确定.
        for minor in (self.back, self.no_code):
            minor.setStyleSheet("" if portrait else "min-height: 120px;")
        beside = not portrait and large
        self._top.setDirection(QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom)
        self._top.removeItem(self._words)
        self._body.removeItem(self._words)
        if beside and mode is not Screen.APPOINTMENT:
            self._body.insertLayout(1, self._words, 1)
        else:
            self._top.insertLayout(0, self._words, 1)
        for action in (self.back, self.no_code, self.confirm):
            action.setMinimumWidth(0 if portrait else 400)  # the words beside them take what is left
        if portrait:
            self._body.setDirection(QBoxLayout.Direction.TopToBottom)
            self._actions.setDirection(QBoxLayout.Direction.LeftToRight)
        else:
            self._body.setDirection(QBoxLayout.Direction.LeftToRight)
            self._actions.setDirection(QBoxLayout.Direction.BottomToTop)  # 确定 on top, nearest the keys

    def refresh(self, t: Texts, portrait: bool) -> None:
        model = self.model
        mode = model.screen
        self.no_code.setVisible(mode is Screen.APPOINTMENT)
        # Landscape large type: the column beside the keys holds the question alone; the next screen says how.
        short = not portrait and model.large
        self.no_code.setText(t("没有预约码？") if short else t("没有预约码？") + "\n" + t("用手机号签到"))
        confirm = t("确定取号")
        if mode is Screen.HOLDER:
            self.title.setText(t("该业务每人限取一号"))
            self.hint.setText(t("请输入您的手机号或身份证号，仅用于防止重复取号"))
            self.message.setVisible(False)
            self.hint.setVisible(True)
        elif mode in (Screen.NOTIFY, Screen.APPOINTMENT_TAIL, Screen.APPOINTMENT_ID):
            if mode is Screen.NOTIFY:
                number = model.current.ticket.number if model.current else ""
                self.title.setText(t("短信提醒我 · {number}", number=number))
                self.hint.setText(t("请输入手机号。快到号和叫号时发短信提醒您，号码只用于本次提醒"))
                confirm = t("确定")
            elif mode is Screen.APPOINTMENT_TAIL:
                self.title.setText(t("预约签到 · 无预约码"))
                self.hint.setText(t("第1步：请输入预约时所留手机号的后四位"))
                confirm = t("下一步")
            else:
                self.title.setText(t("预约签到 · 无预约码"))
                self.hint.setText(t("第2步：手机尾号 {tail}，请输入预约时填写的身份证号", tail=model.phone_tail or ""))
            self.message.setText(notice_text(model, t))
            self.message.setVisible(model.message is not None)
            self.hint.setVisible(model.message is None)
            self.title.setVisible(portrait or not model.large or model.message is None)
        else:
            self.title.setText(t("预约签到"))
            self.hint.setText(t("请输入预约短信中的预约码（字母和数字）"))
            self.message.setText(notice_text(model, t))
            # The refusal takes the hint's place: the citizen reads one sentence, and the keys still fit.
            self.message.setVisible(model.message is not None)
            self.hint.setVisible(model.message is None)
            # Large type: the keys need the title's room; the hint (or the refusal) says what to type.
            self.title.setVisible(not model.large)
        if model.large and not portrait:
            # Beside the code there is room for one sentence, the hint or the refusal: the keys take the height.
            self.title.setVisible(False)
        self.keyboard.keys[CLEAR].setText(t("清空"))
        self.display.setText(self.keyboard.text or " ")
        self.back.setText(t("返回"))
        self.confirm.setText(
            t("请稍候…") if model.busy and mode is Screen.NOTIFY else t("正在取号…") if model.busy else confirm
        )
        self.confirm.setEnabled(self._complete(self.keyboard.text) and not model.busy)
