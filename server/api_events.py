"""`WS /api/v1/events?since=SEQ&window=N`: replay what a client missed, then live events, in order, once."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from jiaohao.wire.models import API_PREFIX

from . import presenting
from .events import Subscriber, SubscriberGone, SubscriberOverflow
from .records import EventRecord
from .runtime import HallRuntime
from .storage import Connection
from .storage import hall as hall_rows
from .storage.events import events_after

log = logging.getLogger(__name__)
router = APIRouter(prefix=API_PREFIX)

# Events without a window concern the whole hall and go to every subscriber, filtered or not.
_CLOSE_TRY_AGAIN = 1013


def _for_window(event: EventRecord, window: int | None) -> bool:
    if window is None:
        return True
    target = event.data.get("window", event.data.get("number") if event.type == "window.updated" else None)
    return target is None or target == window


def _backlog(
    conn: Connection, runtime: HallRuntime, since: int | None
) -> tuple[int, list[EventRecord] | None, dict[str, Any] | None]:
    """Events after `since`, or a snapshot when there is no `since`, when the events are too many to replay,
    or when `since` lies beyond our last event (the client saw another database)."""
    hall_id = runtime.config.hall.id
    last = hall_rows.last_seq(conn, hall_id)
    if since is None or since > last or last - since > runtime.config.policy.snapshot_after_events:
        now = runtime.clock.now()
        hall = presenting.hall_view(conn, runtime.config, now, last, hall_rows.notice(conn, hall_id))
        return last, None, {"type": "snapshot", "seq": last, "hall": hall.model_dump(mode="json")}
    return last, events_after(conn, hall_id, since), None


@router.websocket("/events")
async def events(websocket: WebSocket) -> None:
    runtime: HallRuntime = websocket.app.state.runtime
    bus = runtime.bus
    assert bus is not None
    try:
        since = _int_param(websocket, "since")
        window = _int_param(websocket, "window")
    except ValueError as err:
        await websocket.close(code=1008, reason=str(err))
        return
    await websocket.accept()
    subscriber = bus.subscribe()  # before reading the backlog, so nothing falls between the two
    watcher = asyncio.create_task(_until_disconnect(websocket, subscriber))
    try:
        last, backlog, snapshot = await runtime.read(lambda conn: _backlog(conn, runtime, since))
        if snapshot is not None:
            await websocket.send_text(json.dumps(snapshot, ensure_ascii=False))
            sent = last
        else:
            assert backlog is not None and since is not None
            for event in backlog:
                if _for_window(event, window):
                    await websocket.send_text(event.text)
            sent = backlog[-1].seq if backlog else since
        while True:
            event = await subscriber.get()
            if event.seq <= sent:
                continue
            sent = event.seq
            if _for_window(event, window):
                await websocket.send_text(event.text)
                # Let every other subscriber send this event before we send our next one: a call's first event
                # (ticket.called) then reaches the 500th screen after 500 sends, not after 1,500.
                await asyncio.sleep(0)
    except SubscriberOverflow:
        with contextlib.suppress(RuntimeError):
            await websocket.close(code=_CLOSE_TRY_AGAIN, reason="too far behind; reconnect with since")
    except (WebSocketDisconnect, SubscriberGone):
        pass
    except RuntimeError as err:  # the server closed it meanwhile (a client that stopped reading missed its pings)
        log.info("dropped an event subscriber that stopped reading: %s", err)
    finally:
        watcher.cancel()
        bus.unsubscribe(subscriber)


async def _until_disconnect(websocket: WebSocket, subscriber: Subscriber) -> None:
    """A client never sends, so only this notices that it left (or that uvicorn is stopping): without it the
    sender waits for the next event, and a stopping server waits its whole grace period for every stream."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass
    subscriber.close()


def _int_param(websocket: WebSocket, name: str) -> int | None:
    value = websocket.query_params.get(name)
    if value is None or value == "":
        return None
    if not value.lstrip("-").isdigit() or int(value) < 0:
        raise ValueError(f"{name} must be a non-negative integer")
    return int(value)
