"""The window's 告知书 printer seen from the caller: prints the notice when a 办结 asks for one, keeps the last
one for 补打告知书 (F12), and says in one Chinese sentence when the printer failed. The outcome is already
recorded by then: a printer fault never undoes or holds up a 办结.

Printing blocks (status exchange, write deadline), so it runs on its own worker thread; the answer comes
back to the UI thread as the `said` signal.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from client.i18n import tr
from drivers.printer.errors import PrinterError
from drivers.printer.notice import NoticePrint
from drivers.printer.printer import TicketPrinter
from jiaohao.wire.models import HallOut, WindowTicketOut

from .notice import notice_for, print_notice

__all__ = ["NoticeDesk"]

log = logging.getLogger(__name__)
CTX = "CallerNotice"


class NoticeDesk(QObject):
    """`said(str, bool)`: a sentence for the clerk's message line, True when it is an error."""

    said = Signal(str, bool)

    def __init__(self, printer: TicketPrinter | None, lang: str = "zh_CN", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        self.lang = lang
        self.last: NoticePrint | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notice-printer")

    def finished(self, hall: HallOut | None, answer: WindowTicketOut, now: datetime) -> bool:
        """A ticket left the window with this answer: print its notice when its outcome needs one."""
        if self.printer is None or hall is None or answer.ticket is None:
            return False
        notice = notice_for(hall, answer.ticket, answer.window, now)
        if notice is None:
            return False
        self.last = notice
        self._submit(notice)
        return True

    def reprint(self) -> None:
        """补打告知书: the last notice again (the citizen lost it, or the paper ran out)."""
        if self.printer is None:
            self.said.emit(tr(CTX, "本窗口未接告知书打印机（--printer），无法补打"), True)
        elif self.last is None:
            self.said.emit(tr(CTX, "还没有可补打的告知书"), True)
        else:
            self._submit(self.last)

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)
        if self.printer is not None:
            self.printer.close()

    def _submit(self, notice: NoticePrint) -> None:
        try:
            self._worker.submit(self._print, notice)
        except RuntimeError:  # after close(): the window is going away
            log.debug("notice print after close dropped")

    def _print(self, notice: NoticePrint) -> None:
        # Worker thread: only signal emission here, which Qt queues to the UI thread.
        assert self.printer is not None
        try:
            print_notice(self.printer, notice)
        except PrinterError as err:
            log.warning("notice for %s not printed: %s", notice.number, err.message_en)
            # "打印机缺纸，请联系工作人员" is for citizens: the clerk is the staff, so only the fault is said.
            reason = err.message_en if self.lang.startswith("en") else err.message_zh.split("，")[0]
            text = tr(CTX, "{number} 号的告知书未能打印（{reason}），办结结果已记录，处理后按 F12 补打")
            self.said.emit(text.format(number=notice.number, reason=reason), True)
            return
        self.said.emit(tr(CTX, "已打印 {number} 号的一次性告知书").format(number=notice.number), False)
