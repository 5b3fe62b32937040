"""The ASGI application: routes, the JSON error shape, body limits, and the lifespan that owns the runtime."""

from __future__ import annotations

import asyncio
import contextlib
import logging
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

from .runtime import HallRuntime, ServerSettings
from .writer import WriterClosed

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


_HTTP_CODES = {
    404: ("not_found", "没有这个接口"),
    405: ("method_not_allowed", "该接口不支持这种请求方式"),
    413: ("body_too_large", "请求内容过大"),
}


def _validation_message(err: RequestValidationError) -> str:
    parts = []
    for item in err.errors()[:3]:
        if item.get("type") == "json_invalid":
            return "请求内容不是有效的 JSON"
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
        parts.append(f"{where or '请求'}：{item.get('msg', '')}")
    return "请求格式不正确：" + "；".join(parts)


class BodyLimit:
    """Refuse bodies over the limit with 413, whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await error_response(413, *_HTTP_CODES[413])(scope, receive, send)
                return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await error_response(413, *_HTTP_CODES[413])(scope, receive, send)


class _TooLarge(Exception):
    pass


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
        if on_started is not None:
            await on_started(runtime)
        try:
            yield
        finally:
            for task in (sweeper, roller):
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
    async def _http(_: Request, err: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_CODES.get(err.status_code, ("http_error", str(err.detail)))
        return error_response(err.status_code, code, message)

    @app.exception_handler(WriterClosed)
    async def _closing(_: Request, err: WriterClosed) -> JSONResponse:
        return error_response(503, "shutting_down", "服务器正在重启，请稍后重试")

    @app.exception_handler(Exception)
    async def _bug(_: Request, err: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return error_response(500, "internal", "服务器内部错误，请联系管理员")

    from . import (
        api_audit,
        api_config,
        api_devices,
        api_events,
        api_ratings,
        api_tickets,
        api_window_views,
        api_windows,
        web,
    )

    app.include_router(api_tickets.router)
    app.include_router(api_windows.router)
    app.include_router(api_events.router)
    app.include_router(api_ratings.router)
    app.include_router(api_devices.router)
    app.include_router(api_window_views.router)
    app.include_router(api_config.router)
    app.include_router(api_audit.router)
    web.install(app)  # the reports API, the supervisor's dashboard and the citizen's phone page
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app


def runtime_of(request: Any) -> HallRuntime:
    runtime: HallRuntime = request.app.state.runtime
    return runtime
