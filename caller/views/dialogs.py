"""Transfer (to a service or a window, front or back) and pause (with a reason from the list) dialogs.

Keyboard first: digits pick a row, Enter confirms, Esc cancels; the clerk never needs the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from client.i18n import tr

from ..actions import ActionRequest, CallerAction
from ..model import CallerModel
from .style import named

CTX = "CallerDialogs"


def _buttons(dialog: QDialog, ok_text: str) -> QHBoxLayout:
    ok = named(QPushButton(ok_text), "dialog_ok")
    ok.setProperty("role", "primary")
    ok.setDefault(True)
    cancel = named(QPushButton(tr(CTX, "取消（Esc）")), "dialog_cancel")
    ok.clicked.connect(dialog.accept)
    cancel.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addWidget(cancel)
    row.addWidget(ok)
    return row


class _DigitList(QListWidget):
    """A list whose rows are picked by their number key (1–9), as the labels show."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= self.count():
            self.setCurrentRow(int(text) - 1)
            return
        super().keyPressEvent(event)


class TransferDialog(QDialog):
    """Targets: the hall's other services, and the other windows; position front (keeps its place) or back."""

    def __init__(self, model: CallerModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caller-transfer")
        self.setWindowTitle(tr(CTX, "转移"))
        self.setModal(True)
        number = model.current.number if model.current else ""
        title = QLabel(tr(CTX, "把 {number} 号转移到：").format(number=number))
        title.setProperty("role", "title")
        self.targets = named(_DigitList(), "transfer_targets")
        hall = model.hall
        rows: list[tuple[str, dict[str, object]]] = []
        if hall is not None:
            for service in hall.services:
                rows.append((tr(CTX, "业务：{name}").format(name=service.name), {"service": service.code}))
            for window in hall.windows:
                if window.number != model.number:
                    state = tr(CTX, "暂停") if window.status == "paused" else ""
                    names = {s.code: s.name for s in hall.services}
                    offers = "、".join(names.get(code, code) for code in window.services)
                    label = tr(CTX, "窗口：{name}（{services}）").format(name=window.name, services=offers)
                    label += f" · {state}" if state else ""
                    rows.append((label, {"to_window": window.number}))
        for index, (label, target) in enumerate(rows):
            item = QListWidgetItem(f"{index + 1}. {label}" if index < 9 else label)
            item.setData(Qt.ItemDataRole.UserRole, target)
            self.targets.addItem(item)
        if rows:
            self.targets.setCurrentRow(0)
        self.front = named(QRadioButton(tr(CTX, "排在最前（保留原取号时间）")), "transfer_front")
        self.back = named(QRadioButton(tr(CTX, "排在最后")), "transfer_back")
        self.front.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.front)
        group.addButton(self.back)
        position = QHBoxLayout()
        position.addWidget(self.front)
        position.addWidget(self.back)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(self.targets, 1)
        box.addLayout(position)
        box.addLayout(_buttons(self, tr(CTX, "转移（回车）")))
        self.targets.itemDoubleClicked.connect(lambda _item: self.accept())
        self.resize(640, 640)
        self.targets.setFocus()

    def request(self) -> ActionRequest | None:
        item = self.targets.currentItem()
        if item is None:
            return None
        target = item.data(Qt.ItemDataRole.UserRole)
        return ActionRequest(
            CallerAction.TRANSFER,
            service=target.get("service"),
            to_window=target.get("to_window"),
            position="front" if self.front.isChecked() else "back",
        )


class PauseDialog(QDialog):
    def __init__(self, model: CallerModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caller-pause")
        self.setWindowTitle(tr(CTX, "暂停服务"))
        self.setModal(True)
        title = QLabel(tr(CTX, "{window}号窗口暂停服务，原因：").format(window=model.number))
        title.setProperty("role", "title")
        self.reasons = named(_DigitList(), "pause_reasons")
        self.choices = model.pause_reasons()
        for index, reason in enumerate(self.choices):
            self.reasons.addItem(f"{index + 1}. {tr(CTX, reason)}")
        self.reasons.setCurrentRow(0)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(self.reasons, 1)
        box.addLayout(_buttons(self, tr(CTX, "暂停（回车）")))
        self.reasons.itemDoubleClicked.connect(lambda _item: self.accept())
        self.resize(520, 480)
        self.reasons.setFocus()

    def request(self) -> ActionRequest:
        # The server keeps the reason as the clerk's words (Chinese), whatever the screen's language.
        return ActionRequest(CallerAction.PAUSE, reason=self.choices[max(0, self.reasons.currentRow())])
