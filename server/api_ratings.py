"""好差评: ratings from the window's pad, rating requests from the clerk, and 差评 cases for supervisors."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from jiaohao.wire.models import API_PREFIX, CaseOut, CaseTextIn, RatingIn, RatingOut

from . import audit, presenting
from .audit import Who
from .deps import ERROR_RESPONSES, Caller, RowIdParam, Runtime, WindowNo
from .ratings import list_cases
from .runtime import HallRuntime
from .storage.unit_of_work import UnitOfWork

router = APIRouter(
    prefix=API_PREFIX,
    responses=ERROR_RESPONSES,
)


@router.post("/ratings", response_model=RatingOut, status_code=201)
async def rate(body: RatingIn, runtime: Runtime, caller: Caller) -> dict[str, Any]:
    # Only the rating pad bound to the window that served the ticket (or a caller hosting a serial evaluator).
    caller.require_device("pad", "caller")
    now = runtime.clock.now()
    # A caller device rates only for the serial evaluator it hosts; a pad says which of its inputs it was.
    source = body.source if caller.role == "pad" else "evaluator"
    return await runtime.write(
        lambda uow: runtime.ratings.rate(
            uow,
            now,
            windows=caller.windows,
            device_id=caller.device_id,
            source=source,
            ticket_id=body.ticket_id,
            level=body.level,
            reasons=body.reasons,
            comment=body.comment,
            rated_at=body.rated_at,
        ),
        caller=caller,
    )


@router.post("/windows/{number}/rating-request")
async def request_rating(number: WindowNo, runtime: Runtime, caller: Caller) -> dict[str, Any]:
    caller.require_window(number)
    now = runtime.clock.now()

    def command(uow: UnitOfWork) -> dict[str, Any]:
        finished = runtime.service.finish_before_rating(uow, now, number)
        if finished is not None:
            return presenting.rating_requested(runtime.config, number, finished).model_dump(mode="json")
        return runtime.ratings.request(uow, now, number)

    return await runtime.write(command, caller=caller)


@router.get("/cases", response_model=list[CaseOut])
async def cases(
    runtime: Runtime, caller: Caller, status: Annotated[Literal["open", "responded", "closed"] | None, Query()] = None
) -> list[dict[str, Any]]:
    caller.require_supervisor()
    now = runtime.clock.now()
    return await runtime.read(lambda conn: list_cases(conn, runtime.config.hall.id, now, status=status))


@router.post("/cases/{case_id}/response", response_model=CaseOut)
async def respond(
    case_id: RowIdParam, body: CaseTextIn, request: Request, runtime: Runtime, caller: Caller
) -> dict[str, Any]:
    caller.require_supervisor()
    now = runtime.clock.now()
    who = Who.of(caller, request)
    return await runtime.write(
        lambda uow: case_step(runtime, uow, now, who, case_id, "respond", body.text), caller=caller
    )


@router.post("/cases/{case_id}/close", response_model=CaseOut)
async def close(
    case_id: RowIdParam, body: CaseTextIn, request: Request, runtime: Runtime, caller: Caller
) -> dict[str, Any]:
    caller.require_supervisor()
    now = runtime.clock.now()
    who = Who.of(caller, request)
    return await runtime.write(
        lambda uow: case_step(runtime, uow, now, who, case_id, "close", body.text), caller=caller
    )


def case_step(
    runtime: HallRuntime, uow: UnitOfWork, now: datetime, who: Who, case_id: int, step: str, text: str
) -> dict[str, Any]:
    """Respond to (回访) or close (整改办结) a 差评 case, and record it in the audit log (API and /admin)."""
    ratings = runtime.ratings
    act = ratings.respond if step == "respond" else ratings.close
    case = act(uow, now, case_id, who.actor, text)
    action = "case_response" if step == "respond" else "case_closed"
    audit.record(uow.conn, runtime.config.hall.id, now, who, action, f"cases.{case_id}", after={"text": text})
    return case
