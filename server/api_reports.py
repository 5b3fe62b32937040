"""`GET /api/v1/reports/summary`: the supervisor's report as JSON, CSV or XLSX (also used by the web pages)."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from datetime import date, timedelta
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from jiaohao.domain.numbering import business_day
from jiaohao.wire.models import API_PREFIX

from . import reports
from .audit import Who
from .deps import ERROR_RESPONSES, Caller, DateParam, Runtime
from .runtime import HallRuntime
from .storage import reports as q
from .storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
router = APIRouter(
    prefix=API_PREFIX, responses=ERROR_RESPONSES
)
ReportFormat = Literal["json", "csv", "xlsx"]
ROLL_UP_CHUNK_DAYS = 31  # one writer transaction per month of days: short, so calls and tickets go on
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/reports/summary",
    responses={
        200: {
            "description": "the report: JSON, or a CSV or XLSX file to download (`format`)",
            "content": {"application/json": {}, "text/csv": {}, XLSX: {}},
        }
    },
)
async def summary(
    request: Request,
    runtime: Runtime,
    caller: Caller,
    date_from: Annotated[DateParam | None, Query(alias="from")] = None,
    date_to: Annotated[DateParam | None, Query(alias="to")] = None,
    by: Annotated[reports.GroupBy, Query()] = "service",
    format: Annotated[ReportFormat, Query()] = "json",
) -> Response:
    caller.require_supervisor()
    report = await build_report(runtime, date_from, date_to, by)
    if format != "json":  # a file leaves the system: 操作日志 records who took it
        await runtime.audit(Who.of(caller, request), "export", "report", after=report_period(report, format))
    return report_response(report, format)


def report_period(report: reports.Report, format: str) -> dict[str, Any]:
    return {"from": report.date_from.isoformat(), "to": report.date_to.isoformat(), "by": report.by, "format": format}


async def build_report(runtime: HallRuntime, date_from: date | None, date_to: date | None, by: str) -> reports.Report:
    """Today (the business day) when no dates are given; closed days are rolled up first, once."""
    config = runtime.config
    now = runtime.clock.now()
    today = business_day(now, config.policy)
    first, last = date_from or date_to or today, date_to or date_from or today
    reports.check_range(first, last, by)
    await roll_up(runtime, first, last)
    return await runtime.read(lambda conn: reports.summary(conn, config, first, last, by, now))


async def roll_up(runtime: HallRuntime, first: date, last: date) -> None:
    """Store the totals of the closed days in [first, last] that are not stored yet."""
    config = runtime.config
    now = runtime.clock.now()
    days = await runtime.read(lambda conn: reports.days_to_roll(conn, config, first, last, now))
    for start in range(0, len(days), ROLL_UP_CHUNK_DAYS):
        chunk = days[start : start + ROLL_UP_CHUNK_DAYS]
        # Read in a reader, write in the writer: the writer only inserts the ready rows.
        rollup = await runtime.read(partial(q.compute_rollup, config=config, days=chunk))
        await runtime.write(partial(_store, hall_id=config.hall.id, rollup=rollup))


async def roll_up_forever(
    runtime: HallRuntime, every_seconds: float = 3600.0, lookback_days: int = 31, first_after: float = 300.0
) -> None:
    """Each hour, store the totals of the days that closed, so no report has to compute a year on the spot.
    The first round waits a few minutes: a server that just started (or a test seeding history) goes first."""
    await asyncio.sleep(first_after)
    while True:
        try:
            today = business_day(runtime.clock.now(), runtime.config.policy)
            await roll_up(runtime, today - timedelta(days=lookback_days), today)
        except Exception:  # keep going; the next round (or the next report) rolls up what failed
            log.exception("report roll-up failed")
        await asyncio.sleep(every_seconds)


def _store(uow: UnitOfWork, *, hall_id: str, rollup: q.RollUp) -> None:
    q.store_rollup(uow.conn, hall_id, rollup)


def report_response(report: reports.Report, format: str) -> Response:
    name = f"report_{report.date_from.isoformat()}_{report.date_to.isoformat()}_{report.by}"
    if format == "csv":
        return Response(
            to_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if format == "xlsx":
        return Response(
            to_xlsx(report), media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'}
        )
    return JSONResponse(report.as_dict())


def _cells(row: reports.ReportRow, percent: bool) -> list[Any]:
    values = row.as_dict()
    out: list[Any] = []
    for field, _, kind in reports.COLUMNS:
        value = values[field]
        if kind == "rate" and value is not None and percent:
            value = round(value * 100, 1)
        out.append("" if value is None and percent else value)
    return out


def _titles(report: reports.Report, percent: bool) -> list[str]:
    first_asked = [title for _, title in reports.FIRST_ASKED] if report.by == "staff" else []
    return (
        [reports.GROUP_TITLES[report.by]]
        + [f"{title}(%)" if kind == "rate" and percent else title for _, title, kind in reports.COLUMNS]
        + first_asked
    )


def to_csv(report: reports.Report) -> bytes:
    """UTF-8 with a BOM, so that Excel on a Chinese Windows opens it without mangling the characters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_titles(report, percent=True))
    for row in [*report.rows, report.total]:
        writer.writerow([row.label, *_cells(row, percent=True), *report.first_asked_cells(row)])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(report: reports.Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "统计报表"
    sheet.append([f"{report.hall} 办件统计 {report.date_from.isoformat()} 至 {report.date_to.isoformat()}"])
    sheet.append(_titles(report, percent=False))
    for row in [*report.rows, report.total]:
        sheet.append([row.label, *_cells(row, percent=False), *report.first_asked_cells(row)])
    bold = Font(bold=True)
    for cell in (*sheet[1], *sheet[2], *sheet[sheet.max_row]):
        cell.font = bold
    for index, (_, _, kind) in enumerate(reports.COLUMNS, start=2):
        number_format = {"rate": "0.0%", "min": "0.0", "n": "0"}[kind]
        for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
            cell.number_format = number_format
    sheet.column_dimensions["A"].width = 22
    sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
