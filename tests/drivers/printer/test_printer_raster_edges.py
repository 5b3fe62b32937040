"""Raster tickets stay inside the paper: no glyph dot in the margin at either edge, on 58 and 80 mm paper.

The bytes are parsed back into the picture the printer would print; a character cut at the right edge (the
58 mm bug: a body line of `columns` cells is wider than the paper once the margin is added, and the CJK
font's Latin letters and digits are wider than half a Chinese character) shows up as ink in the margin.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from drivers.printer.parser import parse
from drivers.printer.profile import PrinterProfile
from drivers.printer.raster import MARGIN
from drivers.printer.record import TicketPrint
from drivers.printer.sample import sample_ticket
from drivers.printer.ticket import build_ticket

SAMPLE = sample_ticket(datetime(2024, 5, 6, 9, 15))
# Long names, Latin letters and digits (wider than half a Chinese character in the CJK font), no spaces.
CROWDED = replace(
    SAMPLE,
    hall_name="某某自治州某某县人民政府政务服务中心不动产登记分中心（第二办事大厅）",
    service_name="高新技术企业认定咨询与ISO9001质量管理体系备案",
    number="GXQY0123",
    checklist=(
        "营业执照副本（统一社会信用代码91350100M000100Y43）原件及复印件",
        "2023年度财务审计报告、研发费用专项审计报告（PDF、XLSX格式各一份）",
        *SAMPLE.checklist,
    ),
    reminders=("咨询电话0591-12345678转8001，网址https://zwfw.example.gov.cn/gxqy/2024", *SAMPLE.reminders),
)


def printed_picture(ticket: TicketPrint, width_mm: int) -> Image.Image:
    """The whole ticket as the printer would lay it down: every GS v 0 band, top to bottom."""
    job = build_ticket(ticket, PrinterProfile.for_paper(width_mm, "raster"))
    bands = [image.to_image() for image in parse(job).images]
    picture = Image.new("1", (bands[0].width, sum(band.height for band in bands)), 1)
    top = 0
    for band in bands:
        picture.paste(band, (0, top))
        top += band.height
    return picture


def ink_in_margins(picture: Image.Image) -> list[tuple[int, int]]:
    grey = picture.convert("L")
    width = grey.width
    edges = [*range(MARGIN), *range(width - MARGIN, width)]
    pixels = grey.load()
    assert pixels is not None
    return [(x, y) for y in range(grey.height) for x in edges if pixels[x, y] < 128]


@pytest.mark.parametrize(("width_mm", "dots"), [(58, 384), (80, 576)])
@pytest.mark.parametrize("ticket", [SAMPLE, CROWDED], ids=["sample", "crowded"])
def test_raster_ticket_keeps_every_glyph_inside_the_printable_edge(
    ticket: TicketPrint, width_mm: int, dots: int, tmp_path: Path
) -> None:
    picture = printed_picture(ticket, width_mm)
    picture.save(tmp_path / f"ticket-{width_mm}.png")  # kept with the test's tmp folder, to look at
    assert picture.width == dots
    touching = ink_in_margins(picture)
    assert not touching, f"{len(touching)} dots of ink in the {MARGIN}-dot margins, first at {touching[:5]}"


def test_margin_check_sees_a_clipped_line() -> None:
    """The check itself can fail: a line drawn to the very edge is caught."""
    picture = printed_picture(SAMPLE, 58).convert("L")
    picture.paste(0, (picture.width - 3, 40, picture.width, 60))
    assert ink_in_margins(picture.convert("1"))
