"""What the supervisor's dashboard shows: the live hall, the longest waits, devices, 差评 cases and alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from jiaohao.domain.config import HallConfig
from jiaohao.domain.numbering import business_day
from jiaohao.wire.models import DeviceOut, HallOut

from .. import presenting
from ..api_devices import list_devices
from ..ratings import list_cases
from ..storage import Connection
from ..storage import hall as hall_rows
from ..storage import tickets as ticket_rows
from .templating import DEVICE_KINDS

CASE_SOON = timedelta(hours=2)  # a 差评 case this close to its deadline is flagged before it is late
PRINTER_TROUBLE = {
    "paper_out": ("danger", "缺纸，无法出票"),
    "paper_near_end": ("warn", "纸将用完，请及时换纸"),
    "cover_open": ("danger", "纸仓盖未关好"),
    "error": ("danger", "设备故障"),
}


@dataclass(frozen=True, slots=True)
class Alert:
    level: str  # danger | warn
    text: str


@dataclass(frozen=True, slots=True)
class ServiceLine:
    code: str
    name: str
    waiting: int
    longest_min: int | None  # the citizen who has waited longest, since issue
    over_limit: int  # waiting longer than policy.starve_after_min


@dataclass(frozen=True, slots=True)
class Overview:
    hall: HallOut
    services: list[ServiceLine]
    devices: list[DeviceOut]
    cases: list[dict[str, Any]]
    alerts: list[Alert]
    now: datetime
    tz: ZoneInfo

    def local(self, value: str | datetime | None) -> str:
        """HH:MM in the hall's time zone (the date too when it is not today)."""
        if value is None:
            return "—"
        when = datetime.fromisoformat(value) if isinstance(value, str) else value
        here, today = when.astimezone(self.tz), self.now.astimezone(self.tz)
        return here.strftime("%H:%M") if here.date() == today.date() else here.strftime("%m-%d %H:%M")


def overview(conn: Connection, config: HallConfig, now: datetime) -> Overview:
    hall = presenting.hall_view(conn, config, now, 0, hall_rows.notice(conn, config.hall.id))
    limit = now - timedelta(minutes=config.policy.starve_after_min)
    waits = ticket_rows.oldest_waiting(conn, config.hall.id, business_day(now, config.policy), limit)
    services = []
    for service in hall.services:
        oldest, over = waits.get(service.code, (None, 0))
        longest = int((now - oldest).total_seconds() // 60) if oldest is not None else None
        services.append(ServiceLine(service.code, service.name, service.waiting, longest, over))
    devices = list_devices(conn, now)
    cases = [c for c in list_cases(conn, config.hall.id, now, status=None) if c["status"] != "closed"]
    for case in cases:
        configured = config.service(case["service"])
        case["service_name"] = configured.name if configured else case["service"]
    tz = ZoneInfo(config.policy.timezone)
    view = Overview(hall, services, devices, cases, [], now, tz)
    return Overview(hall, services, devices, cases, _alerts(view, config), now, tz)


def _alerts(view: Overview, config: HallConfig) -> list[Alert]:
    alerts: list[Alert] = []
    for device in view.devices:
        if device.revoked:
            continue
        kind = DEVICE_KINDS.get(device.kind, device.kind)
        trouble = PRINTER_TROUBLE.get(device.status or "")
        if trouble is not None:
            alerts.append(Alert(trouble[0], f"{kind}「{device.name}」{trouble[1]}"))
        elif device.health == "degraded":
            alerts.append(Alert("warn", f"{kind}「{device.name}」异常：{device.detail or device.status}"))
        if not device.online:
            seen = f"最后在线 {view.local(device.last_seen_at)}" if device.last_seen_at else "从未上线"
            alerts.append(Alert("danger", f"{kind}「{device.name}」离线（{seen}）"))
    for case in view.cases:
        if case["status"] != "open":
            continue
        deadline = datetime.fromisoformat(case["deadline"])
        where = f"{case['number']}，{case['window']}号窗口"
        if deadline <= view.now:
            alerts.append(Alert("danger", f"差评工单 {case['id']}（{where}）已超过回访期限 {view.local(deadline)}"))
        elif deadline - view.now <= CASE_SOON:
            due = view.local(deadline)
            alerts.append(Alert("warn", f"差评工单 {case['id']}（{where}）将于 {due} 到期，请尽快回访"))
    limit = config.policy.starve_after_min
    for line in view.services:
        if line.over_limit:
            alerts.append(
                Alert(
                    "danger",
                    f"{line.name}有 {line.over_limit} 人等候超过 {limit:g} 分钟（最长 {line.longest_min} 分钟）",
                )
            )
    return sorted(alerts, key=lambda a: a.level != "danger")
