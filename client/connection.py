"""HallConnection: the one object a front-end builds from its settings to talk to its hall.

It finds the server (explicit `--server`, else zeroconf), keeps the API client and the live event stream
pointed at it, and keeps a `HallMirror` equal to the server's. Views receive it (or just its `state` and
`api`) in their constructor and subscribe; nothing here is a global.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from jiaohao.wire.models import Event, Snapshot

from .api import HallApi
from .discovery import HallBrowser, HallLocation
from .errors import ApiError
from .events import EventStream
from .i18n import tr
from .qt_api import QtHallApi
from .settings import DeviceSettings
from .state import HallMirror, StateChange

__all__ = ["MSG_LOST", "MSG_NO_TOKEN", "MSG_RESTORED", "HallConnection", "connection_text"]

log = logging.getLogger(__name__)

MSG_SEARCHING = "正在查找服务器…"
MSG_SERVER_GONE = "服务器已离线，正在重新查找…"
MSG_NO_TOKEN = "本设备尚未配置设备令牌，请联系管理员（jiaohao admin device add）"
MSG_LOST = "与服务器的连接已断开，正在重新连接…"
MSG_RESTORED = "已恢复与服务器的连接"


def connection_text(online: bool) -> str:
    """The banner a front-end shows when the live stream drops or comes back, in the screen's language."""
    return tr("HallConnection", MSG_RESTORED if online else MSG_LOST)


class HallConnection(QObject):
    """Signals (UI thread): `serverFound(str url)`, `stateChanged(StateChange)` after each applied
    snapshot or event, `connectionLost()`, `connectionRestored()`, `problem(str)` with a Chinese sentence
    for the screen (server not found, several halls, token missing or refused)."""

    serverFound = Signal(str)
    stateChanged = Signal(object)
    connectionLost = Signal()
    connectionRestored = Signal()
    problem = Signal(str)

    def __init__(
        self,
        settings: DeviceSettings,
        *,
        window_filter: int | None = None,
        need_token: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.need_token = need_token
        self.state = HallMirror()
        self.api = QtHallApi(HallApi(settings.server, settings.token), self)
        self.events = EventStream(settings.server, window=window_filter, parent=self)
        self.browser: HallBrowser | None = None
        if settings.server is None:
            self.browser = HallBrowser(settings.hall, list(settings.zeroconf_interfaces) or None, self)
            self.browser.found.connect(self._on_found)
            self.browser.lost.connect(lambda _hall: self.problem.emit(tr("HallConnection", MSG_SERVER_GONE)))
            self.browser.problem.connect(self.problem)
        self.events.snapshotReceived.connect(self._on_snapshot)
        self.events.eventReceived.connect(self._on_event)
        self.events.connectionLost.connect(self.connectionLost)
        self.events.connectionRestored.connect(self.connectionRestored)
        self.api.unauthorized.connect(self._on_unauthorized)
        self._unsubscribe = self.state.subscribe(self._changed)

    @property
    def server_url(self) -> str | None:
        return self.api.api.base_url

    @property
    def online(self) -> bool:
        return self.events.is_online

    def start(self) -> None:
        if self.need_token and not self.settings.token:
            self.problem.emit(tr("HallConnection", MSG_NO_TOKEN))
        self.events.start()
        if self.browser is not None:
            self.problem.emit(tr("HallConnection", MSG_SEARCHING))
            self.browser.start()
        elif self.settings.server:
            self.serverFound.emit(self.api.api.base_url or self.settings.server)

    def stop(self) -> None:
        if self.browser is not None:
            self.browser.stop()
        self.events.stop()
        self.api.shutdown()

    def _on_found(self, location: HallLocation) -> None:
        self.api.api.base_url = location.url
        self.events.set_url(location.url)
        self.serverFound.emit(location.url)

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self.state.apply_snapshot(snapshot)

    def _on_event(self, event: Event) -> None:
        self.state.apply_event(event)

    def _changed(self, change: StateChange) -> None:
        self.stateChanged.emit(change)

    def _on_unauthorized(self, err: ApiError) -> None:
        log.warning("token refused: %s", err.message)
        self.problem.emit(err.message)
