"""Live fan-out of committed events to WebSocket subscribers, inside the server's event loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from .records import EventRecord

log = logging.getLogger(__name__)


class SubscriberOverflow(Exception):
    """A subscriber fell so far behind that it must reconnect with `since=` (it loses nothing by doing so)."""


class SubscriberGone(Exception):
    """The client left, or the server is stopping: the sender ends now, not at the next event."""


class Subscriber:
    def __init__(self, limit: int) -> None:
        self._queue: asyncio.Queue[EventRecord | None] = asyncio.Queue()
        self._limit = limit
        self.overflowed = False
        self.gone = False

    def close(self) -> None:
        if not self.gone:
            self.gone = True
            self._queue.put_nowait(None)

    def put(self, event: EventRecord) -> None:
        if self.overflowed or self.gone:
            return
        if self._queue.qsize() >= self._limit:
            self.overflowed = True
            self._queue.put_nowait(None)
            return
        self._queue.put_nowait(event)

    async def get(self) -> EventRecord:
        event = await self._queue.get()
        if event is None:
            raise SubscriberGone() if self.gone else SubscriberOverflow()
        return event


class EventBus:
    def __init__(self, loop: asyncio.AbstractEventLoop, *, queue_limit: int = 5000) -> None:
        self._loop = loop
        self._subscribers: set[Subscriber] = set()
        self._limit = queue_limit
        self.last_seq = 0

    def publish_threadsafe(self, events: Sequence[EventRecord]) -> None:
        """Called by the writer thread after COMMIT; order is kept because one thread calls it in order."""
        if self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._publish, list(events))

    def _publish(self, events: list[EventRecord]) -> None:
        for event in events:
            self.last_seq = max(self.last_seq, event.seq)
            for subscriber in self._subscribers:
                subscriber.put(event)

    def subscribe(self) -> Subscriber:
        subscriber = Subscriber(self._limit)
        self._subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)
