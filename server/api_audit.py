"""`GET /api/v1/audit`: the audit log (操作日志) for an administrator, as JSON or CSV; reading it is not an
export, downloading the CSV is (and is recorded)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import Invalid
from jiaohao.wire.models import API_PREFIX

from .api_config import require_admin
from .audit import ACTIONS, AuditRec, Who
from .deps import ERROR_RESPONSES, Caller, Runtime
from .runtime import HallRuntime
from .storage import audit as audit_rows

router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES, tags=["audit"])
LIMIT = 5000


@dataclass(frozen=True, slots=True)
class AuditFilters:
    """What an administrator asks of the log: the API and the /admin page read the same query parameters."""

    date_from: date | None
    date_to: date | None
    actor: str | None
    action: str | None

    def shown(self) -> dict[str, str]:
        """As the form shows them and as an export records them."""
        return {
            "from": str(self.date_from or ""),
            "to": str(self.date_to or ""),
            "actor": self.actor or "",
            "action": self.action or "",
        }


async def audit_filters(
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    actor: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=32)] = None,
) -> AuditFilters:
    return AuditFilters(date_from, date_to, actor or None, action or None)


Filters = Annotated[AuditFilters, Depends(audit_filters)]


@router.get("/audit")
async def audit_log(
    request: Request,
    runtime: Runtime,
    caller: Caller,
    filters: Filters,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    require_admin(caller)
    rows = await read_entries(runtime, filters)
    if format == "csv":
        await runtime.audit(Who.of(caller, request), "export", "audit", after=filters.shown())
        return csv_response(rows, runtime.config)
    body = [entry_json(r) for r in rows]
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")


async def read_entries(runtime: HallRuntime, filters: AuditFilters) -> list[AuditRec]:
    """Entries of the days [from, to] in the hall's time zone, newest first."""
    action, date_from, date_to = filters.action, filters.date_from, filters.date_to
    if action and action not in ACTIONS:
        raise Invalid("unknown_action", f"没有这种操作：{action}（可选：{'、'.join(ACTIONS)}）")
    if date_from and date_to and date_to < date_from:
        raise Invalid("bad_range", "结束日期早于开始日期")
    zone = runtime.config.policy.zone
    since = datetime.combine(date_from, time(0), zone) if date_from else None
    until = datetime.combine(date_to + timedelta(days=1), time(0), zone) if date_to else None
    hall_id = runtime.config.hall.id
    return await runtime.read(
        lambda conn: audit_rows.entries(
            conn, hall_id, since=since, until=until, actor=filters.actor, action=action, limit=LIMIT
        )
    )


def entry_json(entry: AuditRec) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "address": entry.address,
        "action": entry.action,
        "action_name": ACTIONS.get(entry.action, entry.action),
        "subject": entry.subject,
        "before": entry.before,
        "after": entry.after,
    }


def csv_response(rows: list[AuditRec], config: HallConfig) -> Response:
    """UTF-8 with a BOM for Excel on a Chinese Windows, times in the hall's zone."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["时间", "操作人", "地址", "操作", "对象", "修改前", "修改后"])
    zone = config.policy.zone
    for r in rows:
        writer.writerow(
            [
                f"{r.at.astimezone(zone):%Y-%m-%d %H:%M:%S}",
                r.actor,
                r.address,
                ACTIONS.get(r.action, r.action),
                r.subject,
                json.dumps(r.before, ensure_ascii=False) if r.before is not None else "",
                json.dumps(r.after, ensure_ascii=False) if r.after is not None else "",
            ]
        )
    headers = {"Content-Disposition": 'attachment; filename="audit.csv"'}
    return Response(buffer.getvalue().encode("utf-8-sig"), media_type="text/csv; charset=utf-8", headers=headers)
