"""What `jiaohao demo` sets up before anything runs: an all-day copy of the sample hall, the server process,
and device tokens for this machine. The server is only ever reached as a separate process (`jiaohao server`,
`jiaohao admin`), never imported: front-ends do not link against server internals."""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import threading
import time
from importlib import resources
from pathlib import Path

from client.api import HallApi
from client.errors import ApiError

__all__ = ["DemoError", "ServerRunner", "all_day_hall", "issue_device_tokens", "pad_tokens"]

log = logging.getLogger(__name__)

# (key in the token table, kind, device name, windows): one of each, as on one machine. The caller may act
# for every window. Every window has its rating pad, so the simulated citizens rate at the window that
# served them; the pad front-end shows window 1's ("pad").
_WINDOWS = tuple(range(1, 11))


def _pad_key(window: int) -> str:
    return "pad" if window == 1 else f"pad-{window}"


DEMO_DEVICES = (
    ("kiosk", "kiosk", "demo-kiosk", ()),
    ("caller", "caller", "demo-caller", _WINDOWS),
    ("display", "display", "demo-display", ()),
    *((_pad_key(n), "pad", f"demo-pad-{n}", (n,)) for n in _WINDOWS),
)


def pad_tokens(tokens: dict[str, str]) -> dict[int, str]:
    """Window → its pad's token, from what `issue_device_tokens` answered."""
    return {n: tokens[_pad_key(n)] for n in _WINDOWS if _pad_key(n) in tokens}


class DemoError(Exception):
    """The demo could not start; the message says what to look at."""


def all_day_hall(target: Path) -> Path:
    """The packaged sample hall with every service open all day, every day, so the demo runs at any hour."""
    text = (resources.files("server") / "sample_hall.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^hours\s*=.*$", 'hours = ["00:00-24:00"]', text)
    text = re.sub(r"(?m)^weekdays\s*=.*$", "weekdays = [1, 2, 3, 4, 5, 6, 7]", text)
    text = re.sub(r"(?m)^daily_cap\s*=.*$", "", text)  # a fast demo issues a week's tickets
    target.write_text(text, encoding="utf-8")
    return target


def _jiaohao(*args: str) -> list[str]:
    return [sys.executable, "-m", "jiaohao", *args]


class ServerRunner:
    """`jiaohao server` as a child process in its own session (a terminal's Ctrl-C reaches only the demo,
    which then stops the server in order), its output in a log file."""

    def __init__(self, hall: Path, db_url: str, port: int, log_path: Path) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.db_url = db_url
        self.log_path = log_path
        self._cmd = _jiaohao(
            "server",
            "--config",
            str(hall),
            "--db",
            db_url,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-zeroconf",
            "--demo-pins",  # the demo logs in with the sample hall's published PINs
        )
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0, stop: threading.Event | None = None) -> None:
        """Start the server and wait until it answers; return early (not ready) once `stop` is set."""
        stop = stop or threading.Event()
        with self.log_path.open("ab") as out:
            self.proc = subprocess.Popen(self._cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        with HallApi(self.url, timeout=1.0) as api:
            while True:
                if self.proc.poll() is not None:
                    # A Ctrl-C can reach a server that is still starting (seen as exit -2 under load): when the
                    # demo is being stopped too, that is the interruption, not a failed start.
                    if stop.wait(0.5):
                        return
                    raise DemoError(f"服务器启动失败（退出码 {self.proc.returncode}），详见 {self.log_path}")
                try:
                    api.hall()
                    return
                except ApiError as err:
                    if not err.is_network or time.monotonic() > deadline:
                        raise DemoError(f"服务器未能就绪：{err.message}，详见 {self.log_path}") from err
                if stop.wait(0.1):  # polling a child process that has no readiness signal of its own
                    return

    def stop(self, timeout: float = 15.0) -> None:
        """SIGINT (uvicorn's graceful shutdown), then SIGKILL; always waits, so no process is left behind."""
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("server did not stop within %.0f s of SIGINT; killing it", timeout)
            proc.kill()
            proc.wait()


def issue_device_tokens(db_url: str, log_path: Path) -> dict[str, str]:
    """One token per demo device through `jiaohao admin device add`, run side by side to save seconds."""
    running: list[tuple[str, subprocess.Popen[str]]] = []
    for key, kind, name, windows in DEMO_DEVICES:
        args = ["admin", "--db", db_url, "device", "add", "--kind", kind, "--name", name]
        for window in windows:
            args += ["--window", str(window)]
        # Own session, as the server: a terminal's Ctrl-C goes to the demo, which lets these finish.
        proc = subprocess.Popen(_jiaohao(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        running.append((key, proc))
    tokens: dict[str, str] = {}
    failures: list[str] = []
    for key, proc in running:
        out, err = proc.communicate(timeout=60)
        lines = out.strip().splitlines()
        if proc.returncode != 0 or not lines:
            failures.append(f"{key}: {err.strip() or out.strip()}")
            continue
        tokens[key] = lines[-1].strip()
    if failures:
        with log_path.open("a", encoding="utf-8") as out_log:
            out_log.write("\n".join(failures) + "\n")
        raise DemoError(f"无法发放设备令牌：{'; '.join(failures)}")
    return tokens
