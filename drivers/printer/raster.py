"""Raster mode: the whole ticket drawn with Pillow in a CJK font, then packed as GS v 0 bands.

For printers without a Chinese font. Body text is 24 px, the same cell as the printer's own Chinese font,
so text and raster tickets wrap identically.
"""

from __future__ import annotations

import qrcode
from PIL import Image, ImageDraw, ImageFont

from . import commands as cmd
from .fonts import cjk_font
from .profile import PrinterProfile
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

BODY_PX = 24
MARGIN = 8
_INVERT = bytes(255 - i for i in range(256))  # Pillow "1": bit set = white; ESC/POS: bit set = black dot
_MAX_HEIGHT = 6000


def qr_image(content: str, module_dots: int) -> Image.Image:
    """The QR as the printer would print it (model 2, level M, no quiet zone: the paper is white)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(content)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    small = Image.frombytes("L", (size, size), pixels)
    return small.resize((size * module_dots, size * module_dots), Image.Resampling.NEAREST)


class _Paper:
    """A top-to-bottom cursor over a tall greyscale canvas, cropped at the end."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.image = Image.new("L", (width, _MAX_HEIGHT), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.y = MARGIN

    def text(self, content: str, font: ImageFont.FreeTypeFont, align: str = "center",
             x: int = MARGIN, reverse: bool = False) -> None:
        left, top, right, bottom = (round(v) for v in self.draw.textbbox((0, 0), content, font=font))
        width = right - left
        height = int(font.size * 1.25)
        if font.size > 96:
            # The big number: a full line box would leave ~40 px of empty paper above and below the ink.
            self.draw.text(((self.width - width) // 2 - left, self.y + 8 - top), content, font=font, fill=0)
            self.y += bottom - top + 16
            return
        if align == "center":
            x = (self.width - width) // 2 - left
        if reverse:
            pad = font.size // 4
            self.draw.rectangle((x + left - pad, self.y, x + right + pad, self.y + height), fill=0)
        # Anchored at the middle of the line box, so mixed Latin/Chinese text sits centred in its row.
        self.draw.text((x, self.y + height // 2), content, font=font, fill=255 if reverse else 0, anchor="lm")
        self.y += height

    def gap(self, pixels: int) -> None:
        self.y += pixels

    def rule(self) -> None:
        self.gap(6)
        # Both ends inclusive: the last dot drawn is the last one inside the right margin.
        self.draw.line((MARGIN, self.y, self.width - MARGIN - 1, self.y), fill=0, width=2)
        self.gap(10)

    def paste_centered(self, picture: Image.Image) -> None:
        self.image.paste(picture, ((self.width - picture.width) // 2, self.y))
        self.y += picture.height

    def finish(self) -> Image.Image:
        cropped = self.image.crop((0, 0, self.width, min(self.y + MARGIN, _MAX_HEIGHT)))
        # Hard threshold, no dithering: thermal heads print dithered text as grey fuzz.
        return cropped.point(lambda v: 255 if v >= 128 else 0, mode="1")


def _ink_width(content: str, font: ImageFont.FreeTypeFont) -> int:
    """Dots from the first to the last inked column: the glyphs' own box, which for a bold or large font
    reaches past the advance width that `getlength` reports (the cause of a clipped last character)."""
    left, _, right, _ = font.getbbox(content)
    return max(round(right), round(font.getlength(content))) - min(0, round(left))


def _fit_font(content: str, max_px: int, width: int, weight: str = "bold") -> ImageFont.FreeTypeFont:
    size = max_px
    font = cjk_font(size, "bold" if weight == "bold" else "regular")
    while size > BODY_PX and _ink_width(content, font) > width:
        size -= 2
        font = cjk_font(size, "bold" if weight == "bold" else "regular")
    return font


def _wrap_to_dots(text: str, font: ImageFont.FreeTypeFont, columns: int, width: int,
                  indent: str = "", indent_px: int = 0) -> list[str]:
    """`wrap` by columns, then narrower until every line's ink fits `width` dots.

    Columns count a Chinese character as two half-width cells of 12 dots, but the CJK font's Latin letters,
    digits and punctuation are wider than half a Chinese character, so a line of exactly `columns` cells can
    still run past the paper's printable edge; continuation lines also start `indent_px` further right."""
    while True:
        pieces = wrap(text, columns, indent=indent)
        fits = all(_ink_width(piece.lstrip() if n else piece, font) + (indent_px if n else 0) <= width
                   for n, piece in enumerate(pieces))
        if fits or columns <= 4 + display_width(indent):
            return pieces
        columns -= 1


def render_ticket(ticket: TicketPrint, profile: PrinterProfile) -> Image.Image:
    """The ticket as a 1-bit image exactly `profile.width_dots` wide."""
    paper = _Paper(profile.width_dots)
    usable = profile.width_dots - 2 * MARGIN
    wide = profile.width_dots >= 576
    body = cjk_font(BODY_PX)
    body_bold = cjk_font(BODY_PX, "bold")
    # The printer's columns span the whole paper; the raster keeps a margin on each side inside it.
    columns = min(profile.columns, usable // (BODY_PX // 2))
    for name, size, weight in ((ticket.hall_name, 40 if wide else 32, "bold"),
                               (ticket.service_name, 36 if wide else 28, "regular")):
        # Shrunk to one line when it can be; a name too long even at body size wraps rather than run off.
        font = _fit_font(name, size, usable, weight)
        for piece in _wrap_to_dots(name, font, int(columns * BODY_PX // font.size), usable):
            paper.text(piece, font)
    mark = channel_mark(ticket)
    if mark:
        paper.gap(4)
        paper.text(mark, cjk_font(32, "bold"), reverse=True)
        paper.gap(4)
    number_font = _fit_font(ticket.number, 176 if wide else 128, usable)
    paper.text(ticket.number, number_font)
    paper.text(waiting_line(ticket), _fit_font(waiting_line(ticket), 32, usable))
    for line in (estimate_line(ticket), window_line(ticket)):
        for piece in _wrap_to_dots(line, body, columns, usable) if line else ():
            paper.text(piece, body)
    paper.gap(12)
    paper.paste_centered(qr_image(ticket.track_url, profile.qr_module_dots))
    paper.gap(6)
    paper.text(qr_caption(ticket), body)
    if ticket.checklist:
        paper.rule()
        for piece in _wrap_to_dots(checklist_title(ticket), body_bold, columns, usable):
            paper.text(piece, body_bold, align="left")
        for marker, item in checklist_items(ticket):
            hanging = MARGIN + int(body.getlength(marker))  # proportional font: indent by the marker's pixels
            pieces = _wrap_to_dots(marker + item, body, columns, usable, " " * display_width(marker),
                                   hanging - MARGIN)
            paper.text(pieces[0], body, align="left")
            for piece in pieces[1:]:
                paper.text(piece.lstrip(), body, align="left", x=hanging)
    paper.rule()
    for reminder in ticket.reminders:
        for piece in _wrap_to_dots(reminder, body, columns, usable):
            paper.text(piece, body, align="left")
    for piece in _wrap_to_dots(issued_line(ticket), body, columns, usable):
        paper.text(piece, body, align="left")
    return paper.finish()


def image_to_raster(image: Image.Image, band_rows: int) -> bytes:
    """GS v 0 bands of at most *band_rows* rows each, printed back to back with no gap."""
    bitmap = image if image.mode == "1" else image.convert("1")
    width_bytes = (bitmap.width + 7) // 8
    data = bitmap.tobytes().translate(_INVERT)
    row_bytes = width_bytes
    out = bytearray()
    for top in range(0, bitmap.height, band_rows):
        rows = min(band_rows, bitmap.height - top)
        out += cmd.raster_image(width_bytes, rows, data[top * row_bytes:(top + rows) * row_bytes])
    return bytes(out)
