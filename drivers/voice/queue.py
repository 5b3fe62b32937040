"""The announcement queue: calls are spoken in call order, one at a time, none skipped, none cut off.

One worker thread takes announcements off a FIFO and hands each rendering to a blocking `Player`. Because
only that thread plays and `play()` returns when the sound is done, two announcements can never overlap
and none is interrupted. Every rendering ends with silence, so there is a breath between repeats and
between calls without the worker ever sleeping.

A call that finds the speaker free is said in full: the chime, the words, then the words again
(`repeat`). A burst must not leave the tenth citizen hearing their number two minutes after the screen
showed it (issue 16: one call takes ~13 s spoken twice), so the queue catches up:
- a call that had to wait behind another is already late: it is said once, without the chime, followed
  by a shorter breath (`backlog_gap_ms`); the words themselves, and a recall's 重呼, are never cut;
- a repeat is dropped when another call is waiting, because the next citizen's number matters more than
  hearing this one a second time (the screen still shows it).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Collection
from types import TracebackType
from typing import Protocol

from .announce import PAUSE, Announcement, announcement, render
from .catalogue import CHIME
from .errors import ComposeError
from .pack import VoicePack
from .player import Player

log = logging.getLogger(__name__)


class QueueListener(Protocol):
    """Told from the worker thread; a Qt adapter turns these into signals (see qt.py)."""

    def started(self, item: Announcement) -> None: ...

    def finished(self, item: Announcement) -> None: ...

    def failed(self, item: Announcement, error: Exception) -> None: ...


class AnnouncementQueue:
    """Speak calls through `player` using `pack`. Use as a context manager, or `start()` and `close()`."""

    def __init__(self, pack: VoicePack, player: Player, *, repeat: int = 2, lang: str = "zh_CN",
                 template: str | None = None, repeat_gap_ms: float = 700.0, chime_each_repeat: bool = False,
                 words: Collection[str] | None = None, backlog_gap_ms: float = 300.0) -> None:
        if repeat < 1:
            raise ValueError("repeat must be at least 1")
        if not pack.speaks(lang):
            raise ComposeError(f"voice pack '{pack.settings.name}' has no {lang} clips",
                               f"语音包“{pack.settings.name}”不支持语言 {lang}")
        self.pack, self.player = pack, player
        self.repeat, self.lang, self.template = repeat, lang, template
        self.repeat_gap_ms, self.chime_each_repeat = repeat_gap_ms, chime_each_repeat
        self.backlog_gap_ms = backlog_gap_ms
        self.words = words if words is not None else pack.names
        self._listeners: list[QueueListener] = []
        self._items: queue.Queue[tuple[Announcement, bool] | None] = queue.Queue()  # (call, it had to wait)
        self._outstanding = 0  # queued + playing; guarded by _idle
        self._idle = threading.Condition()
        self._closed = False
        self._worker = threading.Thread(target=self._run, name="voice-queue", daemon=True)

    def add_listener(self, listener: QueueListener) -> None:
        self._listeners.append(listener)

    def start(self) -> AnnouncementQueue:
        self._worker.start()
        return self

    def call(self, number: str, window: str | int, *, recall: bool = False) -> Announcement:
        """Compose and enqueue a call. A number or template that cannot be spoken raises ComposeError here,
        in the caller's thread, rather than failing later in the worker."""
        item = announcement(number, window, self.template, recall, self.lang, self.words)
        self.pack.require(c for c in item.clips if c != PAUSE)
        self.put(item)
        return item

    def put(self, item: Announcement) -> None:
        with self._idle:  # enqueue under the lock so nothing can slip in behind close()'s end marker
            if self._closed:
                raise RuntimeError("announcement queue is closed")
            waited = self._outstanding > 0  # something is playing or queued: this call will be late
            self._outstanding += 1
            self._items.put((item, waited))

    @property
    def pending(self) -> int:
        """Announcements queued or playing."""
        with self._idle:
            return self._outstanding

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until everything queued so far has been spoken; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._outstanding == 0, timeout)

    def close(self, *, drain: bool = True, timeout: float | None = None) -> None:
        """Stop taking calls. With `drain`, speak what is queued first; otherwise drop it (the announcement
        playing now still finishes: nothing is ever cut off)."""
        with self._idle:
            if self._closed:
                return
            self._closed = True
            if not drain:
                self._drop_pending()
            self._items.put(None)
        if self._worker.is_alive():
            self._worker.join(timeout)

    def __enter__(self) -> AnnouncementQueue:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close(drain=error is None)

    def _drop_pending(self) -> None:  # called holding _idle
        while True:
            try:
                item = self._items.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                self._outstanding -= 1
        self._idle.notify_all()

    def _done(self) -> None:
        with self._idle:
            self._outstanding -= 1
            self._idle.notify_all()

    def _run(self) -> None:
        while (entry := self._items.get()) is not None:
            try:
                self._speak(*entry)
            finally:
                self._done()

    def _notify(self, event: str, *args: object) -> None:
        for listener in self._listeners:
            try:
                getattr(listener, event)(*args)
            except Exception:  # a faulty listener must not kill the worker, nor hide the error
                log.exception("voice queue listener %r failed in %s()", listener, event)

    def _another_waits(self) -> bool:
        with self._idle:
            return self._outstanding > 1  # the one being spoken counts too

    def _speak(self, item: Announcement, waited: bool) -> None:
        self._notify("started", item)
        words = [c for c in item.clips if c != CHIME]
        try:
            if waited:
                self.player.play(render(words, self.pack, tail_ms=self.backlog_gap_ms))
            else:
                self.player.play(render(item.clips, self.pack, tail_ms=self.repeat_gap_ms))
                again = render(item.clips if self.chime_each_repeat else words, self.pack,
                               tail_ms=self.repeat_gap_ms)
                for _ in range(self.repeat - 1):
                    if self._another_waits():
                        break
                    self.player.play(again)
        except Exception as err:  # a broken speaker must not stop the calls that follow: report and go on
            log.error("announcement %r failed: %s", item.text, err, exc_info=err)
            self._notify("failed", item, err)
            return
        self._notify("finished", item)
