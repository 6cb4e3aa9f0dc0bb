"""The map with the user's own basemap and crowded points: tiles under the locations with
their attribution, added and removed from the Basemaps menu (undoable), and labels of five
locations on one point placed apart, none over another."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QFileDialog

from desktop.core.ops.investigation_commands import CreateLocation
from desktop.core.queries.basemaps import case_basemaps
from desktop.core.queries.investigation import list_locations
from desktop.qt.map.projection import lonlat_to_xy
from desktop.qt.panels.map_panel import MapPanel
from desktop.qt.undo import push_command
from tests.maptiles import ATTRIBUTION, CENTRE, TILE_COLOUR, write_mbtiles
from tests.qt.panels_helpers import panel_ctx, read  # noqa: F401

LAT, LON = CENTRE


@pytest.fixture
def panel(qtbot, panel_ctx):  # noqa: F811
    widget = MapPanel(panel_ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    return widget


def _green_share(panel: MapPanel, path: Path) -> float:
    image = panel.view.viewport().grab().toImage()
    image.save(str(path))
    hits = total = 0
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            colour = image.pixelColor(x, y)
            total += 1
            hits += all(abs(a - b) < 20 for a, b in zip(
                (colour.red(), colour.green(), colour.blue()), TILE_COLOUR, strict=True))
    return hits / total


def test_basemap_is_added_shown_and_removed(qtbot, panel, panel_ctx, tmp_path,  # noqa: F811
                                            monkeypatch) -> None:
    source = write_mbtiles(tmp_path / "town.mbtiles")
    push_command(panel_ctx, CreateLocation(coordinates=f"{LAT}, {LON}", name="Crater"))
    panel.fit_all()
    assert _green_share(panel, tmp_path / "before.png") == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(source), "")))
    panel.basemap_button.menu_.aboutToShow.emit()
    (add,) = [a for a in panel.basemap_button.menu_.actions() if a.objectName() == "addBasemap"]
    add.trigger()
    (info,) = read(panel_ctx, case_basemaps, panel_ctx.case.originals.root)
    assert info.attribution == ATTRIBUTION
    assert [layer.name for layer in panel.view.tile_layers()] == ["Test town map"]
    # adding shows the basemap's whole area
    visible = panel.view.mapToScene(panel.view.viewport().rect()).boundingRect()
    assert visible.contains(panel.view.tile_layers()[0].boundingRect())
    panel.fit_all()
    qtbot.waitUntil(lambda: _green_share(panel, tmp_path / "tiles.png") > 0.5, timeout=5000)
    # the credit names the imagery
    assert ATTRIBUTION in " ".join(layer.attribution for layer in panel.view.tile_layers())
    # the tiles are where Web Mercator puts them: their dark top and left edge lines fall
    # at the scene positions of the tile corners around the point
    (layer,) = panel.view.tile_layers()
    span = 360.0 / 2 ** layer.zoom_for_scale(panel.view.current_scale())
    image = panel.view.viewport().grab().toImage()
    x, y = lonlat_to_xy(LON, LAT)
    tx, ty = math.floor((x + 180.0) / span), math.floor((y + 180.0) / span)
    corners = [panel.view.mapFromScene(QPointF((tx + i) * span - 180.0, (ty + i) * span - 180.0))
               for i in (0, 1)]
    column = next(c.x() for c in corners if 2 <= c.x() < image.width() - 2)
    row = next(c.y() for c in corners if 2 <= c.y() < image.height() - 2)
    probe_y = 40 if abs(row - 40) > 5 else 80
    probe_x = 40 if abs(column - 40) > 5 else 80
    assert min(image.pixelColor(column + d, probe_y).red() for d in (-1, 0, 1)) < 80
    assert min(image.pixelColor(probe_x, row + d).red() for d in (-1, 0, 1)) < 80
    assert image.pixelColor(column + 15, probe_y).green() > 140  # fill beside the line
    # hidden from the menu (a view choice): gone from the map, still in the case
    panel.basemap_button.menu_.aboutToShow.emit()
    (shown,) = [a for a in panel.basemap_button.menu_.actions() if a.text() == "Test town map"]
    assert shown.isChecked()
    shown.trigger()
    assert panel.view.tile_layers() == ()
    assert len(read(panel_ctx, case_basemaps, panel_ctx.case.originals.root)) == 1
    shown.trigger()
    assert [layer.name for layer in panel.view.tile_layers()] == ["Test town map"]
    panel.basemap_button.remove(info.id)
    assert panel.view.tile_layers() == ()
    assert _green_share(panel, tmp_path / "after.png") == 0
    panel_ctx.undo_stack.undo()  # the removal
    assert [layer.name for layer in panel.view.tile_layers()] == ["Test town map"]


def test_a_refused_file_says_why(qtbot, panel, tmp_path) -> None:
    bad = tmp_path / "bad.mbtiles"
    bad.write_bytes(b"no tiles here" * 100)
    panel.basemap_button.add(bad)
    assert "not an MBTiles file" in panel.feedback.text()
    assert panel.view.tile_layers() == ()


def test_five_labels_on_one_point_do_not_overlap(qtbot, panel, panel_ctx,  # noqa: F811
                                                 tmp_path) -> None:
    for i in range(5):
        push_command(panel_ctx, CreateLocation(coordinates=f"{LAT}, {LON}",
                                               name=f"Crater {i + 1}"))
    panel.fit_all()
    panel.view.declutter_labels()
    view = panel.view
    rects: list[QRectF] = []
    for point in view.points():
        marker = view.marker(point.key)
        assert marker is not None and marker.label.isVisible(), point.label
        # the label ignores the view's zoom: map it through its own device transform
        device = marker.label.deviceTransform(view.viewportTransform())
        rects.append(device.mapRect(marker.label.boundingRect()))
    assert len(rects) == 5
    for i, a in enumerate(rects):
        assert QRectF(view.viewport().rect()).contains(a)
        for b in rects[i + 1:]:
            assert not a.intersects(b), (a, b)
    tops = {r.top() for r in rects}
    lefts = {r.left() for r in rects}
    assert len(tops) > 1 and len(lefts) > 1  # spread round the point, not one column
    panel.grab().save(str(tmp_path / "pile.png"))


def test_towns_are_named_around_the_locations(qtbot, panel, panel_ctx,  # noqa: F811
                                              tmp_path) -> None:
    for i in range(3):
        push_command(panel_ctx, CreateLocation(coordinates=f"{LAT}, {LON}",
                                               name=f"Crater {i + 1}"))
    view = panel.view
    view.fit_box(LON - 2.0, LAT - 1.2, LON + 2.0, LAT + 1.2)  # a few towns around Shusha
    view.viewport().grab()  # paint once
    names = {name for name, _rect in view.places.drawn}
    assert len(names) >= 3 and "Kapan" in names  # 45 km south of Shusha
    markers = []
    for point in view.points():
        marker = view.marker(point.key)
        assert marker is not None
        device = marker.label.deviceTransform(view.viewportTransform())
        markers.append(device.mapRect(marker.label.boundingRect()))
    for _name, r in view.places.drawn:
        town = QRectF(r.x, r.y, r.w, r.h)
        assert not any(town.intersects(label) for label in markers)
    view.grab().save(str(tmp_path / "towns.png"))
    view.select_keys([view.points()[0].key], center=False)
    assert "6.16 km S of Stepanakert" in panel.selection_info.text()


def test_double_click_on_the_imagery_geolocates(qtbot, panel, panel_ctx,  # noqa: F811
                                                tmp_path) -> None:
    panel.basemap_button.add(write_mbtiles(tmp_path / "town.mbtiles"))
    view = panel.view
    view.fit_box(LON - 0.004, LAT - 0.003, LON + 0.004, LAT + 0.003)  # a street-level view
    where = view.mapFromScene(QPointF(*lonlat_to_xy(LON + 0.001, LAT - 0.0005)))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert panel.kind.currentData() == "geolocated"
    assert "given to 0.00001°: about 1 m" in panel.feedback.text()
    qtbot.keyClicks(panel.name, "Impact crater seen on imagery")
    qtbot.keyClick(panel.name, Qt.Key.Key_Return)
    (loc,) = read(panel_ctx, list_locations)
    assert (loc.kind, loc.name) == ("geolocated", "Impact crater seen on imagery")
    assert loc.lat == pytest.approx(LAT - 0.0005, abs=3e-5)
    assert loc.lon == pytest.approx(LON + 0.001, abs=3e-5)


def test_labels_follow_a_pan(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    push_command(panel_ctx, CreateLocation(coordinates=f"{LAT}, {LON}", name="West"))
    push_command(panel_ctx, CreateLocation(coordinates=f"{LAT}, {LON + 0.05}", name="East"))
    view = panel.view
    view.fit_box(LON - 0.01, LAT - 0.01, LON + 0.01, LAT + 0.01)  # only "West" on screen
    west, east = (view.marker(p.key) for p in sorted(view.points(), key=lambda p: p.lon))
    assert west.label.isVisible() and not east.label.isVisible()
    view.centerOn(QPointF(*lonlat_to_xy(LON + 0.05, LAT)))  # pan to "East"
    qtbot.waitUntil(east.label.isVisible, timeout=2000)


def test_in_the_window_the_file_is_copied_in_a_worker(qtbot, window, tmp_path) -> None:
    from desktop.qt.panels.map_panel import MapPanel

    (panel,) = window.findChildren(MapPanel)
    window.workspace.show_page("map")
    source = write_mbtiles(tmp_path / "town.mbtiles")
    panel.basemap_button.add(source)
    assert panel.basemap_button.storing  # the window goes on while the file is copied
    qtbot.waitUntil(lambda: not panel.basemap_button.storing, timeout=20000)
    assert [layer.name for layer in panel.view.tile_layers()] == ["Test town map"]
    window.ctx.undo_stack.undo()
    assert panel.view.tile_layers() == ()
    bad = tmp_path / "bad.mbtiles"
    bad.write_bytes(b"no tiles" * 100)
    panel.basemap_button.add(bad)
    qtbot.waitUntil(lambda: not panel.basemap_button.storing, timeout=20000)
    assert "not an MBTiles file" in panel.feedback.text()


def _many_points(count: int):  # type: ignore[no-untyped-def]
    from desktop.qt.map.markers import MapPoint

    return [MapPoint(key=f"location:{i}", location_id=i, lat=LAT + (i // 40) * 0.004,
                     lon=LON + (i % 40) * 0.004, kind="claimed", label=f"Crater {i}",
                     tag=f"L{i}") for i in range(count)]


def test_thousands_of_labels_are_decluttered_a_slice_at_a_time(qtbot, monkeypatch) -> None:
    """Past SLICED_FROM markers the labels are decided over turns of the event loop and
    applied at once; the labels shown are those a declutter in one go shows."""
    import desktop.qt.map.map_view as module

    view = module.MapView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    points = _many_points(module.SLICED_FROM + 100)
    # A step per turn of the event loop: on a fast machine (or with markers that are
    # cheap to measure) the whole declutter could otherwise fit in one 15 ms slice.
    monkeypatch.setattr(module, "SLICE_S", 0.0)
    view.set_points(points)
    view.fit_points(points)
    assert view.decluttering  # not decided on the GUI thread in one go
    qtbot.waitUntil(lambda: not view.decluttering, timeout=20000)
    sliced = {p.key for p in points if view.marker(p.key).label.isVisible()}
    assert 0 < len(sliced) < len(points)  # some shown, the overlapping ones hidden
    monkeypatch.setattr(module, "SLICED_FROM", 10**9)
    view.declutter_labels()
    assert not view.decluttering
    assert {p.key for p in points if view.marker(p.key).label.isVisible()} == sliced


def test_towns_are_named_once_the_basemap_is_shown(qtbot) -> None:
    """The populated places are read with the basemap (in a worker in the window): the
    first paint of a map without it names nothing instead of reading them."""
    from desktop.qt.map.map_data import decoded_basemap
    from desktop.qt.map.map_view import MapView

    view = MapView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    view.fit_box(LON - 2.0, LAT - 1.2, LON + 2.0, LAT + 1.2)
    view.viewport().grab()
    assert view.places.drawn == []
    view.show_basemap(decoded_basemap()[1])
    view.viewport().grab()
    assert "Kapan" in {name for name, _rect in view.places.drawn}
