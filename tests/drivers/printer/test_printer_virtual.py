"""virtual://DIR writes each job as .bin, .txt and .png; the PNG is drawn from the parsed bytes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from drivers.printer.errors import PaperOut
from drivers.printer.printer import TicketPrinter
from drivers.printer.profile import PrinterProfile
from drivers.printer.sample import sample_ticket
from drivers.printer.status import PrinterState

TICKET = sample_ticket(datetime(2024, 5, 6, 9, 15))


@pytest.mark.parametrize(("mode", "width_mm", "dots"), [("text", 80, 576), ("raster", 80, 576), ("text", 58, 384)])
def test_virtual_printer_writes_bin_txt_png(tmp_path: Path, mode: str, width_mm: int, dots: int) -> None:
    profile = PrinterProfile.for_paper(width_mm, "raster" if mode == "raster" else "text")
    with TicketPrinter(f"virtual://{tmp_path}", profile) as printer:
        assert printer.status().state is PrinterState.OK
        printer.print_ticket(TICKET)
        printer.print_ticket(TICKET)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"job-000{i}.{ext}" for i in (1, 2) for ext in ("bin", "png", "txt")]
    reading = (tmp_path / "job-0001.txt").read_text(encoding="utf-8")
    if mode == "text":
        assert "前面还有 12 人等候" in reading and f"[QR {TICKET.track_url}]" in reading
        assert "身份证原件及复印件（正反面）" in reading
    else:
        assert "[image 576x" in reading
    assert "partial cut" in reading
    with Image.open(tmp_path / "job-0001.png") as picture:
        assert picture.width == dots
        assert 600 < picture.height < 2500


def test_virtual_printer_can_simulate_a_fault(tmp_path: Path) -> None:
    printer = TicketPrinter(f"virtual://{tmp_path}?fault=paper-out", PrinterProfile())
    with printer, pytest.raises(PaperOut):
        printer.print_ticket(TICKET)
    assert list(tmp_path.iterdir()) == []
