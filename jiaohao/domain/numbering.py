"""Business days, ticket numbers, daily caps and opening hours."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .config import Policy, ServiceConfig, TimeRange
from .errors import Conflict


def business_day(at: datetime, policy: Policy) -> date:
    """The business day an instant belongs to: the local date, with the day turning over at the reset hour."""
    local = at.astimezone(policy.zone)
    return (local - timedelta(hours=policy.day_reset_hour)).date()


def format_number(prefix: str, seq: int, width: int) -> str:
    """A001 … A999; past the width the number simply grows (A1000) rather than wrapping onto a used one."""
    if seq < 1:
        raise ValueError("ticket sequence starts at 1")
    return f"{prefix}{seq:0{width}d}"


def is_open(service: ServiceConfig, at: datetime, policy: Policy) -> bool:
    local = at.astimezone(policy.zone)
    if local.isoweekday() not in service.weekdays:
        return False
    t = local.time()
    return any(r.contains(t) for r in service.hours)


def _range_text(r: TimeRange) -> str:
    end = "24:00" if r.end == time.max else r.end.strftime("%H:%M")
    return f"{r.start.strftime('%H:%M')}-{end}"


def hours_text(service: ServiceConfig) -> str:
    return "、".join(_range_text(r) for r in service.hours)


def closed_reason(service: ServiceConfig, at: datetime, policy: Policy, issued_today: int) -> str | None:
    """Why a kiosk greys a service's button now, in the words it shows; None while it gives tickets."""
    if service.suspended:
        return "暂停取号"
    if not is_open(service, at, policy):
        return "不在取号时间"
    if service.daily_cap is not None and issued_today >= service.daily_cap:
        return "今日号源已取完"
    return None


def check_can_issue(service: ServiceConfig, at: datetime, policy: Policy, issued_today: int) -> None:
    """Raise the sentence a citizen should read when this service cannot give a ticket now."""
    if service.suspended:
        raise Conflict("service_suspended", f"{service.name}暂停取号，请咨询大厅工作人员")
    if not is_open(service, at, policy):
        raise Conflict(
            "service_closed",
            f"{service.name}当前不在取号时间（{hours_text(service)}），请在办理时间内取号",
        )
    if service.daily_cap is not None and issued_today >= service.daily_cap:
        raise Conflict(
            "daily_cap_reached",
            f"{service.name}今日号源已取完（每日限{service.daily_cap}号），请明日再来或网上预约",
        )
