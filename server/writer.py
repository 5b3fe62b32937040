"""The single writer: every state change of a hall runs here, in order, batched into few transactions.

Why one thread: on SQLite only one writer can hold the lock anyway, and a durable commit (an fsync) costs far
more than the work in it. Commands that arrive while a commit is in flight are run together in the next
transaction, each inside its own SAVEPOINT so that one refused command (a DomainError) rolls back alone. The
futures are resolved only after COMMIT returns: a 201 is never sent for a ticket that is not on disk.
Events are handed to the publisher after commit, in sequence order.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from jiaohao.domain.errors import DomainError

from .records import EventRecord
from .storage import Engine
from .storage.database import is_disk_full
from .storage.unit_of_work import UnitOfWork, hall_transaction

log = logging.getLogger(__name__)

T = TypeVar("T")
Command = Callable[[UnitOfWork], T]
Publisher = Callable[[list[EventRecord]], None]


@dataclass
class _Job(Generic[T]):
    command: Command[T]
    future: Future[T] = field(default_factory=Future)


class WriterHooks(Protocol):
    """What keeps an in-memory view of the hall in step with the transactions (see `LiveHall`)."""

    def before_command(self, uow: UnitOfWork) -> None: ...
    def after_command(self, uow: UnitOfWork, ok: bool) -> None: ...
    def after_batch(self, committed: bool) -> None: ...


class WriterClosed(RuntimeError):
    """The writer is shutting down and takes no more commands."""


class Writer:
    def __init__(
        self,
        engine: Engine,
        hall_id: str,
        publish: Publisher,
        *,
        max_batch: int = 256,
        before_commit: Callable[[UnitOfWork], None] | None = None,
        hooks: WriterHooks | None = None,
    ) -> None:
        self._engine = engine
        self._hall_id = hall_id
        self._publish = publish
        self.committed_seq = 0  # the last event this writer committed (set before its answers are released)
        self._max_batch = max_batch
        self._before_commit = before_commit
        self._hooks = hooks
        self._queue: queue.SimpleQueue[_Job[Any] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=f"writer-{hall_id}", daemon=True)
        self._closed = False
        self._lock = threading.Lock()

    def start(self) -> None:
        self._thread.start()

    def submit(self, command: Command[T]) -> Future[T]:
        job: _Job[T] = _Job(command)
        with self._lock:
            if self._closed:
                raise WriterClosed("the server is shutting down")
            self._queue.put(job)
        return job.future

    def call(self, command: Command[T]) -> T:
        """Run a command and wait for its committed result (for the CLI and tests)."""
        return self.submit(command).result()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(None)
        self._thread.join()

    # --- the writer thread -------------------------------------------------------------------------------

    def _run(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                break
            batch: list[_Job[Any]] = [first]
            while len(batch) < self._max_batch:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stopping = True
                    break
                batch.append(nxt)
            self._run_batch(batch)

    def _run_batch(self, batch: list[_Job[Any]]) -> None:
        # A request whose client went away cancels its future; skip it. Once running, a future can no longer be
        # cancelled, so setting its result below cannot fail (which would kill this thread).
        batch = [job for job in batch if job.future.set_running_or_notify_cancel()]
        if not batch:
            return
        outcomes: list[tuple[bool, Any]] = []
        events: list[EventRecord] = []
        try:
            with hall_transaction(self._engine, self._hall_id) as uow:
                for job in batch:
                    outcomes.append(self._run_one(uow, job, self._hooks))
                uow.flush_seq()
                if self._before_commit is not None and uow.committed_events():
                    self._before_commit(uow)
            events = uow.committed_events()
        except Exception as err:  # the transaction as a whole failed: every job in it failed
            if not is_disk_full(err):  # a full disk is reported once a minute by the app, not per batch
                log.exception("write transaction failed")
            if self._hooks is not None:
                self._hooks.after_batch(committed=False)
            for job in batch:
                if not job.future.done():
                    job.future.set_exception(err)
            return
        if self._hooks is not None:
            self._hooks.after_batch(committed=True)
        if events:
            # Before any answer is released: a `GET /hall` after an answer must not be served the view kept
            # from before it (server.hall_view keys on this as well as on the published events).
            self.committed_seq = events[-1].seq
        for job, (ok, value) in zip(batch, outcomes, strict=True):
            if ok:
                job.future.set_result(value)
            else:
                job.future.set_exception(value)
        if events:
            try:
                self._publish(events)
            except Exception:  # a broken subscriber must not stop the hall
                log.exception("publishing events failed")

    @staticmethod
    def _run_one(uow: UnitOfWork, job: _Job[Any], hooks: WriterHooks | None) -> tuple[bool, Any]:
        mark = uow.begin_command()
        try:
            if hooks is not None:
                hooks.before_command(uow)
            value = job.command(uow)
        except Exception as err:
            uow.command_failed(mark)
            if hooks is not None:
                hooks.after_command(uow, ok=False)
            if not isinstance(err, DomainError) and not is_disk_full(err):
                log.exception("command failed")
            return (False, err)
        uow.command_done()
        if hooks is not None:
            hooks.after_command(uow, ok=True)
        return (True, value)
