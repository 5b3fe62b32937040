"""The live event stream (`WS /api/v1/events`), kept up on its own thread and delivered through signals.

QtWebSockets is not part of PySide6-Essentials, so the `websockets` library runs an asyncio loop on a
worker thread. The thread never touches Qt objects other than emitting this object's signals, which Qt
queues to the UI thread in emission order, so a receiver sees snapshot and events in `seq` order.

Guarantees: after any reconnect the stream resumes with `since=<last seq delivered>`, so nothing is
missed; an event at or below that seq (replay overlap) is dropped, so nothing is delivered twice; an
unfiltered stream that skips a seq reconnects to have the gap replayed. A dead connection is noticed by
the WebSocket ping within `ping_interval + ping_timeout` seconds plus the 0.5 s close handshake: 3.5 s by
default, inside the 5 s budget even on a loaded machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from jiaohao.wire.models import API_PREFIX, Event, Snapshot

from .api import server_root

__all__ = ["EventStream", "events_url"]

log = logging.getLogger(__name__)

_FIRST_RETRY_S = 0.1
# Right after a loss the server is most likely restarting: retry often so the screen is stale for at most
# about one second beyond the restart itself; after that, back off to the ~2 s cap.
_FAST_PHASE_S = 10.0
_FAST_CAP_S = 1.0
_SLOW_CAP_S = 2.0


def events_url(server_url: str, since: int | None, window: int | None) -> str:
    root = server_root(server_url)
    scheme, rest = root.split("://", 1)
    params: dict[str, int] = {}
    if since is not None:
        params["since"] = since
    if window is not None:
        params["window"] = window
    query = f"?{urlencode(params)}" if params else ""
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest}{API_PREFIX}/events{query}"


class _Resync(Exception):
    """The stream must be reopened: a gap in seq, or a message outside the contract."""

    def __init__(self, reason: str, *, snapshot: bool = False) -> None:
        super().__init__(reason)
        self.snapshot = snapshot


class EventStream(QObject):
    """Signals: `snapshotReceived(Snapshot)`, `eventReceived(Event)`, `connected()` after each handshake,
    `connectionLost()` when an open stream drops, `connectionRestored()` when it is open again."""

    snapshotReceived = Signal(object)
    eventReceived = Signal(object)
    connected = Signal()
    connectionLost = Signal()
    connectionRestored = Signal()

    def __init__(
        self,
        server_url: str | None,
        *,
        window: int | None = None,
        since: int | None = None,
        ping_interval: float = 1.5,
        ping_timeout: float = 1.5,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._url = server_url
        self._window = window
        self._last: int | None = since
        self._ping = (ping_interval, ping_timeout)
        self._online = False
        self._was_online = False
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._ws: ClientConnection | None = None
        self._closing: asyncio.Future[None] | None = None
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    # --- control (UI thread) ----------------------------------------------------------------------------

    @property
    def last_seq(self) -> int | None:
        with self._lock:
            return self._last

    @property
    def is_online(self) -> bool:
        return self._online

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the event stream is already running")
        self._thread = threading.Thread(target=self._thread_main, name="jiaohao-events", daemon=True)
        self._thread.start()
        self._ready.wait(5)

    def set_url(self, server_url: str | None) -> None:
        """Follow the server to a new address (discovery); the stream resumes there with `since`."""
        with self._lock:
            if server_url == self._url:
                return
            self._url = server_url
        self._poke()

    def stop(self, timeout: float = 5.0) -> None:
        """Close the connection and end the thread; safe to call twice."""
        with self._lock:
            self._stopping = True
        self._poke()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.error("event stream thread did not stop within %.1f s", timeout)

    def _poke(self) -> None:
        """Interrupt the waiting or the open connection so the thread looks at url/stopping again."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed between the check and the call
                loop.call_soon_threadsafe(self._interrupt)

    def _interrupt(self) -> None:
        if self._wake is not None:
            self._wake.set()
        if self._ws is not None:
            self._closing = asyncio.ensure_future(self._ws.close())  # kept so the task is not collected

    # --- worker thread ----------------------------------------------------------------------------------

    def _thread_main(self) -> None:
        asyncio.run(self._run())

    async def _run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._ready.set()
        attempt = 0
        lost_at: float | None = None
        while True:
            with self._lock:
                url, stopping = self._url, self._stopping
            if stopping:
                break
            if url is None:  # discovery has not found the server yet
                await self._wait(None)
                continue
            self._wake.clear()
            try:
                await self._session(url)
                attempt = 0  # a clean end: url changed or stop requested
                continue
            except _Resync as err:
                log.warning("event stream: %s; reconnecting", err)
                if err.snapshot:
                    with self._lock:
                        self._last = None
                attempt = 0
            except ConnectionClosed as err:
                log.info("event stream closed: %s", err)
                attempt = 0 if err.rcvd is not None and err.rcvd.code == 1013 else attempt
            except (OSError, TimeoutError, InvalidHandshake, InvalidURI) as err:
                if attempt == 0:  # log once per outage, not once per retry
                    log.warning("event stream: cannot connect to %s: %s", url, err)
            finally:
                self._ws = None
            if self._online:
                self._set_online(False)
                lost_at = time.monotonic()
            elif lost_at is None:
                lost_at = time.monotonic()
            cap = _FAST_CAP_S if time.monotonic() - lost_at < _FAST_PHASE_S else _SLOW_CAP_S
            await self._wait(min(_FIRST_RETRY_S * 2**attempt, cap))
            attempt += 1
        self._set_online(False)

    async def _wait(self, seconds: float | None) -> None:
        assert self._wake is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
        self._wake.clear()

    async def _session(self, url: str) -> None:
        with self._lock:
            since = self._last
        target = events_url(url, since, self._window)
        ping_interval, ping_timeout = self._ping
        async with connect(
            target,
            open_timeout=3,
            close_timeout=0.5,  # a dead peer never answers our close frame; do not wait long for it
            ping_interval=ping_interval,
            ping_timeout=ping_timeout,
            max_size=32 * 1024 * 1024,  # a big hall's snapshot
        ) as ws:
            self._ws = ws
            self._set_online(True)
            with self._lock:
                if self._stopping or self._url != url:
                    return
            async for message in ws:
                self._deliver(message)
            # `async for` ends quietly on a normal close: ours (interrupt) or the server's (shutdown);
            # an abnormal one (1013 "fell behind", a dead peer) raises ConnectionClosed instead.
            with self._lock:
                interrupted = self._stopping or self._url != url
            if not interrupted:
                raise _Resync(f"the server closed the stream ({ws.close_code})")

    def _deliver(self, message: str | bytes) -> None:
        try:
            data: Any = json.loads(message)
            if isinstance(data, dict) and data.get("type") == "snapshot":
                snapshot = Snapshot.model_validate(data)
                with self._lock:
                    self._last = snapshot.seq
                self.snapshotReceived.emit(snapshot)
                return
            event = Event.model_validate(data)
        except (ValueError, ValidationError) as err:  # ValueError: not JSON at all
            log.error("event stream: a message outside the contract: %s", err)
            raise _Resync("message outside the contract; asking for a snapshot", snapshot=True) from err
        with self._lock:
            last = self._last
            if last is not None and event.seq <= last:
                return  # replayed overlap: already delivered
            if last is not None and self._window is None and event.seq != last + 1:
                raise _Resync(f"gap: got seq {event.seq} after {last}")
            self._last = event.seq
        self.eventReceived.emit(event)

    def _set_online(self, online: bool) -> None:
        if online == self._online:
            return
        self._online = online
        if online:
            self.connected.emit()
            if self._was_online:
                self.connectionRestored.emit()
            self._was_online = True
        else:
            self.connectionLost.emit()
