"""Window actions: call-next, call a number, recall, start, finish, no-show, hold, transfer, pause, resume."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter, Response

from jiaohao.wire.models import API_PREFIX, CallNumberIn, FinishIn, PauseIn, TransferIn, WindowOut, WindowTicketOut

from .deps import ERROR_RESPONSES, Caller, Runtime, WindowNo, model_response
from .service import Actor
from .storage.unit_of_work import UnitOfWork

router = APIRouter(
    prefix=f"{API_PREFIX}/windows/{{number}}",
    responses=ERROR_RESPONSES,
)


Action = Callable[[UnitOfWork, datetime, Actor], WindowTicketOut | WindowOut | None]


async def _act(number: WindowNo, runtime: Runtime, caller: Caller, action: Action) -> Response:
    """Every window action: only for that window's clerk or caller device; run in the writer; answered once."""
    caller.require_window(number)
    actor = Actor(staff_no=caller.staff_no, device_id=caller.device_id)
    now = runtime.clock.now()
    result = await runtime.write(lambda uow: action(uow, now, actor), caller=caller)
    return Response(status_code=204) if result is None else model_response(result)


@router.post("/call-next", response_model=WindowTicketOut, responses={204: {"description": "nobody waits"}})
async def call_next(number: WindowNo, runtime: Runtime, caller: Caller) -> Response:
    return await _act(
        number, runtime, caller, lambda uow, now, actor: runtime.service.call_next(uow, now, number, actor)
    )


@router.post("/call", response_model=WindowTicketOut)
async def call_number(number: WindowNo, body: CallNumberIn, runtime: Runtime, caller: Caller) -> Response:
    return await _act(
        number,
        runtime,
        caller,
        lambda uow, now, actor: runtime.service.call_number(uow, now, number, body.number, actor),
    )


@router.post("/recall", response_model=WindowTicketOut)
async def recall(number: WindowNo, runtime: Runtime, caller: Caller) -> Response:
    return await _act(number, runtime, caller, lambda uow, now, _: runtime.service.recall(uow, now, number))


@router.post("/start", response_model=WindowTicketOut)
async def start(number: WindowNo, runtime: Runtime, caller: Caller) -> Response:
    return await _act(number, runtime, caller, lambda uow, now, _: runtime.service.start(uow, now, number))


@router.post("/finish", response_model=WindowTicketOut)
async def finish(number: WindowNo, runtime: Runtime, caller: Caller, body: FinishIn | None = None) -> Response:
    """办结; no body means 一次办结 (`completed`), as a keypad's finish always is."""
    return await _act(number, runtime, caller, lambda uow, now, _: runtime.service.finish(uow, now, number, body))


@router.post("/no-show", response_model=WindowTicketOut)
async def no_show(number: WindowNo, runtime: Runtime, caller: Caller) -> Response:
    return await _act(number, runtime, caller, lambda uow, now, _: runtime.service.no_show(uow, now, number))


@router.post("/hold", response_model=WindowTicketOut)
async def hold(number: WindowNo, runtime: Runtime, caller: Caller) -> Response:
    return await _act(number, runtime, caller, lambda uow, now, _: runtime.service.hold(uow, now, number))


@router.post("/transfer", response_model=WindowTicketOut)
async def transfer(number: WindowNo, body: TransferIn, runtime: Runtime, caller: Caller) -> Response:
    front = body.position == "front"
    return await _act(
        number,
        runtime,
        caller,
        lambda uow, now, _: runtime.service.transfer(
            uow, now, number, service=body.service, window=body.window, front=front, note=body.note
        ),
    )


@router.post("/pause", response_model=WindowOut)
async def pause(number: WindowNo, runtime: Runtime, caller: Caller, body: PauseIn | None = None) -> Response:
    reason = body.reason if body is not None else None
    return await _act(number, runtime, caller, lambda uow, now, _: runtime.service.pause(uow, now, number, reason))


@router.post("/resume", response_model=WindowOut)
async def resume(number: WindowNo, runtime: Runtime, caller: Caller, body: PauseIn | None = None) -> Response:
    return await _act(number, runtime, caller, lambda uow, now, _: runtime.service.resume(uow, now, number))
