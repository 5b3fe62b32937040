"""The five faces of the 好差评 scale, drawn with QPainter (no emoji font needed, the same on every tablet).

A face and its words make one large button. The buttons are never checkable: nothing is preselected and no
choice looks "recommended"; colours run green → red so that a citizen who cannot read the words still
finds the face they mean.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from client.i18n import tr
from client.theme import PALETTE, cjk_font
from jiaohao.domain.rating import LEVELS

__all__ = ["FACE_COLOURS", "FaceButton", "FaceIcon", "ThanksMark", "draw_face", "level_words"]

FACE_COLOURS = {5: "#22a45d", 4: "#8cc63f", 3: "#f7c62f", 2: "#f28c28", 1: "#e5484d"}
# Mouth curvature as a fraction of the face's radius: positive smiles, negative frowns.
_MOUTH = {5: 0.42, 4: 0.22, 3: 0.0, 2: -0.2, 1: -0.36}
_INK = QColor("#1b1b1b")


def level_words(level: int) -> str:
    return tr("PadWindow", LEVELS[level])


def draw_face(painter: QPainter, rect: QRectF, level: int) -> None:
    """A round face filling the square centred in *rect*."""
    side = min(rect.width(), rect.height())
    r = side / 2
    centre = rect.center()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(_INK, max(2.0, r * 0.05)))
    painter.setBrush(QColor(FACE_COLOURS[level]))
    painter.drawEllipse(centre, r * 0.96, r * 0.96)
    # eyes
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_INK)
    eye_y = centre.y() - r * 0.2
    for dx in (-0.34, 0.34):
        painter.drawEllipse(QPointF(centre.x() + dx * r, eye_y), r * 0.1, r * 0.13)
    pen = QPen(_INK, max(3.0, r * 0.09), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if level == 1:  # brows pulled together: the strongest displeasure reads at a glance
        for sign in (-1, 1):
            inner = QPointF(centre.x() + sign * r * 0.18, eye_y - r * 0.2)
            outer = QPointF(centre.x() + sign * r * 0.5, eye_y - r * 0.32)
            painter.drawLine(inner, outer)
    # mouth: a quadratic curve whose control point pulls down (smile) or up (frown)
    curve = _MOUTH[level]
    mouth_y = centre.y() + r * (0.38 if curve >= 0 else 0.5)
    half = r * (0.46 if level in (5, 1) else 0.38)
    path = QPainterPath(QPointF(centre.x() - half, mouth_y))
    path.quadTo(QPointF(centre.x(), mouth_y + curve * r * 2), QPointF(centre.x() + half, mouth_y))
    if level == 5:  # a broad open smile
        path.closeSubpath()
        painter.setBrush(_INK)
    painter.drawPath(path)
    painter.restore()


class FaceIcon(QWidget):
    """A face alone (the reasons and thank-you screens show the choice made)."""

    def __init__(self, level: int = 3, side: int = 96, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        self.setFixedSize(side, side)

    def set_level(self, level: int) -> None:
        self.level = level
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        draw_face(painter, QRectF(self.rect()), self.level)
        painter.end()


class ThanksMark(QWidget):
    """A green tick: the thank-you screen does not show the citizen's own face back at them, whatever they chose."""

    def __init__(self, side: int = 160, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.width() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(FACE_COLOURS[5]))
        painter.drawEllipse(QRectF(self.rect()).adjusted(4, 4, -4, -4))
        painter.setPen(
            QPen(QColor("#ffffff"), r * 0.16, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        tick = QPainterPath(QPointF(r * 0.55, r * 1.02))
        tick.lineTo(QPointF(r * 0.88, r * 1.35))
        tick.lineTo(QPointF(r * 1.48, r * 0.7))
        painter.drawPath(tick)
        painter.end()


class FaceButton(QAbstractButton):
    """One choice: a face above its words, the whole card a touch target of at least 200 × 300 px."""

    def __init__(self, level: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        self.setText(level_words(level))
        self.setObjectName(f"face-{level}")
        self.setAccessibleName(self.text())
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 300)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no focus ring: it would look like a preselection

    def sizeHint(self) -> QSize:
        return QSize(224, 340)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRectF(self.rect()).adjusted(3, 3, -3, -3)
        pressed = self.isDown()
        painter.setPen(QPen(QColor(PALETTE["accent"] if pressed else PALETTE["muted"]), 4 if pressed else 2))
        painter.setBrush(QColor("#1d3a63" if pressed else PALETTE["surface"]))
        painter.drawRoundedRect(card, 22, 22)
        words_height = card.height() * 0.26
        face = QRectF(card.left(), card.top() + 16, card.width(), card.height() - words_height - 24)
        draw_face(painter, face.adjusted(18, 0, -18, 0), self.level)
        painter.setPen(QColor(PALETTE["text"]))
        font = cjk_font(26, bold=True)
        painter.setFont(font)
        words = QRectF(card.left() + 4, card.bottom() - words_height, card.width() - 8, words_height - 8)
        painter.drawText(words, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.text())
        painter.end()
