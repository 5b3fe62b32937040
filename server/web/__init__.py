"""Browser pages: the citizen's phone page (/t/TOKEN) and the supervisor's dashboard (/admin), plus the reports
API they share with other clients. Server-rendered (Jinja2), live through the public event WebSocket."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from . import session

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    """Everything the web adds to the app, so that app.py needs one line for it."""
    from .. import api_reports
    from . import admin, admin_bookings, book, config_pages, phone
    from .templating import templates

    app.include_router(api_reports.router)
    app.include_router(admin.router)
    app.include_router(admin_bookings.router)
    app.include_router(config_pages.router)
    app.include_router(phone.router)
    app.include_router(book.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def _wants_html(request: Request) -> bool:
        return "/fragments" not in request.url.path and request.method == "GET"

    @app.exception_handler(session.LoginRequired)
    async def _login(request: Request, _: session.LoginRequired) -> Response:
        if not _wants_html(request):
            return Response("请先登录", status_code=401)
        return RedirectResponse("/admin/login", status_code=303)

    @app.exception_handler(session.NotSupervisor)
    async def _forbidden(request: Request, _: session.NotSupervisor) -> HTMLResponse:
        context = {"title": "需要值班主任或管理员权限", "text": "请使用值班主任或管理员账号登录管理后台。"}
        return templates.TemplateResponse(request, "message.html", context, 403)

    @app.exception_handler(session.CsrfRejected)
    async def _csrf(request: Request, _: session.CsrfRejected) -> HTMLResponse:
        context = {"title": "页面已过期", "text": "请返回管理后台刷新页面后重新提交。"}
        return templates.TemplateResponse(request, "message.html", context, 403)
