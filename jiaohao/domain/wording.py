"""What a citizen reads about a ticket, in Chinese or English: the windows that serve it, the wait, the date.

The kiosk, the printed ticket, the phone page and the screens all take these sentences from here, so a ticket
and the screen beside it never disagree ("1–4号、7号窗口" on both). Pure functions of their arguments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

Lang = str  # "zh_CN" (the default) or "en"; anything not English reads Chinese

# Up to this many windows are named in full ("7号社保专窗、8号医保专窗"); more become numbers ("1–4号、7号窗口").
NAMED_UP_TO = 3
# Non-breaking space: "24 分钟" and "about 24 min" never split at the space.
NBSP = "\u00a0"


def english(lang: Lang) -> bool:
    return lang.startswith("en")


@dataclass(frozen=True)
class WindowFacts:
    """A window as the hall view shows it: enough to decide whether it serves a service now."""

    number: int
    name: str
    services: Sequence[str]
    status: str  # open (staffed), paused, closed (no clerk)
    name_en: str | None = None


def serving_windows(windows: Sequence[WindowFacts], service: str) -> list[WindowFacts]:
    """The windows a citizen with a ticket for `service` may be called to, in the hall's order.

    Staffed (open) windows only: a paused or closed window will not call them. Before any clerk has logged in
    (or while every one of them is paused), the windows configured for it, since those are the ones that will.
    """
    offering = [w for w in windows if service in w.services]
    return [w for w in offering if w.status == "open"] or offering


def _runs(numbers: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def window_list(windows: Sequence[WindowFacts], lang: Lang = "zh_CN") -> str:
    """"7号社保专窗、8号医保专窗" for a few, "1–4号、7号窗口" (or "Windows 1–4, 7") for many; "" for none."""
    if not windows:
        return ""
    if len(windows) <= NAMED_UP_TO:
        # "Window 4" never splits at a line's end: the space before a window's number does not break.
        names = [
            re.sub(r" (\d+)\b", NBSP + r"\1", w.name_en or f"Window {w.number}") if english(lang) else w.name
            for w in windows
        ]
        return (", " if english(lang) else "、").join(names)
    parts = []
    for first, last in _runs([w.number for w in windows]):
        if last - first >= 2:
            parts.append(f"{first}–{last}")
        elif last == first + 1:
            parts.extend((str(first), str(last)))
        else:
            parts.append(str(first))
    if english(lang):
        return "Windows" + NBSP + ", ".join(parts)
    return "、".join(f"{p}号" for p in parts) + "窗口"


def wait_text(minutes: int, span: tuple[int, int] | None, lang: Lang = "zh_CN") -> str:
    """"约 20–30 分钟" / "about 20–30 min"; the number and its unit never split across lines."""
    figure = f"{span[0]}–{span[1]}" if span else str(minutes)
    if english(lang):
        return f"about{NBSP}{figure}{NBSP}min"
    return f"约{NBSP}{figure}{NBSP}分钟"


_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS_ZH = "一二三四五六日"


def date_text(at: datetime, lang: Lang = "zh_CN") -> str:
    """"Tue 1 Dec" / "12月1日 周二": never "1/12", which half the world reads as 12 January."""
    if english(lang):
        return f"{_WEEKDAYS_EN[at.weekday()]} {at.day} {_MONTHS_EN[at.month - 1]}"
    return f"{at.month}月{at.day}日 周{_WEEKDAYS_ZH[at.weekday()]}"


def issued_text(at: datetime, lang: Lang = "zh_CN") -> str:
    """The issue time on a ticket: "取号时间：2026年12月1日 周二 09:15" / "Issued Tue 1 Dec 2026, 09:15"."""
    if english(lang):
        return f"Issued {date_text(at, lang)} {at.year}, {at:%H:%M}"
    return f"取号时间：{at.year}年{date_text(at, lang)} {at:%H:%M}"
