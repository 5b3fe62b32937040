"""The ticket on screen: the number, the service, people ahead, where to wait; and, when no paper came out,
the number in the largest type with its QR code, so the citizen can scan it or take a photo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from drivers.printer.status import PrinterState
from jiaohao.domain.wording import english, wait_text, window_list

from ..model import IssuedTicket, KioskModel, PrintState
from ..texts import Texts
from .screens import button, label
from .style import metrics
from .widgets import qr_image

__all__ = ["ResultScreen"]

_PROBLEM = {
    PrinterState.PAPER_OUT: "打印机缺纸，未能打印号票",
    PrinterState.COVER_OPEN: "打印机仓盖打开，未能打印号票",
    PrinterState.OFFLINE: "打印机离线，未能打印号票",
    PrinterState.UNKNOWN: "打印机无应答，号票可能未打出",
}


class ResultScreen(QWidget):
    def __init__(self, model: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.status = label("banner", center=True)
        self.mark = label("mark", center=True, wrap=False)
        self.number = label("number", center=True, wrap=False)
        self.service = label("service", center=True)
        self.ahead = label("title", center=True)
        self.where = label(None, center=True)
        self.notice = label("banner", center=True)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption = label(None, center=True)
        self.qr_box = QWidget()
        qr = QVBoxLayout(self.qr_box)
        qr.setContentsMargins(0, 0, 0, 0)
        qr.addWidget(self.qr)
        qr.addWidget(self.qr_caption)
        self.done = button("primary")
        self.done.clicked.connect(model.back_to_start)
        # Offered after the ticket, not before: the ticket stays one touch away, and only those who want a
        # text (and will wait outside, or cannot hear the calls well) take the extra step.
        self.remind = button("amber")
        self.remind.clicked.connect(model.open_notify)
        self.reminded = label("banner", center=True)
        actions = QHBoxLayout()
        actions.setSpacing(24)
        actions.addWidget(self.remind, 1)
        actions.addWidget(self.done, 1)
        self._qr_for: tuple[str, int] | None = None
        self.body = QWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 8, 32, 8)
        layout.setSpacing(8)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.body)
        layout.addWidget(self.notice)
        layout.addWidget(self.reminded)
        layout.addStretch(1)
        layout.addLayout(actions)
        self._portrait: bool | None = None

    def _arrange(self, portrait: bool) -> None:
        """Portrait: the number across the top, the QR code beside where to wait. Landscape: everything
        about the ticket on the left, the QR code on the right."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        old = self.body.layout()
        if old is not None:
            QWidget().setLayout(old)  # the usual way to drop a widget's layout: hand it to a throwaway
        info = QVBoxLayout()
        info.setSpacing(4)
        info.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignHCenter)  # a badge as wide as its words
        for widget in (self.number, self.service, self.ahead):
            info.addWidget(widget)  # full width, so long (English) lines wrap instead of widening
        body: QBoxLayout
        if portrait:
            body = QVBoxLayout(self.body)
            lower = QHBoxLayout()
            lower.setSpacing(32)
            lower.addWidget(self.qr_box, 0, Qt.AlignmentFlag.AlignVCenter)
            lower.addWidget(self.where, 1)
            body.addLayout(info)
            body.addLayout(lower)
        else:
            # Where to go sits under the QR code: a 1080-pixel-high panel has no room for it under the number.
            body = QHBoxLayout(self.body)
            side = QVBoxLayout()
            side.setSpacing(16)
            side.addStretch(1)
            side.addWidget(self.qr_box, 0, Qt.AlignmentFlag.AlignHCenter)
            side.addWidget(self.where)
            side.addStretch(1)
            body.addLayout(info, 2)
            body.addLayout(side, 1)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(24)

    def refresh(self, t: Texts, portrait: bool) -> None:
        current = self.model.current
        if current is None:
            return
        self._arrange(portrait)
        ticket = current.ticket
        printed = current.print_state
        self.status.setProperty("role", "error" if printed is PrintState.NOT_PRINTED else "banner")
        self.status.setText(self._status_text(current, t, "\n" if portrait else "  "))
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        mark = {"green": t("绿色通道"), "appointment": t("预约")}.get(ticket.channel)
        self.mark.setText(mark or "")
        self.mark.setVisible(mark is not None)
        self.number.setText(ticket.number)
        # Landscape has ~1080 px for everything: a somewhat smaller number keeps the rest on the screen.
        size = metrics(self.model.large).number
        if not portrait:
            size = size * 11 // 20 if self.model.large else size * 2 // 3
        elif printed is PrintState.NOT_PRINTED:
            # Room for the QR code, still the largest thing on the screen.
            size = size * 2 // 3 if self.model.large else size * 5 // 6
        self.number.setStyleSheet(f"font-size: {size}px;")
        self.service.setText((ticket.service_name_en if english(t.lang) else None) or ticket.service_name)
        if ticket.waiting_ahead:
            wait = wait_text(ticket.est_wait_min, ticket.est_wait_range, t.lang)
            self.ahead.setText(t("前面还有 {n} 人，预计等候{wait}", n=ticket.waiting_ahead, wait=wait))
        else:
            self.ahead.setText(t("前面没有人等候，请留意叫号"))
        lines = [t("请在等候区就座，留意叫号屏和语音广播")]
        if current.windows:
            lines.append(t("办理窗口：{windows}", windows=window_list(current.windows, t.lang)))
            if not portrait and self.model.large and printed is PrintState.NOT_PRINTED:
                lines = lines[1:]  # beside the QR code in large type: where to go is what must fit
        where = "\n".join(lines)
        self.where.setText(where)
        on_screen = printed is PrintState.NOT_PRINTED and portrait  # beside the QR code: read from the left
        self.where.setAlignment(Qt.AlignmentFlag.AlignLeft if on_screen else Qt.AlignmentFlag.AlignHCenter)
        self.notice.setText(t.server("notice", ticket.notice) if ticket.notice else "")
        self.notice.setVisible(bool(ticket.notice))
        # The QR code is the ticket when no paper came out; on a printed ticket it is on the paper already.
        show_qr = printed is PrintState.NOT_PRINTED
        self.qr_box.setVisible(show_qr)
        if show_qr:
            # Large type needs the room more than the code does; so does where-to-go beside it in landscape.
            size = 280 if self.model.large else 400 if portrait else 320
            self.qr_box.setFixedWidth(size + 40)  # so the caption wraps under the code, not beside it
            if self._qr_for != (ticket.track_url, size):
                self.qr.setPixmap(QPixmap.fromImage(qr_image(ticket.track_url, size)))
                self._qr_for = (ticket.track_url, size)
            self.qr_caption.setText(t("请用手机扫码，随时查看排队进度"))
            # Landscape large type: the red banner above already says to scan; the caption's lines go to
            # where to wait.
            self.qr_caption.setVisible(portrait or not self.model.large)
        self.done.setText(t("完成，返回首页"))
        self.remind.setText(t("短信提醒我"))
        self.remind.setVisible(self.model.can_notify())
        masked = current.notify_masked
        self.reminded.setText(t("快到号和叫号时将发短信到 {phone}", phone=masked) if masked else "")
        self.reminded.setVisible(masked is not None)
        # Landscape large type: the ticket needs every pixel; 120 px is still a large target.
        for action in (self.done, self.remind):
            action.setStyleSheet("" if portrait else "min-height: 120px;")

    def _status_text(self, current: IssuedTicket, t: Texts, joiner: str) -> str:
        if current.print_state is PrintState.PRINTING:
            return t("取号成功，正在打印号票…")
        if current.print_state is PrintState.PRINTED:
            return t("取号成功，请取走号票")
        problem = _PROBLEM.get(current.print_problem or PrinterState.UNKNOWN, _PROBLEM[PrinterState.UNKNOWN])
        return t(problem) + joiner + t("请用手机扫码或拍照记下您的号码")
