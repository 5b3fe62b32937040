"""Test mode: a clock the tests move, so that no test of a real server process waits on the wall clock.

Only `JIAOHAO_TEST_MODE=1` turns it on (a hall never sets it). Then the server's clock stands still at
`JIAOHAO_TEST_CLOCK` (ISO 8601 with a zone; default: the moment it started) until a test moves it with
`PUT /api/v1/test/clock {"now": …}` or `{"advance_s": …}`. Moving it also runs, before answering, what the
clock drives every 30 s in a hall (the day's turn, unrated services, overdue cases, services opening and
closing), so the test waits on that answer, not on a timer. Without test mode the route does not exist.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from fastapi import APIRouter, FastAPI, Request
from pydantic import AwareDatetime, BaseModel, ConfigDict

from jiaohao.domain.clock import ManualClock, SystemClock
from jiaohao.domain.errors import Conflict, Invalid
from jiaohao.wire.models import API_PREFIX

from .runtime import HallRuntime

__all__ = ["TEST_CLOCK_ENV", "TEST_MODE_ENV", "clock_from_env", "install"]

log = logging.getLogger(__name__)

TEST_MODE_ENV = "JIAOHAO_TEST_MODE"
TEST_CLOCK_ENV = "JIAOHAO_TEST_CLOCK"


class ClockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    now: AwareDatetime | None = None
    advance_s: float | None = None
    sweep: bool = True  # run the clock-driven rounds at the new time


class ClockOut(BaseModel):
    now: datetime


def clock_from_env(env: Mapping[str, str]) -> ManualClock | None:
    """The test clock when test mode is on, else None (the server then uses the system clock)."""
    start = env.get(TEST_CLOCK_ENV)
    if env.get(TEST_MODE_ENV) != "1":
        if start:
            log.warning("%s is ignored: the server is not in test mode (%s=1)", TEST_CLOCK_ENV, TEST_MODE_ENV)
        return None
    when = datetime.fromisoformat(start) if start else SystemClock().now()
    if when.tzinfo is None:
        raise ValueError(f"{TEST_CLOCK_ENV} needs a time zone, got {start!r}")
    log.warning("TEST MODE: the clock stands at %s and moves only through PUT %s/test/clock", when, API_PREFIX)
    return ManualClock(when)


def install(app: FastAPI, clock: ManualClock) -> None:
    """Add the test clock's route to an app whose runtime runs on `clock`."""
    router = APIRouter(prefix=f"{API_PREFIX}/test", tags=["test mode"])

    @router.get("/clock", response_model=ClockOut)
    async def read_clock() -> ClockOut:
        return ClockOut(now=clock.now())

    @router.put("/clock", response_model=ClockOut)
    async def move_clock(body: ClockIn, request: Request) -> ClockOut:
        if (body.now is None) == (body.advance_s is None):
            raise Invalid("bad_clock", "请给出 now 或 advance_s 之一")
        target = body.now if body.now is not None else clock.now() + timedelta(seconds=body.advance_s or 0)
        if target < clock.now():
            raise Conflict("clock_backwards", "测试时钟不能倒退")
        clock.set(target)
        if body.sweep:
            runtime: HallRuntime = request.app.state.runtime
            await runtime.sweep_once()
        return ClockOut(now=clock.now())

    app.include_router(router)
