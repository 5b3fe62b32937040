"""PadWindow: the tablet's one window (1280×800), a stack of pages that follows the model it is handed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from client.i18n import tr
from client.photos import StaffPhotos
from client.theme import PALETTE

from .model import PadModel, Stage
from .pages import AskPage, IdlePage, MessagePage, ReasonsPage

__all__ = ["PAD_SIZE", "PadWindow"]

PAD_SIZE = (1280, 800)


class PadWindow(QWidget):
    """`photos`: where the clerk's photo comes from (none: the surname in a circle)."""

    def __init__(self, model: PadModel, photos: StaffPhotos | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName(f"pad-window-{model.window}")
        self.setWindowTitle(tr("PadWindow", "服务评价") + f" · {model.staff.window_name}")
        self.resize(*PAD_SIZE)
        self.idle = IdlePage(model, photos)
        self.ask = AskPage(model)
        self.reasons = ReasonsPage(model)
        self.message = MessagePage(model)
        self.stack = QStackedWidget()
        for page in (self.idle, self.ask, self.reasons, self.message):
            self.stack.addWidget(page)
        # Calm, not alarming: the citizen only needs to know the rating still counts.
        self.offline = QLabel(tr("PadWindow", "网络连接中断，评价将先保存在本机，恢复后自动提交"))
        self.offline.setObjectName("offline")
        self.offline.setWordWrap(True)
        self.offline.setStyleSheet(
            f"background: {PALETTE['surface']}; color: {PALETTE['accent']}; font-size: 18pt; padding: 8px 24px;"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.offline)
        self.on_close: list[Callable[[], object]] = []  # callables run on close (the app stops its controller there)
        self._closed = False
        self._unsubscribe = model.subscribe(lambda _model: self.show_model())
        if photos is not None:
            photos.loaded.connect(lambda _path: self.show_model())
        self.show_model()

    def show_model(self) -> None:
        stage = self.model.stage
        # The thank-you screen says it in its own words when this citizen's rating was kept: no need twice.
        self.offline.setVisible(not self.model.online and not (stage is Stage.THANKS and self.model.kept_offline))
        if stage is Stage.IDLE:
            self.idle.show_model()
            self.stack.setCurrentWidget(self.idle)
        elif stage is Stage.ASKING:
            self.ask.show_model()
            self.stack.setCurrentWidget(self.ask)
        elif stage is Stage.REASONS:
            self.reasons.show_model()
            self.stack.setCurrentWidget(self.reasons)
        else:
            {
                Stage.SENDING: self.message.show_sending,
                Stage.THANKS: self.message.show_thanks,
                Stage.REFUSED: self.message.show_refused,
            }[stage]()
            self.stack.setCurrentWidget(self.message)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closed more than once (the app, then a test's clean-up): let go of the model and the runtime once.
        if not self._closed:
            self._closed = True
            self._unsubscribe()
        callbacks, self.on_close = self.on_close, []
        for callback in callbacks:
            callback()
        super().closeEvent(event)
