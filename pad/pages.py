"""The pad's screens. Each page reads the model it is given in `show_model()`; taps call the model directly."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from client.i18n import tr
from client.photos import StaffPhotos
from client.theme import PALETTE, cjk_font

from .faces import FaceButton, FaceIcon, ThanksMark, level_words
from .model import COMMENT_PHRASES, PadModel, StaffCard

__all__ = ["AskPage", "IdlePage", "MessagePage", "ReasonsPage"]

_CTX = "PadWindow"


def t(text: str) -> str:
    return tr(_CTX, text)


def label(text: str = "", pt: int = 24, *, bold: bool = False, colour: str | None = None) -> QLabel:
    widget = QLabel(text)
    widget.setFont(cjk_font(pt, bold))
    widget.setWordWrap(True)
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if colour:
        widget.setStyleSheet(f"color: {colour}; font-size: {pt}pt;")
    else:
        widget.setStyleSheet(f"font-size: {pt}pt;")
    return widget


def big_button(text: str, *, primary: bool = False, pt: int = 26) -> QPushButton:
    button = QPushButton(text)
    button.setFont(cjk_font(pt, True))
    button.setMinimumHeight(96)
    button.setMinimumWidth(240)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setStyleSheet(f"QPushButton {{ font-size: {pt}pt; }}")
    if primary:
        button.setProperty("role", "primary")
    return button


def staff_line(staff: StaffCard) -> str:
    if not staff.staff_name:
        return ""
    return t("为您服务的是 {name}（工号 {no}）").format(name=staff.staff_name, no=staff.staff_no or "—")


class Avatar(QWidget):
    """The clerk's photo in a circle, or, without one, the surname in a circle."""

    def __init__(self, side: int = 240, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.initial = "窗"
        self.photo: QPixmap | None = None
        self._photo_key: int | None = None
        self.setFixedSize(side, side)

    def set_initial(self, initial: str) -> None:
        if initial != self.initial:
            self.initial = initial
            self.update()

    def set_photo(self, image: QImage | None) -> None:
        key = image.cacheKey() if image is not None else None
        if key == self._photo_key:
            return
        self._photo_key = key
        # Scaled once here, not at every paint: a portrait photo is cropped to the circle's square.
        self.photo = (
            QPixmap.fromImage(image).scaled(
                self.size(),
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
            if image is not None
            else None
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        circle = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        if self.photo is not None:
            clip = QPainterPath()
            clip.addEllipse(circle)
            painter.setClipPath(clip)
            x = (self.width() - self.photo.width()) / 2
            y = (self.height() - self.photo.height()) / 2
            painter.drawPixmap(round(x), round(y), self.photo)
            painter.end()
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#2f5d9a"))
        painter.drawEllipse(circle)
        painter.setPen(QColor(PALETTE["text"]))
        painter.setFont(cjk_font(int(self.width() / 3.2), True))
        painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.initial)
        painter.end()


class IdlePage(QWidget):
    def __init__(self, model: PadModel, photos: StaffPhotos | None = None) -> None:
        super().__init__()
        self.model = model
        self.photos = photos
        self.window_name = label("", 48, bold=True, colour=PALETTE["accent"])
        self.avatar = Avatar()
        self.name = label("", 48, bold=True)
        self.title = label("", 28, colour=PALETTE["muted"])
        self.staff_no = label("", 32)
        for widget in (self.name, self.title, self.staff_no):
            widget.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.invite = label(t("办事结束后，欢迎您对我们的服务作出评价"), 26, colour=PALETTE["muted"])
        card = QHBoxLayout()
        card.addStretch(1)
        card.addWidget(self.avatar)
        card.addSpacing(48)
        facts = QVBoxLayout()
        facts.addStretch(1)
        for widget in (self.name, self.title, self.staff_no):
            facts.addWidget(widget)
        facts.addStretch(1)
        card.addLayout(facts)
        card.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.addWidget(self.window_name)
        layout.addStretch(1)
        layout.addLayout(card)
        layout.addStretch(1)
        layout.addWidget(self.invite)

    def show_model(self) -> None:
        staff = self.model.staff
        self.window_name.setText(staff.window_name)
        self.avatar.set_initial(staff.initial)
        self.avatar.set_photo(self.photos.image(staff.photo) if self.photos is not None else None)
        # Without a clerk a lone "窗" in a circle looked like someone's photo: show only the sentence.
        self.avatar.setVisible(bool(staff.staff_name))
        side = Qt.AlignmentFlag.AlignLeft if staff.staff_name else Qt.AlignmentFlag.AlignHCenter
        self.name.setAlignment(side | Qt.AlignmentFlag.AlignVCenter)
        if staff.staff_name:
            self.name.setText(staff.staff_name)
            self.title.setText(staff.staff_title or "")
            self.title.setVisible(bool(staff.staff_title))
            self.staff_no.setText(t("工号：{no}").format(no=staff.staff_no or "—"))
            self.staff_no.show()
        else:
            self.name.setText(t("本窗口暂无工作人员") if staff.open else t("本窗口暂停服务"))
            self.title.hide()
            self.staff_no.hide()


class AskPage(QWidget):
    def __init__(self, model: PadModel) -> None:
        super().__init__()
        self.model = model
        self.ticket = label("", 34, bold=True, colour=PALETTE["accent"])
        self.staff = label("", 24, colour=PALETTE["muted"])
        self.question = label(t("请您对本次服务进行评价"), 40, bold=True)
        self.faces = [FaceButton(level) for level in (5, 4, 3, 2, 1)]
        row = QHBoxLayout()
        row.setSpacing(24)
        for face in self.faces:
            face.clicked.connect(lambda _=False, level=face.level: self.model.choose(level))
            row.addWidget(face)
        self.note = label(t("评价自愿，仅用于改进服务"), 22, colour=PALETTE["muted"])
        self.note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.skip = big_button(t("暂不评价"), pt=24)
        self.skip.setObjectName("skip")
        self.skip.clicked.connect(self.model.skip)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.skip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(14)
        layout.addWidget(self.ticket)
        layout.addWidget(self.staff)
        layout.addWidget(self.question)
        layout.addLayout(row, 1)
        layout.addLayout(bottom)

    def show_model(self) -> None:
        request = self.model.request
        if request is None:
            return
        self.ticket.setText(t("{number} 号　{service}").format(number=request.number, service=request.service_name))
        self.staff.setText(staff_line(self.model.staff))


class ReasonsPage(QWidget):
    def __init__(self, model: PadModel) -> None:
        super().__init__()
        self.model = model
        self.face = FaceIcon(side=88)
        self.chosen = label("", 30, bold=True)
        self.chosen.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.ask = label(t("请选择不满意的原因（可多选）"), 30, bold=True)
        self.reasons_grid = QGridLayout()
        self.reasons_grid.setSpacing(18)
        self.reason_buttons: dict[str, QPushButton] = {}
        self.phrase_title = label(t("补充说明（可不选）"), 22, colour=PALETTE["muted"])
        phrases = QHBoxLayout()
        phrases.setSpacing(12)
        self.phrase_buttons: dict[str, QPushButton] = {}
        for phrase in COMMENT_PHRASES:
            button = self._toggle(t(phrase), 20, 72)
            button.clicked.connect(lambda _=False, p=phrase: self.model.toggle_phrase(p))
            self.phrase_buttons[phrase] = button
            phrases.addWidget(button)
        self.back = big_button(t("返回重选"), pt=24)
        self.back.setObjectName("back")
        self.back.clicked.connect(self.model.back)
        self.hint = label("", 22, colour=PALETTE["muted"])
        self.submit = big_button(t("提交评价"), primary=True)
        self.submit.setObjectName("submit")
        # The theme's primary button stays yellow when disabled, which reads as "press me": grey it out.
        self.submit.setStyleSheet(
            self.submit.styleSheet()
            + f"QPushButton:disabled {{ background: {PALETTE['surface']}; color: #8a97a8; border-color: #4a5a6e; }}"
        )
        self.submit.clicked.connect(self.model.confirm_reasons)
        header = QHBoxLayout()
        header.addStretch(1)
        header.addWidget(self.face)
        header.addSpacing(16)
        header.addWidget(self.chosen)
        header.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back)
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.submit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(14)
        layout.addLayout(header)
        layout.addWidget(self.ask)
        layout.addLayout(self.reasons_grid)
        layout.addStretch(1)
        layout.addWidget(self.phrase_title)
        layout.addLayout(phrases)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self._shown_reasons: tuple[str, ...] = ()

    @staticmethod
    def _toggle(text: str, pt: int, height: int) -> QPushButton:
        button = QPushButton(text)
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setFont(cjk_font(pt, True))
        button.setMinimumHeight(height)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        p = PALETTE
        button.setStyleSheet(
            f"QPushButton {{ font-size: {pt}pt; padding: 8px 12px; }}"
            f"QPushButton:checked {{ background: {p['accent']}; color: #000000; border-color: {p['accent']}; }}"
        )
        return button

    def _build_reasons(self, reasons: tuple[str, ...]) -> None:
        for button in self.reason_buttons.values():
            self.reasons_grid.removeWidget(button)
            button.deleteLater()
        self.reason_buttons = {}
        for index, reason in enumerate(reasons):
            button = self._toggle(t(reason), 26, 100)
            button.clicked.connect(lambda _=False, r=reason: self.model.toggle_reason(r))
            self.reason_buttons[reason] = button
            self.reasons_grid.addWidget(button, index // 3, index % 3)
        self._shown_reasons = reasons

    def show_model(self) -> None:
        model = self.model
        if model.request is None or model.level is None:
            return
        if model.request.reasons != self._shown_reasons:
            self._build_reasons(model.request.reasons)
        self.face.set_level(model.level)
        self.chosen.setText(t("您选择了：{words}").format(words=level_words(model.level)))
        for reason, button in self.reason_buttons.items():
            chosen = reason in model.reasons
            button.setChecked(chosen)
            button.setText(("✓ " if chosen else "") + t(reason))
        for phrase, button in self.phrase_buttons.items():
            chosen = phrase in model.phrases
            button.setChecked(chosen)
            button.setText(("✓ " if chosen else "") + t(phrase))
        self.submit.setEnabled(model.can_submit_reasons)
        self.hint.setText("" if model.reasons else t("请至少选择一项原因"))


class MessagePage(QWidget):
    """Sending, thank-you and refusal: a few large lines and one button back to the start."""

    def __init__(self, model: PadModel) -> None:
        super().__init__()
        self.model = model
        self.mark = ThanksMark(side=160)
        self.headline = label("", 52, bold=True)
        self.detail = label("", 28)
        self.kept = label("", 24, colour=PALETTE["accent"])
        self.kept.setObjectName("kept")
        self.ok = big_button(t("好的"), pt=26)
        self.ok.setObjectName("ok")
        self.ok.clicked.connect(self.model.dismiss)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 48)
        layout.addStretch(1)
        layout.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(24)
        layout.addWidget(self.headline)
        layout.addSpacing(12)
        layout.addWidget(self.detail)
        layout.addWidget(self.kept)
        layout.addStretch(1)
        layout.addWidget(self.ok, 0, Qt.AlignmentFlag.AlignHCenter)

    def show_sending(self) -> None:
        self._fill(False, t("正在提交，请稍候…"), "", "", button=False)

    def show_thanks(self) -> None:
        level = self.model.level
        detail = t("我们会认真核查，及时改进") if level in (1, 2) else t("祝您生活愉快")
        kept = t("网络暂时中断，您的评价已保存在本机，恢复后将自动提交") if self.model.kept_offline else ""
        self._fill(True, t("感谢您的评价！"), detail, kept)

    def show_refused(self) -> None:
        self._fill(False, self.model.message, t("如有疑问，请咨询窗口工作人员"), "")

    def _fill(self, mark: bool, headline: str, detail: str, kept: str, *, button: bool = True) -> None:
        self.mark.setVisible(mark)
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.kept.setText(kept)
        self.kept.setVisible(bool(kept))
        self.ok.setVisible(button)
