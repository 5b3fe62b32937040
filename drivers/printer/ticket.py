"""The ticket as bytes: a pure function of (TicketPrint, PrinterProfile).

Text mode uses the printer's own Chinese font (FS & + GB18030), GS ! sizes and native QR; raster mode
draws the whole ticket with Pillow and sends it as GS v 0 bands, for printers without a Chinese font.
"""

from __future__ import annotations

from . import commands as cmd
from .profile import PrinterProfile
from .raster import image_to_raster, render_ticket
from .record import (
    TicketPrint,
    channel_mark,
    checklist_items,
    checklist_title,
    estimate_line,
    issued_line,
    qr_caption,
    waiting_line,
    window_line,
)
from .textwidth import display_width, wrap

# GS ! magnification of the ticket number: 6x Font A is 18 mm tall, readable at arm's length.
BIG_NUMBER_MAX = 6
HALF_WIDTH_DOTS = 12  # Font A cell width


def build_ticket(ticket: TicketPrint, profile: PrinterProfile) -> bytes:
    """The complete print job for *ticket*, ending with a cut (unless the profile says none)."""
    if profile.mode == "raster":
        body = image_to_raster(render_ticket(ticket, profile), profile.raster_band_rows)
    else:
        body = _text_body(ticket, profile)
    return cmd.INIT + body + _finish(profile)


def _finish(profile: PrinterProfile) -> bytes:
    if profile.cut == "none":
        return cmd.feed_lines(4)
    return cmd.feed_lines(1) + cmd.cut(profile.cut, feed=3)


def _line(content: str, profile: PrinterProfile) -> bytes:
    # A no-break space only steers the wrapping; printer fonts (GBK) have no glyph for it.
    return cmd.text(content.replace("\u00a0", " "), profile.encoding) + cmd.LF


def _sized_lines(content: str, profile: PrinterProfile, width: int, height: int) -> bytes:
    """*content* at GS ! width×height, wrapped to what fits at that width."""
    columns = profile.columns // width
    out = cmd.char_size(width, height)
    for piece in wrap(content, columns) or [""]:
        out += _line(piece, profile)
    return out + cmd.char_size(1, 1)


def _heading_size(content: str, profile: PrinterProfile) -> int:
    """Double size when the line fits at double width, else normal width (still double height)."""
    return 2 if display_width(content) * 2 <= profile.columns else 1


def number_magnification(number: str, profile: PrinterProfile) -> int:
    fits = profile.width_dots // (len(number) * HALF_WIDTH_DOTS)
    return max(1, min(BIG_NUMBER_MAX, fits))


def _text_body(ticket: TicketPrint, profile: PrinterProfile) -> bytes:
    out = bytearray(cmd.align("center"))
    out += cmd.bold(True)
    out += _sized_lines(ticket.hall_name, profile, _heading_size(ticket.hall_name, profile), 2)
    out += cmd.bold(False)
    out += _sized_lines(ticket.service_name, profile, _heading_size(ticket.service_name, profile), 2)
    mark = channel_mark(ticket)
    if mark:
        out += cmd.bold(True) + cmd.reverse(True) + cmd.char_size(2, 2)
        out += cmd.text(f" {mark} ", profile.encoding)
        out += cmd.char_size(1, 1) + cmd.reverse(False) + cmd.bold(False) + cmd.LF
    size = number_magnification(ticket.number, profile)
    out += cmd.bold(True) + cmd.char_size(size, size) + cmd.text(ticket.number, profile.encoding) + cmd.LF
    out += cmd.char_size(1, 1) + cmd.bold(False)
    waiting = waiting_line(ticket)
    out += cmd.bold(True) + _sized_lines(waiting, profile, _heading_size(waiting, profile), 2)
    out += cmd.bold(False)
    estimate = estimate_line(ticket)
    if estimate:
        for piece in wrap(estimate, profile.columns):
            out += _line(piece, profile)
    window = window_line(ticket)
    if window:
        for piece in wrap(window, profile.columns):
            out += _line(piece, profile)
    out += cmd.LF + cmd.qr(ticket.track_url, profile.qr_module_dots) + _line(qr_caption(ticket), profile)
    out += cmd.align("left")
    rule = "-" * profile.columns
    if ticket.checklist:
        out += _line(rule, profile)
        out += cmd.bold(True) + _line(checklist_title(ticket), profile) + cmd.bold(False)
        for marker, item in checklist_items(ticket):
            for piece in wrap(marker + item, profile.columns, indent=" " * display_width(marker)):
                out += _line(piece, profile)
    out += _line(rule, profile)
    for reminder in ticket.reminders:
        for piece in wrap(reminder, profile.columns):
            out += _line(piece, profile)
    for piece in wrap(issued_line(ticket), profile.columns):
        out += _line(piece, profile)
    return bytes(out)
