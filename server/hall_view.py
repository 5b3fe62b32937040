"""`GET /api/v1/hall` from memory: the hall view built once per event sequence number and kept encoded.

Every display and kiosk reads the view at start and after each reconnect, so a hall restarting its screens
asks for it hundreds of times with nothing changed in between. Anything that changes what the view shows is an
event (a ticket, a window, the notice, `config.changed`, a service opening by the clock), and every event moves
the bus's sequence number, in this process or — through the relay — in another one; this process's writer
also notes its last committed event before it answers. The larger of the two numbers is the key.
The minute is part of the key as well, so what only the clock changes (the business day, an estimate's
ageing) is never more than a minute old.

The view is read from the database after the key is taken, so a kept view is never older than its key (it may
be newer; its own `seq` says which events it already holds, which is what a client subscribes after). `now` is
the one field that differs per request: it is written in front of the kept bytes on every answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

from pydantic import TypeAdapter

from jiaohao.wire.models import HallOut

_NOW = TypeAdapter(datetime)

Key = tuple[int, datetime, int]


class HallViewCache:
    def __init__(self) -> None:
        self._key: Key | None = None
        self._rest = b""  # the encoded view without `now`, from its first field on: b'"id":…}'
        self._building: tuple[Key, asyncio.Future[bytes]] | None = None

    async def body(self, seq: int, now: datetime, config_id: int, build: Callable[[], Awaitable[HallOut]]) -> bytes:
        """The view as JSON bytes for an answer at `now`, built with `build` only when the key moved; callers
        that miss together share one build."""
        key = (seq, now.replace(second=0, microsecond=0), config_id)
        if key != self._key:
            if self._building is not None and self._building[0] == key:
                rest = await asyncio.shield(self._building[1])
            else:
                rest = await self._build(key, build)
        else:
            rest = self._rest
        return b'{"now":' + _NOW.dump_json(now) + b"," + rest

    async def _build(self, key: Key, build: Callable[[], Awaitable[HallOut]]) -> bytes:
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._building = (key, future)
        try:
            view = await build()
            rest = view.model_dump_json(exclude={"now"}).encode()[1:]
        except BaseException as err:
            future.set_exception(err)
            future.exception()  # retrieved here: the callers that shared it raise it themselves
            raise
        finally:
            if self._building is not None and self._building[1] is future:
                self._building = None
        self._key, self._rest = key, rest
        future.set_result(rest)
        return rest
