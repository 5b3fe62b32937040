"""`HallApi` for a Qt front-end: each call runs on one worker thread; results come back through signals.

One worker, not a pool: a window's actions must reach the server in the order the clerk pressed them
(call-next, then start), and a hall device makes a handful of calls a minute.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from .api import HallApi
from .errors import PROTOCOL, ApiError

__all__ = ["QtHallApi", "Reply"]

log = logging.getLogger(__name__)
T = TypeVar("T")


class Reply(QObject):
    """The answer to one call, delivered on the UI thread: `succeeded(result)` or `failed(ApiError)`."""

    succeeded = Signal(object)
    failed = Signal(object)
    _settled = Signal()


class QtHallApi(QObject):
    """Non-blocking front for a `HallApi`.

    `submit(lambda api: api.call_next(3), on_success, on_error)` runs the call off the UI thread; the
    callbacks run on the UI thread. Every failure is also emitted as `requestFailed(ApiError)` so that one
    status bar can show it, and `unauthorized(ApiError)` when the token is missing, wrong or revoked.
    """

    requestFailed = Signal(object)
    unauthorized = Signal(object)

    def __init__(self, api: HallApi, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jiaohao-api")
        self._pending: set[Reply] = set()  # keeps each Reply alive until its answer is delivered

    def submit(
        self,
        call: Callable[[HallApi], T],
        on_success: Callable[[T], Any] | None = None,
        on_error: Callable[[ApiError], Any] | None = None,
    ) -> Reply:
        reply = Reply()
        if on_success is not None:
            reply.succeeded.connect(on_success)
        if on_error is not None:
            reply.failed.connect(on_error)
        reply._settled.connect(lambda: self._pending.discard(reply))
        self._pending.add(reply)
        try:
            self._executor.submit(self._run, call, reply)
        except RuntimeError:
            # After shutdown(): dropped like the calls shutdown cancels (a repaint while a screen closes).
            log.debug("API call after shutdown dropped")
            self._pending.discard(reply)
        return reply

    def _run(self, call: Callable[[HallApi], Any], reply: Reply) -> None:
        # Worker thread: touch nothing of Qt here but signal emission, which Qt queues to the UI thread.
        try:
            result = call(self.api)
        except ApiError as err:
            self._fail(reply, err)
        except Exception as err:  # a bug in the call itself: still answer, or the UI waits forever
            log.exception("API call failed unexpectedly")
            wrapped = ApiError(PROTOCOL, "程序内部错误，请联系管理员")
            wrapped.__cause__ = err
            self._fail(reply, wrapped)
        else:
            reply.succeeded.emit(result)
        reply._settled.emit()

    def _fail(self, reply: Reply, err: ApiError) -> None:
        reply.failed.emit(err)
        self.requestFailed.emit(err)
        if err.is_unauthorized:
            self.unauthorized.emit(err)

    def shutdown(self) -> None:
        """Drop calls not started yet, let the running one end, close the connection pool. Calls submitted
        afterwards are dropped too (their Reply never answers)."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        self.api.close()
