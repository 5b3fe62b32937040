"""The hall screen on a real X display: Xvfb, Qt's xcb platform (what a hall's TV PC runs), a real server.

`jiaohao display` runs as its own process with QT_QPA_PLATFORM=xcb, so this fails when the xcb plugin
cannot load (a missing libxcb-* package: the Makefile's APT list) or the screen does not come up. The
picture is taken off the X server itself (the root window, as `xwd -root` would), not from Qt's own
rendering, and must show a called number in the screen's accent colour over a large area.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from client.api import HallApi
from display.paint import COLORS
from tests.support.live import LiveHall

pytestmark = pytest.mark.slow

SIZE = (1280, 720)
# Run on the X display: grab the root window until the accent colour covers enough of it (the display is
# another process: it has no readiness signal to wait on, so this polls its picture up to a deadline).
_PROBE = r"""
import sys, time
from PySide6.QtGui import QColor, QGuiApplication
app = QGuiApplication([])
out, accent, deadline = sys.argv[1], QColor(sys.argv[2]), time.monotonic() + float(sys.argv[3])
def accent_share(image):
    hits = total = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            c = image.pixelColor(x, y)
            total += 1
            hits += abs(c.red() - accent.red()) + abs(c.green() - accent.green()) + abs(c.blue() - accent.blue()) < 60
    return hits / total
while True:
    image = app.primaryScreen().grabWindow(0).toImage()
    share = accent_share(image)
    if share > 0.015 or time.monotonic() > deadline:
        break
    time.sleep(0.25)
image.save(out)
print(app.platformName(), image.width(), image.height(), f"{share:.4f}")
"""


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """A private Xvfb server, local connections only; its display number comes back through -displayfd."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("Xvfb is missing: run `make deps` (it installs xvfb and xauth) to test the real screen")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=(tmp_path / "xvfb.log").open("wb"),
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as ready:
            number = ready.readline().strip()  # written once the server accepts connections
        assert number.isdigit(), f"Xvfb did not start: {(tmp_path / 'xvfb.log').read_text()}"
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)


def test_hall_screen_comes_up_on_a_real_x_display(display_hall: LiveHall, x_display: str, tmp_path: Path) -> None:
    with HallApi(display_hall.url, display_hall.tokens["kiosk"]) as kiosk, HallApi(display_hall.url) as staff:
        kiosk.issue_ticket("SVC_A")
        staff.token = staff.login("1001", "1111", 1).token
        staff.call_next(1)

    env = {**os.environ, "DISPLAY": x_display, "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    log = tmp_path / "display.log"
    with log.open("wb") as out:
        screen = subprocess.Popen(
            [sys.executable, "-m", "jiaohao", "display", "--server", display_hall.url, "--no-voice", "--fullscreen"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        shot = tmp_path / "hall-screen-xcb.png"
        probe = subprocess.run(
            [sys.executable, "-c", _PROBE, str(shot), COLORS["accent"], "30"],
            env=env, capture_output=True, text=True, timeout=90, check=False,
        )
        assert screen.poll() is None, f"the display exited: {log.read_text(errors='replace')[-2000:]}"
    finally:
        screen.terminate()
        screen.wait(20)
    assert probe.returncode == 0, probe.stderr
    platform, width, height, share = probe.stdout.split()
    assert platform == "xcb" and (int(width), int(height)) == SIZE
    assert float(share) > 0.015, f"no called number on the X screen ({share}); see {shot} and {log}"
    keep = Path(__file__).resolve().parents[2] / "out" / "screenshots" / "display"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, keep / shot.name)  # to be looked at
