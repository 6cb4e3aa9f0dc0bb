"""A magnifier that follows the pointer over the photo (toggled with ``L``).

It re-renders the scene around the pointer at a higher zoom, so annotations appear in it
too and the decoded full-resolution image gives real detail rather than enlarged pixels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGraphicsView

SIZE = 220
MAGNIFICATION = 3.0


class Loupe(QWidget):
    """A round-cornered window over the viewport showing the area under the pointer."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view.viewport())
        self._view = view
        self._center = QPointF()
        self.magnification = MAGNIFICATION
        self.setFixedSize(SIZE, SIZE)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def set_active(self, active: bool) -> None:
        """Show or hide the loupe."""
        self.setVisible(active)
        if active:
            self.follow(QPointF(self._view.viewport().mapFromGlobal(self.cursor().pos())))

    def follow(self, viewport_pos: QPointF) -> None:
        """Move next to the pointer and magnify the scene under it."""
        if not self.isVisible():
            return
        self._center = self._view.mapToScene(viewport_pos.toPoint())
        offset = QPoint(24, 24)
        pos = viewport_pos.toPoint() + offset
        vp = self._view.viewport().rect()
        if pos.x() + SIZE > vp.right():
            pos.setX(viewport_pos.toPoint().x() - SIZE - offset.x())
        if pos.y() + SIZE > vp.bottom():
            pos.setY(viewport_pos.toPoint().y() - SIZE - offset.y())
        self.move(pos)
        self.update()

    def source_rect(self) -> QRectF:
        """The scene area shown (displayed-image pixels)."""
        zoom = max(self._view.transform().m11(), 1e-6) * self.magnification
        side = SIZE / zoom
        return QRectF(self._center.x() - side / 2, self._center.y() - side / 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Render the magnified scene with a frame and a crosshair."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#202020"))
        self._view.scene().render(painter, QRectF(self.rect()), self.source_rect())
        painter.setPen(QPen(QColor(255, 255, 255, 160), 1))
        c = self.rect().center()
        painter.drawLine(c.x() - 8, c.y(), c.x() + 8, c.y())
        painter.drawLine(c.x(), c.y() - 8, c.x(), c.y() + 8)
        painter.setPen(QPen(QColor("#90caf9"), 2))
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()
