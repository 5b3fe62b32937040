"""A real `jiaohao server` process on a free loopback port, for tests that need HTTP, restarts and kill -9."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from types import TracebackType

from jiaohao.domain.clock import SystemClock
from server import auth
from server.hallfile import load_hall
from server.runtime import prepare_database
from server.storage.database import make_engine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def provision(db_url: str, config_path: Path, devices: list[tuple[str, str, list[int]]]) -> dict[str, str]:
    """Create the database and device tokens before the server starts, as `jiaohao admin` would."""
    engine = make_engine(db_url, writer=True)
    try:
        prepare_database(engine, load_hall(config_path))
        tokens = {}
        with engine.begin() as conn:
            for kind, name, windows in devices:
                tokens[name] = auth.add_device(conn, kind, name, windows, SystemClock().now())
        return tokens
    finally:
        engine.dispose()


class ServerProcess:
    def __init__(self, config_path: Path, db_url: str, port: int | None = None, extra: list[str] | None = None) -> None:
        self.config_path = config_path
        self.db_url = db_url
        self.port = port or free_port()
        self.extra = extra or []
        self.proc: subprocess.Popen[str] | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.log: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

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
        if "--zeroconf-interface" not in self.extra:
            cmd.append("--no-zeroconf")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
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

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> int:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
            raise AssertionError("server did not stop within 30 s of SIGINT") from None

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
