"""Start a real `jiaohao server` process for a benchmark: provisioned hall, free port, tokens, clean stop."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
API = "/api/v1"
# The tests' helpers for a provisioned hall and a free port serve the benchmark as they are.
sys.path.insert(0, str(ROOT))  # tests.support: the server helpers the tests use

from tests.support.server_process import free_port, provision  # noqa: E402

__all__ = ["API", "Server", "bench_hall", "free_port", "open_windows", "provision"]


def bench_hall(folder: Path, windows: int = 8) -> Path:
    """The all-day test hall (open at any hour) with `windows` windows that all serve SVC_A first."""
    text = (ROOT / "tests" / "fixtures" / "allday_hall.toml").read_text(encoding="utf-8")
    for n in range(5, windows + 1):
        text += f'\n[[windows]]\nnumber = {n}\nname = "{n}号窗口"\nservices = ["SVC_A", "SVC_B"]\n'
    path = folder / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


class Server:
    def __init__(self, config: Path, db_url: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [
            sys.executable,
            "-m",
            "jiaohao",
            "server",
            "--config",
            str(config),
            "--db",
            db_url,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--no-zeroconf",
            "--log-level",
            "warning",
        ]
        self.proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        lines: queue.Queue[str | None] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._pump, args=(lines,), daemon=True).start()
        self._wait_ready()

    def _pump(self, lines: queue.Queue[str | None]) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            lines.put(line)
            self.log.append(line)
        lines.put(None)

    def _wait_ready(self) -> None:
        with httpx.Client(base_url=self.url) as c:
            for _ in range(600):
                if self.proc.poll() is not None:
                    raise RuntimeError("server exited during start")
                try:
                    if c.get(f"{API}/health", timeout=1).status_code == 200:
                        return
                except httpx.TransportError:
                    threading.Event().wait(0.1)
        raise RuntimeError("server did not answer within 60 s")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        if any("Traceback" in line for line in self.log):
            sys.stderr.write("server logged errors:\n" + "".join(self.log[-80:]))
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def open_windows(url: str, windows: int) -> None:
    staff = [("1001", "1111"), ("1002", "2222"), ("1003", "3333")]
    with httpx.Client(base_url=url) as c:
        for w in range(1, windows + 1):
            no, pin = staff[w % 3]
            r = c.post(f"{API}/auth/login", json={"staff_no": no, "pin": pin, "window": w})
            r.raise_for_status()
