"""The ticket bytes: golden files for both modes, and what a citizen reads back off the paper."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from drivers.printer import commands as cmd
from drivers.printer import fonts
from drivers.printer.fonts import FontFile
from drivers.printer.parser import parse
from drivers.printer.profile import PrinterProfile
from drivers.printer.sample import sample_ticket
from drivers.printer.textwidth import display_width
from drivers.printer.ticket import build_ticket

GOLDEN = Path(__file__).parent / "golden"
# Regenerate deliberately: JIAOHAO_REGEN_GOLDEN=1 pytest tests/drivers/printer -k golden, then review the diff.
REGEN = os.environ.get("JIAOHAO_REGEN_GOLDEN") == "1"

TICKET = sample_ticket(datetime(2024, 5, 6, 9, 15))
TEXT_80 = PrinterProfile.for_paper(80, "text")
RASTER_80 = PrinterProfile.for_paper(80, "raster")


def test_text_ticket_matches_golden_bytes() -> None:
    golden = GOLDEN / "ticket_text_80.bin"
    job = build_ticket(TICKET, TEXT_80)
    if REGEN:
        golden.write_bytes(job)
    assert job == golden.read_bytes()


# The raster golden is drawn with these exact font files (Debian's fonts-noto-cjk, which `make deps` installs),
# named by path rather than found through fontconfig, and checked by hash: another build draws other pixels.
PINNED_FONTS = {
    "regular": FontFile("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "bold": FontFile("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
}


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@pytest.fixture
def pinned_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The raster builder draws with the pinned files; answers each file's hash."""
    for font in PINNED_FONTS.values():
        assert os.path.exists(font.path), f"{font.path} is missing: install fonts-noto-cjk (make deps does)"

    def pinned(weight: str = "regular", mono: bool = False) -> FontFile:
        return PINNED_FONTS["bold" if weight == "bold" else "regular"]

    fonts.cjk_font.cache_clear()
    monkeypatch.setattr(fonts, "find_cjk_font", pinned)
    yield {weight: f"{font.name} sha256:{file_sha256(font.path)}" for weight, font in PINNED_FONTS.items()}
    fonts.cjk_font.cache_clear()


def test_raster_ticket_matches_golden_header_and_image_hash(pinned_fonts: dict[str, str]) -> None:
    golden = GOLDEN / "ticket_raster_80.json"
    job = build_ticket(TICKET, RASTER_80)
    images = parse(job).images
    data = b"".join(image.data for image in images)
    header = job[: job.index(b"\x1dv0") + 8]
    record = {
        "fonts": pinned_fonts,
        "header_hex": header.hex(" "),
        "image_sha256": hashlib.sha256(data).hexdigest(),
        "bands": [[image.width_bytes, image.rows] for image in images],
        "tail_hex": job[-8:].hex(" "),
    }
    if REGEN:
        golden.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert record["header_hex"] == expected["header_hex"]
    assert record["bands"] == expected["bands"]
    assert record["tail_hex"] == expected["tail_hex"]
    assert record["fonts"] == expected["fonts"], (
        "the font files differ from those the golden image was drawn with; look at a printed preview, then "
        "regenerate with JIAOHAO_REGEN_GOLDEN=1"
    )
    assert record["image_sha256"] == expected["image_sha256"]


def test_raster_ticket_parses_back_to_one_paper_wide_image() -> None:
    images = parse(build_ticket(TICKET, RASTER_80)).images
    assert images and all(image.width_bytes * 8 == 576 for image in images)
    height = sum(image.rows for image in images)
    assert 700 < height < 2000  # a hall ticket is 9-25 cm of paper, not a banner
    picture = images[0].to_image()
    assert picture.size == (576, images[0].rows)
    # Ink on the paper, but mostly white: catches an inverted bitmap (a black ticket).
    black = sum(bin(b).count("1") for image in images for b in image.data)
    assert 0.03 < black / (576 * height) < 0.4


def test_raster_bands_respect_the_band_limit() -> None:
    profile = replace(RASTER_80, raster_band_rows=256)
    images = parse(build_ticket(TICKET, profile)).images
    assert len(images) > 1 and all(image.rows <= 256 for image in images)


def test_text_ticket_reads_back_chinese_with_full_width_punctuation() -> None:
    job = parse(build_ticket(TICKET, TEXT_80))
    text = job.text()
    for expected in ("某某市政务服务中心", "不动产登记", "绿色通道", "A001", "前面还有 12 人等候",
                     "请到 3号窗口 办理", "取号时间：2024年5月6日 周一 09:15", "过号请重新取号。"):
        assert expected in text
    assert "身份证原件及复印件（正反面）" in text
    # A wrapped checklist item reads back whole once its hanging indent is removed.
    joined = "".join(line.text.strip() for line in job.lines)
    for item in TICKET.checklist:
        assert item in joined
    assert "?" not in text  # python-escpos would have turned （）：，。 into '?'


def test_chinese_is_sent_in_chinese_mode_and_latin_outside_it() -> None:
    job = parse(build_ticket(TICKET, TEXT_80))
    runs = [run for line in job.lines for run in line.runs]
    assert all(run.chinese_mode for run in runs if not run.text.isascii())
    assert any(run.text.strip() == "A001" and not run.chinese_mode for run in runs)
    assert cmd.text("前面还有 12 人") == (
        b"\x1c&" + "前面还有".encode("gb18030") + b"\x1c. 12 \x1c&" + "人".encode("gb18030") + b"\x1c."
    )


def test_number_is_very_large_and_centered() -> None:
    line = next(line for line in parse(build_ticket(TICKET, TEXT_80)).lines if line.text == "A001")
    assert line.align == "center"
    assert line.runs[0].width == 6 and line.runs[0].height == 6 and line.runs[0].bold


def test_qr_content_is_the_tracking_url() -> None:
    for profile in (TEXT_80, PrinterProfile.for_paper(58)):
        qr_codes = parse(build_ticket(TICKET, profile)).qr_codes
        assert [qr.content for qr in qr_codes] == [TICKET.track_url]
        assert qr_codes[0].model == 2 and qr_codes[0].align == "center"


def test_qr_bytes_follow_gs_k_function_numbers() -> None:
    assert cmd.qr("AB", 6, "M") == (
        b"\x1d(k\x04\x001A2\x00" b"\x1d(k\x03\x001C\x06" b"\x1d(k\x03\x001E1"
        b"\x1d(k\x05\x001P0AB" b"\x1d(k\x03\x001Q0"
    )


@pytest.mark.parametrize("width_mm", [58, 80])
def test_no_text_line_is_wider_than_the_paper(width_mm: int) -> None:
    profile = PrinterProfile.for_paper(width_mm)
    for line in parse(build_ticket(TICKET, profile)).lines:
        assert sum(display_width(run.text) * run.width for run in line.runs) <= profile.columns, line.text


def test_ticket_ends_with_the_configured_cut() -> None:
    assert [c.mode for c in parse(build_ticket(TICKET, TEXT_80)).cuts] == ["partial"]
    assert [c.mode for c in parse(build_ticket(TICKET, replace(TEXT_80, cut="full"))).cuts] == ["full"]
    assert parse(build_ticket(TICKET, replace(TEXT_80, cut="none"))).cuts == []


def test_channel_marks() -> None:
    assert "绿色通道" in parse(build_ticket(TICKET, TEXT_80)).text()
    assert "预约" in parse(build_ticket(replace(TICKET, channel="appointment"), TEXT_80)).text()
    normal = parse(build_ticket(replace(TICKET, channel="normal"), TEXT_80)).text()
    assert "绿色通道" not in normal and "预约" not in normal


def test_text_ticket_with_qr_stays_under_one_kilobyte() -> None:
    assert len(build_ticket(TICKET, TEXT_80)) <= 1024


def test_status_bytes_inside_raster_data_are_not_status_queries() -> None:
    from drivers.printer.jobstream import JobStream

    band = cmd.raster_image(2, 2, b"\x10\x04\x01\x00")
    job = cmd.INIT + band + cmd.cut("partial")
    stream = JobStream()
    events = stream.feed(job[:5])  # arrives split in the middle of the GS v 0 header
    events2 = stream.feed(job[5:] + cmd.status_query(4))
    assert events.status_requests == [] and events2.status_requests == [4]
    assert events2.jobs == [job]
    assert parse(job).images[0].data == b"\x10\x04\x01\x00"


def test_parser_refuses_bytes_we_never_emit() -> None:
    from drivers.printer.tokens import ParseError

    with pytest.raises(ParseError):
        parse(b"\x1b@\x1b\x7f")
    with pytest.raises(ParseError):
        parse(b"\x1b@\x1dv0\x00\x02\x00")  # truncated raster header
