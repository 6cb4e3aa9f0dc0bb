"""The map canvas: basemap, location markers, selection, distance line, preview point.

``MapView`` knows nothing about cases: it shows ``MapPoint`` values it is given and reports
clicks and selection changes through signals. Wheel and +/- zoom around the cursor, drag
pans, Ctrl+click adds to the selection.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPen, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from desktop.core.label_layout import Rect, place_labels
from desktop.qt.map.basemap_layer import SEA_COLOR, BasemapPaths, add_basemap
from desktop.qt.map.marker_layer import MarkerLayer
from desktop.qt.map.markers import (
    MARKER_SIZE,
    Z_LINE,
    LocationMarker,
    MapPoint,
    PreviewMarker,
    kind_styles,
)
from desktop.qt.map.places_layer import PlacesLayer
from desktop.qt.map.projection import lonlat_to_xy, metres_to_scene, world_extent, xy_to_lonlat
from desktop.qt.map.scale_bar import draw_attribution, draw_scale_bar, metres_per_pixel
from desktop.qt.map.tile_layer import Z_TILES, TileLayer

MAX_SCALE = 2_000_000.0  # pixels per degree: a few metres per pixel
ZOOM_STEP = 1.25
MIN_SPAN_M = 2_000.0  # fitting a single point shows about 2 km around it
PLACED_LABELS = 150  # markers on screen up to which labels are placed, not just hidden
SLICED_FROM = 500  # markers from which decluttering is spread over turns of the event loop
SLICE_S = 0.008  # the most a slice of filling or decluttering holds the event loop
# The next slice runs from a 1 ms timer, not a zero-delay one: Qt runs zero-delay calls as
# posted events and holds timers back while they keep coming, so slices (and a repaint
# between them) ran back to back as one long stall.
NEXT_TURN_MS = 1


class MapView(QGraphicsView):
    """Pan/zoom map of ``MapPoint`` markers over the Natural Earth basemap."""

    #: The user clicked a marker (argument: its ``MapPoint``).
    point_activated = Signal(object)
    #: The set of selected markers changed (argument: tuple of ``MapPoint`` in click order).
    selection_changed = Signal(object)
    #: The mouse is over the map at (lat, lon).
    cursor_moved = Signal(float, float)
    #: The map was double-clicked away from a marker, at (lat, lon); the third value is the
    #: ground size of one screen pixel there, in metres (the position is no finer).
    position_picked = Signal(float, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        scene = QGraphicsScene(self)
        x, y, w, h = world_extent()
        scene.setSceneRect(QRectF(x - 10, y - 5, w + 20, h + 10))
        scene.setBackgroundBrush(SEA_COLOR)
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(scene)
        self.has_basemap = False  # the basemap is decoded when the map is first shown
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # The scale bar and credit are painted in viewport pixels: a partial update while
        # panning would scroll them with the map, so the whole viewport is repainted.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._markers: dict[str, LocationMarker] = {}
        self._shown_selected: set[str] = set()  # markers drawn with the selected look
        self._order: list[str] = []  # selection in click order (for distances)
        self._extras: list[QGraphicsItem] = []
        self._lines: list[QGraphicsItem] = []
        self._preview: PreviewMarker | None = None
        self._tiles: dict[Path, TileLayer] = {}
        self.places = PlacesLayer()
        scene.addItem(self.places)
        #: draws every marker (the ``LocationMarker`` items paint nothing)
        self.marker_layer = MarkerLayer()
        scene.addItem(self.marker_layer)
        self._fill_token = 0
        self._declutter_timer = QTimer(self)
        self._declutter_timer.setSingleShot(True)
        self._declutter_timer.setInterval(30)
        self._declutter_timer.timeout.connect(self.declutter_labels)
        # labels are placed for the markers on screen: place them again after a pan
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(lambda _value: self._declutter_timer.start())
        #: markers are still being added (``set_points`` with ``batch``)
        self.filling = False
        #: labels are still being decluttered, a slice per turn (``declutter_labels``)
        self.decluttering = False
        self._declutter_token = 0
        scene.selectionChanged.connect(self._on_scene_selection)
        self.scale(2.0, 2.0)

    # -- content -----------------------------------------------------------------------

    def show_basemap(self, paths: BasemapPaths) -> None:
        """Draw the basemap under the markers (once), and name the towns from now on (the
        populated places are read with the basemap)."""
        if not self.has_basemap:
            add_basemap(self.scene(), paths)
            self.has_basemap = True
            self.places.ready = True
            self.places.update()

    def set_tile_layers(self, paths: Sequence[Path]) -> None:
        """Draw these MBTiles files under the markers (the last on top); files that
        cannot be read are left out."""
        wanted = list(dict.fromkeys(paths))
        for path in [p for p in self._tiles if p not in wanted]:
            layer = self._tiles.pop(path)
            self.scene().removeItem(layer)
            layer.close()
        for order, path in enumerate(wanted):
            found = self._tiles.get(path) or TileLayer.open(path)
            if found is None:
                continue
            if path not in self._tiles:
                self.scene().addItem(found)
                self._tiles[path] = found
            found.setZValue(Z_TILES + order * 0.01)
        self.viewport().update()

    def tile_layers(self) -> tuple[TileLayer, ...]:
        """The basemap layers drawn, bottom first."""
        return tuple(sorted(self._tiles.values(), key=lambda layer: layer.zValue()))

    def set_points(self, points: Sequence[MapPoint], *, batch: int = 0) -> None:
        """Replace every marker, keeping the selection of locations that still exist.

        With ``batch`` the markers are added that many at a time, one batch per turn of the
        event loop (``filling`` is True until the last), so thousands of points never
        stall the window; a later call abandons an unfinished fill.
        """
        wanted = {p.key for p in points}
        keep = [k for k in self._order if k in wanted]
        scene = self.scene()
        scene.blockSignals(True)
        for marker in self._markers.values():
            scene.removeItem(marker)
        for item in self._extras:
            scene.removeItem(item)
        scene.blockSignals(False)
        self._markers.clear()
        self._extras.clear()
        self.marker_layer.clear()
        self._order = []
        self._shown_selected = set()
        groups: dict[tuple[float, float], list[MapPoint]] = {}
        for point in points:
            groups.setdefault((round(point.lat, 6), round(point.lon, 6)), []).append(point)
        fanned: dict[str, tuple[float, float]] = {}  # same place: fanned out so each is seen
        for group in groups.values():
            if len(group) > 1:
                for n, point in enumerate(group):
                    angle = 2 * math.pi * n / len(group) - math.pi / 2
                    fanned[point.key] = (14 * math.cos(angle), 14 * math.sin(angle))
        self._fill_token += 1
        self._declutter_token += 1  # a declutter still running placed the old markers
        self.decluttering = False
        self.filling = True
        token, ordered = self._fill_token, list(points)
        if 0 < batch < len(points):
            self.viewport().setUpdatesEnabled(False)  # painted once, when complete
            # no town is named until the labels are decided (then over few markers only)
            self.places.crowded = len(points) > PLACED_LABELS
            QTimer.singleShot(NEXT_TURN_MS, self, lambda: self._add_markers(
                token, ordered, 0, fanned, keep, batch))  # from the next turn
            return
        self._add_markers(token, ordered, 0, fanned, keep, max(len(points), 1))

    def _add_markers(self, token: int, points: list[MapPoint], start: int,
                     fanned: dict[str, tuple[float, float]], keep: list[str],
                     batch: int) -> None:
        if token != self._fill_token:
            return  # replaced by a newer set_points
        scene = self.scene()
        styles = kind_styles()
        scene.blockSignals(True)
        deadline = time.perf_counter() + SLICE_S
        end = start
        added: list[LocationMarker] = []
        for point in points[start:start + batch]:
            end += 1
            marker = LocationMarker(point, styles.get(point.kind, styles["claimed"]))
            marker.show_label(False)  # until decluttered, at the end
            offset = fanned.get(point.key)
            if offset is not None:
                marker.set_screen_offset(*offset)
            scene.addItem(marker)
            circle = marker.make_precision_circle()
            if circle is not None:
                scene.addItem(circle)
                self._extras.append(circle)
            self._markers[point.key] = marker
            added.append(marker)
            if batch < len(points) and time.perf_counter() > deadline:
                break  # a slice never holds the window for long, however slow the machine
        self.marker_layer.add(added)
        if end < len(points):
            scene.blockSignals(False)
            QTimer.singleShot(NEXT_TURN_MS, self, lambda: self._add_markers(
                token, points, end, fanned, keep, batch))
            return
        for key in keep:
            self._markers[key].setSelected(True)
        scene.blockSignals(False)
        self._show_selection()
        self._order = keep
        self.filling = False
        self.viewport().setUpdatesEnabled(True)
        self._update_lines()
        if batch < len(points):  # filled over turns: the labels from the next one
            self.decluttering = True
            QTimer.singleShot(NEXT_TURN_MS, self, self.declutter_labels)
        else:
            self.declutter_labels()

    def points(self) -> tuple[MapPoint, ...]:
        """Every point shown."""
        return tuple(m.point for m in self._markers.values())

    def marker(self, key: str) -> LocationMarker | None:
        """The marker of a point (``MapPoint.key``), if shown."""
        return self._markers.get(key)

    def selected_points(self) -> tuple[MapPoint, ...]:
        """Selected points in the order they were selected."""
        return tuple(self._markers[i].point for i in self._order if i in self._markers)

    def select_keys(self, keys: Sequence[str], *, center: bool = True) -> None:
        """Select exactly these points (no ``point_activated``), optionally centring."""
        scene = self.scene()
        scene.blockSignals(True)
        scene.clearSelection()
        for key in keys:
            if key in self._markers:
                self._markers[key].setSelected(True)
        scene.blockSignals(False)
        self._show_selection()
        self._order = [k for k in keys if k in self._markers]
        self._update_lines()
        if center and self._order:
            self.fit_points(self.selected_points(), zoom_in=False)
        self.selection_changed.emit(self.selected_points())

    def set_preview(self, lat: float | None, lon: float | None) -> None:
        """Show (or with None, hide) the point being typed in the coordinate box."""
        if self._preview is not None:
            self.scene().removeItem(self._preview)
            self._preview = None
        if lat is None or lon is None:
            return
        item = PreviewMarker()
        item.setPos(QPointF(*lonlat_to_xy(lon, lat)))
        self.scene().addItem(item)
        self._preview = item
        self.ensure_visible(lat, lon)

    def preview_item(self) -> PreviewMarker | None:
        """The preview marker, if one is shown."""
        return self._preview

    # -- navigation --------------------------------------------------------------------

    def zoom_by(self, factor: float) -> None:
        """Zoom in (>1) or out (<1), within the map's limits."""
        current = self.transform().m11()
        target = max(self._min_scale(), min(MAX_SCALE, current * factor))
        if not math.isclose(target, current):
            self.scale(target / current, target / current)
            self.declutter_labels()

    def current_scale(self) -> float:
        """Pixels per degree of longitude."""
        return self.transform().m11()

    def fit_world(self) -> None:
        """Show the inhabited world (Antarctica's Mercator giant is left below)."""
        left, top = lonlat_to_xy(-180, 78)
        right, bottom = lonlat_to_xy(180, -58)
        self.fitInView(QRectF(left, top, right - left, bottom - top),
                       Qt.AspectRatioMode.KeepAspectRatio)
        self.declutter_labels()

    def fitInView(self, *args: Any, **kwargs: Any) -> None:
        super().fitInView(*args, **kwargs)
        self.declutter_labels()

    def declutter_labels(self) -> None:
        """Place the labels of the markers on screen so that none overlaps another or a
        marker (selected markers first), with a leader line to a label moved away from
        its marker. Past ``PLACED_LABELS`` markers on screen, labels that would overlap
        one already shown are hidden instead (linear, for thousands of markers).

        Past ``SLICED_FROM`` markers the work is spread over turns of the event loop
        (``decluttering`` is True until it is done); a newer call abandons an older one."""
        if self.filling:
            return  # the fill declutters once it has added the last marker
        self._declutter_token += 1
        steps = self._declutter_steps()
        if len(self._markers) <= SLICED_FROM:
            for _ in steps:
                pass
            self.decluttering = False
            return
        self.decluttering = True
        self._continue_declutter(self._declutter_token, steps)

    def _continue_declutter(self, token: int, steps: Iterator[None]) -> None:
        if token != self._declutter_token:
            return  # replaced by a newer declutter (a pan, a zoom, a new fill)
        deadline = time.perf_counter() + SLICE_S
        for _ in steps:
            if time.perf_counter() > deadline:
                QTimer.singleShot(NEXT_TURN_MS, self,
                                  lambda: self._continue_declutter(token, steps))
                return
        self.decluttering = False

    def _declutter_steps(self) -> Iterator[None]:
        """``declutter_labels``' work, yielding every few markers."""
        frame = QRectF(self.viewport().rect())
        shown: list[tuple[LocationMarker, QPointF]] = []
        hidden: list[LocationMarker] = []
        selected = self._shown_selected  # what isSelected() says, without a call per marker
        for n, marker in enumerate(sorted(self._markers.values(),
                                          key=lambda m: m.point.key not in selected)):
            origin = QPointF(self.mapFromScene(*marker.xy))
            if frame.contains(origin.x() + marker.dx, origin.y() + marker.dy):
                shown.append((marker, origin))
            else:
                hidden.append(marker)
            if n % 200 == 199:
                yield
        if len(shown) > PLACED_LABELS:
            yield from self._hide_overlapping_labels(shown)
        for marker in hidden:  # off screen: applied with the rest, in one step
            marker.show_label(False)
        self.places.crowded = len(shown) > PLACED_LABELS  # no towns among so many labels
        if self.places.crowded:
            return
        self._place_labels(shown, frame)

    def _place_labels(self, shown: list[tuple[LocationMarker, QPointF]], frame: QRectF) -> None:
        sizes = []
        for marker, _origin in shown:
            box = marker.label.boundingRect()
            sizes.append((box.width() + 6, box.height() + 2))  # the label's plate
        anchors = [(o.x() + m.dx, o.y() + m.dy) for m, o in shown]
        reserved = [Rect(0, frame.height() - 44, 190, 44),  # scale bar
                    Rect(frame.width() - 260, frame.height() - 22, 260, 22)]  # credit
        placed = place_labels(anchors, sizes, Rect(0, 0, frame.width(), frame.height()),
                              marker_radius=MARKER_SIZE / 2 + 1, obstacles=reserved)
        keep_clear = list(reserved)
        for (marker, origin), placement in zip(shown, placed, strict=True):
            x, y = origin.x() + marker.dx, origin.y() + marker.dy
            keep_clear.append(Rect(x - MARKER_SIZE, y - MARKER_SIZE, 2 * MARKER_SIZE,
                                   2 * MARKER_SIZE))
            if placement.crowded:
                marker.show_label(False)
                marker.set_label_at(marker.label.x(), marker.label.y(), None)
                continue
            keep_clear.append(placement.rect)
            r = placement.rect
            end = None
            if placement.leader:
                ex, ey = placement.leader_end()
                end = QPointF(ex - origin.x(), ey - origin.y())
            marker.set_label_at(r.x + 3 - origin.x(), r.y + 1 - origin.y(), end)
            marker.show_label(True)
        self.places.keep_clear = keep_clear
        self.places.update()

    def _hide_overlapping_labels(self, shown: list[tuple[LocationMarker, QPointF]]
                                 ) -> Iterator[None]:
        """Hide labels that would overlap one already shown, in a grid of cells so each
        label is compared with its neighbours only. Decided a few markers per step, then
        applied at once, so the map is repainted once, not after every step."""
        cell = 64.0
        taken: dict[tuple[int, int], list[QRectF]] = {}
        visible_of: list[bool] = []
        for n, (marker, origin) in enumerate(shown):
            x = origin.x() + marker.dx + MARKER_SIZE * 0.75
            y = origin.y() + marker.dy - MARKER_SIZE * 0.9
            rect = marker.label.boundingRect().translated(x, y).adjusted(-4, -2, 4, 2)
            cells = [(i, j)
                     for i in range(math.floor(rect.left() / cell),
                                    math.floor(rect.right() / cell) + 1)
                     for j in range(math.floor(rect.top() / cell),
                                    math.floor(rect.bottom() / cell) + 1)]
            visible = not any(rect.intersects(other)
                              for key in cells for other in taken.get(key, ()))
            visible_of.append(visible)
            if visible:
                for key in cells:
                    taken.setdefault(key, []).append(rect)
            if n % 100 == 99:
                yield
        for (marker, _origin), visible in zip(shown, visible_of, strict=True):
            marker.set_label_at(marker.dx + MARKER_SIZE * 0.75, marker.dy - MARKER_SIZE * 0.9,
                                None)
            marker.show_label(visible)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._declutter_timer.start()  # a burst of resizes (a dock dragged) declutters once

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawForeground(painter, rect)
        painter.save()
        painter.resetTransform()
        center = self.mapToScene(self.viewport().rect().center())
        draw_scale_bar(painter, self.viewport().rect(), self.current_scale(), center.y())
        credits = [self.tr("Basemap: Natural Earth")]
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        for layer in self.tile_layers():
            if layer.boundingRect().intersects(visible):
                credits.append(layer.attribution or layer.name)
        draw_attribution(painter, self.viewport().rect(), "  ·  ".join(credits))
        painter.restore()

    def fit_points(self, points: Sequence[MapPoint], *, zoom_in: bool = True) -> None:
        """Show all ``points`` with a margin (the world when there are none).

        With ``zoom_in`` False the view only pans, unless the points do not fit.
        """
        if not points:
            self.fit_world()
            return
        lons = [p.lon for p in points]
        lats = [p.lat for p in points]
        # scene y falls as the latitude grows: the extremes are those of the latitudes
        left, top = lonlat_to_xy(min(lons), max(lats))
        right, bottom = lonlat_to_xy(max(lons), min(lats))
        pad = metres_to_scene(MIN_SPAN_M / 2, sum(lats) / len(lats))
        rect = QRectF(left, top, right - left, bottom - top)
        rect = rect.adjusted(-pad, -pad, pad, pad)
        margin = max(rect.width(), rect.height()) * 0.15
        rect = rect.adjusted(-margin, -margin, margin, margin)
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        if not zoom_in and visible.contains(rect):
            self.centerOn(rect.center())
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def fit_box(self, west: float, south: float, east: float, north: float) -> None:
        """Show a lon/lat box (a basemap's area) as large as the view allows."""
        left, top = lonlat_to_xy(west, north)
        right, bottom = lonlat_to_xy(east, south)
        self.fitInView(QRectF(left, top, right - left, bottom - top),
                       Qt.AspectRatioMode.KeepAspectRatio)

    def ensure_visible(self, lat: float, lon: float) -> None:
        """Pan (and zoom in from a world view) so the point is on screen."""
        x, y = lonlat_to_xy(lon, lat)
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        if self.current_scale() < 40:  # a world or continent view: go to the region
            span = 3.0
            self.fitInView(QRectF(x - span, y - span, 2 * span, 2 * span),
                           Qt.AspectRatioMode.KeepAspectRatio)
        elif not visible.contains(QPointF(x, y)):
            self.centerOn(QPointF(x, y))

    def _min_scale(self) -> float:
        width = max(1, self.viewport().width())
        return width / 400.0

    # -- events ------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        else:
            super().keyPressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        scene = self.mapToScene(event.position().toPoint())
        lon, lat = xy_to_lonlat(scene.x(), scene.y())
        if -180 <= lon <= 180 and -90 <= lat <= 90:
            self.cursor_moved.emit(lat, lon)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, LocationMarker):
            item = item.parentItem()
        super().mousePressEvent(event)
        if isinstance(item, LocationMarker) and event.button() == Qt.MouseButton.LeftButton:
            self.point_activated.emit(item.point)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, LocationMarker):
            item = item.parentItem()
        if item is not None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        scene = self.mapToScene(event.position().toPoint())
        lon, lat = xy_to_lonlat(scene.x(), scene.y())
        if -180 <= lon <= 180 and -90 <= lat <= 90:
            self.position_picked.emit(lat, lon, metres_per_pixel(self.current_scale(), scene.y()))
        event.accept()

    # -- selection and distance lines ----------------------------------------------------

    def _show_selection(self) -> set[str]:
        """Give the markers that became selected, or stopped being, their look; returns
        the keys of the selected markers."""
        selected = {
            item.point.key
            for item in self.scene().selectedItems()
            if isinstance(item, LocationMarker)
        }
        for key in self._shown_selected - selected:
            marker = self._markers.get(key)
            if marker is not None:
                marker.show_selected(False)
        for key in selected - self._shown_selected:
            self._markers[key].show_selected(True)
        if selected != self._shown_selected:
            self.marker_layer.set_selected(selected)
        self._shown_selected = selected
        return selected

    def _on_scene_selection(self) -> None:
        selected = self._show_selection()
        self._order = [i for i in self._order if i in selected]
        self._order += sorted(selected - set(self._order))
        self._update_lines()
        self.selection_changed.emit(self.selected_points())

    def _update_lines(self) -> None:
        for line in self._lines:
            self.scene().removeItem(line)
        self._lines.clear()
        points = self.selected_points()
        pen = QPen(Qt.GlobalColor.black, 1.6, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        for a, b in pairwise(points):
            line = QGraphicsLineItem(*lonlat_to_xy(a.lon, a.lat), *lonlat_to_xy(b.lon, b.lat))
            line.setPen(pen)
            line.setZValue(Z_LINE)
            line.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.scene().addItem(line)
            self._lines.append(line)
