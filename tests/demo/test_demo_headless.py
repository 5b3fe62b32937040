"""`jiaohao demo` headless, as CI runs it: it starts, prints tickets, stops on its own or on SIGTERM, and
leaves no server process behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def demo(out: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.Popen(
        [sys.executable, "-m", "jiaohao", "demo", "--out", str(out), "--seed", "7", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, so a test can press "Ctrl-C" as a terminal does
    )


def ctrl_c(proc: subprocess.Popen[str]) -> None:
    """What a terminal does on Ctrl-C: SIGINT to every process of the foreground group, children included."""
    os.killpg(proc.pid, signal.SIGINT)


def server_pids(out: Path) -> list[int]:
    """Processes still running a server on this demo's database (there must be none afterwards)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "server" in cmdline and str(out / "hall.db") in cmdline:
            pids.append(int(entry.name))
    return pids


def test_headless_demo_stops_after_its_minutes_and_names_its_output(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    proc = demo(out, "--hours", "8", "--speed", "3000", "--minutes", "0.1")
    stdout, stderr = proc.communicate(timeout=120)

    assert proc.returncode == 0, stderr
    assert f"演示输出：{out}" in stdout
    printed = int(re.search(r"号票 (\d+) 张", stdout).group(1))  # type: ignore[union-attr]
    tickets = sorted((out / "tickets").glob("job-*.png"))
    assert printed > 0 and len(tickets) == printed, (stdout, stderr)
    assert "合计" in stdout and "已提前结束" in stdout
    assert server_pids(out) == []


def test_sigterm_stops_the_demo_cleanly_with_no_process_left(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    proc = demo(out, "--hours", "8", "--speed", "60", "--minutes", "5")
    assert proc.stderr is not None
    # Wait for the simulated day to be under way: the progress line is printed once per simulated hour.
    for line in proc.stderr:
        if "已取号" in line:
            break
    else:
        pytest.fail(f"the demo ended before it started: {proc.wait()}")
    assert server_pids(out), "the demo's server should be running now"
    proc.send_signal(signal.SIGTERM)
    stdout, _ = proc.communicate(timeout=40)

    assert proc.returncode == 0
    assert "已提前结束" in stdout
    assert f"演示输出：{out}" in stdout
    assert server_pids(out) == []


def test_ctrl_c_while_running_stops_without_a_traceback(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    proc = demo(out, "--hours", "8", "--speed", "60", "--minutes", "5")
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if "已取号" in line:
            break
    else:
        pytest.fail(f"the demo ended before it started: {proc.wait()}")
    ctrl_c(proc)
    stdout, rest = proc.communicate(timeout=60)
    stderr = "".join(seen) + rest

    assert "Traceback" not in stderr, stderr
    assert proc.returncode == 0, stderr  # documented: Ctrl-C stops it cleanly, exit code 0
    assert "已提前结束" in stdout and f"演示输出：{out}" in stdout
    assert server_pids(out) == []


def test_ctrl_c_during_set_up_stops_without_a_traceback(tmp_path: Path) -> None:
    """Pressed while the server is starting and device tokens are being issued (the `jiaohao admin` children
    share the terminal): nothing is cut off mid-step, nothing prints a traceback, no server is left."""
    out = tmp_path / "demo"
    proc = demo(out, "--hours", "8", "--speed", "60", "--minutes", "5")
    assert proc.stderr is not None
    first = proc.stderr.readline()
    assert "演示启动中" in first, first
    ctrl_c(proc)
    stdout, rest = proc.communicate(timeout=60)
    stderr = first + rest

    assert "Traceback" not in stderr, stderr
    assert proc.returncode == 0, stderr
    assert f"演示输出：{out}" in stdout
    assert server_pids(out) == []
