"""Staff photos named by `WindowOut.staff_photo`, fetched off the UI thread and kept for the process's life.

The window screen and the rating pad show the clerk's photo; the server serves it (`GET /api/v1/staff/{no}/
photo`). `StaffPhotos.image(path)` answers at once: the image when it has arrived, else None (the view draws
its placeholder) while one fetch runs on the API's worker thread; `loaded(path)` says when to repaint. The
bytes are decoded into a `QImage` on that worker (QImage, unlike QPixmap, may be made off the UI thread).

A failed fetch is not retried on every repaint (a screen repaints several times a second): a photo the server
does not have stays missing, and after a network failure `retry()` (on reconnect) lets it be asked for again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from .api import HallApi
from .errors import PROTOCOL, ApiError
from .qt_api import QtHallApi

__all__ = ["StaffPhotos"]

log = logging.getLogger(__name__)


class StaffPhotos(QObject):
    loaded = Signal(str)  # the path whose image is now available

    def __init__(self, api: QtHallApi, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self._images: dict[str, QImage] = {}
        self._asked: set[str] = set()  # in flight, or failed and not to be asked again until retry()

    def image(self, path: str | None) -> QImage | None:
        if not path:
            return None
        found = self._images.get(path)
        if found is None and path not in self._asked:
            self._asked.add(path)
            self.api.submit(lambda api: _fetch(api, path), lambda image: self._arrived(path, image), self._failed)
        return found

    def retry(self) -> None:
        """Ask again for the photos that failed (the server is back)."""
        self._asked = set(self._images)

    def _arrived(self, path: str, image: QImage) -> None:
        self._images[path] = image
        self.loaded.emit(path)

    def _failed(self, err: ApiError) -> None:
        log.info("staff photo not shown: %s", err)


def _fetch(api: HallApi, path: str) -> QImage:
    image = QImage.fromData(api.staff_photo(path))
    if image.isNull():
        raise ApiError(PROTOCOL, "工作人员照片无法识别")
    return image
