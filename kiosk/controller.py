"""KioskController: wires the hall connection, the printer thread and the model; the views' actions land here.

Everything here runs on the UI thread and never blocks: the server is called through `QtHallApi` (its
worker thread) and the printer through `PrintWorker` (its own thread); both answer with signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from client.connection import MSG_LOST, HallConnection
from client.errors import ApiError
from client.state import StateChange
from drivers.printer.status import PrinterState
from jiaohao.domain.appointments import mask_phone
from jiaohao.wire.models import HallOut, TicketOut

from .health import DeviceReport, StatusReporter, device_report
from .model import IssueRequest, KioskModel, Notice, Screen
from .printing import PrintWorker, ticket_print

__all__ = ["KioskController"]

log = logging.getLogger(__name__)

MSG_CONNECTING = "正在连接服务器…"
PRINTER_POLL_S = 15.0  # a changed roll or a closed cover is noticed within this time
PROBE_S = 3.0  # while paused by a failed call, ask the server this often whether it is back


class KioskController(QObject):
    """Signals: `ticketIssued(TicketOut)` once the server answered, `statusReported(str)` after a device
    report reached the server (tests and the bench wait on them)."""

    ticketIssued = Signal(object)
    statusReported = Signal(str)
    notifyLeft = Signal(int)  # a phone was left for this ticket's 短信提醒

    def __init__(
        self,
        model: KioskModel,
        connection: HallConnection,
        printer: PrintWorker,
        clock: Callable[[], float],
        *,
        tick_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.connection = connection
        self.printer = printer
        self.reporter = StatusReporter(clock)
        self._clock = clock
        self._last_poll = float("-inf")
        self._last_probe = float("-inf")
        self._probing = False
        model.offline_reason = MSG_CONNECTING
        connection.stateChanged.connect(self._on_state)
        connection.events.connected.connect(self._on_connected)
        connection.connectionLost.connect(lambda: model.set_online(False, MSG_LOST))
        connection.problem.connect(self._on_problem)
        printer.statusChecked.connect(self._on_printer_status)
        printer.printed.connect(self._on_printed)
        printer.printFailed.connect(self._on_print_failed)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)

    # --- life cycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        self.connection.start()
        self.printer.check_status()  # before any service is offered
        self._last_poll = self._clock()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.connection.stop()
        self.printer.close()

    def tick(self) -> None:
        now = self._clock()
        self.model.tick()
        if now - self._last_poll >= PRINTER_POLL_S and not self.model.busy:
            self._last_poll = now
            self.printer.check_status()
        self._report_health()
        if not self.model.online and self.connection.online and now - self._last_probe >= PROBE_S:
            self._probe()

    # --- the views' actions -------------------------------------------------------------------------

    def choose_service(self, code: str) -> None:
        self.issue(IssueRequest(code))

    def choose_green(self, code: str) -> None:
        self.issue(IssueRequest(code, channel="green"))

    def check_in(self, code: str) -> None:
        self.issue(IssueRequest(None, appointment_code=code.strip().upper()))

    def check_in_by_phone(self, holder_id: str) -> None:
        """No code: the phone's last four digits (typed before) and the ID number given when booking."""
        tail = self.model.phone_tail
        if tail is None:
            return
        self.issue(IssueRequest(None, holder_id=holder_id.strip().upper(), appointment_phone_tail=tail))

    def give_holder(self, holder_id: str) -> None:
        pending = self.model.pending
        if pending is None:
            return
        self.issue(IssueRequest(pending.service, pending.channel, pending.appointment_code, holder_id.strip()))

    def notify(self, phone: str) -> None:
        """短信提醒我: leave a mobile number for the ticket on the screen."""
        current = self.model.current
        if current is None or not self.model.begin_notify():
            return
        ticket_id, phone = current.ticket.id, phone.strip()
        self.connection.api.submit(
            lambda api: api.notify_ticket(ticket_id, phone),
            lambda _none: self._notified(ticket_id, phone),
            lambda err: self.model.notify_failed(Notice(err.code, err.message)),
        )

    def _notified(self, ticket_id: int, phone: str) -> None:
        self.model.notify_succeeded(ticket_id, mask_phone(phone))
        self.notifyLeft.emit(ticket_id)

    def issue(self, request: IssueRequest) -> None:
        if not self.model.begin_issue(request):
            return
        self.connection.api.submit(
            lambda api: api.issue_ticket(
                request.service,
                channel=request.channel,
                appointment_code=request.appointment_code,
                holder_id=request.holder_id,
                appointment_phone_tail=request.appointment_phone_tail,
            ),
            self._on_ticket,
            lambda err: self._on_issue_error(request, err),
        )

    # --- answers --------------------------------------------------------------------------------------

    def _on_ticket(self, ticket: TicketOut) -> None:
        self.ticketIssued.emit(ticket)
        if self.model.issue_succeeded(ticket):
            current = self.model.current
            assert current is not None
            job = ticket_print(ticket, self.model.hall, current.windows, self.model.lang)
            self.printer.print_ticket(ticket.id, job)
        self._report_health()

    def _on_issue_error(self, request: IssueRequest, err: ApiError) -> None:
        notice = Notice(err.code, err.message)
        if err.code == "holder_required" and request.holder_id is None:
            self.model.need_holder(request, notice)
            return
        log.info("no ticket for %s: %s", request, err.message)
        self.model.issue_failed(notice, network=err.is_network)
        if err.is_network:
            self._last_probe = self._clock()

    def _on_state(self, change: StateChange) -> None:
        self.model.set_hall(self.connection.state.hall)

    def _on_connected(self) -> None:
        self.model.set_online(True)

    def _on_problem(self, text: str) -> None:
        if not self.model.online:
            self.model.set_online(False, text)

    def _on_printer_status(self, state: PrinterState) -> None:
        self.model.set_printer_state(state)
        self._report_health()

    def _on_printed(self, ticket_id: int, after: PrinterState) -> None:
        self.model.print_finished(ticket_id, after)
        self._report_health()

    def _on_print_failed(self, ticket_id: int, state: PrinterState | None, detail: str) -> None:
        self.model.print_failed(ticket_id, state, detail)
        self._report_health()

    # --- the server's view of this kiosk ------------------------------------------------------------

    def _report_health(self) -> None:
        report = device_report(self.model.printer_state, self.model.has_printer, self.model.unprinted)
        if not self.reporter.due(report) or not self.connection.settings.token:
            return
        self.reporter.sending()
        self.connection.api.submit(
            lambda api: api.request("POST", "/devices/status", json=report.body()),
            lambda _response: self._reported(report),
            lambda err: self._not_reported(report, err),
        )

    def _reported(self, report: DeviceReport) -> None:
        self.reporter.delivered(report)
        self.statusReported.emit(report.status)

    def _not_reported(self, report: DeviceReport, err: ApiError) -> None:
        log.info("printer status %s not delivered (%s); will retry", report.status, err.message)
        self.reporter.not_delivered()

    def _probe(self) -> None:
        if self._probing:
            return
        self._probing = True
        self._last_probe = self._clock()
        self.connection.api.submit(lambda api: api.hall(), self._probe_ok, self._probe_failed)

    def _probe_ok(self, hall: HallOut) -> None:
        self._probing = False
        self.model.set_online(True)

    def _probe_failed(self, err: ApiError) -> None:
        self._probing = False

    @property
    def screen(self) -> Screen:
        return self.model.screen
