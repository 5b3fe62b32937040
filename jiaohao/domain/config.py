"""The hall as configured: services, windows, staff and policy. Validated once, then read-only."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_HOURS = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TimeRange(_Frozen):
    start: time
    end: time  # exclusive; 24:00 is written as end=None-equivalent time.max

    def contains(self, t: time) -> bool:
        return self.start <= t < self.end


def parse_hours(text: str) -> TimeRange:
    """'08:30-12:00' → TimeRange; '00:00-24:00' means the whole day."""
    match = _HOURS.match(text.strip())
    if not match:
        raise ValueError(f"opening hours must look like 08:30-12:00, got {text!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start = time(h1, m1)
    end = time.max if (h2, m2) == (24, 0) else time(h2, m2)
    if end <= start:
        raise ValueError(f"opening hours {text!r} end before they start")
    return TimeRange(start=start, end=end)


class ServiceConfig(_Frozen):
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
    name: Annotated[str, Field(min_length=1, max_length=64)]
    name_en: Annotated[str, Field(min_length=1, max_length=96)] | None = None
    prefix: Annotated[str, Field(pattern=r"^[A-Z]{1,2}$")]
    number_width: Annotated[int, Field(ge=1, le=6)] = 3
    daily_cap: Annotated[int, Field(ge=1)] | None = None
    hours: tuple[TimeRange, ...] = (TimeRange(start=time(0, 0), end=time.max),)
    weekdays: tuple[Annotated[int, Field(ge=1, le=7)], ...] = (1, 2, 3, 4, 5, 6, 7)
    checklist: tuple[str, ...] = ()
    checklist_en: tuple[str, ...] | None = None  # item for item, in the same order
    avg_handle_min: Annotated[float, Field(gt=0, le=480)] = 10.0
    one_open_ticket_per_person: bool = False
    green_channel: bool = True
    booking_capacity: Annotated[int, Field(ge=0, le=999)] = 0  # citizens per bookable slot; 0: not bookable
    booking_slot_min: Annotated[int, Field(ge=5, le=240)] = 30
    item_code: Annotated[str, Field(max_length=64)] = ""  # 事项编码 from the province's item catalogue, for exports
    suspended: bool = False  # closed now by a supervisor (暂停取号), whatever the hours say

    @model_validator(mode="after")
    def _english_checklist(self) -> ServiceConfig:
        if self.checklist_en is not None and len(self.checklist_en) != len(self.checklist):
            raise ValueError(f"service {self.code}: checklist_en must list the checklist's items one for one")
        return self

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return tuple(parse_hours(v) if isinstance(v, str) else v for v in value)
        return value


class WindowConfig(_Frozen):
    number: Annotated[int, Field(ge=1, le=999)]
    name: Annotated[str, Field(min_length=1, max_length=64)]
    name_en: Annotated[str, Field(min_length=1, max_length=96)] | None = None
    kind: Literal["综合", "专窗"] = "综合"
    services: tuple[str, ...]  # service codes, highest priority first

    @field_validator("services")
    @classmethod
    def _services(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("a window must offer at least one service")
        if len(set(value)) != len(value):
            raise ValueError("a window lists a service twice")
        return value


class StaffConfig(_Frozen):
    """Staff seeded from the hall file. `pin` is for demo halls only; real halls use `jiaohao admin staff`."""

    no: Annotated[str, Field(pattern=r"^[0-9A-Za-z]{1,16}$")]
    name: Annotated[str, Field(min_length=1, max_length=32)]
    role: Literal["staff", "supervisor", "admin"] = "staff"
    title: str = ""
    photo: str | None = None
    pin: Annotated[str, Field(min_length=4, max_length=64)] | None = None  # as `jiaohao admin staff set-pin`


class Policy(_Frozen):
    timezone: str = "Asia/Shanghai"
    day_reset_hour: Annotated[int, Field(ge=0, le=23)] = 3
    starve_after_min: Annotated[float, Field(gt=0)] = 60.0
    appointment_early_min: Annotated[float, Field(ge=0)] = 15.0
    appointment_late_min: Annotated[float, Field(ge=0)] = 15.0
    # A code presented too early or too late: False (default) refuses with the time to come back; True issues a
    # normal ticket instead and marks the booking used, so the same code cannot give a second ticket.
    appointment_fallback_normal: bool = False
    booking_days_ahead: Annotated[int, Field(ge=0, le=90)] = 7
    no_show_limit: Annotated[int, Field(ge=1)] = 3  # no-shows within no_show_window_days that block booking
    no_show_window_days: Annotated[int, Field(ge=1)] = 30
    no_show_block_days: Annotated[int, Field(ge=1)] = 30
    rating_window_min: Annotated[float, Field(gt=0)] = 10.0
    rating_reasons: tuple[str, ...] = ("服务态度", "办事效率", "业务水平", "一次性告知不到位", "环境设施", "其他")
    rating_default_level: Annotated[int, Field(ge=1, le=5)] | None = None  # off: unrated stays unrated
    case_deadline_hours: Annotated[float, Field(gt=0)] = 24.0
    case_owner: str | None = None  # staff number of who answers 差评 cases; default: the first supervisor
    login_max_failures: Annotated[int, Field(ge=1)] = 5
    login_lockout_min: Annotated[float, Field(gt=0)] = 15.0
    staff_token_hours: Annotated[float, Field(gt=0)] = 12.0
    estimate_sample: Annotated[int, Field(ge=1)] = 20
    snapshot_after_events: Annotated[int, Field(ge=100)] = 10_000
    followup_working_days: Annotated[int, Field(ge=1, le=60)] = 5  # 容缺: default time to supply what was missing
    good_levels: tuple[Annotated[int, Field(ge=1, le=5)], ...] = (4, 5)  # the levels this hall counts as 好评

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ValueError(f"unknown time zone {value!r}") from err
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class BackupPolicy(_Frozen):
    """The nightly copy of a SQLite hall database (PostgreSQL: pg_dump, see docs/deploy.md)."""

    folder: str | None = None  # default: a `backups` folder beside the database file
    at: time = time(2, 30)  # local time; after closing, before the day's turn
    keep: Annotated[int, Field(ge=1, le=3650)] = 14  # newest copies kept; older ones are deleted
    enabled: bool = True


GREEN_CHANNEL = "老年人、残疾人、孕妇、军人等"
GREEN_CHANNEL_EN = "seniors, disabled people, pregnant women, service members and others"
GREEN_CHANNEL_FIELD = "{green_channel}"


class HallInfo(_Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
    name: Annotated[str, Field(min_length=1, max_length=64)]
    name_en: Annotated[str, Field(min_length=1, max_length=96)] | None = None
    region_code: str = ""  # 行政区划代码, used by the rating export
    # The one sentence about a missed call (过号): the ticket, the kiosk and the phone page all show this one.
    overdue: str = "过号请重新取号"
    overdue_en: str = "If you miss your call, please take a new ticket"
    # Who the green channel (绿色通道) is for, in one place: the kiosk's green button and its screen say it, and
    # a reminder line may hold "{green_channel}" to say it on the ticket in the same words.
    green_channel: Annotated[str, Field(min_length=1, max_length=64)] = GREEN_CHANNEL
    green_channel_en: Annotated[str, Field(min_length=1, max_length=128)] = GREEN_CHANNEL_EN
    reminders: tuple[str, ...] = ("请留意屏幕及语音叫号",)
    reminders_en: tuple[str, ...] | None = None  # item for item, in the same order
    notice: str = ""
    phone: str = ""  # the hall's enquiry number, printed on the 一次性告知书
    # What a clerk picks from when pausing the window (the caller's pause menu).
    pause_reasons: tuple[Annotated[str, Field(min_length=1, max_length=32)], ...] = (
        "午休",
        "业务培训",
        "系统故障",
        "临时离开",
        "其他",
    )

    @field_validator("pause_reasons")
    @classmethod
    def _reasons(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("list at least one pause reason")
        if len(set(value)) != len(value):
            raise ValueError("a pause reason is listed twice")
        return value

    def reminder_lines(self, english: bool = False) -> tuple[str, ...]:
        """The reminders as the ticket prints them: "{green_channel}" in the hall's words for the green channel
        (English: the English lines, or None when the hall file has none)."""
        if english:
            if self.reminders_en is None:
                return ()
            return tuple(line.replace(GREEN_CHANNEL_FIELD, self.green_channel_en) for line in self.reminders_en)
        return tuple(line.replace(GREEN_CHANNEL_FIELD, self.green_channel) for line in self.reminders)

    @model_validator(mode="after")
    def _english_reminders(self) -> HallInfo:
        if self.reminders_en is not None and len(self.reminders_en) != len(self.reminders):
            raise ValueError("reminders_en must list the reminders one for one")
        return self


class Calendar(_Frozen):
    """法定节假日 closed whatever the weekday; 调休 make-up working days open whatever the weekday."""

    holidays: tuple[date, ...] = ()
    workdays: tuple[date, ...] = ()

    @model_validator(mode="after")
    def _disjoint(self) -> Calendar:
        both = set(self.holidays) & set(self.workdays)
        if both:
            raise ValueError(f"a day is both a holiday and a make-up working day: {sorted(both)[0]}")
        return self


class RemindersConfig(_Frozen):
    """How reminders reach citizens. Secrets never live here: the SMS AccessKey pair and the webhook's HMAC
    secret come from the environment (JIAOHAO_SMS_ACCESS_KEY_ID, JIAOHAO_SMS_ACCESS_KEY_SECRET,
    JIAOHAO_WEBHOOK_SECRET)."""

    channel: Literal["off", "webhook", "aliyun_sms"] = "off"
    url: str = ""  # the webhook's URL, or the SMS endpoint (default https://dysmsapi.aliyuncs.com/)
    sign_name: str = ""  # 短信签名, as approved by the provider
    templates: dict[str, str] = Field(default_factory=dict)  # kind → 模板CODE (confirmed, day_before, near, called)
    near_ahead: Annotated[int, Field(ge=1, le=20)] = 3  # "即将到号" when this many or fewer are ahead
    day_before_hour: Annotated[int, Field(ge=0, le=23)] = 18
    max_attempts: Annotated[int, Field(ge=1, le=20)] = 5
    retry_after_s: Annotated[float, Field(gt=0)] = 30.0  # doubled after every failed attempt


class HallConfig(_Frozen):
    hall: HallInfo
    policy: Policy = Policy()
    calendar: Calendar = Calendar()
    reminders: RemindersConfig = RemindersConfig()
    backup: BackupPolicy = BackupPolicy()
    services: tuple[ServiceConfig, ...]
    windows: tuple[WindowConfig, ...]
    staff: tuple[StaffConfig, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> HallConfig:
        codes = [s.code for s in self.services]
        if not codes:
            raise ValueError("a hall needs at least one service")
        if len(set(codes)) != len(codes):
            raise ValueError("two services share a code")
        prefixes = [s.prefix for s in self.services]
        if len(set(prefixes)) != len(prefixes):
            raise ValueError("two services share a number prefix; every ticket number must be unique")
        numbers = [w.number for w in self.windows]
        if len(set(numbers)) != len(numbers):
            raise ValueError("two windows share a number")
        for window in self.windows:
            unknown = set(window.services) - set(codes)
            if unknown:
                raise ValueError(f"window {window.number} offers unknown services {sorted(unknown)}")
        staff_nos = [s.no for s in self.staff]
        if len(set(staff_nos)) != len(staff_nos):
            raise ValueError("two staff members share a staff number")
        return self

    def service(self, code: str) -> ServiceConfig | None:
        return next((s for s in self.services if s.code == code), None)

    def window(self, number: int) -> WindowConfig | None:
        return next((w for w in self.windows if w.number == number), None)

    def windows_for(self, service_code: str) -> tuple[WindowConfig, ...]:
        return tuple(w for w in self.windows if service_code in w.services)
