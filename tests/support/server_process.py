"""A real `jiaohao server` process on a free loopback port, for tests that need HTTP, restarts and kill -9.

Every process started here is remembered: `survivors()` names those still running, and the session-end
check in `tests/conftest.py` fails the run if any is left. With `clock=` the server runs in test mode on a
clock that stands still until the test moves it (`set_clock`, `advance`), so no test waits on the wall clock.
"""

from __future__ import annotations

import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType

import httpx

from .hall import provision

__all__ = ["ServerProcess", "free_port", "provision", "shutdown_times", "survivors"]

_started: list[subprocess.Popen[str]] = []
shutdown_times: list[float] = []  # seconds each stop() took, for the run's summary


def survivors() -> list[subprocess.Popen[str]]:
    """Server processes started by this test run that are still running."""
    return [proc for proc in _started if proc.poll() is None]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    def __init__(
        self,
        config_path: Path,
        db_url: str,
        port: int | None = None,
        extra: list[str] | None = None,
        *,
        clock: datetime | None = None,
        demo_pins: bool = True,
        open_files: int | None = None,
    ) -> None:
        self.open_files = open_files  # RLIMIT_NOFILE (soft and hard) of the child, to run out of files sooner
        self.config_path = config_path
        self.demo_pins = demo_pins  # `--demo-pins`: staff get the PINs written in the hall file
        self.db_url = db_url
        self.port = port or free_port()
        self.extra = extra or []
        self.clock = clock  # test mode: where the server's clock stands (None: the system clock)
        self.proc: subprocess.Popen[str] | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.log: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def again(self) -> ServerProcess:
        """A new process on the same port, database and hall file (and the test clock where it stood)."""
        return ServerProcess(
            self.config_path,
            self.db_url,
            self.port,
            self.extra,
            clock=self.clock,
            demo_pins=self.demo_pins,
            open_files=self.open_files,
        )

    def start(self, timeout: float = 60.0) -> ServerProcess:
        cmd = [
            sys.executable,
            "-m",
            "jiaohao",
            "server",
            "--config",
            str(self.config_path),
            "--db",
            self.db_url,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "info",
            *self.extra,
        ]
        if self.demo_pins:
            cmd.append("--demo-pins")
        if "--zeroconf-interface" not in self.extra:
            cmd.append("--no-zeroconf")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("JIAOHAO_TEST_MODE", None)
        env.pop("JIAOHAO_TEST_CLOCK", None)
        if self.clock is not None:
            env.update(JIAOHAO_TEST_MODE="1", JIAOHAO_TEST_CLOCK=self.clock.isoformat())
        limit = self.open_files

        def lower_open_files() -> None:  # in the child, before exec
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

        self.proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            preexec_fn=lower_open_files if limit is not None else None,
        )
        _started.append(self.proc)
        threading.Thread(target=self._pump, args=(self.proc,), daemon=True).start()
        # "Application startup complete" comes before uvicorn binds its socket; "running on" after.
        self.wait_for("Uvicorn running on", timeout)
        return self

    def _pump(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, text: str, timeout: float) -> str:
        """Block until the server logs a line containing `text` (or fail with its log)."""
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"server did not log {text!r} within {timeout}s:\n{''.join(self.log)}") from None
            if line is None:
                raise AssertionError(f"server exited before logging {text!r}:\n{''.join(self.log)}")
            self.log.append(line)
            if text in line:
                return line

    # --- the test clock ------------------------------------------------------------------------------------

    def set_clock(self, when: datetime, *, sweep: bool = True) -> datetime:
        """Move the server's clock (test mode only) and run what the clock drives; answers the new time."""
        return self._move_clock({"now": when.isoformat(), "sweep": sweep})

    def advance(self, delta: timedelta, *, sweep: bool = True) -> datetime:
        return self._move_clock({"advance_s": delta.total_seconds(), "sweep": sweep})

    def _move_clock(self, body: dict[str, object]) -> datetime:
        if self.clock is None:
            raise AssertionError("this server runs on the system clock; start it with clock=… to move time")
        r = httpx.put(f"{self.url}/api/v1/test/clock", json=body, timeout=30)
        assert r.status_code == 200, r.text
        self.clock = datetime.fromisoformat(r.json()["now"])
        return self.clock

    # --- ending --------------------------------------------------------------------------------------------

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> int:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        started = time.monotonic()
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
            raise AssertionError("server did not stop within 30 s of SIGINT") from None
        finally:
            shutdown_times.append(time.monotonic() - started)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
