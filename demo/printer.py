"""The demo's ticket printer: each ticket the simulator issues comes out of a `virtual://DIR` printer as
the bytes, a text reading and a PNG of the paper, built by the kiosk's own `ticket_print` (with the windows
that serve it), so the paper is what a kiosk prints."""

from __future__ import annotations

import logging

from drivers.printer.errors import PrinterError
from drivers.printer.printer import TicketPrinter
from jiaohao.wire.models import HallOut, TicketOut
from kiosk.model import windows_serving
from kiosk.printing import ticket_print

__all__ = ["DemoPrinter"]

log = logging.getLogger(__name__)


class DemoPrinter:
    """Called from the simulator's thread only; a printer failure is logged and counted, the day goes on."""

    def __init__(self, uri: str) -> None:
        self._printer = TicketPrinter(uri)
        self.printed = 0
        self.errors: list[str] = []

    def print_ticket(self, ticket: TicketOut, hall: HallOut) -> None:
        try:
            self._printer.print_ticket(ticket_print(ticket, hall, windows_serving(hall, ticket.service)))
        except PrinterError as err:
            log.warning("demo printer: ticket %s not printed: %s", ticket.number, err)
            self.errors.append(f"{ticket.number}: {err}")
            return
        self.printed += 1

    def close(self) -> None:
        self._printer.close()
