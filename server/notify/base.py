"""What every way of reaching a citizen shares: the message, and the one failure type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Message:
    """One reminder: its kind picks the SMS template; `params` fill it; `text` is the same sentence in full."""

    id: int
    kind: str  # confirmed | day_before | near | called
    phone: str
    params: dict[str, str] = field(default_factory=dict)
    text: str = ""


class DeliveryFailed(Exception):
    """The provider did not take the message; `reason` is kept (without secrets) for the supervisor."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:250]


class Notifier(Protocol):
    def send(self, message: Message) -> None:
        """Deliver or raise DeliveryFailed; never block longer than the notifier's timeout."""
