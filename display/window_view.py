"""The window screen (窗口屏): window number and name, the clerk (name, 工号, title, photo), the number
being served or 暂停服务 and why, and the notice.

The photo is the server's (`WindowOut.staff_photo`, fetched off the UI thread by `StaffPhotos`); a hall whose
server has none may keep them in a local folder (`--photos DIR`, files `<staff_no>.png|jpg`); without either
the clerk's surname is drawn in a circle, the usual placeholder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QWidget

from client.i18n import tr
from client.photos import StaffPhotos
from jiaohao.wire.models import WindowOut

from .model import DisplayModel, DisplayUpdate
from .paint import COLORS, draw_text, panel
from .panels import ModelPanel
from .screen import Screen

__all__ = ["PhotoFolder", "WindowScreen"]

CTX = "WindowScreen"


class PhotoFolder:
    """Staff photos by 工号; each file is read once."""

    SUFFIXES = (".png", ".jpg", ".jpeg")

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._cache: dict[str, QPixmap | None] = {}

    def photo(self, staff_no: str | None) -> QPixmap | None:
        if self.folder is None or not staff_no:
            return None
        if staff_no not in self._cache:
            found = next((self.folder / f"{staff_no}{s}" for s in self.SUFFIXES
                          if (self.folder / f"{staff_no}{s}").is_file()), None)
            pixmap = QPixmap(str(found)) if found is not None else None
            self._cache[staff_no] = pixmap if pixmap is not None and not pixmap.isNull() else None
        return self._cache[staff_no]


class StaffCard(ModelPanel):
    def __init__(self, model: DisplayModel, photos: PhotoFolder, staff_photos: StaffPhotos | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.photos = photos
        self.staff_photos = staff_photos
        self._server_pixmap: tuple[int, QPixmap] | None = None  # the last server image, made a pixmap once
        if staff_photos is not None:
            staff_photos.loaded.connect(lambda _path: self.update())

    def photo(self, window: WindowOut) -> QPixmap | None:
        """The server's photo of the clerk, else one from the local folder, else None (the placeholder)."""
        image = self.staff_photos.image(window.staff_photo) if self.staff_photos is not None else None
        if image is None:
            return self.photos.photo(window.staff_no)
        if self._server_pixmap is None or self._server_pixmap[0] != image.cacheKey():
            self._server_pixmap = (image.cacheKey(), QPixmap.fromImage(image))
        return self._server_pixmap[1]

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        window = self.model.window()
        pad = self.pad() * 0.4
        box = rect.adjusted(pad, pad, -pad, -pad)
        panel(painter, box, COLORS["tile"], min(box.width(), box.height()) * 0.04)
        if window is None or not window.staff_name:
            draw_text(painter, box.adjusted(box.width() * 0.1, 0, -box.width() * 0.1, 0), tr(CTX, "工作人员暂未到岗"),
                      COLORS["muted"], max_px=box.height() * 0.08)
            return
        portrait = box.height() > box.width() * 0.9
        if portrait:  # photo on top, text below
            side = min(box.width() * 0.7, box.height() * 0.55)
            photo = QRectF(box.center().x() - side / 2, box.top() + box.height() * 0.05, side, side)
            text = QRectF(box.left() + box.width() * 0.05, photo.bottom() + box.height() * 0.03,
                          box.width() * 0.9, box.bottom() - photo.bottom() - box.height() * 0.06)
        else:  # photo left, text right
            side = min(box.height() * 0.8, box.width() * 0.4)
            photo = QRectF(box.left() + box.height() * 0.1, box.center().y() - side / 2, side, side)
            text = QRectF(photo.right() + box.height() * 0.1, box.top() + box.height() * 0.1,
                          box.right() - photo.right() - box.height() * 0.2, box.height() * 0.8)
        self._photo(painter, photo, window)
        h = text.height()
        draw_text(painter, QRectF(text.left(), text.top(), text.width(), h * 0.42), window.staff_name, COLORS["text"])
        draw_text(painter, QRectF(text.left(), text.top() + h * 0.44, text.width(), h * 0.26),
                  tr(CTX, "工号 {no}").format(no=window.staff_no or ""), COLORS["muted"], bold=False)
        if window.staff_title:
            draw_text(painter, QRectF(text.left(), text.top() + h * 0.72, text.width(), h * 0.24),
                      window.staff_title, COLORS["muted"], bold=False)

    def _photo(self, painter: QPainter, rect: QRectF, window: WindowOut) -> None:
        pixmap = self.photo(window)
        clip = QPainterPath()
        clip.addEllipse(rect)
        if pixmap is not None:
            painter.save()
            painter.setClipPath(clip)
            scaled = pixmap.scaled(rect.size().toSize(), Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                   Qt.TransformationMode.SmoothTransformation)
            # Centred: a portrait photo is cropped top and bottom, not shifted to the circle's top-left.
            painter.drawPixmap(rect.center() - scaled.rect().toRectF().center(), scaled)
            painter.restore()
            return
        painter.fillPath(clip, QColor(COLORS["line"]))
        initial = (window.staff_name or "?")[0]
        draw_text(painter, rect.adjusted(rect.width() * 0.2, rect.height() * 0.2, -rect.width() * 0.2,
                                         -rect.height() * 0.2), initial, COLORS["text"])


class CurrentNumber(ModelPanel):
    """当前号码 and the number, or 暂停服务 and why."""

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        window = self.model.window()
        pad = self.pad() * 0.4
        box = rect.adjusted(pad, pad, -pad, -pad)
        blink = self.model.highlighted() and int(self.model.clock.now().timestamp() * 2) % 2 == 0
        open_ = window is not None and window.status == "open"
        paused_fill = window is not None and window.status == "paused"  # amber for a pause; unstaffed stays calm
        fill = COLORS["accent"] if blink and open_ else (COLORS["paused"] if paused_fill else COLORS["tile"])
        panel(painter, box, fill, min(box.width(), box.height()) * 0.04, COLORS["accent"] if open_ else None,
              max(2.0, min(box.width(), box.height()) * 0.01))
        inner = box.adjusted(box.width() * 0.05, box.height() * 0.05, -box.width() * 0.05, -box.height() * 0.05)
        h = inner.height()
        top = QRectF(inner.left(), inner.top(), inner.width(), h * 0.18)
        middle = QRectF(inner.left(), inner.top() + h * 0.2, inner.width(), h * 0.6)
        bottom = QRectF(inner.left(), inner.top() + h * 0.82, inner.width(), h * 0.18)
        text_color = COLORS["on_accent"] if blink and open_ else COLORS["text"]
        if window is None:
            draw_text(painter, middle, tr(CTX, "等候叫号"), COLORS["muted"], max_px=h * 0.2)
            return
        if not open_:
            paused = window.status == "paused"
            # Paused (with the clerk's reason) and unstaffed are told apart: one comes back soon, one does not.
            state = tr("HallScreen", "暂停服务") if paused else tr("HallScreen", "未开放")
            draw_text(painter, middle, state, COLORS["warning"] if paused else COLORS["muted"])
            reason = window.pause_reason if paused else tr(CTX, "请到其他窗口办理")
            if reason:
                draw_text(painter, bottom, reason, COLORS["text"], bold=False)
            return
        newest = self.model.newest
        title = tr(CTX, "当前号码")
        if newest is not None and newest.recall and newest.number == window.serving:
            title = tr("HallScreen", "重呼")
        draw_text(painter, top, title, text_color, align=Qt.AlignmentFlag.AlignLeft)
        if window.serving:
            draw_text(painter, middle, window.serving, COLORS["on_accent"] if blink else COLORS["accent"])
            state = tr("HallScreen", "请到窗口") if window.serving_state == "called" else tr("HallScreen", "办理中")
            draw_text(painter, bottom, state, text_color, bold=False)
        else:
            draw_text(painter, middle, tr(CTX, "等候叫号"), COLORS["muted"], max_px=h * 0.25)


class WindowScreen(Screen):
    def __init__(self, model: DisplayModel, lang: str = "zh_CN", photos: PhotoFolder | None = None,
                 parent: QWidget | None = None, staff_photos: StaffPhotos | None = None) -> None:
        super().__init__(model, lang, parent, title="")
        self.setObjectName(f"display-window-{model.window_number}")
        self.staff = StaffCard(model, photos or PhotoFolder(None), staff_photos, self)
        self.number = CurrentNumber(model, self)
        self.call_panels = (self.staff, self.number)
        self.highlight_panels = (self.number,)
        self._finish_setup()

    def _on_update(self, update: DisplayUpdate) -> None:
        window = self.model.window()
        number = self.model.window_number
        title = tr(CTX, "{n}号窗口").format(n=number)
        if window is not None and window.name != title:
            # A name such as 不动产登记专窗（一） does not say the number the voice calls out.
            title = window.name if window.name.startswith(f"{number}号") else f"{title} · {window.name}"
        self.header.title = title
        super()._on_update(update)

    def arrange(self, w: float, h: float) -> None:
        if w >= h:
            header, notice = h * 0.15, h * 0.08
            body_h = h - header - notice
            self.place(self.header, 0, 0, w, header)
            self.place(self.staff, 0, header, w * 0.36, body_h)
            self.place(self.number, w * 0.36, header, w * 0.64, body_h)
        else:
            header, notice = h * 0.09, h * 0.05
            self.place(self.header, 0, 0, w, header)
            self.place(self.staff, 0, header, w, h * 0.36)
            self.place(self.number, 0, header + h * 0.36, w, h - header - h * 0.36 - notice)
        self.place(self.notice_ticker, 0, h - notice, w, notice)
