"""办结's outcome chooser: Enter alone means 一次办结, so the common case costs the clerk one key.

F1 一次办结, F2 容缺受理, F3 一次性告知, F4 咨询 pick the outcome; digits tick the service's checklist items
(what is missing), a line takes anything else; the due date of a 容缺 defaults to the hall's policy
(`followup_working_days`, five working days in the sample).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from client.i18n import tr
from jiaohao.domain.outcomes import add_working_days
from jiaohao.wire.models import FinishIn

from ..actions import ActionRequest, CallerAction
from ..model import CallerModel
from .style import named

CTX = "CallerOutcome"
# (outcome, label, key): the order of the F-keys.
OUTCOMES = (
    ("completed", "一次办结", Qt.Key.Key_F1),
    ("accepted_pending", "容缺受理", Qt.Key.Key_F2),
    ("returned", "一次性告知（不予受理）", Qt.Key.Key_F3),
    ("consulted", "咨询", Qt.Key.Key_F4),
)
DUE_WORKING_DAYS = 5  # before the hall is known; then the hall's policy.followup_working_days


class OutcomeDialog(QDialog):
    def __init__(self, model: CallerModel, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caller-outcome")
        self.setWindowTitle(tr(CTX, "办结"))
        self.setModal(True)
        current = model.current
        number = current.number if current else ""
        title = QLabel(tr(CTX, "{number} 号办结：回车 = 一次办结").format(number=number))
        title.setProperty("role", "title")
        self.choices: dict[str, QRadioButton] = {}
        group = QButtonGroup(self)
        row = QHBoxLayout()
        for index, (outcome, label, _key) in enumerate(OUTCOMES):
            button = named(QRadioButton(f"F{index + 1} {tr(CTX, label)}"), f"outcome_{outcome}")
            button.toggled.connect(self._sync)
            group.addButton(button)
            row.addWidget(button)
            self.choices[outcome] = button
        checklist: list[str] = []
        if model.hall is not None and current is not None:
            service = next((s for s in model.hall.services if s.code == current.service), None)
            checklist = list(service.checklist) if service is not None else []
        self.missing_title = QLabel(tr(CTX, "缺少的材料（数字键勾选）："))
        self.missing = named(QListWidget(), "outcome_missing")
        for index, item in enumerate(checklist):
            entry = QListWidgetItem(f"{index + 1}. {item}" if index < 9 else item)
            entry.setData(Qt.ItemDataRole.UserRole, item)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.missing.addItem(entry)
        self.other = named(QLineEdit(), "outcome_other")
        self.other.setPlaceholderText(tr(CTX, "其他缺件（可不填，多项用、分隔）"))
        self.due_title = QLabel(tr(CTX, "补齐期限："))
        self.due = named(QDateEdit(), "outcome_due")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        hall = model.hall
        days = hall.followup_working_days if hall is not None else DUE_WORKING_DAYS
        default_due = (
            add_working_days(today, days, set(hall.holidays), set(hall.workdays))
            if hall is not None
            else add_working_days(today, days)
        )
        self.due.setDate(QDate(default_due.year, default_due.month, default_due.day))
        ok = named(QPushButton(tr(CTX, "办结（回车）")), "dialog_ok")
        ok.setProperty("role", "primary")
        ok.setDefault(True)
        cancel = named(QPushButton(tr(CTX, "取消（Esc）")), "dialog_cancel")
        ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(ok)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_title)
        due_row.addWidget(self.due, 1)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addLayout(row)
        box.addWidget(self.missing_title)
        box.addWidget(self.missing)
        box.addWidget(self.other)
        box.addLayout(due_row)
        box.addStretch(1)
        box.addLayout(buttons)
        self.choices["completed"].setChecked(True)
        self.resize(760, 200)
        self.setFocus()

    def outcome(self) -> str:
        return next(o for o, button in self.choices.items() if button.isChecked())

    def _sync(self) -> None:
        """Missing items only for 容缺 and 告知, a due date only for 容缺: the rest stays out of the way."""
        outcome = self.outcome() if any(b.isChecked() for b in self.choices.values()) else "completed"
        lists_missing = outcome in ("accepted_pending", "returned")
        widgets: tuple[QWidget, ...] = (self.missing_title, self.missing, self.other)
        for widget in widgets:
            widget.setVisible(lists_missing)
        self.due_title.setVisible(outcome == "accepted_pending")
        self.due.setVisible(outcome == "accepted_pending")
        if lists_missing:  # room for the checklist; back to a compact bar for the common case
            self.resize(self.width(), max(self.height(), 480))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        for outcome, _label, key in OUTCOMES:
            if event.key() == key:
                self.choices[outcome].setChecked(True)
                return
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= self.missing.count() and not self.other.hasFocus():
            item = self.missing.item(int(text) - 1)
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)

    def request(self) -> ActionRequest:
        outcome = self.outcome()
        if outcome == "completed":
            return ActionRequest(CallerAction.FINISH)  # a plain 办结, as the keypad's
        missing = [
            str(self.missing.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.missing.count())
            if self.missing.item(i).checkState() == Qt.CheckState.Checked
        ]
        missing += [part.strip() for part in self.other.text().replace(",", "、").split("、") if part.strip()]
        due = self.due.date().toPython() if outcome == "accepted_pending" else None
        body = FinishIn(outcome=outcome, missing=missing or None, due=due)
        return ActionRequest(CallerAction.FINISH, outcome=body)
