"""Helpers for the display tests: a tone voice pack, a realistic sample hall as wire models, event builders,
and a DisplayApp wired to a RecordingPlayer that remembers what it said."""

from __future__ import annotations

import functools
import math
from array import array
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from client.settings import DeviceSettings
from display.app import DisplayApp
from display.voice import VoiceOptions
from drivers.voice import RecordingPlayer
from drivers.voice.audio import wav_bytes
from drivers.voice.catalogue import SOURCES
from jiaohao.domain.clock import Clock
from jiaohao.wire.models import Event, HallOut, ServiceOut, Snapshot, WindowOut
from tests.support.events import event

RATE = 8000
# Monday 2 March 2026, 10:00:05 in Shanghai.
MORNING = datetime(2026, 3, 2, 2, 0, 5, tzinfo=UTC)


@functools.cache
def _tone(ms: int) -> bytes:
    count = RATE * ms // 1000
    samples = array("h", (round(8000 * math.sin(2 * math.pi * 440 * i / RATE)) for i in range(count)))
    return wav_bytes(samples, RATE)


def tone_pack(folder: Path) -> Path:
    """A complete voice pack of short tones: speaking needs neither espeak-ng nor a sound card."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["[pack]", 'name = "tones"', 'languages = ["zh_CN", "en"]', f"sample_rate = {RATE}",
             "gap_ms = 10", "chime_gap_ms = 10", "pause_ms = 10", "auto_trim = false", "[clips]"]
    for source in SOURCES:
        path = folder / source.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_tone(20 + 5 * (sum(map(ord, source.name)) % 5)))
        lines.append(f'"{source.name}" = "{source.file}"')
    (folder / "manifest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


SERVICES = [("BDC", "不动产登记", "A", 23), ("SB", "社保参保", "B", 8), ("YB", "医保报销", "C", 5),
            ("GQ", "高新技术企业认定咨询", "D", 0), ("ZJ", "证件补办", "E", 12)]
WINDOWS: list[dict[str, Any]] = [
    {"name": "1号综合窗口", "serving": "A018", "serving_state": "serving", "staff": ("1001", "王丽", "综合受理员")},
    {"name": "2号综合窗口", "serving": "B006", "serving_state": "called", "staff": ("1002", "李强", "综合受理员")},
    {"name": "3号综合窗口", "status": "paused", "pause_reason": "午间休息", "staff": ("1003", "张敏", "综合受理员")},
    {"name": "4号综合窗口", "serving": "A017", "serving_state": "serving", "staff": ("1004", "刘洋", "综合受理员")},
    {"name": "不动产登记专窗（一）", "serving": "A019", "serving_state": "called",
     "staff": ("1005", "陈静", "不动产登记员")},
    {"name": "不动产登记专窗（二）", "status": "closed"},
    {"name": "社保专窗", "serving": "B007", "serving_state": "serving", "staff": ("1006", "赵建国", "社保经办员")},
    {"name": "医保专窗", "serving": "C004", "serving_state": "called", "staff": ("1007", "孙志远", "医保经办员")},
    {"name": "高新技术企业服务专窗", "status": "paused", "pause_reason": "系统维护",
     "staff": ("1008", "周婷", "企业服务专员")},
    {"name": "帮办代办窗口", "serving": "E011", "serving_state": "serving", "staff": ("1009", "吴刚", "帮办员")},
]
NOTICE = ("工作时间：周一至周五 09:00-12:00，13:30-17:00（法定节假日除外）；证件补办周六照常办理。"
          "请携带身份证原件，过号请重新取号。")


def sample_hall(seq: int = 100, now: datetime = MORNING) -> HallOut:
    services = [ServiceOut(code=c, name=n, prefix=p, waiting=w, est_wait_min=w * 4, open=True, issued_today=40,
                           daily_cap=None, hours="09:00-17:00", checklist=[]) for c, n, p, w in SERVICES]
    windows = []
    for number, spec in enumerate(WINDOWS, start=1):
        staff = spec.get("staff")
        windows.append(WindowOut(
            number=number, name=spec["name"], kind="综合", services=["BDC"], status=spec.get("status", "open"),
            pause_reason=spec.get("pause_reason"), serving=spec.get("serving"),
            serving_state=spec.get("serving_state"), staff_no=staff[0] if staff else None,
            staff_name=staff[1] if staff else None, staff_title=staff[2] if staff else None))
    return HallOut(id="demo-hall", name="示范市政务服务中心", business_day=now.date(), now=now, seq=seq,
                   notice=NOTICE, reminders=[], services=services, windows=windows)


def snapshot(hall: HallOut) -> Snapshot:
    return Snapshot(seq=hall.seq, hall=hall)


def called(seq: int, number: str, window: int, at: datetime, recall: int = 0,
           window_name: str | None = None) -> Event:
    return event(seq, "ticket.called", at, {
        "number": number, "window": window, "window_name": window_name or f"{window}号综合窗口",
        "service_name": "不动产登记", "recall": recall, "state": "called"})


def window_updated(seq: int, window: WindowOut, at: datetime) -> Event:
    return event(seq, "window.updated", at, window.model_dump(mode="json"))


@dataclass
class Spoken:
    """What a display said, from its voice's signals (UI thread)."""

    started: list[str] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def build_display(settings: DeviceSettings, tmp_path: Path, clock: Clock | None = None, *,
                  lang: str = "zh_CN", repeat: int = 2) -> tuple[DisplayApp, RecordingPlayer, Spoken]:
    player = RecordingPlayer()
    pack = tone_pack(tmp_path / "tones") if not (tmp_path / "tones").exists() else tmp_path / "tones"
    app = DisplayApp(settings, voice=VoiceOptions(pack_dir=pack, repeat=repeat, lang=lang), player=player,
                     clock=clock)
    spoken = Spoken()
    assert app.voice is not None
    app.voice.speaking.connect(spoken.started.append)
    app.voice.spoken.connect(spoken.finished.append)
    app.voice.problem.connect(spoken.problems.append)
    return app, player, spoken


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)
