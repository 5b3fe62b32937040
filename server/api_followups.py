"""容缺 follow-ups for the hall's staff: what citizens still owe, and closing one when the item arrives."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from jiaohao.domain.errors import Forbidden
from jiaohao.wire.base import _In
from jiaohao.wire.models import API_PREFIX, FollowUpOut

from .deps import ERROR_RESPONSES, Caller, Runtime

router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)


class FulfilIn(_In):
    received: Annotated[str, Field(max_length=500)] | None = None  # what arrived, in the clerk's words


def _require_staff(caller: Caller) -> None:
    if caller.kind != "staff":
        raise Forbidden("staff_only", "请工作人员登录后查看容缺待补事项")


@router.get("/followups", response_model=list[FollowUpOut])
async def followups(
    runtime: Runtime,
    caller: Caller,
    status: Annotated[str | None, Query(max_length=16)] = None,
    number: Annotated[str | None, Query(max_length=12)] = None,
    holder: Annotated[str | None, Query(max_length=40)] = None,
) -> list[dict[str, Any]]:
    """By status, or a returning citizen's by ticket number or by the ID/phone they took the ticket with."""
    _require_staff(caller)
    now = runtime.clock.now()
    holder_hash = runtime.service.holder_hash(holder) if holder else None
    return await runtime.read(
        lambda conn: runtime.followups.list(conn, now, status=status, number=number, holder_hash=holder_hash)
    )


@router.post("/followups/{followup_id}/fulfil", response_model=FollowUpOut)
async def fulfil(followup_id: int, runtime: Runtime, caller: Caller, body: FulfilIn | None = None) -> dict[str, Any]:
    _require_staff(caller)
    now = runtime.clock.now()
    received = body.received if body is not None else None
    return await runtime.write(lambda uow: runtime.followups.fulfil(uow, now, followup_id, caller.staff_no, received))
