"""The demo's ticket printer: each ticket the simulator issues comes out of a `virtual://DIR` printer as
the bytes, a text reading and a PNG of the paper, exactly as a kiosk would print it."""

from __future__ import annotations

import logging

from drivers.printer.errors import PrinterError
from drivers.printer.printer import TicketPrinter
from drivers.printer.record import TicketPrint
from jiaohao.wire.models import HallOut, TicketOut

__all__ = ["DemoPrinter", "ticket_print"]

log = logging.getLogger(__name__)


def ticket_print(ticket: TicketOut, hall: HallOut) -> TicketPrint:
    """What goes on the paper, from the server's answer and the hall view."""
    return TicketPrint(
        hall_name=hall.name,
        service_name=ticket.service_name,
        number=ticket.number,
        waiting_ahead=ticket.waiting_ahead,
        issued_at=ticket.issued_at.astimezone(),  # the hall's wall clock: this machine stands in the hall
        track_url=ticket.track_url,
        checklist=tuple(ticket.checklist),
        reminders=tuple(hall.reminders),
        channel=ticket.channel,
    )


class DemoPrinter:
    """Called from the simulator's thread only; a printer failure is logged and counted, the day goes on."""

    def __init__(self, uri: str) -> None:
        self._printer = TicketPrinter(uri)
        self.printed = 0
        self.errors: list[str] = []

    def print_ticket(self, ticket: TicketOut, hall: HallOut) -> None:
        try:
            self._printer.print_ticket(ticket_print(ticket, hall))
        except PrinterError as err:
            log.warning("demo printer: ticket %s not printed: %s", ticket.number, err)
            self.errors.append(f"{ticket.number}: {err}")
            return
        self.printed += 1

    def close(self) -> None:
        self._printer.close()
