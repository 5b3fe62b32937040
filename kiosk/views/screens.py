"""The start screen and the green-channel screen: the citizen's first choices.

Each screen is handed the model (to read) and the controller (to act on); `refresh()` redraws it from the
model in the citizen's language, and is called after every change of the model.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from jiaohao.domain.wording import english, wait_text

from ..controller import KioskController
from ..model import KioskModel, Screen, ServiceTile
from ..texts import Texts
from .widgets import BigButton, PhraseLabel, ServiceButton

__all__ = ["GreenScreen", "ServiceGrid", "StartScreen", "label", "notice_text"]


def label(role: str | None = None, *, wrap: bool = True, center: bool = False) -> QLabel:
    widget = PhraseLabel()
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


def button(role: str | None = None) -> BigButton:
    return BigButton(role)


def notice_text(model: KioskModel, t: Texts) -> str:
    return t.server(model.message.code, model.message.text) if model.message else ""


def service_line(tile: ServiceTile, t: Texts) -> str:
    if not tile.open:
        # The reason alone: the grey, dashed, unpressable button already says "not now".
        return t.server("closed", tile.closed_reason) if tile.closed_reason else t("暂停办理")
    if tile.waiting == 0:
        return t("无需等候")
    return t("等候 {n} 人 · {wait}", n=tile.waiting, wait=wait_text(tile.est_wait_min, tile.est_wait_range, t.lang))


class ServiceGrid(QWidget):
    """One big button per service, open or not (a closed one greyed with its reason, never hidden)."""

    def __init__(self, on_choose: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_choose = on_choose
        self.buttons: dict[str, ServiceButton] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(20)
        self._shape: tuple[tuple[str, ...], int] = ((), 0)

    def refresh(self, tiles: list[ServiceTile], t: Texts, columns: int, enabled: bool) -> None:
        shape = (tuple(tile.code for tile in tiles), columns)
        if shape != self._shape:
            self._rebuild(shape[0], columns)
            self._shape = shape
        for tile in tiles:
            item = self.buttons[tile.code]
            name = (tile.name_en if english(t.lang) else None) or tile.name
            item.show_service(tile.prefix, name, service_line(tile, t), closed=not tile.open)
            if tile.open:
                item.setEnabled(enabled)

    def _rebuild(self, codes: tuple[str, ...], columns: int) -> None:
        for item in self.buttons.values():
            self._grid.removeWidget(item)
            item.deleteLater()
        self.buttons = {}
        for index, code in enumerate(codes):
            item = ServiceButton(code)
            item.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            item.clicked.connect(lambda _checked=False, c=code: self._on_choose(c))
            self.buttons[code] = item
            self._grid.addWidget(item, index // columns, index % columns)
            item.show()  # at once: Qt would show a widget added to a visible parent only on the next loop
        for column in range(max(columns, self._grid.columnCount())):
            # A column left over from a wider layout (landscape) must not keep a share of the width.
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        for row in range(self._grid.rowCount()):
            self._grid.setRowStretch(row, 0)
        # Spare height goes under the last row: the rows stay together at the top of the screen.
        self._grid.setRowStretch((len(codes) + columns - 1) // columns, 1)


class StartScreen(QWidget):
    def __init__(self, model: KioskModel, controller: KioskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.controller = controller
        self.title = label("title", center=True)
        self.grid = ServiceGrid(controller.choose_service)
        self.green = button("green")
        self.green.clicked.connect(lambda: controller.model.open_screen(Screen.GREEN))
        self.appointment = button("amber")
        self.appointment.clicked.connect(lambda: controller.model.open_screen(Screen.APPOINTMENT))
        self.message = label("error", center=True)
        # What replaces the services while nothing can be issued: 暂停取号, the reason, that it retries.
        self.paused = label("paused", center=True)
        self.paused_reason = label("title", center=True)
        self.paused_hint = label("muted", center=True)
        self.pause_panel = QWidget()
        pause = QVBoxLayout(self.pause_panel)
        pause.addStretch(1)
        for widget in (self.paused, self.paused_reason, self.paused_hint):
            pause.addWidget(widget)
        pause.addStretch(2)
        self.entries = QWidget()
        entries = QHBoxLayout(self.entries)
        entries.setContentsMargins(0, 0, 0, 0)
        entries.setSpacing(20)
        entries.addWidget(self.green, 1)
        entries.addWidget(self.appointment, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.pause_panel, 1)
        layout.addWidget(self.entries)

    def refresh(self, t: Texts, portrait: bool) -> None:
        model = self.model
        accepting = model.accepting
        self.pause_panel.setVisible(not accepting)
        self.grid.setVisible(accepting)
        self.entries.setVisible(accepting)
        self.title.setVisible(accepting)
        if not accepting:
            if model.online and model.hall is not None:
                self.paused.setText(t("请稍候"))
                self.paused_reason.setText(t("正在检查打印机…"))
                self.paused_hint.setText("")
            else:
                self.paused.setText(t("暂停取号"))
                reason = model.offline_reason or t("正在连接服务器…")
                self.paused_reason.setText(t(reason))
                self.paused_hint.setText(t("系统正在自动重试，恢复后即可取号。如需帮助请咨询工作人员。"))
        self.title.setText(t("请选择要办理的业务"))
        # Landscape large type under the printer banner: the services need the title's line (the voice
        # guide says the same words).
        self.title.setVisible(portrait or not model.large or model.can_print)
        self.message.setText(notice_text(model, t))
        self.message.setVisible(model.message is not None and accepting)
        columns = 2 if portrait else 3
        self.grid.refresh(model.tiles(), t, columns, enabled=accepting and not model.busy)
        self.green.setText(t("绿色通道") + "\n" + t("老年人、残疾人、军人等优先"))
        self.appointment.setText(t("预约签到") + "\n" + t("已在网上预约，输入预约码"))
        for entry in (self.green, self.appointment):
            entry.setEnabled(accepting and not model.busy)
            # Tall enough for its words at the width it has now (a long English line wraps to three).
            base = (220 if model.large else 180) if portrait else 150
            entry.setMinimumHeight(max(base, entry.heightForWidth(entry.width()) if entry.width() > 200 else base))


class GreenScreen(QWidget):
    """绿色通道: the same services, issued as priority tickets; staff check the citizen's document."""

    def __init__(self, model: KioskModel, controller: KioskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.title = label("title", center=True)
        self.hint = label(None, center=True)
        self.message = label("error", center=True)
        self.grid = ServiceGrid(controller.choose_green)
        self.back = button("plain")
        self.back.clicked.connect(model.back_to_start)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(16)
        for widget in (self.title, self.hint, self.message):
            layout.addWidget(widget)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.back)

    def refresh(self, t: Texts, portrait: bool) -> None:
        model = self.model
        self.title.setText(t("绿色通道 · 优先办理"))
        self.hint.setText(t("适用于老年人、残疾人、军人、孕妇等。请选择业务，到窗口时出示相关证件。"))
        self.message.setText(notice_text(model, t))
        self.message.setVisible(model.message is not None)
        # Landscape large type: the refusal takes the hint's place, so the services still fit.
        self.hint.setVisible(portrait or not model.large or model.message is None)
        self.grid.refresh(model.tiles(), t, 2 if portrait else 3, enabled=not model.busy)
        self.back.setText(t("返回"))
