"""Appointments (预约): masking of personal data and the check-in rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from .config import Policy
from .errors import Conflict, Invalid


class CheckIn(StrEnum):
    OK = "ok"
    TOO_EARLY = "too_early"
    TOO_LATE = "too_late"
    USED = "used"
    WRONG_DAY = "wrong_day"


@dataclass(frozen=True, slots=True)
class Slot:
    day: date
    start: time
    end: time

    def text(self) -> str:
        return f"{self.day.isoformat()} {self.start.strftime('%H:%M')}-{self.end.strftime('%H:%M')}"


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: enough for a clerk to greet, not enough to identify."""
    # A bidi override kept first would be all a clerk sees ("\u202e**"): only printable characters count.
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    if len(digits) <= 7:  # 3 shown + 4 shown would leave nothing hidden
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def parse_slot(day_text: str, slot_text: str) -> Slot:
    """'2026-11-26', '09:00-09:30' → Slot; clear errors for the admin importing a CSV."""
    try:
        day = date.fromisoformat(day_text.strip())
    except ValueError as err:
        raise Invalid("bad_date", f"预约日期格式应为 2026-11-26：{day_text!r}") from err
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", slot_text)
    if not match:
        raise Invalid("bad_slot", f"预约时段格式应为 09:00-09:30：{slot_text!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    try:
        start, end = time(h1, m1), time(h2, m2)
    except ValueError as err:
        raise Invalid("bad_slot", f"预约时段不是有效时间：{slot_text!r}") from err
    if end <= start:
        raise Invalid("bad_slot", f"预约时段结束早于开始：{slot_text!r}")
    return Slot(day=day, start=start, end=end)


def check_in(slot: Slot, used: bool, at: datetime, policy: Policy) -> CheckIn:
    """Whether an appointment code presented at `at` (aware) gives a green-channel ticket."""
    if used:
        return CheckIn.USED
    zone = policy.zone
    local = at.astimezone(zone)
    opens = datetime.combine(slot.day, slot.start, zone) - timedelta(minutes=policy.appointment_early_min)
    closes = datetime.combine(slot.day, slot.end, zone) + timedelta(minutes=policy.appointment_late_min)
    if local < opens:
        return CheckIn.TOO_EARLY if local.date() == slot.day else CheckIn.WRONG_DAY
    if local > closes:
        return CheckIn.TOO_LATE
    return CheckIn.OK


def check_in_message(result: CheckIn, slot: Slot, policy: Policy) -> str:
    early = datetime.combine(slot.day, slot.start) - timedelta(minutes=policy.appointment_early_min)
    return {
        CheckIn.OK: "预约签到成功",
        # The time to come back first: on a kiosk in large type the sentence wraps, and that is what matters.
        CheckIn.TOO_EARLY: f"请于 {early.strftime('%H:%M')} 后再来取号（您的预约时段为 {slot.text()}）",
        CheckIn.TOO_LATE: f"您的预约时段 {slot.text()} 已过，预约已失效",
        CheckIn.USED: "该预约码已使用过，不能重复取号；如有疑问请到咨询台",
        CheckIn.WRONG_DAY: f"该预约不是今天的（预约时段 {slot.text()}）",
    }[result]


def refuse(result: CheckIn, slot: Slot, policy: Policy) -> Conflict:
    return Conflict(f"appointment_{result.value}", check_in_message(result, slot, policy))
