"""Pads that watch a window of a live hall (tests/support/live.py), and a stand-in staff photo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from client.settings import DeviceSettings
from client.theme import apply_theme
from jiaohao.wire.models import TicketOut
from pad.model import PadModel, Stage
from pad.runtime import PadOptions, PadRuntime
from pad.views import PadWindow

WAIT_MS = 15_000


@dataclass
class Pad:
    runtime: PadRuntime
    window: PadWindow | None

    @property
    def model(self) -> PadModel:
        return self.runtime.model


class PadMaker:
    def __init__(self, qtbot: QtBot, folder: Path) -> None:
        self.qtbot = qtbot
        self.folder = folder
        self.made: list[Pad] = []

    def make(
        self,
        url: str,
        token: str,
        window: int = 1,
        *,
        screen: bool = True,
        bus: str | None = None,
        bus_addr: int | None = None,
        data_dir: Path | None = None,
        **options: Any,
    ) -> Pad:
        settings = DeviceSettings(role="pad", server=url, token=token, window=window, bus=bus)
        data = data_dir or self.folder / f"pad-{len(self.made)}"
        runtime = PadRuntime(settings, PadOptions(window=window, data_dir=data, bus_addr=bus_addr, **options))
        view = None
        if screen:
            app = QApplication.instance()
            assert isinstance(app, QApplication)
            apply_theme(app)
            view = PadWindow(runtime.model)
            self.qtbot.addWidget(view)
            view.show()
        pad = Pad(runtime, view)
        self.made.append(pad)
        runtime.start()
        # Wait for the first snapshot: a request emitted before the stream is open would not be replayed.
        self.qtbot.waitUntil(lambda: runtime.connection.state.ready, timeout=WAIT_MS)
        return pad

    def wait_asked(self, pad: Pad, ticket: TicketOut) -> None:
        def asked() -> bool:
            request = pad.model.request
            return pad.model.stage is Stage.ASKING and request is not None and request.ticket_id == ticket.id

        self.qtbot.waitUntil(asked, timeout=WAIT_MS)

    def wait_stage(self, pad: Pad, stage: Stage) -> None:
        self.qtbot.waitUntil(lambda: pad.model.stage is stage, timeout=WAIT_MS)

    def close(self) -> None:
        for pad in self.made:
            if pad.window is not None:
                pad.window.close()
            pad.runtime.stop()
