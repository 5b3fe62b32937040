"""Stopgap for PySide6 6.12 on CPython 3.11: every call of a void Qt method returns None without taking a
reference, so None's reference count falls by one per call (QFont.setBold, QPainter.setPen, …). A hall
screen painting its ticker loses ~265 references a second and dies with "none_dealloc" after ~100 s.

Until the dependency is pinned or Python ≥ 3.12 is used (None is immortal there), the screen tops None's
count up. Extra references to None are harmless (None is never freed), so this is safe whether or not the
bug is present; it only matters on 3.11.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, QTimer

__all__ = ["NoneGuard", "install_none_guard", "none_leaks"]

log = logging.getLogger(__name__)

_TOP_UP = 100_000_000  # days of the worst drift measured
_EVERY_MS = 60_000
_FLOOR = 2_000_000


def none_leaks() -> bool:
    """True when void Qt calls drop references to None (measured, not guessed from version numbers)."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QRect

    rect = QRect()
    before = sys.getrefcount(None)
    for _ in range(100):
        rect.setWidth(1)
    return sys.getrefcount(None) < before - 50


_SINGLETONS = (None, True, False)  # True/False drift too (bool_dealloc seen in the 8-hour bench)


def _top_up(count: int) -> None:
    # CPython < 3.12 (the only case this runs): ob_refcnt is an object's first field, at its id().
    for singleton in _SINGLETONS:
        ctypes.c_ssize_t.from_address(id(singleton)).value += count


class NoneGuard(QObject):
    """Keeps None's reference count far from zero while the application runs (see the module's text)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.active = none_leaks()
        self._timer = QTimer(self)
        self._timer.setInterval(_EVERY_MS)
        self._timer.timeout.connect(self.check)
        if self.active:
            log.warning("PySide6 drops references to None on this Python (%s); compensating", sys.version.split()[0])
            _top_up(_TOP_UP)
            self._timer.start()

    def check(self) -> None:
        if min(sys.getrefcount(s) for s in _SINGLETONS) < _FLOOR:
            _top_up(_TOP_UP)


def install_none_guard() -> None:
    """Once per process, owned by the application object so it lives as long as the Qt loop."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is None or app.findChild(NoneGuard) is not None:
        return
    NoneGuard(app)
