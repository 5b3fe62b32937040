"""The printer on its own thread: status checks and print jobs, answers delivered as Qt signals.

`TicketPrinter` blocks (connect, DLE EOT, write) for up to several seconds when a printer is sick, so it
never runs on the UI thread. One worker thread, so a status poll never interleaves with a ticket.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal

from drivers.printer.errors import (
    CoverOpen,
    PaperOut,
    PrinterError,
    PrinterNotFound,
    PrinterOffline,
    PrinterStatusUnknown,
)
from drivers.printer.printer import TicketPrinter
from drivers.printer.record import TicketPrint
from drivers.printer.status import PrinterState
from jiaohao.domain.wording import WindowFacts, english, window_list
from jiaohao.wire.models import HallOut, TicketOut

__all__ = ["PrintWorker", "state_of_error", "ticket_print"]

log = logging.getLogger(__name__)


def ticket_print(
    ticket: TicketOut, hall: HallOut | None, windows: tuple[WindowFacts, ...], lang: str = "zh_CN"
) -> TicketPrint:
    """What goes on the paper, from the server's answer and the hall view, in the citizen's language.

    In English, each name the hall file gives in English is printed in English; one it does not give stays
    Chinese (a name is better than a gap), which the hall sees on its own test ticket.
    """
    en = english(lang)
    return TicketPrint(
        hall_name=((hall.name_en if en else None) or hall.name) if hall else "",
        service_name=(ticket.service_name_en if en else None) or ticket.service_name,
        number=ticket.number,
        waiting_ahead=ticket.waiting_ahead,
        issued_at=ticket.issued_at.astimezone(),  # the kiosk stands in the hall: its wall clock is the hall's
        track_url=ticket.track_url,
        checklist=tuple((ticket.checklist_en if en else None) or ticket.checklist),
        reminders=_reminders(hall, en),
        channel=ticket.channel,
        window_hint=window_list(windows, lang) or None,
        est_wait_min=ticket.est_wait_min,
        est_wait_range=ticket.est_wait_range,
        lang=lang,
    )


def _reminders(hall: HallOut | None, en: bool) -> tuple[str, ...]:
    """The 过号 sentence first (one policy string, the same on every screen), then the hall's reminders."""
    if hall is None:
        return ()
    if en:
        return ((hall.overdue_en or hall.overdue), *(hall.reminders_en or hall.reminders))
    return (hall.overdue, *hall.reminders)


def state_of_error(err: PrinterError) -> PrinterState | None:
    """The printer state a failure reveals; None for a failure that says nothing about paper or cover."""
    if isinstance(err, PaperOut):
        return PrinterState.PAPER_OUT
    if isinstance(err, CoverOpen):
        return PrinterState.COVER_OPEN
    if isinstance(err, PrinterStatusUnknown):
        return PrinterState.UNKNOWN
    if isinstance(err, PrinterOffline | PrinterNotFound):
        return PrinterState.OFFLINE
    return PrinterState.UNKNOWN  # PrinterTimeout and the rest: we cannot vouch for the printer


class PrintWorker(QObject):
    """Signals (UI thread): `statusChecked(PrinterState)`, `printStarted(int ticket_id)`,
    `printed(int ticket_id, PrinterState after)`, `printFailed(int ticket_id, object state, str detail)`."""

    statusChecked = Signal(object)
    printStarted = Signal(int)
    printed = Signal(int, object)
    printFailed = Signal(int, object, str)

    def __init__(self, printer: TicketPrinter | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jiaohao-kiosk-printer")
        self._closed = False

    def check_status(self) -> None:
        if self.printer is None or self._closed:
            return
        self._executor.submit(self._status, self.printer)

    def print_ticket(self, ticket_id: int, job: TicketPrint) -> None:
        if self.printer is None or self._closed:
            self.printFailed.emit(ticket_id, PrinterState.OFFLINE, "no printer configured")
            return
        self._executor.submit(self._print, self.printer, ticket_id, job)

    def _status(self, printer: TicketPrinter) -> None:
        # Worker thread: only signal emission reaches Qt.
        try:
            state = printer.status().state
        except Exception:  # a driver bug must not leave the kiosk thinking the printer is fine
            log.exception("printer status check failed unexpectedly")
            state = PrinterState.UNKNOWN
        self.statusChecked.emit(state)

    def _print(self, printer: TicketPrinter, ticket_id: int, job: TicketPrint) -> None:
        self.printStarted.emit(ticket_id)
        try:
            after = printer.print_ticket(job)
        except PrinterError as err:
            log.warning("ticket %s not printed: %s (%s)", job.number, err.message_en, type(err).__name__)
            self.printFailed.emit(ticket_id, state_of_error(err), err.message_zh)
            return
        except Exception as err:  # a bug in building the ticket: the citizen still gets the on-screen number
            log.exception("printing ticket %s failed unexpectedly", job.number)
            self.printFailed.emit(ticket_id, None, f"程序错误：{type(err).__name__}")
            return
        self.printed.emit(ticket_id, after.state)

    def close(self) -> None:
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self.printer is not None:
            self.printer.close()
