"""Connection limits uvicorn lacks: a deadline for each request to arrive, and a cap on open connections.

uvicorn (0.54) closes an idle keep-alive connection after `timeout_keep_alive`, but only once a response has
been sent: a connection that never finishes its headers or its body, or never sends anything, is kept for ever
(issue 15 held 100 half-sent headers and 1,000 idle connections, and 1,100 of them exhausted the open files so
that every kiosk's request failed). Its `limit_concurrency` answers 503 once too many connections are open, so
it would turn the kiosk away rather than the idle connection. No setting of uvicorn, h11 or httptools bounds the
time a request may take to arrive. So the server runs uvicorn with this small subclass of its httptools
protocol (`uvicorn.run(http=…)` takes a protocol class), which:

- closes a connection whose request (headers and body) has not fully arrived `request_timeout` seconds after
  it began, or that has sent nothing `request_timeout` seconds after it opened;
- when `max_connections` HTTP and WebSocket connections are open, closes the oldest one that is idle (no
  request in progress) to make room, and refuses the new one only when none is idle.

The WebSocket protocol, keep-alive handling and everything else stay uvicorn's own.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger(__name__)

# File descriptors kept for everything that is not a client connection: the database files and pools, the
# PostgreSQL LISTEN connection, zeroconf sockets, logs, photos, the voice pack.
FD_HEADROOM = 128


def raise_open_file_limit() -> int:
    """Raise this process's soft limit on open files to its hard limit; answer the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError) as err:  # a container may forbid it; the cap below still holds
            log.warning("could not raise the open-file limit from %d to %d: %s", soft, target, err)
    return soft


def connection_cap(open_file_limit: int) -> int:
    return max(16, open_file_limit - max(FD_HEADROOM, open_file_limit // 10))


class GuardedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a request deadline and a connection cap (see the module's note)."""

    request_timeout: float = 15.0
    max_connections: int = 1000
    _last_note = -60.0  # when the last "made room" line was logged (one a minute at most)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self.last_active = time.monotonic()

    @classmethod
    def configured(cls, request_timeout: float, max_connections: int) -> type[GuardedHttpProtocol]:
        settings = {"request_timeout": request_timeout, "max_connections": max_connections}
        configured: type[GuardedHttpProtocol] = type(cls.__name__, (cls,), settings)
        return configured

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections and not self._make_room():
            log.warning("refused a connection: %d connections are open and none is idle", len(self.connections) - 1)
            transport.abort()
            return
        self._arm()

    def _make_room(self) -> bool:
        idle = [c for c in self.connections if isinstance(c, GuardedHttpProtocol) and c is not self and c.idle]
        if not idle:
            return False
        min(idle, key=lambda c: c.last_active).transport.close()
        now = time.monotonic()
        if now - GuardedHttpProtocol._last_note >= 60:
            GuardedHttpProtocol._last_note = now
            log.warning("closed an idle connection to make room: %d connections open", len(self.connections) - 1)
        return True

    @property
    def idle(self) -> bool:
        """No request in progress: headers not complete yet, or the last response sent (keep-alive)."""
        return self.cycle is None or (self.cycle.response_complete and not self.pipeline)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._request_too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _request_too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        self.last_active = time.monotonic()
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._deadline is None:  # a keep-alive connection starts its next request
            self._arm()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def handle_websocket_upgrade(self) -> None:
        self._disarm()
        super().handle_websocket_upgrade()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
