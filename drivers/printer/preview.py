"""Draw a parsed job as the paper would look: the virtual printer's .png.

Text is drawn the way a printer does it: 12x24 half-width and 24x24 full-width cells in a monospaced
CJK font, magnified by GS ! through nearest-neighbour scaling (so a 6x number is blocky, as on paper).
"""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageOps

from .fonts import cjk_font
from .parser import Barcode, Cut, Feed, ParsedJob, QrCode, RasterImage, TextLine, TextRun
from .raster import qr_image
from .textwidth import display_width

CELL_H = 24
HALF_W = 12
LINE_GAP = 6  # default ESC 2 line spacing is 30 dots: a 24-dot cell plus 6
_MAX_HEIGHT = 20000


def _run_image(run: TextRun) -> Image.Image:
    font = cjk_font(CELL_H, "bold" if run.bold else "regular", mono=True)
    cols = max(1, display_width(run.text))
    cell = Image.new("L", (cols * HALF_W, CELL_H), 255)
    # Noto's em box is 0.88 ascent + 0.12 descent: baseline at 21 of 24 fills the cell like a printer font.
    ImageDraw.Draw(cell).text((0, 21), run.text, font=font, fill=0, anchor="ls")
    if run.reverse:
        cell = ImageOps.invert(cell)
    # Dots are on or off: threshold before magnifying, so a 6x character shows its dots, not grey blur.
    cell = cell.point(lambda v: 255 if v >= 128 else 0)
    if run.width > 1 or run.height > 1:
        cell = cell.resize((cell.width * run.width, CELL_H * run.height), Image.Resampling.NEAREST)
    return cell


def render_job(job: ParsedJob, width_dots: int = 576) -> Image.Image:
    """The whole job as a white strip *width_dots* wide, each cut shown as a dashed line."""
    page = Image.new("L", (width_dots, _MAX_HEIGHT), 255)
    draw = ImageDraw.Draw(page)
    y = 0
    for element in job.elements:
        if y >= _MAX_HEIGHT - 200:
            break  # a preview, not the paper: stop drawing rather than grow without bound
        if isinstance(element, TextLine):
            pieces = [_run_image(run) for run in element.runs if run.text]
            height = max([p.height for p in pieces] + [CELL_H])
            x = _left(sum(p.width for p in pieces), width_dots, element.align)
            for piece in pieces:
                page.paste(piece, (x, y + height - piece.height))
                x += piece.width
            y += height + LINE_GAP
        elif isinstance(element, QrCode):
            code = qr_image(element.content, element.module_dots)
            page.paste(code, (_left(code.width, width_dots, element.align), y))
            y += code.height + LINE_GAP
        elif isinstance(element, RasterImage):
            band = element.to_image().convert("L")
            page.paste(band, (0, y))
            y += band.height
        elif isinstance(element, Barcode):
            draw.text((8, y), f"[barcode {element.content}]", font=cjk_font(CELL_H, mono=True), fill=0)
            y += CELL_H + LINE_GAP
        elif isinstance(element, Feed):
            y += element.lines * (CELL_H + LINE_GAP)
        elif isinstance(element, Cut):
            y += 8
            for x in range(0, width_dots, 16):
                draw.line((x, y, x + 8, y), fill=0, width=2)
            y += 16
    return page.crop((0, 0, width_dots, max(y, 1)))


def _left(width: int, page_width: int, align: str) -> int:
    if align == "center":
        return max(0, (page_width - width) // 2)
    if align == "right":
        return max(0, page_width - width)
    return 0
