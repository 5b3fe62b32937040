"""TicketPrinter: check health, refuse early, print, and never hang the kiosk."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from . import commands as cmd
from .errors import CoverOpen, PaperOut, PrinterError, PrinterOffline, PrinterStatusUnknown, PrinterTimeout
from .profile import PrinterProfile
from .record import TicketPrint
from .status import UNKNOWN, PrinterState, PrinterStatus, decode_status
from .ticket import build_ticket
from .transport import Transport, open_transport
from .uri import parse_printer_uri

log = logging.getLogger(__name__)

_QUERIES = (cmd.STATUS_PRINTER, cmd.STATUS_OFFLINE_CAUSE, cmd.STATUS_PAPER)

_REFUSALS: dict[PrinterState, type[PrinterError]] = {
    PrinterState.PAPER_OUT: PaperOut,
    PrinterState.COVER_OPEN: CoverOpen,
    PrinterState.OFFLINE: PrinterOffline,
    PrinterState.UNKNOWN: PrinterStatusUnknown,
}


def refusal_for(status: PrinterStatus) -> PrinterError | None:
    """The error to raise instead of printing, or None when the printer can take a ticket."""
    if status.can_print:
        return None
    error = _REFUSALS[status.state]
    return error(f"refusing to print: {status.describe()}")


class TicketPrinter:
    """One printer, one connection, one job at a time (a lock: kiosk worker and health poller share it).

    The connection opens lazily and is dropped after any failure, so the next call reconnects.
    """

    def __init__(
        self,
        uri: str,
        profile: PrinterProfile | None = None,
        opener: Callable[[], Transport] | None = None,
        connect_timeout: float = 2.0,
    ) -> None:
        self.uri = parse_printer_uri(uri)
        self.profile = profile or PrinterProfile()
        self._open = opener or (lambda: open_transport(self.uri, connect_timeout, self.profile.width_dots))
        self._transport: Transport | None = None
        self._lock = threading.Lock()

    def _connected(self) -> Transport:
        if self._transport is None:
            self._transport = self._open()
        return self._transport

    def _drop(self) -> None:
        if self._transport is not None:
            transport, self._transport = self._transport, None
            transport.close()

    def close(self) -> None:
        with self._lock:
            self._drop()

    def __enter__(self) -> TicketPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def status(self) -> PrinterStatus:
        """DLE EOT 1, 2 and 4 within `profile.status_timeout` in total; no answer means UNKNOWN."""
        with self._lock:
            return self._status()

    def _status(self) -> PrinterStatus:
        try:
            transport = self._connected()
        except PrinterError as err:
            log.warning("printer %s not reachable: %s", self.uri.raw, err)
            return UNKNOWN
        deadline = time.monotonic() + self.profile.status_timeout
        answers: list[int | None] = []
        try:
            # A late answer to an earlier, timed-out query would be read as this one's: discard leftovers.
            while transport.read(64, 0):
                pass
            for n in _QUERIES:
                transport.write(cmd.status_query(n), max(0.05, deadline - time.monotonic()))
                reply = transport.read(1, max(0.0, deadline - time.monotonic()))
                answers.append(reply[0] if reply else None)
                if not reply:
                    break
        except PrinterError as err:
            log.warning("printer %s status query failed: %s", self.uri.raw, err)
            self._drop()
            return UNKNOWN
        answers += [None] * (len(_QUERIES) - len(answers))
        return decode_status(*answers)

    def print_ticket(self, ticket: TicketPrint) -> PrinterStatus:
        """Print *ticket* or raise a PrinterError; returns the status read after the job (paper near end?).

        Raises PrinterNotFound when it cannot connect. Refuses before sending a single byte of the job
        when the printer is out of paper, open, offline, or silent. Bounded in time: connect_timeout +
        status_timeout + write_timeout + status_timeout at most.
        """
        job = build_ticket(ticket, self.profile)
        return self.print_job(job)

    def print_job(self, job: bytes) -> PrinterStatus:
        with self._lock:
            self._connected()  # an unreachable printer is PrinterNotFound, not merely "status unknown"
            before = self._status()
            refusal = refusal_for(before)
            if refusal is not None:
                raise refusal
            transport = self._connected()
            try:
                transport.write(job, self.profile.write_timeout)
            except PrinterError:
                self._drop()
                raise
            after = self._status()
            if after.state is PrinterState.UNKNOWN:
                # It took the bytes, then stopped answering: the ticket may not have come out.
                self._drop()
                raise PrinterTimeout(
                    "printer stopped answering after the job was sent",
                    "打印机无响应，票据可能未打出，请联系工作人员",
                )
            failure = refusal_for(after)
            if failure is not None:
                # Paper ran out or the cover opened while printing: the ticket is probably incomplete.
                raise type(failure)(f"after printing: {after.describe()}", failure.message_zh)
            return after
