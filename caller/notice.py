"""The 一次性告知书 a window prints for a 容缺受理 or 一次性告知: filled from the server's answer to 办结, printed on
the window's receipt printer (`--printer URI`, the kiosk's URIs) through the kiosk's printer stack. Qt-free."""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from drivers.printer.notice import NoticePrint, build_notice
from drivers.printer.printer import TicketPrinter
from drivers.printer.status import PrinterStatus
from jiaohao.wire.models import HallOut, TicketPosition, WindowOut

NEEDS_NOTICE = ("accepted_pending", "returned")
CHINA = ZoneInfo("Asia/Shanghai")


def notice_for(
    hall: HallOut, ticket: TicketPosition, window: WindowOut, printed_at: datetime, zone: tzinfo = CHINA
) -> NoticePrint | None:
    """The notice for a ticket just finished at `window`, or None when its outcome tells nothing in writing.
    `zone`: the hall's time zone (the hall file's policy; China's by default), for the time printed."""
    if ticket.outcome not in NEEDS_NOTICE or not ticket.missing:
        return None
    return NoticePrint(
        hall_name=hall.name,
        service_name=ticket.service_name,
        number=ticket.number,
        outcome=ticket.outcome,
        missing=tuple(ticket.missing),
        due=ticket.due,
        staff_name=window.staff_name or "",
        staff_no=window.staff_no or "",
        hall_phone=hall.phone,
        printed_at=printed_at.astimezone(zone),
    )


def print_notice(printer: TicketPrinter, notice: NoticePrint) -> PrinterStatus:
    """Print it or raise a PrinterError (the caller shows its Chinese message); the status after the job."""
    return printer.print_job(build_notice(notice, printer.profile))
