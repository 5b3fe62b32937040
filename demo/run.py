"""`jiaohao demo`: the whole hall on this machine — server, simulator, printed tickets, every front-end.

The front-ends are launched by `front_ends.FRONT_ENDS` (each returns its top-level windows, not yet shown).
The demo shows them (or renders them offscreen), saves a screenshot of each now and then, and closes them at
the end. A front-end that fails to launch stops the demo with its error, so a bug is not hidden.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from client.api import HallApi
from client.i18n import install_translator
from client.theme import apply_theme

from .context import DemoContext
from .front_ends import FRONT_ENDS, Launcher
from .printer import DemoPrinter
from .server_process import ServerRunner, all_day_hall, issue_device_tokens, pad_tokens
from .simulate import SimulationConfig, Simulator, Summary

__all__ = ["DemoContext", "DemoOptions", "DemoResult", "run_demo"]

log = logging.getLogger(__name__)

_SCREENSHOT_EVERY_MS = 10_000


@dataclass
class DemoOptions:
    output: Path
    headless: bool
    minutes: float | None
    simulation: SimulationConfig
    lang: str = "zh_CN"
    front_ends: tuple[Launcher, ...] | None = None  # None: every front-end (`front_ends.FRONT_ENDS`)
    on_progress: Callable[[Any], None] | None = None


@dataclass
class DemoResult:
    output: Path
    summary: Summary | None
    tickets_printed: int
    screenshots: int
    printer_errors: list[str] = field(default_factory=list)


class _Stop:
    """SIGINT/SIGTERM → a flag that set-up checks between its steps and the Qt loop polls.

    The handler only sets the flag: raising KeyboardInterrupt from it would land at any bytecode (inside
    `Popen`, an HTTP call, a Qt constructor), leave a child unwaited and print a traceback."""

    def __init__(self, event: threading.Event | None = None) -> None:
        self.event = event or threading.Event()

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.event.set()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_demo(options: DemoOptions, stop_event: threading.Event | None = None) -> DemoResult:
    """Run the demo until its day or `options.minutes` ends, SIGINT/SIGTERM arrives or `stop_event` is set
    (a caller that installed its own handlers earlier passes their event, so no signal is lost between)."""
    output = options.output
    tickets_dir, screenshots_dir = output / "tickets", output / "screenshots"
    for folder in (output, tickets_dir, screenshots_dir):
        folder.mkdir(parents=True, exist_ok=True)
    if options.headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # read when the first QApplication is made, below
    stop = _Stop(stop_event)
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    server = ServerRunner(
        all_day_hall(output / "hall.toml"), f"sqlite:///{output / 'hall.db'}", _free_port(), output / "server.log"
    )
    result = DemoResult(output, None, 0, 0)
    try:
        server.start(stop=stop.event)
        tokens = issue_device_tokens(server.db_url, output / "server.log") if not stop.event.is_set() else {}
        if stop.event.is_set():
            log.info("demo interrupted during set-up")
            return result
        ctx = DemoContext(server.url, tokens, output, tickets_dir, screenshots_dir, options.headless, options.lang)
        _run_hall(ctx, options, stop, result)
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return result


def _run_hall(ctx: DemoContext, options: DemoOptions, stop: _Stop, result: DemoResult) -> None:

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    apply_theme(app)
    install_translator(app, ctx.lang)
    windows = [window for launch in options.front_ends or FRONT_ENDS for window in launch(ctx)]
    if not options.headless:
        for window in windows:
            window.show()

    printer = DemoPrinter(ctx.printer_uri)
    simulation_done = threading.Event()

    def simulate() -> None:
        with HallApi(ctx.server_url, ctx.tokens["kiosk"]) as api:
            simulator = Simulator(
                api,
                options.simulation,
                pad_tokens=pad_tokens(ctx.tokens),
                on_ticket=printer.print_ticket,
                on_progress=options.on_progress,
                stop=stop.event,
            )
            try:
                result.summary = simulator.run()
            finally:
                simulation_done.set()

    worker = threading.Thread(target=simulate, name="jiaohao-simulate", daemon=True)
    shots = _Screenshots(windows, ctx.screenshots_dir)

    def tick() -> None:
        if stop.event.is_set() or simulation_done.is_set():
            app.quit()

    poll = QTimer(interval=200)
    poll.timeout.connect(tick)
    shoot = QTimer(interval=_SCREENSHOT_EVERY_MS)
    shoot.timeout.connect(shots.take)
    if options.minutes is not None:
        QTimer.singleShot(int(options.minutes * 60_000), stop.event.set)
    worker.start()
    poll.start()
    shoot.start()
    try:
        app.exec()
    finally:
        stop.event.set()
        poll.stop()
        shoot.stop()
        worker.join(30)
        shots.take()
        for window in windows:
            window.close()
        app.processEvents()
        printer.close()
        result.tickets_printed = printer.printed
        result.printer_errors = printer.errors
        result.screenshots = shots.count


class _Screenshots:
    def __init__(self, windows: list[QWidget], folder: Path) -> None:
        self.windows = windows
        self.folder = folder
        self.count = 0

    def take(self) -> None:
        for index, window in enumerate(self.windows):
            name = window.objectName() or f"{type(window).__name__.lower()}-{index}"
            path = self.folder / f"{name}-{self.count // max(1, len(self.windows)) + 1:03d}.png"
            if not window.grab().save(str(path)):
                log.error("demo: could not save screenshot %s", path)
                continue
            self.count += 1
