"""KioskWindow: header (hall name, clock), the printer banner, one screen at a time, and the footer with the
two switches every citizen may need: large type (适老化) and the language."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from drivers.printer.status import PrinterState
from jiaohao.domain.wording import date_text, english

from ..controller import KioskController
from ..model import KioskModel, Screen
from ..texts import Texts
from .entry import CodeScreen
from .result import ResultScreen
from .screens import GreenScreen, StartScreen, button, label
from .style import kiosk_stylesheet

__all__ = ["KioskWindow"]

_BANNERS = {
    PrinterState.PAPER_NEAR_END: None,  # still prints: staff are told through the server, not the citizen
    PrinterState.PAPER_OUT: "打印机缺纸：号码将显示在屏幕上，请用手机扫码或拍照记下",
    PrinterState.COVER_OPEN: "打印机仓盖打开：号码将显示在屏幕上，请用手机扫码或拍照记下",
    PrinterState.OFFLINE: "打印机暂不可用：号码将显示在屏幕上，请用手机扫码或拍照记下",
    PrinterState.UNKNOWN: "打印机无应答：号码将显示在屏幕上，请用手机扫码或拍照记下",
}


class _Pages(QStackedWidget):
    """A stack as small as the page on show: QStackedWidget asks for the largest page's size, so a wide
    landscape keyboard page would push the portrait start screen past the edge of the panel."""

    def minimumSizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()


class KioskWindow(QWidget):
    def __init__(self, model: KioskModel, controller: KioskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.model = model
        self.controller = controller
        self.texts = Texts(model.lang)
        self._large: bool | None = None
        self._shown: tuple[Screen, bool, bool] | None = None
        header = QWidget()
        header.setObjectName("header")
        self.hall_name = label(wrap=True)
        self.hall_name.setObjectName("hallName")
        self.clock = label(wrap=False)
        self.clock.setObjectName("clock")
        self.date = label(wrap=False)
        self.date.setObjectName("date")
        when = QVBoxLayout()
        when.setSpacing(0)
        when.addWidget(self.clock)
        when.addWidget(self.date)
        top = QHBoxLayout(header)
        top.setContentsMargins(32, 16, 32, 16)
        top.addWidget(self.hall_name, 1)
        top.addLayout(when)
        self.banner = label("banner", center=True)
        self.start = StartScreen(model, controller)
        self.green = GreenScreen(model, controller)
        self.code = CodeScreen(model, controller)
        self.result = ResultScreen(model)
        self.stack = _Pages()
        self.screens: dict[Screen, QWidget] = {
            Screen.START: self.start,
            Screen.GREEN: self.green,
            Screen.APPOINTMENT: self.code,
            Screen.HOLDER: self.code,
            Screen.RESULT: self.result,
        }
        for screen in (self.start, self.green, self.code, self.result):
            # Ignored: a hidden page's size must not count (see _Pages); the page on show fills the stack.
            screen.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self.stack.addWidget(screen)
        self.large_button = button("plain")
        self.large_button.clicked.connect(lambda: model.set_large(not model.large))
        self.lang_button = button("plain")
        self.lang_button.clicked.connect(lambda: model.set_lang("en" if model.lang == "zh_CN" else "zh_CN"))
        self.footer = QWidget()
        footer = QHBoxLayout(self.footer)
        footer.setContentsMargins(32, 0, 32, 24)
        footer.setSpacing(24)
        footer.addWidget(self.large_button, 1)
        footer.addWidget(self.lang_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.footer)
        self._unsubscribe = model.subscribe(self.refresh)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self._show_time)
        self._clock_timer.start()
        self.refresh()

    @property
    def portrait(self) -> bool:
        return self.height() > self.width()

    def refresh(self) -> None:
        model = self.model
        if self.texts.lang != model.lang:
            self.texts = Texts(model.lang)
        t = self.texts
        if model.large != self._large:
            self._large = model.large
            self.setStyleSheet(kiosk_stylesheet(model.large))
        hall = model.hall
        hall_name = ((hall.name_en if english(t.lang) else None) or hall.name) if hall else None
        self.hall_name.setText(hall_name or t("自助取号"))
        self._show_time()
        banner = _BANNERS.get(model.printer_state) if model.printer_state else None
        if not model.has_printer:
            banner = "本机未连接打印机：号码将显示在屏幕上，请用手机扫码或拍照记下"
        show_banner = banner is not None and model.accepting and model.screen is not Screen.RESULT
        self.banner.setText(t(banner) if banner else "")
        self.banner.setVisible(show_banner)
        page = self.screens[model.screen]
        portrait = self.portrait
        if page is self.start:
            self.start.refresh(t, portrait)
        elif page is self.green:
            self.green.refresh(t, portrait)
        elif page is self.code:
            if self._shown != (model.screen, portrait, model.large):
                self.code.enter(model.screen, portrait, model.large)
            self.code.refresh(t, portrait)
        else:
            self.result.refresh(t, portrait)
        self.stack.setCurrentWidget(page)
        # Large type and language where a citizen starts (and, in portrait, ends); the keyboard and the
        # landscape ticket with its QR code need the room.
        self.footer.setVisible(model.screen is Screen.START or (model.screen is Screen.RESULT and portrait))
        self._shown = (model.screen, portrait, model.large)
        self.large_button.setText(t("标准字号") if model.large else t("大字模式"))
        # The switch to the other language is labelled in that language: a reader of it finds it.
        self.lang_button.setText("English" if model.lang == "zh_CN" else "中文")

    def _show_time(self) -> None:
        now = datetime.now().astimezone()
        self.clock.setText(f"{now:%H:%M}")
        self.date.setText(date_text(now, self.texts.lang))  # "12月1日 周二" / "Tue 1 Dec", never "1/12"

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refresh()  # portrait and landscape lay out the grid and the keyboard differently

    def closeEvent(self, event: QCloseEvent) -> None:
        self._clock_timer.stop()
        self._unsubscribe()
        self.controller.stop()
        super().closeEvent(event)
