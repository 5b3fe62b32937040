"""The ASGI application: routes, the JSON error shape, body limits, and the lifespan that owns the runtime."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import DomainError

from . import openapi_doc
from .edge import RefuseControlChars
from .runtime import HallRuntime, ServerSettings, StorageFull
from .writer import WriterClosed

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


_HTTP_CODES = {
    404: ("not_found", "没有这个接口"),
    400: ("bad_request", "请求内容不是有效的 JSON（须为 UTF-8 编码，嵌套不能太深）"),  # FastAPI's body parser
    405: ("method_not_allowed", "该接口不支持这种请求方式"),
    413: ("body_too_large", "请求内容过大"),
}


# pydantic's messages are English; a clerk or an installer reads these (the field's name stays as the contract's).
_PROBLEMS = {
    "missing": "缺少此项",
    "extra_forbidden": "不认识的字段",
    "string_too_short": "内容太短",
    "string_too_long": "内容太长",
    "too_short": "项数太少",
    "too_long": "项数太多",
    "string_pattern_mismatch": "格式不正确",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "greater_than_equal": "超出允许范围",
    "less_than_equal": "超出允许范围",
    "greater_than": "超出允许范围",
    "less_than": "超出允许范围",
    "literal_error": "不是允许的取值",
    "enum": "不是允许的取值",
    "date_parsing": "日期格式不正确（应为 YYYY-MM-DD）",
    "date_from_datetime_parsing": "日期格式不正确（应为 YYYY-MM-DD）",
    "datetime_parsing": "时间格式不正确（应为 ISO 8601）",
    "datetime_from_date_parsing": "时间格式不正确（应为 ISO 8601）",
    "list_type": "应为列表",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
}


def _validation_message(err: RequestValidationError) -> str:
    parts = []
    for item in err.errors()[:3]:
        kind = item.get("type", "")
        if kind == "json_invalid":
            return "请求内容不是有效的 JSON"
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
        if kind == "value_error":  # our own validators speak Chinese already
            problem = str(item.get("msg", "")).removeprefix("Value error, ")
        else:
            problem = _PROBLEMS.get(kind, "取值不正确")
        parts.append(f"{where or '请求'}：{problem}")
    return "请求格式不正确：" + "；".join(parts)


class BodyLimit:
    """Refuse bodies over the limit with 413, whether announced by Content-Length or streamed (chunked).

    A streamed body is read here first (it is small: 64 KiB at most) and handed on whole: refusing it half-way
    through the app made FastAPI's body parser answer its own 400 in English."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = None
        streamed = False
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                announced = int(value) if value.isdigit() else None
            elif name == b"transfer-encoding":
                streamed = True
        if not streamed or announced is not None:  # HTTP/1.1: no Transfer-Encoding, no body beyond the length
            if announced is not None and announced > self.limit:
                await error_response(413, *_HTTP_CODES[413])(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client left
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.limit:
                await error_response(413, *_HTTP_CODES[413])(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        whole: Message = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return whole
            return await receive()

        await self.app(scope, replay, send)


def _allowed_methods(app: FastAPI, path: str) -> str | None:
    """Every documented method of the path, not only the first route's: one path's GET and DELETE may live in
    two routers, and Starlette's 405 names the first route's alone (RFC 9110: `Allow` lists what the resource
    supports). None for a path the API document does not describe."""
    table: list[tuple[re.Pattern[str], str]] | None = getattr(app.state, "allow_table", None)
    if table is None:
        table = [
            (re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"),
             ", ".join(sorted(m.upper() for m in operations)))
            # literal paths first: /bookings/slots is not /bookings/{code}
            for template, operations in sorted(app.openapi().get("paths", {}).items(), key=lambda p: p[0].count("{"))
        ]
        app.state.allow_table = table
    return next((methods for pattern, methods in table if pattern.match(path)), None)


def create_app(
    config: HallConfig,
    settings: ServerSettings,
    *,
    on_started: Callable[[HallRuntime], Awaitable[None]] | None = None,
    on_stopping: Callable[[HallRuntime], Awaitable[None]] | None = None,
) -> FastAPI:
    runtime = HallRuntime(config, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime.start(asyncio.get_running_loop())
        sweeper = asyncio.create_task(runtime.sweep_forever())
        from .api_reports import roll_up_forever

        roller = asyncio.create_task(roll_up_forever(runtime))
        sender = asyncio.create_task(runtime.reminders_forever())
        if on_started is not None:
            await on_started(runtime)
        try:
            yield
        finally:
            for task in (sweeper, roller, sender):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if on_stopping is not None:
                await on_stopping(runtime)
            await asyncio.to_thread(runtime.close)

    app = FastAPI(
        title="Jiaohao 叫号 API",
        version="1",
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.runtime = runtime

    @app.exception_handler(DomainError)
    async def _domain(_: Request, err: DomainError) -> JSONResponse:
        return error_response(err.status, err.code, err.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, err: RequestValidationError) -> JSONResponse:
        return error_response(400, "bad_request", _validation_message(err))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_CODES.get(err.status_code, ("http_error", "请求无法处理"))
        response = error_response(err.status_code, code, message)
        response.headers.update(err.headers or {})  # e.g. the `Allow` of a 405 (RFC 9110)
        allowed = _allowed_methods(app, request.url.path) if err.status_code == 405 else None
        if allowed:
            response.headers["Allow"] = allowed
        return response

    @app.exception_handler(WriterClosed)
    async def _closing(_: Request, err: WriterClosed) -> JSONResponse:
        return error_response(503, "shutting_down", "服务器正在重启，请稍后重试")

    @app.exception_handler(StorageFull)
    async def _full(_: Request, err: StorageFull) -> JSONResponse:
        # Its own handler: Starlette re-raises what the `Exception` handler answered, and uvicorn then logs a
        # traceback and drops the connection.
        return error_response(503, "storage_full", "服务器磁盘已满，暂时无法保存，请稍后重试并通知管理员")

    @app.exception_handler(Exception)
    async def _bug(_: Request, err: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return error_response(500, "internal", "服务器内部错误，请联系管理员")

    from . import (
        api_audit,
        api_bookings,
        api_config,
        api_devices,
        api_events,
        api_followups,
        api_ratings,
        api_tickets,
        api_window_views,
        api_windows,
        web,
    )

    app.include_router(api_tickets.router)
    app.include_router(api_bookings.router)
    app.include_router(api_windows.router)
    app.include_router(api_events.router)
    app.include_router(api_ratings.router)
    app.include_router(api_followups.router)
    app.include_router(api_devices.router)
    app.include_router(api_window_views.router)
    app.include_router(api_config.router)
    app.include_router(api_audit.router)
    web.install(app)  # the reports API, the supervisor's dashboard and the citizen's phone page
    openapi_doc.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(RefuseControlChars)
    return app


def runtime_of(request: Any) -> HallRuntime:
    runtime: HallRuntime = request.app.state.runtime
    return runtime
