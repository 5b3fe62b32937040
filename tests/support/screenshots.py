"""One screenshot saver: into the test's folder, and a copy under out/screenshots/<group>/ for people to look at.

A saved picture proves nothing by itself; `drawn()` measures what a glance would notice (size, how many
colours, how much is not background) so a test can assert that the screen was really painted.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from .hall import ROOT

SCREENSHOTS = ROOT / "out" / "screenshots"


def save_screenshot(source: Any, folder: Path, name: str, *, group: str) -> Path:
    """Save a Qt widget (grabbed), a QImage/QPixmap, or a Selenium driver's page as `folder/name.png`, copied
    to out/screenshots/`group`/."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    if hasattr(source, "save_screenshot"):  # a Selenium WebDriver
        assert source.save_screenshot(str(path)), f"could not save {path}"
    else:
        if hasattr(source, "grab"):  # a QWidget: let a pending relayout happen before the picture is taken
            from PySide6.QtWidgets import QApplication

            QApplication.processEvents()
            source = source.grab()
        assert source.save(str(path)), f"could not save {path}"
    shown = SCREENSHOTS / group
    shown.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, shown / path.name)
    return path


@dataclass(frozen=True)
class Drawn:
    width: int
    height: int
    colours: int  # distinct colours among the sampled pixels
    ink: float  # share of sampled pixels that differ clearly from the most common (background) colour


def drawn(path: Path) -> Drawn:
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        step = max(1, min(width, height) // 200)
        pixels = [rgb.getpixel((x, y)) for y in range(0, height, step) for x in range(0, width, step)]
    counts: dict[Any, int] = {}
    for p in pixels:
        counts[p] = counts.get(p, 0) + 1
    background = max(counts, key=lambda p: counts[p])
    ink = sum(1 for p in pixels if sum(abs(a - b) for a, b in zip(p, background, strict=True)) > 60)
    return Drawn(width, height, len(counts), ink / len(pixels))


def assert_painted(path: Path, size: tuple[int, int] | None = None, *, min_ink: float = 0.01) -> Drawn:
    """The picture has the expected size and carries text and shapes, not one flat colour."""
    seen = drawn(path)
    if size is not None:
        assert (seen.width, seen.height) == size, f"{path.name} is {seen.width}×{seen.height}, expected {size}"
    assert seen.colours >= 8 and seen.ink >= min_ink, f"{path.name} looks blank: {seen}"
    return seen


def write_portrait(path: Path) -> Path:
    """A small stand-in staff photo (head and shoulders on blue; the face #f1c8a0, a colour no screen uses)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(240, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#6f8fb8"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1f2f4a"))
    painter.drawEllipse(QRectF(20, 190, 200, 220))  # shoulders
    painter.setBrush(QColor("#f1c8a0"))
    painter.drawEllipse(QPointF(120, 120), 62, 74)  # face
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path)), path
    return path
