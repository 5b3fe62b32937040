"""This window's waiting list and "call a chosen number": pick a row (↑↓) or type a number, then Enter."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.i18n import tr
from jiaohao.domain.tickets import TicketState

from ..actions import ActionRequest, CallerAction
from ..controller import CallerController
from ..model import CallerModel
from ..tracking import WaitingTicket
from .style import named

CTX = "CallerWaiting"


class _WaitingList(QListWidget):
    """Enter on a row calls that ticket (the list is a keyboard target like the buttons)."""

    def __init__(self, panel: WaitingPanel) -> None:
        super().__init__()
        self.setObjectName("waiting_list")
        self.panel = panel

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.panel.call_selected()
            return
        super().keyPressEvent(event)


class WaitingPanel(QFrame):
    def __init__(self, model: CallerModel, controller: CallerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.controller = controller
        self.setProperty("role", "panel")
        self.heading = named(QLabel(wordWrap=True), "waiting_heading")
        self.heading.setProperty("role", "title")
        self.counts = named(QLabel(wordWrap=True), "waiting_counts")
        self.counts.setProperty("role", "muted")
        self.list = _WaitingList(self)
        # Long rows wrap inside the panel: a sideways scroll bar hid the tags at the end (【已挂起，可叫回】).
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.entry = named(QLineEdit(placeholderText=tr(CTX, "输入号码，如 A012")), "call_number_entry")
        self.call = named(QPushButton(tr(CTX, "叫指定号\nF9 · 回车")), "action_call_number")
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(self.call)
        box = QVBoxLayout(self)
        box.addWidget(self.heading)
        box.addWidget(self.counts)
        box.addWidget(self.list, 1)
        box.addLayout(row)
        self.entry.returnPressed.connect(self.call_typed)
        self.call.clicked.connect(self.call_typed_or_selected)
        self.list.itemDoubleClicked.connect(lambda _item: self.call_selected())
        controller.changed.connect(self.refresh)
        self.refresh()

    def focus_entry(self) -> None:
        """F9: start typing a number (a second F9 with text calls it)."""
        if self.entry.hasFocus() and self.entry.text().strip():
            self.call_typed()
        else:
            self.entry.setFocus()
            self.entry.selectAll()

    def call_typed(self) -> None:
        number = self.entry.text().strip().upper()
        if number and self.controller.press(ActionRequest(CallerAction.CALL_NUMBER, number=number)):
            self.entry.clear()

    def call_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            number = str(item.data(Qt.ItemDataRole.UserRole))
            self.controller.press(ActionRequest(CallerAction.CALL_NUMBER, number=number))

    def call_typed_or_selected(self) -> None:
        if self.entry.text().strip():
            self.call_typed()
        else:
            self.call_selected()

    def refresh(self) -> None:
        model = self.model
        services = model.services()
        # The list's own count: the people this window may call (the hall's counts per service, below, also
        # hold tickets transferred to another window).
        self.heading.setText(tr(CTX, "等候 {n} 人").format(n=model.waiting.queued))
        # A service's name and count never part (no-break space); lines break only between services.
        self.counts.setText("  ·  ".join(f"{s.name}\u00a0{s.waiting}\u00a0{tr(CTX, '人')}" for s in services))
        enabled = CallerAction.CALL_NUMBER in model.enabled()
        self.call.setEnabled(enabled)
        self.entry.setEnabled(model.logged_in)
        selected = self.list.currentItem().data(Qt.ItemDataRole.UserRole) if self.list.currentItem() else None
        self.list.clear()
        now = model.clock()
        for ticket in model.waiting.ordered():
            item = QListWidgetItem(self._row(ticket, now))
            item.setData(Qt.ItemDataRole.UserRole, ticket.number)
            self.list.addItem(item)
            if ticket.number == selected:
                self.list.setCurrentItem(item)

    def _row(self, ticket: WaitingTicket, now: datetime) -> str:
        parts = [ticket.number, ticket.service_name]
        if ticket.issued_at is not None and not ticket.callable_back:
            parts.append(tr(CTX, "等 {m} 分钟").format(m=max(0, int((now - ticket.issued_at).total_seconds() // 60))))
        if ticket.channel in ("green", "appointment"):
            parts.append(tr(CTX, "【绿色通道】") if ticket.channel == "green" else tr(CTX, "【预约】"))
        if ticket.state is TicketState.TRANSFERRED:
            parts.append(tr(CTX, "【转入】"))
        elif ticket.state is TicketState.HELD:
            parts.append(tr(CTX, "【已挂起，可叫回】"))
        elif ticket.state is TicketState.NO_SHOW:
            parts.append(tr(CTX, "【已过号，可叫回】"))
        return "  ".join(parts)
