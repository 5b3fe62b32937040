"""The `data` of each event type on `WS /api/v1/events` (DESIGN §4), one model per type.

The stream is public: hall screens and phones read it. No model here carries a citizen's data (no ID or phone,
no tracking token, no 差评 comment or reason the citizen chose, no follow-up notes): only numbers, services,
windows and times. `docs/api.md` lists the payloads.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, PlainSerializer

from .base import ChannelName, EventData, OutcomeName, TicketStateName, _Out
from .models import HallOut, WindowOut

# Written as Python's isoformat ('+00:00'), as these events always were (pydantic would write 'Z').
IsoTime = Annotated[datetime, PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="json")]

# --- tickets --------------------------------------------------------------------------------------------------


class TicketEvent(EventData):
    """What every `ticket.*` event says of the ticket, after the change."""

    id: int
    number: str
    service: str  # the service it is queued for now (after a transfer: the new one)
    service_name: str
    channel: ChannelName
    state: TicketStateName
    window: int | None = None  # the window it was last called to
    window_name: str | None = None


class TicketIssued(TicketEvent):
    event_type = "ticket.issued"

    issued_at: IsoTime
    waiting_ahead: int


class TicketCalled(TicketEvent):
    """A call to `window`; also sent for each recall, with `recall` counting them (0 for the first call)."""

    event_type = "ticket.called"

    recall: int = 0


class TicketServing(TicketEvent):
    event_type = "ticket.serving"


class TicketFinished(TicketEvent):
    """办结, with its outcome (never the missing items or the note: the stream is public)."""

    event_type = "ticket.finished"

    outcome: OutcomeName = "completed"  # an older server's 办结 was always a plain one


class TicketNoShow(TicketEvent):
    event_type = "ticket.no_show"


class TicketHeld(TicketEvent):
    event_type = "ticket.held"


class TicketTransferred(TicketEvent):
    event_type = "ticket.transferred"

    from_window: int
    from_service: str
    to_window: int | None = None  # None: queued for `service` at any of its windows
    position: Literal["front", "back"]


# --- the hall ---------------------------------------------------------------------------------------------------


class WindowUpdated(WindowOut, EventData):
    """The window as `GET /hall` lists it, after a login, logout, pause, resume or call."""

    event_type = "window.updated"


class ServiceCounts(_Out):
    waiting: int
    est_wait_min: int
    est_wait_range: tuple[int, int] | None = None  # "约 20–30 分钟" when uncertain; None: est_wait_min alone
    issued_today: int
    open: bool = True
    closed_reason: str | None = None  # 不在取号时间 / 今日号源已取完; None while open


class HallCounts(EventData):
    """The services whose figures changed, by code (not every service of the hall)."""

    event_type = "hall.counts"

    services: dict[str, ServiceCounts]


class DayStarted(EventData):
    """The business day turned: yesterday's unfinished tickets are cancelled, windows let go of them."""

    event_type = "day.started"

    business_day: date


class Notice(EventData):
    """The text the hall screens scroll (the hall file's notice when a supervisor clears it)."""

    event_type = "notice"

    text: str


class DeviceStatus(EventData):
    """A device's health changed, or it came back after being silent."""

    event_type = "device.status"

    device: str
    kind: str
    windows: list[int]
    status: str
    detail: str | None = None


# --- 好差评 ---------------------------------------------------------------------------------------------------


class RatingRequested(EventData):
    """For the pad of `window`: rate this service. `reasons` are the hall's choices for a 差评."""

    event_type = "rating.requested"

    window: int
    ticket_id: int
    number: str
    service: str
    service_name: str = ""  # an older server's request had neither name nor reasons: the pad uses its own
    staff_no: str | None = None
    reasons: list[str] = Field(default_factory=list)


class RatingRecorded(EventData):
    event_type = "rating.recorded"

    window: int
    ticket_id: int
    number: str
    level: int


class CaseDue(EventData):
    """A 差评 case: when it is due and which window it concerns; never what the citizen wrote."""

    case_id: int
    deadline: IsoTime
    case_window: int | None = None


class CaseOpened(CaseDue):
    event_type = "case.opened"


class CaseOverdue(CaseDue):
    event_type = "case.overdue"


class CaseUpdated(EventData):
    event_type = "case.updated"

    case_id: int
    status: Literal["open", "responded", "closed"]


# --- 容缺 follow-ups --------------------------------------------------------------------------------------------


class FollowUpDue(EventData):
    """A 容缺 follow-up: its ticket number, window and due date; never what is missing."""

    followup_id: int
    number: str
    due: date
    followup_window: int | None = None


class FollowUpOpened(FollowUpDue):
    event_type = "followup.opened"


class FollowUpOverdue(FollowUpDue):
    event_type = "followup.overdue"


class FollowUpFulfilled(FollowUpDue):
    event_type = "followup.fulfilled"
class ConfigChanged(EventData):
    """An administrator changed the hall's configuration: the hall as it is now, so every front-end follows
    without a restart (kiosks their service list, screens the windows, callers the pause reasons)."""

    event_type = "config.changed"

    changed: list[str]  # what changed, in the hall file's words: "services.YBBX", "windows.3", "staff.1001"
    hall: HallOut


__all__ = [
    "CaseDue",
    "CaseOpened",
    "CaseOverdue",
    "CaseUpdated",
    "ConfigChanged",
    "DayStarted",
    "DeviceStatus",
    "FollowUpDue",
    "FollowUpFulfilled",
    "FollowUpOpened",
    "FollowUpOverdue",
    "HallCounts",
    "Notice",
    "RatingRecorded",
    "RatingRequested",
    "ServiceCounts",
    "TicketCalled",
    "TicketEvent",
    "TicketFinished",
    "TicketHeld",
    "TicketIssued",
    "TicketNoShow",
    "TicketServing",
    "TicketTransferred",
    "WindowUpdated",
]
