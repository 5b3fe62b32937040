"""Which calls the screen speaks. Plain Python: the sink that actually speaks is handed in.

Rules (issue 8): every live call is spoken; after a reconnect the calls made during the gap are shown, and
spoken only when younger than `max_age` (a citizen called five minutes ago has gone to the window or
left; shouting the number now would only confuse the hall); never the same call twice, even when a
replay or a snapshot brings it again. A recall is a new call (the server sends it with `recall: n`).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta

from .model import DisplayModel, DisplayUpdate, ShownCall

__all__ = ["CallAnnouncer"]

log = logging.getLogger(__name__)


class CallAnnouncer:
    def __init__(
        self,
        model: DisplayModel,
        speak: Callable[[ShownCall], None],
        *,
        max_age_s: float = 60.0,
        memory: int = 2000,
    ) -> None:
        self.model = model
        self.speak = speak
        self.max_age = timedelta(seconds=max_age_s)
        self.memory = memory
        # Two memories because an inferred call has no seq: an event call is known by its seq (the same
        # ticket may legitimately be called twice at one window, e.g. back from 挂起), an inferred one by
        # (number, window, recall) against what was spoken lately.
        self._spoken_seqs: OrderedDict[int, None] = OrderedDict()
        self._spoken_keys: OrderedDict[tuple[str, int, int], None] = OrderedDict()
        self.spoken: list[ShownCall] = []  # the last few, for tests and the demo log
        self.skipped: list[ShownCall] = []
        self._unsubscribe = model.subscribe(self._on_update)

    def close(self) -> None:
        self._unsubscribe()

    def _on_update(self, update: DisplayUpdate) -> None:
        for call in update.calls:
            if update.seeded:
                self._remember(call)  # said before this screen started
            elif self._already_spoken(call):
                log.debug("not repeating %s at window %s", call.number, call.window)
            elif self.model.age(call) > self.max_age:
                log.info("call %s → %s is %.0f s old: shown, not spoken", call.number, call.window,
                         self.model.age(call).total_seconds())
                self._remember(call)
                self._keep(self.skipped, call)
            else:
                self._remember(call)
                self._keep(self.spoken, call)
                self.speak(call)

    def _already_spoken(self, call: ShownCall) -> bool:
        if call.seq is not None:
            return call.seq in self._spoken_seqs
        return call.key in self._spoken_keys

    def _remember(self, call: ShownCall) -> None:
        if call.seq is not None:
            self._spoken_seqs[call.seq] = None
            while len(self._spoken_seqs) > self.memory:
                self._spoken_seqs.popitem(last=False)
        self._spoken_keys[call.key] = None
        self._spoken_keys.move_to_end(call.key)
        while len(self._spoken_keys) > self.memory:
            self._spoken_keys.popitem(last=False)

    def _keep(self, bucket: list[ShownCall], call: ShownCall) -> None:
        bucket.append(call)
        del bucket[: -self.memory]
