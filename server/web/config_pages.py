"""/admin/config: services, windows, staff, pause reasons and reminders, changed while the hall runs (the same
use cases as `PUT /api/v1/config/…`, server/live_config.py); /admin/audit: the audit log for administrators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from jiaohao.domain.errors import DomainError, Invalid

from ..api_audit import Filters, csv_response, read_entries
from ..audit import ACTIONS, Who
from ..auth import Principal
from ..runtime import HallRuntime
from ..storage import staff as staff_rows
from ..storage.unit_of_work import UnitOfWork
from . import config_forms as forms
from . import session
from .templating import templates

router = APIRouter(prefix="/admin", include_in_schema=False)
KINDS = {"services": "业务", "windows": "窗口", "staff": "工作人员"}
LIST_TITLES = {"pause_reasons": "暂停原因", "reminders": "温馨提示"}


def _runtime(request: Request) -> HallRuntime:
    runtime: HallRuntime = request.app.state.runtime
    return runtime


async def _user(request: Request) -> tuple[Principal, str]:
    return await session.supervisor(request)


def _context(request: Request, principal: Principal, token: str, **extra: Any) -> dict[str, Any]:
    return {"user": principal, "csrf": session.csrf_token(token), "config": _runtime(request).config, **extra}


@router.get("/config")
async def overview(request: Request, message: str | None = None) -> HTMLResponse:
    principal, token = await _user(request)
    runtime = _runtime(request)
    members = await runtime.read(staff_rows.all_members)
    editor = runtime.config_editor
    context = _context(
        request,
        principal,
        token,
        message=message,
        staff=members,
        lists=editor.lists(),
        list_titles=LIST_TITLES,
        roles=forms.ROLE_NAMES,
        weekday_names=forms.WEEKDAY_NAMES,
    )
    return templates.TemplateResponse(request, "config.html", context)


@router.get("/config/new/{kind}")
async def new_entry(request: Request, kind: str, key: Annotated[str, Query(max_length=32)] = "") -> Response:
    """The overview's 'add' boxes: go to the form of the code or number typed."""
    await _user(request)
    key = key.strip()
    if kind not in KINDS or not key:
        return RedirectResponse("/admin/config", status_code=303)
    return RedirectResponse(f"/admin/config/{kind}/{quote(key, safe='')}", status_code=303)


@router.get("/config/{kind}/{key}")
async def edit_form(request: Request, kind: str, key: str) -> Response:
    principal, token = await _user(request)
    if kind not in KINDS:
        return RedirectResponse("/admin/config", status_code=303)
    fields, new = await _fields(request, kind, key, None)
    return _form_page(request, principal, token, kind, key, fields, new)


async def _fields(
    request: Request, kind: str, key: str, submitted: dict[str, Any] | None
) -> tuple[list[forms.FormField], bool]:
    runtime = _runtime(request)
    editor = runtime.config_editor
    entry: dict[str, Any] = {}
    new = False
    try:
        if kind == "services":
            entry = editor.service(key)
        elif kind == "windows":
            entry = editor.window(_number(key))
        else:
            entry = await runtime.read(lambda conn: editor.staff(conn, key))
    except DomainError as err:
        if err.status != 404:
            raise
        new = True
    entry = {**entry, **(submitted or {})}
    if kind == "services":
        return forms.service_fields(entry), new
    if kind == "windows":
        return forms.window_fields(entry, runtime.config), new
    return forms.staff_fields(entry, new), new


def _number(key: str) -> int:
    if not key.isdigit() or not 1 <= int(key) <= 999:
        raise Invalid("bad_window", "窗口号应为 1 到 999 的数字")
    return int(key)


def _form_page(
    request: Request,
    principal: Principal,
    token: str,
    kind: str,
    key: str,
    fields: list[forms.FormField],
    new: bool,
    error: str | None = None,
) -> HTMLResponse:
    title = f"{'新增' if new else '修改'}{KINDS[kind]} {key}"
    context = _context(
        request,
        principal,
        token,
        title=title,
        kind=kind,
        key=key,
        fields=fields,
        error=error,
        weekday_names=forms.WEEKDAY_NAMES,
    )
    return templates.TemplateResponse(request, "config_form.html", context, 400 if error else 200)


@router.post("/config/{kind}/{key}")
async def save(request: Request, kind: str, key: str) -> Response:
    principal, token = await _user(request)
    form = await session.read_form(request)
    session.check_csrf(request, form, session.csrf_token(token))
    if kind not in KINDS:
        return RedirectResponse("/admin/config", status_code=303)
    runtime = _runtime(request)
    editor, who, now = runtime.config_editor, Who.of(principal, request), runtime.clock.now()
    fields: dict[str, Any]
    command: Callable[[UnitOfWork], Any]
    if kind == "services":
        weekdays = [v for k, v in parse_qsl((await request.body()).decode("utf-8", "replace")) if k == "weekdays"]
        fields = forms.service_from_form(form, weekdays)
        command = lambda uow: editor.set_service(uow, now, who, key, dict(fields))  # noqa: E731
    elif kind == "windows":
        fields = forms.window_from_form(form)
        number = _number(key)
        command = lambda uow: editor.set_window(uow, now, who, number, dict(fields))  # noqa: E731
    else:
        fields = forms.staff_from_form(form)
        command = lambda uow: editor.set_staff(uow, now, who, key, dict(fields))  # noqa: E731
    try:
        await runtime.write(command)
    except DomainError as err:
        shown, new = await _fields(request, kind, key, {k: v for k, v in fields.items() if k != "pin"})
        return _form_page(request, principal, token, kind, key, shown, new, err.message)
    if kind == "staff":
        runtime.tokens.clear()  # a disabled account's sessions end now
    return RedirectResponse(f"/admin/config?message={quote(f'已保存{KINDS[kind]} {key}')}#{kind}", status_code=303)


@router.post("/config-lists/{name}")
async def save_list(request: Request, name: str) -> Response:
    principal, token = await _user(request)
    form = await session.read_form(request)
    session.check_csrf(request, form, session.csrf_token(token))
    if name not in LIST_TITLES:
        return RedirectResponse("/admin/config", status_code=303)
    runtime = _runtime(request)
    editor, who, now = runtime.config_editor, Who.of(principal, request), runtime.clock.now()
    items = forms.lines(form.get("items", ""))
    try:
        await runtime.write(lambda uow: editor.set_list(uow, now, who, name, items))
    except DomainError as err:
        return RedirectResponse(f"/admin/config?message={quote(err.message)}#lists", status_code=303)
    return RedirectResponse(f"/admin/config?message={quote(f'已保存{LIST_TITLES[name]}')}#lists", status_code=303)


# --- the audit log ---------------------------------------------------------------------------------------------


@router.get("/audit")
async def audit_page(request: Request, filters: Filters) -> Response:
    principal, token = await _user(request)
    if principal.role != "admin":
        context = {"title": "需要管理员权限", "text": "操作日志只有管理员可以查看，请使用管理员账号登录。"}
        return templates.TemplateResponse(request, "message.html", context, 403)
    runtime = _runtime(request)
    error = None
    rows: list[Any] = []
    try:
        rows = await read_entries(runtime, filters)
    except DomainError as err:
        error = err.message
    context = _context(
        request,
        principal,
        token,
        rows=rows[:500],
        total=len(rows),
        actions=ACTIONS,
        filters=filters.shown(),
        error=error,
        zone=runtime.config.policy.zone,
    )
    return templates.TemplateResponse(request, "audit.html", context, 400 if error else 200)


@router.get("/audit/export")
async def audit_export(request: Request, filters: Filters) -> Response:
    principal, _ = await _user(request)
    if principal.role != "admin":
        return Response("需要管理员权限", status_code=403)
    runtime = _runtime(request)
    rows = await read_entries(runtime, filters)
    await runtime.audit(Who.of(principal, request), "export", "audit", after=filters.shown())
    return csv_response(rows, runtime.config)
