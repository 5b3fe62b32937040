"""The hall screen (综合屏): the newest call very large, recent calls, every window, people waiting, notice.

Geometry is proportions of the screen (landscape or portrait), set in `resizeEvent`; each panel sizes its
own text from its rectangle. The screen repaints only what changed: a call repaints the call panels, a
count the waiting strip, the clock once a second, the highlight while it blinks.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from client.i18n import tr
from jiaohao.wire.models import ServiceOut, WindowOut

from .model import DisplayModel
from .paint import COLORS, draw_text, panel, uniform_px
from .panels import ModelPanel
from .screen import Screen

__all__ = ["HallScreen"]

CTX = "HallScreen"


def window_label(number: int, name: str | None) -> str:
    """A window as the voice calls it (7号窗口), with its name when the name does not already say it."""
    label = tr(CTX, "{n}号窗口").format(n=number)
    if not name or name == label:
        return label
    return name if name.startswith(f"{number}号") else f"{tr(CTX, '{n}号').format(n=number)} {name}"


def short_label(number: int) -> str:
    return tr(CTX, "{n}号窗口").format(n=number)


def window_state_text(window: WindowOut) -> tuple[str, str]:
    """(text, colour) of a window's state line."""
    if window.status == "paused":
        reason = f"：{window.pause_reason}" if window.pause_reason else ""
        return tr(CTX, "暂停服务") + reason, COLORS["warning"]
    if window.status == "closed":
        return tr(CTX, "未开放"), COLORS["closed"]  # no clerk at it: not the same as a pause with a reason
    if window.serving and window.serving_state == "called":
        return tr(CTX, "请到窗口"), COLORS["accent"]
    if window.serving:
        return tr(CTX, "办理中"), COLORS["ok"]
    return tr(CTX, "空闲"), COLORS["muted"]


class NewestCall(ModelPanel):
    """正在叫号: the newest call's number, as large as the panel allows, and where to go."""

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        call = self.model.newest
        pad = self.pad() * 0.5
        box = rect.adjusted(pad, pad, -pad, -pad)
        blink = self.model.highlighted() and int(self.model.clock.now().timestamp() * 2) % 2 == 0
        fill, number_color = (COLORS["accent"], COLORS["on_accent"]) if blink else (COLORS["tile"], COLORS["accent"])
        panel(painter, box, fill, box.height() * 0.04, COLORS["accent"], max(2.0, box.height() * 0.012))
        inner = box.adjusted(box.width() * 0.05, box.height() * 0.04, -box.width() * 0.05, -box.height() * 0.04)
        h = inner.height()
        title = tr(CTX, "正在叫号")
        text_color = COLORS["on_accent"] if blink else COLORS["text"]
        if call is None:
            draw_text(painter, inner, tr(CTX, "等候叫号"), COLORS["muted"], max_px=h * 0.2)
            return
        if call.recall:
            title = tr(CTX, "重呼")  # said alone: "重呼 · 正在叫号" read as two headings at once
        draw_text(painter, QRectF(inner.left(), inner.top(), inner.width(), h * 0.15), title, text_color,
                  align=Qt.AlignmentFlag.AlignLeft)
        draw_text(painter, QRectF(inner.left(), inner.top() + h * 0.14, inner.width(), h * 0.54), call.number,
                  number_color)
        where = tr(CTX, "请到 {window}").format(window=short_label(call.window))
        draw_text(painter, QRectF(inner.left(), inner.top() + h * 0.68, inner.width(), h * 0.2), where, text_color)
        if call.window_name and call.window_name != short_label(call.window):
            draw_text(painter, QRectF(inner.left(), inner.top() + h * 0.88, inner.width(), h * 0.12),
                      call.window_name, text_color, bold=False)


class RecentCalls(ModelPanel):
    """最近叫号: number → window, newest first, as many rows as fit at a readable size."""

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        pad = self.pad() * 0.4
        box = rect.adjusted(pad, 0, -pad, -pad)
        panel(painter, box, COLORS["tile"], min(box.width(), box.height()) * 0.04)
        inner = box.adjusted(box.width() * 0.04, box.height() * 0.03, -box.width() * 0.04, -box.height() * 0.03)
        title_h = min(inner.height() * 0.2, inner.width() * 0.07)
        draw_text(painter, QRectF(inner.left(), inner.top(), inner.width(), title_h), tr(CTX, "最近叫号"),
                  COLORS["muted"], align=Qt.AlignmentFlag.AlignLeft, bold=False)
        rows_area = inner.adjusted(0, title_h, 0, 0)
        # Rows no taller than a tenth of the width (else two huge rows) and no shorter than a sixth of
        # the panel (else unreadable); two columns when the panel is wide.
        columns = 2 if inner.width() > inner.height() * 1.4 else 1
        col_w = inner.width() / columns
        count = max(1, min(6, round(rows_area.height() / max(rows_area.height() / 6, col_w * 0.16))))
        row_h = rows_area.height() / count
        calls = self.model.recent_calls(count * columns)
        if not calls:
            return
        number_w, name_w = col_w * 0.36, col_w * 0.6
        number_px = uniform_px([c.number for c in calls], number_w, row_h * 0.9)
        name_px = min(number_px * 0.8, uniform_px([short_label(c.window) for c in calls], name_w, row_h))
        for i, call in enumerate(calls):
            col, row = divmod(i, count)
            top = rows_area.top() + row * row_h
            left = inner.left() + col * col_w
            draw_text(painter, QRectF(left, top, number_w, row_h), call.number, COLORS["accent"],
                      align=Qt.AlignmentFlag.AlignLeft, px=number_px)
            draw_text(painter, QRectF(left + col_w * 0.38, top, name_w, row_h), short_label(call.window),
                      COLORS["text"], align=Qt.AlignmentFlag.AlignLeft, px=name_px)


class WindowsGrid(ModelPanel):
    """Every window: its name, the number it serves, its state (暂停服务 and why)."""

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        windows = self.model.windows()
        if not windows:
            return
        pad = self.pad() * 0.4
        area = rect.adjusted(pad, 0, -pad, -pad)
        columns, rows = grid_shape(len(windows), area.width(), area.height())
        gap = min(area.width(), area.height()) * 0.015
        tile_w = (area.width() - gap * (columns - 1)) / columns
        tile_h = (area.height() - gap * (rows - 1)) / rows
        inner_w, inner_h = tile_w * 0.9, tile_h * 0.9
        sizes = (uniform_px([window_label(w.number, w.name) for w in windows], inner_w, inner_h * 0.26),
                 uniform_px([w.serving or "" for w in windows] + [tr(CTX, "暂停服务")], inner_w, inner_h * 0.5),
                 uniform_px([window_state_text(w)[0] for w in windows], inner_w, inner_h * 0.22, bold=False))
        for i, window in enumerate(windows):
            row, col = divmod(i, columns)
            tile = QRectF(area.left() + col * (tile_w + gap), area.top() + row * (tile_h + gap), tile_w, tile_h)
            self._tile(painter, tile, window, sizes)

    def _tile(self, painter: QPainter, tile: QRectF, window: WindowOut, sizes: tuple[float, float, float]) -> None:
        name_px, number_px, state_px = sizes
        paused = window.status == "paused"
        panel(painter, tile, COLORS["paused"] if paused else COLORS["tile"], tile.height() * 0.06)
        inner = tile.adjusted(tile.width() * 0.05, tile.height() * 0.05, -tile.width() * 0.05, -tile.height() * 0.05)
        h = inner.height()
        draw_text(painter, QRectF(inner.left(), inner.top(), inner.width(), h * 0.26),
                  window_label(window.number, window.name), COLORS["text"], px=name_px)
        state, color = window_state_text(window)
        middle = QRectF(inner.left(), inner.top() + h * 0.27, inner.width(), h * 0.5)
        if window.status == "open":
            draw_text(painter, middle, window.serving or "—", COLORS["accent"] if window.serving else color,
                      px=number_px)
        else:
            draw_text(painter, middle, tr(CTX, "暂停服务") if paused else tr(CTX, "未开放"), color, px=number_px)
            state = (window.pause_reason or "") if paused else ""
        if state:
            draw_text(painter, QRectF(inner.left(), inner.top() + h * 0.78, inner.width(), h * 0.22), state, color,
                      bold=False, px=state_px)


class WaitingStrip(ModelPanel):
    """等候人数 per service: the service's name over its count, one size for all."""

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        services = self.model.services()
        if not services:
            return
        pad = self.pad() * 0.3
        area = rect.adjusted(pad * 2, 0, -pad * 2, -pad)
        columns, rows = grid_shape(len(services), area.width(), area.height(), tile_aspect=3.0)
        cell_w, cell_h = area.width() / columns, area.height() / rows
        inner_w, inner_h = cell_w * 0.9, cell_h * 0.8
        counts = [self._count(s) for s in services]
        name_px = uniform_px([s.name for s in services], inner_w, inner_h * 0.45, bold=False)
        count_px = uniform_px(counts, inner_w, inner_h * 0.55)
        for i, (service, count) in enumerate(zip(services, counts, strict=True)):
            row, col = divmod(i, columns)
            cell = QRectF(area.left() + col * cell_w, area.top() + row * cell_h, cell_w, cell_h)
            box = cell.adjusted(cell_w * 0.015, cell_h * 0.05, -cell_w * 0.015, -cell_h * 0.05)
            panel(painter, box, COLORS["tile"], box.height() * 0.1)
            inner = QRectF(box.center().x() - inner_w / 2, box.center().y() - inner_h / 2, inner_w, inner_h)
            draw_text(painter, QRectF(inner.left(), inner.top(), inner_w, inner_h * 0.45), service.name,
                      COLORS["text"], bold=False, px=name_px)
            draw_text(painter, QRectF(inner.left(), inner.top() + inner_h * 0.45, inner_w, inner_h * 0.55), count,
                      COLORS["accent"] if service.open else COLORS["closed"], px=count_px)

    @staticmethod
    def _count(service: ServiceOut) -> str:
        if not service.open:
            return service.closed_reason or tr(CTX, "暂停取号")
        return tr(CTX, "等候 {n} 人").format(n=service.waiting)


def grid_shape(count: int, width: float, height: float, tile_aspect: float = 1.6) -> tuple[int, int]:
    """Columns and rows that make tiles closest to `tile_aspect` (width/height) for `count` items."""
    best = (count, 1)
    best_err = math.inf
    for columns in range(1, count + 1):
        rows = math.ceil(count / columns)
        aspect = (width / columns) / (height / rows)
        err = abs(math.log(aspect / tile_aspect)) + 0.05 * (columns * rows - count)
        if err < best_err:
            best, best_err = (columns, rows), err
    return best


class HallScreen(Screen):
    def __init__(self, model: DisplayModel, lang: str = "zh_CN", parent: QWidget | None = None) -> None:
        super().__init__(model, lang, parent)
        self.setObjectName("display-hall")
        self.newest = NewestCall(model, self)
        self.recent = RecentCalls(model, self)
        self.grid = WindowsGrid(model, self)
        self.waiting = WaitingStrip(model, self)
        self.call_panels = (self.newest, self.recent, self.grid)
        self.highlight_panels = (self.newest,)
        self.count_panels = (self.waiting, self.grid)
        self._finish_setup()

    def arrange(self, w: float, h: float) -> None:
        if w >= h:  # landscape: calls on the left, windows on the right
            header, notice, waiting = h * 0.11, h * 0.075, h * 0.12
            body_top, body_h = header + h * 0.02, h - header - notice - waiting - h * 0.02
            left_w = w * 0.42
            self.place(self.header, 0, 0, w, header)
            self.place(self.newest, 0, body_top, left_w, body_h * 0.6)
            self.place(self.recent, 0, body_top + body_h * 0.6, left_w, body_h * 0.4)
            self.place(self.grid, left_w, body_top + body_h * 0.015, w - left_w, body_h * 0.985)
            self.place(self.waiting, 0, body_top + body_h, w, waiting)
        else:  # portrait: stacked, the call on top
            header, notice = h * 0.07, h * 0.045
            rows = [(self.newest, 0.25), (self.recent, 0.14), (self.grid, 0.32), (self.waiting, 0.135)]
            self.place(self.header, 0, 0, w, header)
            top = header + h * 0.015
            for widget, share in rows:
                self.place(widget, 0, top, w, h * share)
                top += h * share
            notice = h - top
        self.place(self.notice_ticker, 0, h - notice, w, notice)
