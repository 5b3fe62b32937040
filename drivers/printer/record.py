"""What goes on a ticket (the input of the pure ticket builders) and its fixed wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from jiaohao.domain.wording import english, issued_text, wait_text

Channel = Literal["normal", "green", "appointment"]

_CHANNEL_MARK = {"green": "绿色通道", "appointment": "预约"}
_CHANNEL_MARK_EN = {"green": "Priority", "appointment": "Appointment"}


@dataclass(frozen=True)
class TicketPrint:
    """One ticket as the kiosk prints it; built from the server's ticket answer plus hall settings."""

    hall_name: str
    service_name: str
    number: str
    waiting_ahead: int
    issued_at: datetime
    track_url: str
    checklist: tuple[str, ...] = ()
    reminders: tuple[str, ...] = ()
    channel: Channel = "normal"
    window_hint: str | None = None
    est_wait_min: int = 0
    est_wait_range: tuple[int, int] | None = None
    lang: str = "zh_CN"  # the language the citizen chose at the kiosk; every fixed word follows it

    def __post_init__(self) -> None:
        if self.channel not in ("normal", "green", "appointment"):
            raise ValueError(f"unknown channel {self.channel!r}")
        if self.waiting_ahead < 0:
            raise ValueError("waiting_ahead cannot be negative")
        if not self.number.isascii() or not self.number.strip():
            raise ValueError("ticket number must be non-empty ASCII like A001")


def channel_mark(ticket: TicketPrint) -> str | None:
    """The mark printed for a green-channel or appointment ticket, None for a normal one."""
    return (_CHANNEL_MARK_EN if english(ticket.lang) else _CHANNEL_MARK).get(ticket.channel)


def waiting_line(ticket: TicketPrint) -> str:
    n = ticket.waiting_ahead
    if english(ticket.lang):
        return f"{n} ahead of you" if n else "You are next"
    return f"前面还有 {n} 人等候" if n else "前面没有人等候"


def estimate_line(ticket: TicketPrint) -> str | None:
    """The expected wait, as a range when uncertain; none when nobody is ahead."""
    if not ticket.waiting_ahead or not ticket.est_wait_min:
        return None
    wait = wait_text(ticket.est_wait_min, ticket.est_wait_range, ticket.lang)
    return f"Expected wait {wait}" if english(ticket.lang) else f"预计等候{wait}"


def issued_line(ticket: TicketPrint) -> str:
    return issued_text(ticket.issued_at, ticket.lang)


def window_line(ticket: TicketPrint) -> str | None:
    if not ticket.window_hint:
        return None
    return f"Served at {ticket.window_hint}" if english(ticket.lang) else f"请到 {ticket.window_hint} 办理"


CHECKLIST_TITLE = "一次性告知（请备齐以下材料）："
QR_CAPTION = "微信扫码查看排队进度"
CHECKLIST_TITLE_EN = "Please bring (one-time checklist):"
QR_CAPTION_EN = "Scan to follow the queue on your phone"


def checklist_title(ticket: TicketPrint) -> str:
    return CHECKLIST_TITLE_EN if english(ticket.lang) else CHECKLIST_TITLE


def qr_caption(ticket: TicketPrint) -> str:
    return QR_CAPTION_EN if english(ticket.lang) else QR_CAPTION


def checklist_items(ticket: TicketPrint) -> list[tuple[str, str]]:
    """(marker, text) pairs; the marker becomes the hanging indent when the item wraps."""
    return [(f"{i}. ", item) for i, item in enumerate(ticket.checklist, start=1)]
