"""Request dependencies shared by the routers: the runtime and the caller's identity."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel

from .auth import Principal
from .runtime import HallRuntime

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
