"""The scene mirrors one photo's annotations: items are rebuilt from query results.

``AnnotationScene.sync(annotations)`` takes DTOs (anything with ``id``, ``number``,
``kind``, ``shape_type``, ``geometry``, ``transcription``) and makes the items match; it is
called by the controller whenever a ``Changes`` notice touches annotations. Previews (the
shape being drawn, or the dragged copy of a shape) are separate items that never reach the
database. The photo itself is a pixmap item scaled so that scene coordinates are always
displayed-image pixels, whatever resolution is currently decoded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene

from desktop.core.shape_labels import place_labels
from desktop.qt.canvas.items import AnnotationItem
from desktop.qt.canvas.tools import Shape


def _value(v: Any) -> str:
    return str(getattr(v, "value", v))


class AnnotationScene(QGraphicsScene):
    """A photo plus its annotation items, in displayed-image pixel coordinates."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setBackgroundBrush(QColor("#2b2b2b"))
        self.image_item = QGraphicsPixmapItem()
        self.image_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.image_item.setZValue(0)
        self.addItem(self.image_item)
        self.image_size: tuple[int, int] = (0, 0)
        self.items_by_id: dict[int, AnnotationItem] = {}
        self.selected_id: int | None = None
        self._preview: AnnotationItem | None = None
        self._hidden: int | None = None
        self._pixel = 1.0

    # -- image -----------------------------------------------------------------------
    def set_image(self, image: QImage | None, size: tuple[int, int]) -> None:
        """Show ``image`` stretched to the displayed size ``size`` (width, height)."""
        self.image_size = size
        if image is None or image.isNull():
            self.image_item.setPixmap(QPixmap())
        else:
            self.image_item.setPixmap(QPixmap.fromImage(image))
            self.image_item.setScale(size[0] / image.width() if image.width() else 1.0)
        self.setSceneRect(QRectF(0, 0, size[0], size[1]))

    def decoded_width(self) -> int:
        """Width in pixels of the image currently shown (preview or full resolution)."""
        return self.image_item.pixmap().width()

    # -- annotations -----------------------------------------------------------------
    def sync(self, annotations: Iterable[Any],
             values: Mapping[int, str] | None = None) -> None:
        """Make the items match ``annotations`` (DTOs); keeps the selection if it exists.
        ``values`` gives the measurements' values shown beside them, by annotation id."""
        values = values or {}
        seen: set[int] = set()
        for a in annotations:
            seen.add(a.id)
            item = self.items_by_id.get(a.id)
            if item is None:
                item = AnnotationItem(a.id, a.number, _value(a.kind), _value(a.shape_type),
                                      dict(a.geometry), a.transcription or "",
                                      getattr(a, "label", ""))
                item.set_pixel_size(self._pixel)
                self.addItem(item)
                self.items_by_id[a.id] = item
            else:
                item.number = a.number
                item.label = getattr(a, "label", "")
                item.kind = _value(a.kind)
                item.transcription = a.transcription or ""
                item.set_geometry(dict(a.geometry))
                item.update()
            item.value_text = values.get(a.id, "")
            item.setVisible(a.id != self._hidden)
        for gone in set(self.items_by_id) - seen:
            self.removeItem(self.items_by_id.pop(gone))
        if self.selected_id not in self.items_by_id:
            self.selected_id = None
        self.set_selected(self.selected_id)
        self.layout_labels()

    def clear_annotations(self) -> None:
        """Remove every annotation item and preview."""
        self.sync(())
        self.set_preview(None, None)

    def shapes(self) -> list[Shape]:
        """The annotations as plain shapes for the tools (topmost last)."""
        ordered = sorted(self.items_by_id.values(), key=lambda i: i.number)
        return [Shape(i.annotation_id, i.shape_type, i.geometry) for i in ordered]

    def set_selected(self, annotation_id: int | None) -> None:
        """Highlight one annotation (or none)."""
        self.selected_id = annotation_id if annotation_id in self.items_by_id else None
        for item_id, item in self.items_by_id.items():
            item.set_selected(item_id == self.selected_id)

    def set_pixel_size(self, pixel: float) -> None:
        """Scene units per screen pixel, so outlines and handles keep their screen size."""
        self._pixel = pixel
        for item in self.items_by_id.values():
            item.set_pixel_size(pixel)
        if self._preview is not None:
            self._preview.set_pixel_size(pixel)
        self.layout_labels()

    def layout_labels(self) -> None:
        """Place the labels of the visible annotations so that none overlaps another
        (labels keep their screen size, so this runs again when the zoom changes)."""
        items = sorted((i for i in self.items_by_id.values() if i.isVisible()),
                       key=lambda i: i.number)
        width, height = self.image_size
        placed = place_labels([i.shape_box() for i in items], [i.label_size() for i in items],
                              gap=2 * self._pixel,
                              within=(0.0, 0.0, float(width), float(height)) if width else None,
                              obstacles=[i.obstacle_box() for i in items])
        for item, label in zip(items, placed, strict=True):
            item.place_label(label.box, label.leader)

    # -- previews --------------------------------------------------------------------
    def set_preview(self, shape_type: str | None, geometry: dict[str, Any] | None,
                    replacing: int | None = None, kind: str = "other") -> None:
        """Show a dashed shape being drawn or dragged; ``replacing`` hides that item."""
        if self._hidden is not None and self._hidden in self.items_by_id:
            self.items_by_id[self._hidden].setVisible(True)
        self._hidden = None
        if shape_type is None or geometry is None:
            if self._preview is not None:
                self.removeItem(self._preview)
                self._preview = None
            return
        if replacing is not None and replacing in self.items_by_id:
            original = self.items_by_id[replacing]
            original.setVisible(False)
            self._hidden = replacing
            kind = original.kind
        if shape_type in ("polygon", "polyline", "line") and len(geometry.get("points", [])) < 2:
            shape_type, geometry = "point", {"x": geometry["points"][0][0],
                                             "y": geometry["points"][0][1]}
        if self._preview is None or self._preview.shape_type != shape_type:
            if self._preview is not None:
                self.removeItem(self._preview)
            self._preview = AnnotationItem(0, 0, kind, shape_type, geometry)
            self._preview.preview = True
            self._preview.set_pixel_size(self._pixel)
            self._preview.setZValue(2000)
            self.addItem(self._preview)
        self._preview.kind = kind
        self._preview.set_selected(replacing is not None)
        self._preview.setZValue(2000)
        self._preview.set_geometry(geometry)

    def set_preview_value(self, text: str) -> None:
        """The value shown beside the shape being drawn or dragged ("" for none)."""
        if self._preview is not None and self._preview.value_text != text:
            self._preview.prepareGeometryChange()
            self._preview.value_text = text
            self._preview.update()
