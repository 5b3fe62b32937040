"""`/api/v1/config/…`: the live configuration for an administrator's token (server/live_config.py).

Bodies are hall-file entries as JSON (`{"name": "医保报销", "hours": ["08:30-12:00"], …}`); the fields given
replace theirs, a new code or number adds the entry. A wrong value is refused with the hall file's own place
and reason."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request

from jiaohao.domain.errors import Forbidden
from jiaohao.wire.models import API_PREFIX

from .audit import Who
from .auth import Principal
from .deps import ERROR_RESPONSES, Caller, Runtime

router = APIRouter(prefix=f"{API_PREFIX}/config", responses=ERROR_RESPONSES, tags=["configuration"])

Fields = Annotated[dict[str, Any], Body()]
Code = Annotated[str, Path(min_length=1, max_length=32)]
Number = Annotated[int, Path(ge=1, le=999)]
StaffNo = Annotated[str, Path(min_length=1, max_length=16)]


def require_admin(caller: Principal) -> None:
    if not (caller.kind == "staff" and caller.role == "admin"):
        raise Forbidden("admin_only", "需要管理员权限")


@router.get("/services/{code}")
async def get_service(code: Code, runtime: Runtime, caller: Caller) -> dict[str, Any]:
    require_admin(caller)
    return runtime.config_editor.service(code)


@router.put("/services/{code}")
async def put_service(code: Code, fields: Fields, request: Request, runtime: Runtime, caller: Caller) -> dict[str, Any]:
    require_admin(caller)
    who, now, editor = Who.of(caller, request), runtime.clock.now(), runtime.config_editor
    return await runtime.write(lambda uow: editor.set_service(uow, now, who, code, dict(fields)))


@router.get("/windows/{number}")
async def get_window(number: Number, runtime: Runtime, caller: Caller) -> dict[str, Any]:
    require_admin(caller)
    return runtime.config_editor.window(number)


@router.put("/windows/{number}")
async def put_window(
    number: Number, fields: Fields, request: Request, runtime: Runtime, caller: Caller
) -> dict[str, Any]:
    require_admin(caller)
    who, now, editor = Who.of(caller, request), runtime.clock.now(), runtime.config_editor
    return await runtime.write(lambda uow: editor.set_window(uow, now, who, number, dict(fields)))


@router.get("/staff/{no}")
async def get_staff(no: StaffNo, runtime: Runtime, caller: Caller) -> dict[str, Any]:
    require_admin(caller)
    return await runtime.read(lambda conn: runtime.config_editor.staff(conn, no))


@router.put("/staff/{no}")
async def put_staff(no: StaffNo, fields: Fields, request: Request, runtime: Runtime, caller: Caller) -> dict[str, Any]:
    require_admin(caller)
    who, now, editor = Who.of(caller, request), runtime.clock.now(), runtime.config_editor
    result = await runtime.write(lambda uow: editor.set_staff(uow, now, who, no, dict(fields)))
    runtime.tokens.clear()  # a disabled member's sessions end now, not when the token cache expires
    return result


@router.get("/lists")
async def get_lists(runtime: Runtime, caller: Caller) -> dict[str, Any]:
    require_admin(caller)
    return runtime.config_editor.lists()


@router.put("/lists/{name}")
async def put_list(
    name: Annotated[str, Path(pattern="^(reminders|pause_reasons)$")],
    items: Annotated[list[str], Body()],
    request: Request,
    runtime: Runtime,
    caller: Caller,
) -> dict[str, Any]:
    require_admin(caller)
    who, now, editor = Who.of(caller, request), runtime.clock.now(), runtime.config_editor
    return await runtime.write(lambda uow: editor.set_list(uow, now, who, name, items))
