"""The supervisor's pages: login, the live dashboard (with its fragments), 差评 cases, the notice, reports."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import ValidationError

from jiaohao.domain.errors import DomainError
from jiaohao.wire.models import NoticeIn

from .. import api_devices, reports
from ..api_ratings import case_step
from ..api_reports import build_report, report_period, report_response
from ..audit import Who
from ..deps import RowIdParam
from ..runtime import HallRuntime
from . import session
from .charts import report_charts
from .overview import overview
from .period import compare, previous_period
from .templating import templates

router = APIRouter(prefix="/admin", include_in_schema=False)


def _runtime(request: Request) -> HallRuntime:
    runtime: HallRuntime = request.app.state.runtime
    return runtime


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


# --- login / logout ---------------------------------------------------------------------------------------


@router.get("/login")
async def login_form(request: Request, error: str | None = None, status: int = 200) -> HTMLResponse:
    nonce = session.new_login_nonce()
    response = templates.TemplateResponse(
        request, "login.html", {"csrf": nonce, "error": error, "hall": _runtime(request).config.hall.name}, status
    )
    response.set_cookie(
        session.LOGIN_COOKIE, nonce, httponly=True, samesite="strict", secure=_secure(request), path="/admin"
    )
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    form = await session.read_form(request)
    try:
        session.check_csrf(request, form, request.cookies.get(session.LOGIN_COOKIE))
    except session.CsrfRejected:
        return await login_form(request, "页面已过期，请重新输入", 403)
    client = request.client.host if request.client else "unknown"
    try:
        result = await session.log_in(_runtime(request), client, form.get("staff_no", "").strip(), form.get("pin", ""))
    except DomainError as err:
        return await login_form(request, err.message, err.status)
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(
        session.COOKIE, result.token, httponly=True, samesite="strict", secure=_secure(request), path="/admin"
    )
    response.delete_cookie(session.LOGIN_COOKIE, path="/admin")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    principal, token = await session.supervisor(request)
    session.check_csrf(request, await session.read_form(request), session.csrf_token(token))
    await session.log_out(_runtime(request), principal, Who.of(principal, request))
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(session.COOKIE, path="/admin")
    return response


# --- the dashboard -----------------------------------------------------------------------------------------


async def _overview_context(request: Request) -> dict[str, Any]:
    principal, token = await session.supervisor(request)
    runtime = _runtime(request)
    now = runtime.clock.now()
    view = await runtime.read(lambda conn: overview(conn, runtime.config, now))
    return {"view": view, "user": principal, "csrf": session.csrf_token(token), "config": runtime.config}


@router.get("")
async def dashboard(request: Request, message: str | None = None) -> HTMLResponse:
    context = await _overview_context(request)
    return templates.TemplateResponse(request, "dashboard.html", {**context, "message": message})


@router.get("/fragments")
async def fragments(request: Request) -> JSONResponse:
    """The dashboard's live parts as HTML, rendered by the same templates as the page, for the script to swap."""
    context = await _overview_context(request)
    names = ("hall", "alerts", "devices", "cases")
    parts = {name: templates.get_template(f"_{name}.html").render({**context, "request": request}) for name in names}
    return JSONResponse(parts, headers={"Cache-Control": "no-store"})


@router.post("/cases/{case_id}/{action}")
async def case_action(request: Request, case_id: RowIdParam, action: str) -> Response:
    principal, token = await session.supervisor(request)
    form = await session.read_form(request)
    session.check_csrf(request, form, session.csrf_token(token))
    runtime = _runtime(request)
    now = runtime.clock.now()
    text = form.get("text", "")
    if action not in ("respond", "close"):
        return RedirectResponse("/admin", status_code=303)
    step = "respond" if action == "respond" else "close"
    who = Who.of(principal, request)
    try:
        await runtime.write(lambda uow: case_step(runtime, uow, now, who, case_id, step, text), caller=principal)
    except DomainError as err:
        return await _back(request, err.message, 409 if err.status == 409 else 400)
    return RedirectResponse(f"/admin?message={'已记录回访' if action == 'respond' else '工单已办结'}#cases", 303)


@router.post("/notice")
async def notice(request: Request) -> Response:
    principal, token = await session.supervisor(request)
    form = await session.read_form(request)
    session.check_csrf(request, form, session.csrf_token(token))
    try:
        body = NoticeIn(text=form.get("text", "").strip())
    except ValidationError:
        return await _back(request, "滚动通知最多 500 字", 400)
    await api_devices.set_notice(body, _runtime(request), principal)  # the same code as PUT /api/v1/hall/notice
    return RedirectResponse("/admin?message=滚动通知已更新#notice", status_code=303)


async def _back(request: Request, message: str, status: int) -> HTMLResponse:
    context = await _overview_context(request)
    return templates.TemplateResponse(request, "dashboard.html", {**context, "error": message}, status)


# --- reports ---------------------------------------------------------------------------------------------


@router.get("/reports")
async def reports_page(
    request: Request,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    by: Annotated[reports.GroupBy, Query()] = "service",
) -> HTMLResponse:
    principal, token = await session.supervisor(request)
    runtime = _runtime(request)
    error = None
    report = previous = None
    try:
        report = await build_report(runtime, date_from, date_to, by)
        previous = await build_report(runtime, *previous_period(report.date_from, report.date_to), by)
    except DomainError as err:
        error = err.message
    context = {
        "user": principal,
        "csrf": session.csrf_token(token),
        "config": runtime.config,
        "report": report,
        "charts": report_charts(report) if report else [],
        "previous": previous,
        "comparison": compare(report, previous) if report and previous else [],
        "tables": reports.page_tables(by),
        "first_asked": reports.FIRST_ASKED if by == "staff" else (),
        "groupings": reports.GROUP_TITLES,
        "by": by,
        "error": error,
    }
    return templates.TemplateResponse(request, "reports.html", context, 400 if error else 200)


@router.get("/reports/export")
async def reports_export(
    request: Request,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    by: Annotated[reports.GroupBy, Query()] = "service",
    format: Annotated[str, Query(pattern="^(csv|xlsx)$")] = "csv",
) -> Response:
    principal, _ = await session.supervisor(request)
    runtime = _runtime(request)
    report = await build_report(runtime, date_from, date_to, by)
    await runtime.audit(Who.of(principal, request), "export", "report", after=report_period(report, format))
    return report_response(report, format)
