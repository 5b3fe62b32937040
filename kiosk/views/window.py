"""KioskWindow: header (hall name, clock), the printer banner, one screen at a time, and the footer with the
two switches every citizen may need: large type (适老化) and the language."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

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
        self._pages_for: tuple[Screen, bool, str] | None = None
        header = QWidget()
        header.setObjectName("header")
        self.hall_name = label(wrap=True)
        self.hall_name.setObjectName("hallName")
        self.clock = label(wrap=False)
        self.clock.setObjectName("clock")
        self.date = label(wrap=False)
        self.date.setObjectName("date")
        when = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        when.setSpacing(0)
        self._when = when
        when.addWidget(self.clock)
        when.addWidget(self.date)
        top = QHBoxLayout(header)
        top.setContentsMargins(32, 16, 32, 16)
        top.setSpacing(24)
        top.addWidget(self.hall_name, 1)
        top.addLayout(when)
        self._top = top
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
            Screen.NOTIFY: self.code,
            Screen.APPOINTMENT_TAIL: self.code,
            Screen.APPOINTMENT_ID: self.code,
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
        self._footer = footer
        self._switches_on_top: bool | None = None
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
        if (model.screen, model.large, model.lang) != self._pages_for:
            # Every citizen starts from the first page of services: on coming back to the start, and when the
            # idle timeout puts type and language back for the next one.
            self._pages_for = (model.screen, model.large, model.lang)
            for grid in (self.start.grid, self.green.grid):
                grid.first_page()
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
        # In large type the ticket needs the footer's room more than the switches do (they are on the start
        # screen, where the citizen comes back to).
        on_result = model.screen is Screen.RESULT and portrait and not model.large
        self.footer.setVisible(portrait and (model.screen is Screen.START or on_result))
        for switch in (self.large_button, self.lang_button):
            switch.setVisible(model.screen is Screen.START or on_result)
        self._place_switches(on_top=not portrait)
        self._shown = (model.screen, portrait, model.large)
        # The switches come and go in the header: settle its height now, not at the next event loop turn,
        # so the page below gets that room at once.
        self._top.activate()
        if (layout := self.layout()) is not None:
            layout.activate()
        self.large_button.setText(t("标准字号") if model.large else t("大字模式"))
        # The switch to the other language is labelled in that language: a reader of it finds it.
        self.lang_button.setText("English" if model.lang == "zh_CN" else "中文")

    def _place_switches(self, on_top: bool) -> None:
        """Landscape: 大字模式 and the language in the header, beside the clock, since a 1080-pixel-high panel
        has no row to spare for them under large type. Portrait: a row at the bottom, nearest the hand."""
        if on_top == self._switches_on_top:
            return
        self._switches_on_top = on_top
        for index, switch in enumerate((self.large_button, self.lang_button)):
            if on_top:
                self._top.insertWidget(1 + index, switch, 0)
                switch.setMinimumWidth(300)
            else:
                self._footer.addWidget(switch, 1)
                switch.setMinimumWidth(0)
        # Landscape: the date beside the clock, one line less above the ticket.
        self._when.setDirection(QBoxLayout.Direction.LeftToRight if on_top else QBoxLayout.Direction.TopToBottom)
        self._when.setSpacing(24 if on_top else 0)
        if on_top:
            self.footer.setVisible(False)

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
