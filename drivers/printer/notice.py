"""The 一次性告知书 as bytes: every missing item told once, in writing, so nobody comes back twice for the same
thing. A pure function of (NoticePrint, PrinterProfile), like the ticket (ticket.py).

Text mode uses the printer's Chinese font; raster mode draws the same job (parsed back and rendered, the
virtual printer's preview) and sends it as GS v 0 bands, for printers without a Chinese font.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from . import commands as cmd
from .parser import parse
from .preview import render_job
from .profile import PrinterProfile
from .raster import image_to_raster
from .textwidth import display_width, wrap

TITLE = "一次性告知书"
KINDS = {
    "accepted_pending": "容缺受理：已受理，请在期限内补齐以下材料",
    "returned": "暂不予受理：请备齐以下材料后再来办理",
}


@dataclass(frozen=True, slots=True)
class NoticePrint:
    """What the notice says; the caller fills it from the window's answer and the hall."""

    hall_name: str
    service_name: str
    number: str
    outcome: str  # accepted_pending | returned
    missing: tuple[str, ...]
    due: date | None
    staff_name: str
    staff_no: str
    hall_phone: str
    printed_at: datetime


def notice_lines(notice: NoticePrint) -> list[str]:
    """The body, line by line (before wrapping): the same words on paper and on the citizen's phone page."""
    lines = [
        f"办理事项：{notice.service_name}",
        f"排队号码：{notice.number}",
        KINDS.get(notice.outcome, "请备齐以下材料"),
    ]
    lines += [f"{i}. {item}" for i, item in enumerate(notice.missing, start=1)]
    if notice.due is not None:
        lines.append(f"补齐期限：{notice.due.year}年{notice.due.month}月{notice.due.day}日前")
    lines.append(f"经办人：{notice.staff_name}（工号 {notice.staff_no}）")
    if notice.hall_phone:
        lines.append(f"咨询电话：{notice.hall_phone}")
    lines.append(f"告知时间：{notice.printed_at:%Y-%m-%d %H:%M}")
    return lines


def build_notice(notice: NoticePrint, profile: PrinterProfile) -> bytes:
    text = _text_job(notice, profile)
    if profile.mode == "raster":
        image = render_job(parse(text, profile.encoding), profile.width_dots)
        return cmd.INIT + image_to_raster(image, profile.raster_band_rows) + _finish(profile)
    return text


def _finish(profile: PrinterProfile) -> bytes:
    if profile.cut == "none":
        return cmd.feed_lines(4)
    return cmd.feed_lines(1) + cmd.cut(profile.cut, feed=3)


def _line(content: str, profile: PrinterProfile) -> bytes:
    return cmd.text(content, profile.encoding) + cmd.LF


def _text_job(notice: NoticePrint, profile: PrinterProfile) -> bytes:
    out = bytearray(cmd.INIT + cmd.align("center"))
    out += cmd.bold(True) + _line(notice.hall_name, profile)
    size = 2 if display_width(TITLE) * 2 <= profile.columns else 1
    out += cmd.char_size(size, 2) + _line(TITLE, profile) + cmd.char_size(1, 1) + cmd.bold(False)
    out += cmd.align("left") + _line("-" * profile.columns, profile)
    for line in notice_lines(notice):
        indent = " " * (display_width(line.split(" ", 1)[0]) + 1) if line[:1].isdigit() else ""
        for piece in wrap(line, profile.columns, indent=indent):
            out += _line(piece, profile)
    out += _line("-" * profile.columns, profile)
    for piece in wrap("材料齐全后请携带本告知书到任一窗口办理，无需重新说明情况。", profile.columns):
        out += _line(piece, profile)
    return bytes(out) + _finish(profile)
