"""Window actions: call-next, call a number, recall, start, finish, no-show, hold, transfer, pause, resume."""

from __future__ import annotations

from fastapi import APIRouter, Response

from jiaohao.wire.models import API_PREFIX, CallNumberIn, ErrorOut, PauseIn, TransferIn, WindowOut, WindowTicketOut

from .auth import Principal
from .deps import Caller, Runtime, model_response
from .runtime import HallRuntime
from .service import Actor

router = APIRouter(
    prefix=f"{API_PREFIX}/windows/{{number}}",
    responses={
        400: {"model": ErrorOut},
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        404: {"model": ErrorOut},
        409: {"model": ErrorOut},
    },
)


def _actor(runtime: HallRuntime, caller: Principal, number: int) -> Actor:
    caller.require_window(number)
    return Actor(staff_no=caller.staff_no, device_id=caller.device_id)


@router.post("/call-next", response_model=WindowTicketOut, responses={204: {"description": "nobody waits"}})
async def call_next(number: int, runtime: Runtime, caller: Caller) -> WindowTicketOut | Response:
    actor = _actor(runtime, caller, number)
    now = runtime.clock.now()
    result = await runtime.write(lambda uow: runtime.service.call_next(uow, now, number, actor))
    if result is None:
        return Response(status_code=204)
    return model_response(result)


@router.post("/call", response_model=WindowTicketOut)
async def call_number(number: int, body: CallNumberIn, runtime: Runtime, caller: Caller) -> Response:
    actor = _actor(runtime, caller, number)
    now = runtime.clock.now()
    return model_response(
        await runtime.write(lambda uow: runtime.service.call_number(uow, now, number, body.number, actor))
    )


@router.post("/recall", response_model=WindowTicketOut)
async def recall(number: int, runtime: Runtime, caller: Caller) -> Response:
    _actor(runtime, caller, number)
    now = runtime.clock.now()
    return model_response(await runtime.write(lambda uow: runtime.service.recall(uow, now, number)))


@router.post("/start", response_model=WindowTicketOut)
async def start(number: int, runtime: Runtime, caller: Caller) -> Response:
    _actor(runtime, caller, number)
    now = runtime.clock.now()
    return model_response(await runtime.write(lambda uow: runtime.service.start(uow, now, number)))


@router.post("/finish", response_model=WindowTicketOut)
async def finish(number: int, runtime: Runtime, caller: Caller) -> Response:
    _actor(runtime, caller, number)
    now = runtime.clock.now()
    return model_response(await runtime.write(lambda uow: runtime.service.finish(uow, now, number)))


@router.post("/no-show", response_model=WindowTicketOut)
async def no_show(number: int, runtime: Runtime, caller: Caller) -> Response:
    _actor(runtime, caller, number)
    now = runtime.clock.now()
    return model_response(await runtime.write(lambda uow: runtime.service.no_show(uow, now, number)))


@router.post("/hold", response_model=WindowTicketOut)
async def hold(number: int, runtime: Runtime, caller: Caller) -> Response:
    _actor(runtime, caller, number)
    now = runtime.clock.now()
    return model_response(await runtime.write(lambda uow: runtime.service.hold(uow, now, number)))


@router.post("/transfer", response_model=WindowTicketOut)
async def transfer(number: int, body: TransferIn, runtime: Runtime, caller: Caller) -> Response:
    _actor(runtime, caller, number)
    now = runtime.clock.now()
    result = await runtime.write(
        lambda uow: runtime.service.transfer(
            uow, now, number, service=body.service, window=body.window, front=body.position == "front"
        )
    )
    return model_response(result)


@router.post("/pause", response_model=WindowOut)
async def pause(number: int, runtime: Runtime, caller: Caller, body: PauseIn | None = None) -> WindowOut:
    _actor(runtime, caller, number)
    now = runtime.clock.now()
    reason = body.reason if body is not None else None
    return await runtime.write(lambda uow: runtime.service.pause(uow, now, number, reason))


@router.post("/resume", response_model=WindowOut)
async def resume(number: int, runtime: Runtime, caller: Caller, body: PauseIn | None = None) -> WindowOut:
    _actor(runtime, caller, number)
    now = runtime.clock.now()
    return await runtime.write(lambda uow: runtime.service.resume(uow, now, number))
