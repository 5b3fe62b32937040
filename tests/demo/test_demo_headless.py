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
    )


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
