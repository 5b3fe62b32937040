"""The login screen (staff number + PIN for this window), and the PIN prompt when a token expires."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.i18n import tr

from ..controller import CallerController
from ..model import CallerModel
from .style import named

CTX = "CallerLogin"


def _tr(text: str) -> str:
    return tr(CTX, text)


def _role(widget: QWidget, role: str) -> QWidget:
    widget.setProperty("role", role)
    return widget


class LoginPanel(QWidget):
    def __init__(self, model: CallerModel, controller: CallerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.controller = controller
        self.setObjectName("caller-login")
        self.title = QLabel(_tr("{window}号窗口 · 叫号器登录").format(window=model.number))
        _role(self.title, "title")
        self.staff_no = named(QLineEdit(placeholderText=_tr("工号")), "staff_no")
        self.pin = named(QLineEdit(placeholderText=_tr("密码（PIN）")), "pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.submit = named(QPushButton(_tr("登录（回车）")), "login")
        _role(self.submit, "primary")
        self.error = named(QLabel("", wordWrap=True), "login_error")
        _role(self.error, "error")
        self.error.hide()

        form = QFormLayout()
        form.addRow(_tr("工号"), self.staff_no)
        form.addRow(_tr("密码"), self.pin)
        box = QVBoxLayout()
        box.setSpacing(16)
        box.addStretch(1)
        box.addWidget(self.title, alignment=Qt.AlignmentFlag.AlignHCenter)
        hint = QLabel(_tr("输入工号和密码，按回车登录。\n登录后每个操作一个键：F1–F10 或小键盘。"), wordWrap=True)
        box.addWidget(_role(hint, "muted"))
        box.addLayout(form)
        box.addWidget(self.submit)
        box.addWidget(self.error)
        box.addStretch(2)
        inner = QWidget()
        inner.setLayout(box)
        inner.setFixedWidth(640)
        outer = QHBoxLayout(self)
        outer.addStretch()
        outer.addWidget(inner)
        outer.addStretch()

        self.staff_no.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self._login)
        self.submit.clicked.connect(self._login)
        controller.message.connect(self._on_message)
        self.staff_no.setFocus()

    def _login(self) -> None:
        staff_no, pin = self.staff_no.text().strip(), self.pin.text()
        if not staff_no or not pin:
            self._show(_tr("请输入工号和密码"))
            return
        self.error.hide()
        self.submit.setEnabled(False)
        self.controller.login(staff_no, pin)

    def _on_message(self, text: str, is_error: bool) -> None:
        if self.isVisible() and is_error:
            self._show(text)

    def _show(self, text: str) -> None:
        self.submit.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        self.error.setText(text)
        self.error.show()

    def reset(self) -> None:
        self.submit.setEnabled(True)
        self.pin.clear()
        self.error.hide()


class PinDialog(QDialog):
    """Asked when the server refuses the token (expired, revoked): the staff number stays, only the PIN is
    typed again, and the window's ticket and any pending action are kept by the model."""

    def __init__(
        self, model: CallerModel, controller: CallerController, reason: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.controller = controller
        self.setObjectName("caller-pin")
        self.setWindowTitle(_tr("请重新输入密码"))
        self.setModal(True)
        staff_no = model.login_info.staff_no if model.login_info else ""
        self.reason = QLabel(reason or _tr("登录已过期"), wordWrap=True)
        _role(self.reason, "banner")
        text = _tr("工号 {staff_no}：登录已过期，请重新输入密码。当前号码不会丢失。").format(staff_no=staff_no)
        self.pin = named(QLineEdit(placeholderText=_tr("密码（PIN）")), "relogin_pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.ok = named(QPushButton(_tr("确定（回车）")), "relogin")
        _role(self.ok, "primary")
        self.error = QLabel("", wordWrap=True)
        _role(self.error, "error")
        self.error.hide()
        box = QVBoxLayout(self)
        box.addWidget(self.reason)
        box.addWidget(QLabel(text, wordWrap=True))
        box.addWidget(self.pin)
        box.addWidget(self.ok)
        box.addWidget(self.error)
        self.setMinimumWidth(520)
        self._staff_no = staff_no
        self.pin.returnPressed.connect(self._submit)
        self.ok.clicked.connect(self._submit)
        controller.loggedIn.connect(self._done)
        controller.message.connect(self._on_message)
        self._listening = True

    def _submit(self) -> None:
        if self.pin.text():
            self.ok.setEnabled(False)
            self.controller.login(self._staff_no, self.pin.text())

    def _done(self, _answer: object) -> None:
        self.accept()

    def _on_message(self, text: str, is_error: bool) -> None:
        if is_error and self.isVisible():
            self.ok.setEnabled(True)
            self.pin.clear()
            self.error.setText(text)
            self.error.show()

    def done(self, result: int) -> None:
        if self._listening:
            self._listening = False
            self.controller.loggedIn.disconnect(self._done)
            self.controller.message.disconnect(self._on_message)
        super().done(result)
