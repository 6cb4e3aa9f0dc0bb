"""The map's markers drawn by one layer item: what it paints, and that the marker items
under it are still what is clicked, hovered and selected."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsItem

from desktop.qt.map.map_view import MapView
from desktop.qt.map.markers import LocationMarker, MapPoint, kind_styles
from desktop.qt.map.projection import lonlat_to_xy

LAT, LON = 39.7605833, 46.74275


@pytest.fixture
def view(qtbot):
    widget = MapView()
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.show()
    return widget


def _points() -> list[MapPoint]:
    return [
        MapPoint(key="location:1", location_id=1, lat=LAT, lon=LON, kind="claimed",
                 label="Debris A", tag="L1"),
        MapPoint(key="location:2", location_id=2, lat=LAT + 0.004, lon=LON + 0.006,
                 kind="geolocated", label="Wall", tag="L2"),
        MapPoint(key="location:3", location_id=3, lat=LAT - 0.004, lon=LON - 0.006,
                 kind="camera", label="IMG_1.jpg", tag="L3"),
        # two points at one place: fanned out around it
        MapPoint(key="location:4", location_id=4, lat=LAT - 0.004, lon=LON + 0.006,
                 kind="claimed", label="Same place 1", tag="L4"),
        MapPoint(key="location:5", location_id=5, lat=LAT - 0.004, lon=LON + 0.006,
                 kind="geolocated", label="Same place 2", tag="L5"),
    ]


def _show(view: MapView) -> list[MapPoint]:
    points = _points()
    view.set_points(points)
    view.fit_points(points)
    return points


def _where(view: MapView, point: MapPoint) -> QPointF:
    """The viewport pixel where the point's marker is drawn (fanned out or not)."""
    marker = view.marker(point.key)
    assert marker is not None
    return QPointF(view.mapFromScene(QPointF(*lonlat_to_xy(point.lon, point.lat)))) \
        + marker.offset


def _rendered(view: MapView) -> QImage:
    return view.viewport().grab().toImage()


def _color(image: QImage, at: QPointF, dx: int = 0) -> QColor:
    return image.pixelColor(round(at.x()) + dx, round(at.y()))


def _looks_like(color: QColor, expected: QColor) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(color.getRgb()[:3], expected.getRgb()[:3],
                                                strict=True))


def _is_halo(color: QColor) -> bool:
    """The selected halo's amber (255, 196, 0 at 200/255 over the map)."""
    return color.red() > 200 and 120 < color.green() < 230 and color.blue() < 110


def test_the_layer_paints_every_marker_and_the_items_paint_nothing(qtbot, view) -> None:
    points = _show(view)
    styles = kind_styles()
    image = _rendered(view)
    assert view.marker_layer.drawn == len(points)
    for point in points:
        marker = view.marker(point.key)
        assert marker.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
        centre = _where(view, point)
        assert _looks_like(_color(image, centre), styles[point.kind].color), point.label
        assert not _is_halo(_color(image, centre, -9))  # left of the marker: no halo
    fanned = [_where(view, p) for p in points[3:]]
    assert fanned[0] != fanned[1]  # drawn apart, each in its own colour
    # the tick from the true position: a dark dot where both points really are
    true = QPointF(view.mapFromScene(QPointF(*lonlat_to_xy(points[3].lon, points[3].lat))))
    dot = _color(image, true)
    assert max(dot.red(), dot.green(), dot.blue()) < 120

    view.zoom_by(2.0)  # the markers keep their size and follow their points
    view.centerOn(QPointF(*lonlat_to_xy(LON, LAT)))
    image = _rendered(view)
    for point in points:
        assert _looks_like(_color(image, _where(view, point)), styles[point.kind].color)


def test_a_selected_marker_is_drawn_with_its_halo_on_top(qtbot, view) -> None:
    points = _show(view)
    view.select_keys(["location:2", "location:4"], center=False)
    image = _rendered(view)
    styles = kind_styles()
    for point in points:
        centre = _where(view, point)
        assert _looks_like(_color(image, centre), styles[point.kind].color), point.label
        selected = point.key in ("location:2", "location:4")
        assert _is_halo(_color(image, centre, -9)) == selected, point.label  # left: no label
    view.select_keys([], center=False)
    image = _rendered(view)
    assert not any(_is_halo(_color(image, _where(view, p), -9)) for p in points)


def test_only_the_exposed_markers_are_drawn(qtbot, view) -> None:
    points = _show(view)
    view.centerOn(QPointF(*lonlat_to_xy(LON + 1.0, LAT)))  # the points off screen
    _rendered(view)
    assert view.marker_layer.drawn == 0
    view.fit_points(points)
    _rendered(view)
    assert view.marker_layer.drawn == len(points)


def test_a_click_on_a_drawn_marker_selects_its_point(qtbot, view) -> None:
    points = _show(view)
    activated: list[MapPoint] = []
    view.point_activated.connect(activated.append)
    for point in (points[0], points[4]):  # one alone, one fanned out from its place
        where = _where(view, point).toPoint()
        item = view.itemAt(where)
        assert isinstance(item, LocationMarker) and item.point == point  # not the layer
        assert item.toolTip() == point.title
        assert item.cursor().shape() == Qt.CursorShape.PointingHandCursor
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        assert [p.key for p in view.selected_points()] == [point.key]
        assert activated[-1] == point
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, _where(view, points[1]).toPoint())
    assert [p.key for p in view.selected_points()] == ["location:5", "location:2"]
    image = _rendered(view)
    assert _is_halo(_color(image, _where(view, points[1]), -9))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert view.selected_points() == ()
