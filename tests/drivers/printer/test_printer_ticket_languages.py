"""The ticket in both languages, printed by the virtual printer's parser and drawn to PNG to be looked at."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from drivers.printer.parser import parse
from drivers.printer.preview import render_job
from drivers.printer.profile import PrinterProfile
from drivers.printer.record import TicketPrint
from drivers.printer.ticket import build_ticket
from tests.support.screenshots import SCREENSHOTS, drawn

ZH = TicketPrint(
    hall_name="示范市政务服务中心",
    service_name="高新技术企业认定咨询",
    number="D012",
    waiting_ahead=7,
    issued_at=datetime(2026, 12, 1, 9, 15),
    track_url="http://192.168.1.10:8000/t/abcdef",
    checklist=("营业执照副本复印件（加盖公章）", "经办人身份证及法定代表人授权委托书"),
    reminders=("过号请重新取号", "请留意屏幕及语音叫号"),
    window_hint="1–4号、9号窗口",
    est_wait_min=24,
    est_wait_range=(20, 35),
)
EN = replace(
    ZH,
    hall_name="Shifan City Government Service Center",
    service_name="High-tech enterprise advice",
    checklist=("Copy of business licence (with company seal)", "Representative's ID card and authorisation"),
    reminders=("If you miss your call, please take a new ticket", "Please watch the screens"),
    window_hint="Windows\u00a01–4, 9",
    lang="en",
)


def has_cjk(text: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


def test_the_ticket_in_english_and_in_chinese(tmp_path: Path) -> None:
    profile = PrinterProfile()
    for name, ticket in (("ticket-zh", ZH), ("ticket-en", EN)):
        job = parse(build_ticket(ticket, profile))
        lines = [line.text for line in job.lines]
        text = "\n".join(lines)
        if ticket.lang == "en":
            assert not has_cjk(text), text
            assert "Expected wait about 20–35 min" in lines and "Issued Tue 1 Dec 2026, 09:15" in lines
        else:
            assert "预计等候约 20–35 分钟" in lines and "取号时间：2026年12月1日 周二 09:15" in lines
        assert "D012" in lines
        shown = SCREENSHOTS / "17" / "ticket"
        shown.mkdir(parents=True, exist_ok=True)
        render_job(job).save(shown / f"{name}.png")
        assert drawn(shown / f"{name}.png").ink > 0.05  # thermal paper: black on white, ink on a tenth of it
