"""What goes on a ticket (the input of the pure ticket builders) and its fixed wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Channel = Literal["normal", "green", "appointment"]

_CHANNEL_MARK = {"green": "绿色通道", "appointment": "预约"}


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

    def __post_init__(self) -> None:
        if self.channel not in ("normal", "green", "appointment"):
            raise ValueError(f"unknown channel {self.channel!r}")
        if self.waiting_ahead < 0:
            raise ValueError("waiting_ahead cannot be negative")
        if not self.number.isascii() or not self.number.strip():
            raise ValueError("ticket number must be non-empty ASCII like A001")


def channel_mark(ticket: TicketPrint) -> str | None:
    """The mark printed for a green-channel or appointment ticket, None for a normal one."""
    return _CHANNEL_MARK.get(ticket.channel)


def waiting_line(ticket: TicketPrint) -> str:
    return f"前面还有 {ticket.waiting_ahead} 人等候"


def issued_line(ticket: TicketPrint) -> str:
    return f"取号时间：{ticket.issued_at:%Y-%m-%d %H:%M}"


def window_line(ticket: TicketPrint) -> str | None:
    return f"请到 {ticket.window_hint} 办理" if ticket.window_hint else None


CHECKLIST_TITLE = "一次性告知（请备齐以下材料）："
QR_CAPTION = "微信扫码查看排队进度"


def checklist_items(ticket: TicketPrint) -> list[tuple[str, str]]:
    """(marker, text) pairs; the marker becomes the hanging indent when the item wraps."""
    return [(f"{i}. ", item) for i, item in enumerate(ticket.checklist, start=1)]
