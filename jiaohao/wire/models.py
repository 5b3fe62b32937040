"""Request and response bodies of `/api/v1`. Field names are the contract; change them only with a v2."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, SerializeAsAny, StrictBool, ValidationInfo, field_validator

from .base import ChannelName, EventData, OutcomeName, TicketStateName, UnknownEventData, WindowStatus, _In, _Out

API_PREFIX = "/api/v1"


def _number_not_text(value: Any) -> Any:
    # "level": "5" and "window": true were taken as numbers; 5.0 is still a JSON integer (JSON Schema says so).
    if isinstance(value, str | bool):
        raise ValueError("应为数字")
    return value


NumberNotText = BeforeValidator(_number_not_text)  # after the Field, so that its bounds reach the JSON Schema

# Row ids are PostgreSQL `integer`s: a larger id is refused before any query (it made the database raise: a 500).
ROW_ID_MAX = 2_147_483_647
RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX), NumberNotText]


class ErrorBody(_Out):
    code: str
    message: str


class ErrorOut(_Out):
    error: ErrorBody


class ServiceOut(_Out):
    code: str
    name: str
    name_en: str | None = None  # the hall file's English name; clients fall back to `name`
    prefix: str
    waiting: int
    est_wait_min: int
    est_wait_range: tuple[int, int] | None = None  # "约 20–30 分钟" when uncertain; None: est_wait_min alone
    open: bool
    closed_reason: str | None = None  # 不在办理时间 / 今日号源已取完
    issued_today: int
    daily_cap: int | None
    hours: str
    checklist: list[str]
    checklist_en: list[str] | None = None  # item by item, when the hall file gives every item in English
    avg_handle_min: float = 0.0  # recent mean handling time (the configured figure until there is history)
    green_channel: bool = True


class WindowOut(_Out):
    number: int
    name: str
    name_en: str | None = None
    kind: str
    services: list[str]
    status: WindowStatus
    pause_reason: str | None = None
    serving: str | None = None  # ticket number currently called or being served
    serving_state: TicketStateName | None = None
    staff_no: str | None = None
    staff_name: str | None = None
    staff_title: str | None = None
    staff_photo: str | None = None  # path of GET /api/v1/staff/{no}/photo when the staff member has a photo
    called_at: datetime | None = None  # when the serving ticket was (last) called


class HallOut(_Out):
    id: str
    name: str
    name_en: str | None = None
    business_day: date
    now: datetime
    seq: int  # the last event sequence number reflected in this view
    notice: str
    reminders: list[str]
    reminders_en: list[str] | None = None
    overdue: str = "过号请重新取号"  # the one sentence about 过号 that every screen and ticket shows
    overdue_en: str | None = None
    # Who the green channel is for ([hall] green_channel); an older server sends none: the kiosk's default.
    green_channel: str | None = None
    green_channel_en: str | None = None
    services: list[ServiceOut]
    windows: list[WindowOut]
    # The caller's pause menu; the hall file's [hall] pause_reasons (an older server sends none: the default).
    pause_reasons: list[str] = Field(default_factory=lambda: ["午休", "业务培训", "系统故障", "临时离开", "其他"])
    phone: str = ""  # the hall's enquiry number (printed on the 一次性告知书)
    followup_working_days: int = 5  # 容缺: the caller's default due date, this many working days on
    # The hall's [calendar] for the next 120 days: 法定节假日 and 调休 make-up working days (the due date skips
    # the one and counts the other).
    holidays: list[date] = Field(default_factory=list)
    workdays: list[date] = Field(default_factory=list)
    reminders_enabled: bool = False  # [reminders] channel is not "off": the kiosk offers 短信提醒我


class LoginIn(_In):
    staff_no: Annotated[str, Field(min_length=1, max_length=16)]
    pin: Annotated[str, Field(min_length=1, max_length=64)]
    window: Annotated[int, Field(ge=1, le=999), NumberNotText] | None = None


class LoginOut(_Out):
    token: str
    staff_no: str
    staff_name: str
    role: Literal["staff", "supervisor", "admin"]
    window: int | None
    expires_at: datetime


class TicketIn(_In):
    service: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    channel: Literal["normal", "green"] = "normal"
    priority: StrictBool | None = None  # synonym for channel="green", kept for the contract's wording
    appointment_code: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    holder_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None  # ID card or phone, hashed
    notify_phone: Annotated[str, Field(min_length=5, max_length=20)] | None = None  # SMS when near and called
    # Check-in without the code: the booking's phone's last 4 digits and the ID given when booking (holder_id).
    appointment_phone_tail: Annotated[str, Field(pattern=r"^\d{4}$")] | None = None


class NotifyIn(_In):
    """A phone left at the kiosk after the ticket was issued: text it when near and when called."""

    phone: Annotated[str, Field(min_length=5, max_length=20)]


class TicketOut(_Out):
    id: int
    number: str
    service: str
    service_name: str
    service_name_en: str | None = None
    channel: ChannelName
    state: TicketStateName
    issued_at: datetime
    waiting_ahead: int
    est_wait_min: int
    est_wait_range: tuple[int, int] | None = None  # "约 20–30 分钟" when uncertain; None: est_wait_min alone
    track_url: str
    track_token: str
    checklist: list[str]
    checklist_en: list[str] | None = None
    window: int | None = None
    notice: str | None = None  # e.g. why an appointment code gave a normal ticket


class TicketPosition(_Out):
    id: int
    number: str
    service: str
    service_name: str
    service_name_en: str | None = None
    channel: ChannelName
    state: TicketStateName
    issued_at: datetime
    waiting_ahead: int
    est_wait_min: int
    est_wait_range: tuple[int, int] | None = None  # "约 20–30 分钟" when uncertain; None: est_wait_min alone
    window: int | None = None
    recall: int = 0
    # Once done: how it ended, and for 容缺受理/一次性告知 every missing item and the due date (the citizen's own
    # 一次性告知, shown on their phone page).
    outcome: OutcomeName | None = None
    missing: list[str] = Field(default_factory=list)
    due: date | None = None
    first_staff_no: str | None = None  # 首问负责: who first served it (window answers only)
    transfer_note: str | None = None  # what the window that transferred it said (window answers only)


class CallNumberIn(_In):
    number: Annotated[str, Field(min_length=2, max_length=12, pattern=r"^[A-Za-z]{1,2}\d{1,6}$")]


class TransferIn(_In):
    service: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    window: Annotated[int, Field(ge=1, le=999), NumberNotText] | None = None
    position: Literal["front", "back"] = "back"
    note: Annotated[str, Field(max_length=200)] | None = None  # for the next window (首问负责: what was done)


class FollowUpOut(_Out):
    """A 容缺 follow-up (staff only): what the citizen still owes, by when, and who answers for it."""

    id: int
    ticket: int
    number: str
    day: date
    service: str
    service_name: str
    window: int | None
    missing: list[str]
    due: date
    owner_staff_no: str | None
    status: Literal["open", "done", "overdue"]
    opened_at: datetime
    fulfilled_at: datetime | None = None
    fulfilled_by: str | None = None
    received: str | None = None


class FinishIn(_In):
    """办结 with its outcome; checked by `jiaohao.domain.outcomes.check_finish` (Chinese messages, 400)."""

    outcome: Annotated[str, Field(max_length=32)] | None = None
    missing: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=50)] | None = None
    due: date | None = None
    note: Annotated[str, Field(max_length=1000)] | None = None


class PauseIn(_In):
    reason: Annotated[str, Field(max_length=64)] | None = None


class WindowTicketOut(_Out):
    """A window action's answer: the ticket it acted on and the window afterwards."""

    ticket: TicketPosition | None
    window: WindowOut


class AppointmentIn(_In):
    service: Annotated[str, Field(min_length=1, max_length=32)]
    date: date
    slot: Annotated[str, Field(pattern=r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$")]
    code: Annotated[str, Field(min_length=4, max_length=32, pattern=r"^[A-Za-z0-9]+$")]
    name: Annotated[str, Field(min_length=1, max_length=32)]
    phone: Annotated[str, Field(min_length=5, max_length=20)]


class AppointmentOut(_Out):
    id: int
    service: str
    date: date
    slot: str
    code: str
    name_masked: str
    phone_masked: str
    status: Literal["booked", "checked_in", "cancelled"]


class Event(_Out):
    """One message of the event stream. `data` is parsed once, into the model of its `type`
    (`jiaohao.wire.events`); an unknown type from a newer server becomes `UnknownEventData`."""

    seq: int
    type: str
    at: datetime
    data: SerializeAsAny[EventData]

    @field_validator("data", mode="before")
    @classmethod
    def _typed_data(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, EventData):
            return value
        model = EventData.by_type.get(info.data.get("type", ""), UnknownEventData)
        return model.model_validate(value)


class Snapshot(_Out):
    """Sent on the event stream instead of the missed events when `since` is too old to replay."""

    type: Literal["snapshot"] = "snapshot"
    seq: int
    hall: HallOut


class RatingIn(_In):
    ticket_id: RowId
    level: Annotated[int, Field(ge=1, le=5), NumberNotText]
    reasons: list[Annotated[str, Field(max_length=32)]] = Field(default_factory=list, max_length=10)
    comment: Annotated[str, Field(max_length=500)] | None = None
    # A serial 4/5-key evaluator cannot ask for reasons; its 差评 is taken without one.
    source: Literal["pad", "evaluator"] = "pad"
    # When the citizen pressed, for a rating the pad kept while the server was unreachable (within a day).
    rated_at: datetime | None = None


class RatingOut(_Out):
    id: int
    ticket_id: int
    number: str
    level: int
    case: dict[str, Any] | None = None  # {id, deadline, owner} when a 差评 opened a case


class CaseTextIn(_In):
    text: Annotated[str, Field(min_length=1, max_length=2000)]


class CaseOut(_Out):
    id: int
    status: Literal["open", "responded", "closed"]
    owner: str | None
    opened_at: datetime
    deadline: datetime
    overdue: bool
    level: int | None
    reasons: list[str]
    comment: str | None
    window: int
    staff_no: str | None
    service: str
    number: str
    response: str | None
    responded_at: datetime | None
    result: str | None
    closed_at: datetime | None


DeviceStatusName = Literal[
    "ok", "degraded", "paper_near_end", "paper_out", "cover_open", "offline", "error", "unknown", "starting",
    "stopping",
]


class DeviceStatusIn(_In):
    """A device's heartbeat and health (e.g. the kiosk's printer). Send on change and every minute."""

    status: DeviceStatusName
    detail: Annotated[str, Field(max_length=255)] | None = None


class DeviceOut(_Out):
    name: str
    kind: str
    windows: list[int]
    status: str | None
    detail: str | None
    last_seen_at: datetime | None
    online: bool  # heard from within the last two minutes
    health: Literal["online", "degraded", "offline"]  # degraded: heard from, but its status names a problem
    revoked: bool


class NoticeIn(_In):
    text: Annotated[str, Field(max_length=500)]


class MeOut(_Out):
    """Who a token belongs to."""

    kind: Literal["staff", "device"]
    role: str
    windows: list[int]
    staff_no: str | None = None
    staff_name: str | None = None
    device_id: int | None = None


class QueueEntry(_Out):
    id: int
    number: str
    service: str
    service_name: str
    channel: ChannelName
    state: TicketStateName
    issued_at: datetime
    waited_min: int
    target_window: int | None = None
    transferred: bool = False


class WindowToday(_Out):
    """Today's figures of one window (the business day)."""

    window: int
    served: int
    no_shows: int
    avg_handle_min: float | None
    rated: int
    good: int
    good_rate: float | None  # 好评率: levels 4–5 over rated
