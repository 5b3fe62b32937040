"""The start screen and the green-channel screen: the citizen's first choices.

Each screen is handed the model (to read) and the controller (to act on); `refresh()` redraws it from the
model in the citizen's language, and is called after every change of the model.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

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


SPACING = 20  # between tiles, px


def paginate(heights: list[int], columns: int, room: int, pager: int, spacing: int = SPACING) -> list[int]:
    """How many tiles each page holds: rows of `columns` tiles (each row as tall as its tallest tile), as many
    rows as `room` takes. When they take more than one page, every page ends with the pager (the last one
    leads back to the first)."""

    def fits(sizes: list[int]) -> bool:
        rows = [max(sizes[start : start + columns]) for start in range(0, len(sizes), columns)]
        return sum(rows) + spacing * (len(rows) - 1) <= room

    pages: list[int] = []
    start = 0
    while start < len(heights):
        rest = heights[start:]
        if fits([*rest, pager] if pages else rest):
            pages.append(len(rest))
            break
        count = next((n for n in range(len(rest) - 1, 0, -1) if fits([*rest[:n], pager])), 1)
        pages.append(count)
        start += count
    return pages


class ServiceGrid(QWidget):
    """One big button per service, open or not (a closed one greyed with its reason, never hidden). The rows
    share the height they are given, so a few services fill the screen; services that do not fit at their
    size come a page at a time, behind a 更多业务 tile (no screen scrolls)."""

    def __init__(self, on_choose: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_choose = on_choose
        self.buttons: dict[str, ServiceButton] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(SPACING)
        self.pager = BigButton("more")
        self.pager.clicked.connect(self.next_page)
        self.pager.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._grid.addWidget(self.pager, 0, 0)
        self.pager.hide()
        self.page = 0
        self.pages: list[list[str]] = []
        self._codes: tuple[str, ...] = ()
        self._preferred = self._columns = 1
        self._column_width = 0
        self._t: Texts | None = None
        # The screen decides the height (what is left under the title); the tiles fill it.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)

    def refresh(self, tiles: list[ServiceTile], t: Texts, columns: int, enabled: bool) -> None:
        codes = tuple(tile.code for tile in tiles)
        if codes != self._codes:
            self._rebuild(codes)
        self._preferred = self._columns = columns
        self._t = t
        for tile in tiles:
            item = self.buttons[tile.code]
            name = (tile.name_en if english(t.lang) else None) or tile.name
            item.show_service(tile.prefix, name, service_line(tile, t), closed=not tile.open)
            if tile.open:
                item.setEnabled(enabled)
        self.pager.setEnabled(enabled)

    def _width_of(self, width: int) -> int:
        return (width - SPACING * (self._columns - 1)) // self._columns

    def pages_for(self, width: int, room: int) -> list[int]:
        """The tiles per page at this size (see `paginate`)."""
        if not self._codes:
            return []
        column = self._width_of(width)
        heights = [self.buttons[code].heightForWidth(column) for code in self._codes]
        return paginate(heights, self._columns, room, self.pager.heightForWidth(column))

    def arrange(self, width: int, room: int) -> None:
        """Split the services into pages for a grid `width` × `room` px and show the current page."""
        self._columns = self._preferred
        while self._columns > 1 and not all(b.words_fit(self._width_of(width)) for b in self.buttons.values()):
            self._columns -= 1  # a name's word too long for a narrower tile: fewer, wider tiles
        self._column_width = self._width_of(width)
        counts = self.pages_for(width, room)
        pages, start = [], 0
        for count in counts:
            pages.append(list(self._codes[start : start + count]))
            start += count
        if pages != self.pages:
            self.pages = pages
            self.page = min(self.page, max(len(pages) - 1, 0))
        self._place()

    def first_page(self) -> None:
        if self.page:
            self.page = 0
            self._place()

    def next_page(self) -> None:
        if self.pages:
            self.page = (self.page + 1) % len(self.pages)
            self._place()

    def _place(self) -> None:
        shown = self.pages[self.page] if self.pages else []
        items: list[QWidget] = [self.buttons[code] for code in shown]
        if len(self.pages) > 1:
            items.append(self.pager)
            t = self._t
            if t is not None:
                self.pager.setText(
                    t("更多业务") + "\n" + t("第 {page}/{pages} 页", page=self.page + 1, pages=len(self.pages))
                )
        for button in (*self.buttons.values(), self.pager):
            self._grid.removeWidget(button)
            button.setVisible(button in items)
        columns = self._columns
        for index, item in enumerate(items):
            self._grid.addWidget(item, index // columns, index % columns)
        rows = (len(items) + columns - 1) // columns
        for column in range(max(columns, self._grid.columnCount())):
            # A column left over from a wider layout (landscape) must not keep a share of the width.
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        for row in range(max(rows, self._grid.rowCount())):
            self._grid.setRowStretch(row, 1 if row < rows else 0)  # the rows share the height...
            # ...but none gets less than its words need (a name on two lines): Qt's grid would share it evenly.
            needed = [item.heightForWidth(self._column_width) for item in items[row * columns : (row + 1) * columns]]
            self._grid.setRowMinimumHeight(row, max(needed, default=0))

    def _rebuild(self, codes: tuple[str, ...]) -> None:
        for item in self.buttons.values():
            self._grid.removeWidget(item)
            item.deleteLater()
        self.buttons = {}
        for code in codes:
            item = ServiceButton(code)
            item.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            item.clicked.connect(lambda _checked=False, c=code: self._on_choose(c))
            self.buttons[code] = item
            item.setParent(self)
        self._codes = codes
        self.pages = []
        self.page = 0


def grid_columns(count: int, portrait: bool) -> int:
    """Portrait: one column for up to three services (each the width of the screen), else two. Landscape:
    three, or two for two and four services (two rows of two, not three and a lonely one)."""
    if portrait:
        return 1 if count <= 3 else 2
    return 2 if count in (2, 4) else min(max(count, 1), 3)


def fit_grid(screen: QWidget, grid: ServiceGrid, optional: tuple[QWidget, ...] = ()) -> None:
    """Give the grid the height the screen's other rows leave it. The `optional` rows (a title, a hint) give
    way when the services would otherwise need more than one page."""
    layout = screen.layout()
    if not isinstance(layout, QVBoxLayout) or screen.height() <= 0:
        return
    margins = layout.contentsMargins()
    width = screen.width() - margins.left() - margins.right()

    def row_height(widget: QWidget) -> int:
        hint = widget.heightForWidth(width) if widget.hasHeightForWidth() else widget.sizeHint().height()
        return max(hint, widget.minimumHeight()) + layout.spacing()

    room = screen.height() - margins.top() - margins.bottom()
    for index in range(layout.count()):
        item = layout.itemAt(index)
        widget = item.widget() if item is not None else None
        if widget is not None and widget is not grid and not widget.isHidden():
            room -= row_height(widget)
    for widget in optional:
        if len(grid.pages_for(width, room)) > 1 and not widget.isHidden():
            widget.hide()
            room += row_height(widget)
    grid.arrange(width, room)


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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.model.accepting:
            self.title.show()
            fit_grid(self, self.grid, optional=(self.title,))

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
        self.message.setText(notice_text(model, t))
        self.message.setVisible(model.message is not None and accepting)
        tiles = model.tiles()
        self.grid.refresh(tiles, t, grid_columns(len(tiles), portrait), enabled=accepting and not model.busy)
        who = model.green_channel(english(t.lang))
        self.green.setText(t("绿色通道") + "\n" + t("{who}优先", who=who))
        self.appointment.setText(t("预约签到") + "\n" + t("已在网上预约，输入预约码"))
        for entry in (self.green, self.appointment):
            entry.setEnabled(accepting and not model.busy)
            # Tall enough for its words at the width it has now (a long English line wraps to three).
            base = (220 if model.large else 180) if portrait else 150
            entry.setMinimumHeight(max(base, entry.heightForWidth(entry.width()) if entry.width() > 200 else base))
        # Said to the row too: the grid above takes the height the row leaves, never the row's own.
        self.entries.setMinimumHeight(max(self.green.minimumHeight(), self.appointment.minimumHeight()))
        if accepting:
            # The title gives way before the services go to a second page (the voice guide says it too).
            fit_grid(self, self.grid, optional=(self.title,))


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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.title.show()
        self.hint.show()
        fit_grid(self, self.grid, optional=(self.hint, self.title))

    def refresh(self, t: Texts, portrait: bool) -> None:
        model = self.model
        self.title.setVisible(True)
        self.title.setText(t("绿色通道 · 优先办理"))
        who = model.green_channel(english(t.lang))
        self.hint.setText(t("适用于{who}。请选择业务，到窗口时出示相关证件。", who=who))
        self.message.setText(notice_text(model, t))
        self.message.setVisible(model.message is not None)
        self.hint.setVisible(True)
        tiles = model.tiles()
        self.grid.refresh(tiles, t, grid_columns(len(tiles), portrait), enabled=not model.busy)
        self.back.setText(t("返回"))
        # The hint gives way before the services go to a second page; then the title.
        fit_grid(self, self.grid, optional=(self.hint, self.title))
