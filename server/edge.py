"""What the server refuses at its door, before any route runs: control characters in the URL.

A NUL in a path or query (`/t/a%00b`, `?track=x%00`) reached PostgreSQL, which refuses it in text and raised a 500
without any login. Bodies are checked by the wire models (`jiaohao.wire.base._In`), forms by `web.session`."""

from __future__ import annotations

from urllib.parse import unquote

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from jiaohao.wire.base import has_control_chars


class RefuseControlChars:
    """400 `bad_request` for a path or query string holding a control character or a bidi override."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            query = unquote(scope.get("query_string", b"").decode("latin-1"), errors="replace")
            if has_control_chars(scope.get("path", "")) or has_control_chars(query):
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                    return
                body = {"error": {"code": "bad_request", "message": "网址中含有不可见的控制字符"}}
                await JSONResponse(body, status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)
