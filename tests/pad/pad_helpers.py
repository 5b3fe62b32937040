"""A hall server, a clerk who serves tickets, pads that watch a window, and a look into the database."""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, select

from client.api import HallApi
from client.settings import DeviceSettings
from client.theme import apply_theme
from jiaohao.wire.models import TicketOut
from pad.model import PadModel, Stage
from pad.runtime import PadOptions, PadRuntime
from pad.views import PadWindow
from server.storage.models import Event, Rating, Ticket
from tests.support.server_process import ServerProcess, provision

FIXTURES = Path(__file__).parent.parent / "fixtures"
SCREENSHOTS = Path(__file__).parent.parent.parent / "out" / "screenshots" / "pad"
WAIT_MS = 15_000


def hall_file(folder: Path, **policy: str) -> Path:
    """The all-day test hall under a unique id, with policy lines replaced (e.g. rating_window_min)."""
    text = (FIXTURES / "allday_hall.toml").read_text(encoding="utf-8")
    text = text.replace('id = "test-hall"', f'id = "pad-test-{secrets.token_hex(4)}"')
    for key, value in policy.items():
        start = text.index(f"\n{key} = ") + 1
        end = text.index("\n", start)
        text = text[:start] + f"{key} = {value}" + text[end:]
    path = folder / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _utc(value: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; the server stores UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass
class PadHall:
    server: ServerProcess
    db_url: str
    tokens: dict[str, str]
    kiosk: HallApi
    clerks: dict[int, HallApi] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.server.url

    def clerk(self, window: int) -> HallApi:
        if window not in self.clerks:
            staff = {1: ("1001", "1111"), 2: ("1002", "2222")}[window]
            with HallApi(self.url) as api:
                login = api.login(*staff, window)
            self.clerks[window] = HallApi(self.url, login.token)
        return self.clerks[window]

    def serve(self, window: int = 1, service: str = "SVC_A") -> TicketOut:
        """Issue a ticket, call it at *window* and finish it (办结): the pad is asked to rate it."""
        ticket = self.kiosk.issue_ticket(service)
        called = self.clerk(window).call_next(window)
        assert called is not None
        self.clerk(window).finish(window)
        return ticket

    def supervisor(self) -> HallApi:
        with HallApi(self.url) as api:
            return HallApi(self.url, api.login("1002", "2222", None).token)

    def ratings(self, ticket_id: int) -> list[Any]:
        engine = create_engine(self.db_url)
        try:
            with engine.connect() as conn:
                return list(
                    conn.execute(
                        select(Rating.level, Rating.reasons, Rating.comment, Rating.source).where(
                            Rating.ticket_id == ticket_id
                        )
                    )
                )
        finally:
            engine.dispose()

    def _scalar(self, query: Any) -> Any:
        engine = create_engine(self.db_url)
        try:
            with engine.connect() as conn:
                return conn.execute(query).scalar_one()
        finally:
            engine.dispose()

    def finished_at(self, ticket_id: int) -> datetime:
        return _utc(self._scalar(select(Ticket.finished_at).where(Ticket.id == ticket_id)))

    def rated_at(self, ticket_id: int) -> datetime:
        """When the rating counts (the citizen's press for one kept offline)."""
        return _utc(self._scalar(select(Rating.rated_at).where(Rating.ticket_id == ticket_id)))

    def recorded_at(self, ticket_id: int) -> datetime:
        """When the server took the rating (its rating.recorded event)."""
        events = select(Event.at, Event.data).where(Event.type == "rating.recorded")
        engine = create_engine(self.db_url)
        try:
            with engine.connect() as conn:
                (at,) = [row.at for row in conn.execute(events) if row.data.get("ticket_id") == ticket_id]
        finally:
            engine.dispose()
        return _utc(at)

    def close(self) -> None:
        for api in self.clerks.values():
            api.close()
        self.kiosk.close()
        self.server.stop()


def start_hall(folder: Path, devices: list[tuple[str, str, list[int]]], **policy: str) -> PadHall:
    config = hall_file(folder, **policy)
    db_url = f"sqlite:///{folder / 'hall.db'}"
    tokens = provision(db_url, config, devices)
    server = ServerProcess(config, db_url).start()
    return PadHall(server, db_url, tokens, HallApi(server.url, tokens["kiosk"]))


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


def write_portrait(path: Path) -> Path:
    """A small stand-in staff photo (a head and shoulders on blue), written as PNG."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(240, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#6f8fb8"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1f2f4a"))
    painter.drawEllipse(QRectF(20, 190, 200, 220))  # shoulders
    painter.setBrush(QColor("#f1c8a0"))
    painter.drawEllipse(QPointF(120, 120), 62, 74)  # face
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path)), path
    return path


def save_screenshot(widget: PadWindow, folder: Path, name: str) -> Path:
    """Grab at 1280×800 into *folder* and copy it under out/screenshots/pad/ for people to look at."""
    path = folder / f"pad-{name}.png"
    assert widget.grab().save(str(path)), path
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENSHOTS / path.name)
    return path
