"""The current ticket, big, with its state in words and colour, and the clerk's figures for today."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from client.i18n import tr
from client.theme import PALETTE
from jiaohao.domain.tickets import TicketState

from ..controller import CallerController
from ..model import CallerModel

CTX = "CallerTicket"


def _label(role: str, text: str = "", name: str = "") -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setObjectName(name)
    label.setProperty("role", role)
    return label


class TicketPanel(QFrame):
    def __init__(self, model: CallerModel, controller: CallerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setProperty("role", "panel")
        self.state = _label("state", name="ticket_state")
        self.state.setWordWrap(False)  # one line, always whole: a wrapped state was clipped by its own height
        self.number = _label("number", name="ticket_number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.service = _label("title", name="ticket_service")
        self.waited = _label("muted", name="ticket_waited")
        self.green = _label("badge", tr(CTX, "绿色通道"), "badge_green")
        self.transferred = _label("badge-transfer", tr(CTX, "转移来的号"), "badge_transferred")
        self.checklist = _label("", name="ticket_checklist")
        badges = QHBoxLayout()
        badges.addWidget(self.service, 1)
        badges.addWidget(self.green)
        badges.addWidget(self.transferred)
        box = QVBoxLayout(self)
        box.addWidget(self.state, alignment=Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.number)
        box.addLayout(badges)
        box.addWidget(self.waited)
        box.addWidget(self.checklist)
        box.addStretch()
        controller.changed.connect(self.refresh)
        self._tick = QTimer(self, interval=30_000)  # "waited N minutes" keeps counting while the ticket waits
        self._tick.timeout.connect(self.refresh)
        self._tick.start()
        self.refresh()

    def refresh(self) -> None:
        model, ticket = self.model, self.model.current
        window = model.window
        paused = window is not None and window.status == "paused"
        if paused:
            reason = window.pause_reason if window and window.pause_reason else ""
            self._state(tr(CTX, "暂停服务：{reason}（F8 恢复）").format(reason=reason), PALETTE["warning"])
        elif ticket is None:
            self._state(tr(CTX, "空闲：按 F1 叫下一位"), PALETTE["muted"])
        elif ticket.state is TicketState.SERVING:
            self._state(tr(CTX, "办理中"), PALETTE["ok"])
        else:
            recall = tr(CTX, "（已重呼 {n} 次）").format(n=ticket.recall) if ticket.recall else ""
            self._state(tr(CTX, "已叫号，等候市民到窗口") + recall, PALETTE["accent"])
        idle = ticket is None and not paused and model.logged_in
        # Idle, the big space says what to do next instead of showing an empty dash.
        self.number.setText(ticket.number if ticket else (tr(CTX, "暂停服务") if paused else tr(CTX, "按 F1 叫号")))
        for widget in (self, self.number):
            for name, value in (("paused", paused), ("idle", idle)):
                if widget.property(name) != value:
                    widget.setProperty(name, value)
                    widget.style().unpolish(widget)
                    widget.style().polish(widget)
        self.service.setText(ticket.service_name or "" if ticket else "")
        self.green.setVisible(ticket is not None and ticket.channel in ("green", "appointment"))
        if ticket is not None and ticket.channel == "appointment":
            self.green.setText(tr(CTX, "预约"))
        else:
            self.green.setText(tr(CTX, "绿色通道"))
        self.transferred.setVisible(ticket is not None and ticket.transferred)
        waited = ticket.waited_min(model.clock()) if ticket else None
        if waited is not None:
            self.waited.setText(tr(CTX, "已等候 {minutes} 分钟").format(minutes=waited))
        elif idle:
            queued = model.waiting.queued
            if queued:
                self.waited.setText(tr(CTX, "本窗口有 {n} 人等候").format(n=queued))
            else:
                self.waited.setText(tr(CTX, "暂时无人等候，有人取号会自动显示"))
        else:
            self.waited.setText("")
        items = model.checklist()
        self.checklist.setText(tr(CTX, "一次性告知材料：") + "；".join(items) if items else "")
        self.checklist.setVisible(bool(items))

    def _state(self, text: str, colour: str) -> None:
        self.state.setText(text)
        fg = "#ffffff" if colour == PALETTE["muted"] else "#000000"
        bg = "transparent" if colour == PALETTE["muted"] else colour
        self.state.setStyleSheet(f"background: {bg}; color: {fg if bg != 'transparent' else colour};")


class FiguresBar(QLabel):
    """今日：served, average handling time, ratings — the window's business day, as the server counts it."""

    def __init__(self, model: CallerModel, controller: CallerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("figures")
        self.setProperty("role", "muted")
        controller.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        f = self.model.figures
        if f is None:
            self.setText(tr(CTX, "今日本窗口：正在读取…") if self.model.logged_in else "")
            return
        average, good = f.avg_handle_min, f.good_rate
        parts = [
            tr(CTX, "今日本窗口：已办结 {n} 件").format(n=f.served),
            tr(CTX, "过号 {n}").format(n=f.no_shows),
            tr(CTX, "平均办理 {m:.1f} 分钟").format(m=average) if average is not None else tr(CTX, "平均办理 —"),
            tr(CTX, "评价 {n} 条").format(n=f.rated)
            + (tr(CTX, "（好评率 {p:.0f}%）").format(p=good * 100) if good is not None else ""),
        ]
        self.setText(" · ".join(parts))
