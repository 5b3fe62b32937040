"""Request dependencies shared by the routers: the runtime and the caller's identity."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Header, Path, Request, Response
from pydantic import BaseModel, BeforeValidator

from jiaohao.wire.base import PRINTABLE_PATTERN
from jiaohao.wire.models import ROW_ID_MAX, ErrorOut

from .auth import Principal
from .runtime import HallRuntime

# The error answers every router documents (docs/api.md says when each happens); the body is always ErrorOut.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "请求格式不正确 (bad JSON, unknown or missing field)"},
    401: {"model": ErrorOut, "description": "no token, or a token that is not valid (any more)"},
    403: {"model": ErrorOut, "description": "not this caller's window, device or role"},
    404: {"model": ErrorOut, "description": "no such ticket, window, service or case"},
    409: {"model": ErrorOut, "description": "the hall's state does not allow it now"},
    413: {"model": ErrorOut, "description": "the body is over 64 KiB"},
    503: {"model": ErrorOut, "description": "the server is stopping, or its disk is full: try again shortly"},
}

# Path parameters are bounded before any query: an id past the column's range made the database raise (a 500).
WindowNo = Annotated[int, Path(ge=1, le=999, description="window number")]
RowIdParam = Annotated[int, Path(ge=1, le=ROW_ID_MAX)]
StaffNoParam = Annotated[str, Path(max_length=16, pattern=PRINTABLE_PATTERN)]


def _calendar_date(value: object) -> object:
    # pydantic reads a bare number as seconds since 1970 (`?to=0` was 1970-01-01); a hall's dates are written.
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("日期应写作 YYYY-MM-DD")
    return value


DateParam = Annotated[date, BeforeValidator(_calendar_date)]

# Dependencies are `async def` on purpose: FastAPI runs plain `def` dependencies in a thread pool, and the
# hop costs more than everything else in a request.


async def get_runtime(request: Request) -> HallRuntime:
    runtime: HallRuntime = request.app.state.runtime
    return runtime


async def bearer(authorization: Annotated[str | None, Header()] = None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return None


async def get_principal(
    runtime: Annotated[HallRuntime, Depends(get_runtime)], token: Annotated[str | None, Depends(bearer)]
) -> Principal:
    # The cache makes this cheap; a miss is one indexed read, acceptable on the loop for SQLite but not for a
    # remote database, so misses go to a thread.
    try:
        return runtime.tokens.resolve_cached(token)
    except LookupError:
        return await asyncio.to_thread(runtime.tokens.resolve, token)


Runtime = Annotated[HallRuntime, Depends(get_runtime)]
Caller = Annotated[Principal, Depends(get_principal)]


def model_response(model: BaseModel, status_code: int = 200) -> Response:
    """Serialise an answer once. Returning a model makes FastAPI validate it again against `response_model`,
    which on the hot path (issue, call-next) costs as much as the rest of the request; `response_model` stays
    on the route for the OpenAPI description."""
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json")
