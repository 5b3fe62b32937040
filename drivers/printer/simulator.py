"""A network ESC/POS printer on 127.0.0.1 for tests and the demo: keeps every job, answers DLE EOT
according to its fault state, and lets a test change that state while it runs (thread-safe)."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Callable
from pathlib import Path

from .jobstream import JobStream
from .status import FAULTS, fault_answers
from .virtual import save_job

log = logging.getLogger(__name__)


class PrinterSimulator:
    """Use as a context manager, or start()/stop(). Port 0 picks a free port (see `.port`)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, fault: str = "none",
                 jobs_dir: str | Path | None = None, width_dots: int = 576) -> None:
        fault_answers(fault)  # validates the name
        self.host = host
        self._fault = fault
        self._scheduled: tuple[str, int] | None = None
        self.jobs_dir = Path(jobs_dir) if jobs_dir else None
        self.width_dots = width_dots
        self.jobs: list[bytes] = []
        self.status_requests: list[int] = []
        self._job_bytes = 0
        self._cond = threading.Condition()
        self._stopping = False
        self._threads: list[threading.Thread] = []
        self._clients: list[socket.socket] = []
        self._server = socket.create_server((host, port))
        self.port: int = self._server.getsockname()[1]

    # -- state, all under the one condition so readers and the test thread agree -----------------------

    @property
    def fault(self) -> str:
        with self._cond:
            return self._fault

    def set_fault(self, fault: str, after_job_bytes: int | None = None) -> None:
        """Switch to *fault* now, or once *after_job_bytes* more job bytes have arrived (a printer that
        runs out of paper or goes quiet in the middle of a ticket)."""
        fault_answers(fault)
        with self._cond:
            if after_job_bytes is None:
                self._fault, self._scheduled = fault, None
            else:
                self._scheduled = (fault, self._job_bytes + after_job_bytes)
            self._cond.notify_all()

    @property
    def job_bytes(self) -> int:
        """Every byte received except DLE EOT queries: zero means nothing was sent for printing."""
        with self._cond:
            return self._job_bytes

    def wait_for_jobs(self, count: int, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: len(self.jobs) >= count, timeout)

    def wait_for_status_requests(self, count: int, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: len(self.status_requests) >= count, timeout)

    # -- life cycle ---------------------------------------------------------------------------------

    def start(self) -> PrinterSimulator:
        self._spawn(self._accept_loop, "printer-sim-accept")
        return self

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            clients = list(self._clients)
        # shutdown() (not just close()) is what wakes a thread blocked in accept()/recv() on Linux.
        for sock in [self._server, *clients]:
            with contextlib.suppress(OSError):  # already disconnected by the peer: nothing left to wake
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> PrinterSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _spawn(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, name=name, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return  # server socket shut down by stop()
            with self._cond:
                if self._stopping:
                    client.close()
                    return
                self._clients.append(client)
            self._spawn(self._serve, "printer-sim-client", client)

    def _serve(self, client: socket.socket) -> None:
        stream = JobStream()
        try:
            while True:
                with self._cond:
                    # A silent printer does not even read: the sender's buffers fill, as with a hung printer.
                    self._cond.wait_for(lambda: self._stopping or self._fault != "silent")
                    if self._stopping:
                        return
                try:
                    data = client.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                self._handle(client, stream, data)
        finally:
            rest = stream.flush()
            if rest:
                self._record_job(rest)
            client.close()

    def _handle(self, client: socket.socket, stream: JobStream, data: bytes) -> None:
        before = stream.job_bytes
        events = stream.feed(data)
        replies = bytearray()
        with self._cond:
            self._job_bytes += stream.job_bytes - before
            if self._scheduled and self._job_bytes >= self._scheduled[1]:
                self._fault, self._scheduled = self._scheduled[0], None
            answers = fault_answers(self._fault)
            for n in events.status_requests:
                self.status_requests.append(n)
                if answers is not None:
                    replies.append(answers[n])
            self._cond.notify_all()
        if replies:
            try:
                client.sendall(bytes(replies))
            except OSError as err:
                log.info("printer simulator: client left before its status answer: %s", err)
        for job in events.jobs:
            self._record_job(job)

    def _record_job(self, job: bytes) -> None:
        if self.jobs_dir is not None:
            save_job(self.jobs_dir, job, self.width_dots)
        with self._cond:
            self.jobs.append(job)
            self._cond.notify_all()


__all__ = ["FAULTS", "PrinterSimulator"]
