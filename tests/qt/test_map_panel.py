"""The Map panel with a real case: coordinate entry, points by kind, selection, distance."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QPainterPath

from desktop.core.changes import Ref
from desktop.core.geo import distance_m, format_dms
from desktop.core.ops.investigation_commands import CreateClaim, CreateLink, CreateLocation
from desktop.core.queries.investigation import list_locations
from desktop.qt.map.projection import lonlat_to_xy, xy_to_lonlat
from desktop.qt.panels.map_panel import MapPanel, format_distance
from desktop.qt.undo import push_command
from tests.qt.conftest import pick
from tests.qt.panels_helpers import panel_ctx, read  # noqa: F401

ARTICLE_A = "39 ° 45’38.10 « N 46 ° 44’33.90 » E"  # as printed in the seed article
ARTICLE_B = "39 ° 45’27.80 « N 46 ° 45’25.80 » E"


@pytest.fixture
def panel(qtbot, panel_ctx):  # noqa: F811
    widget = MapPanel(panel_ctx)
    qtbot.addWidget(widget)
    widget.resize(700, 560)
    widget.show()
    return widget


def _click_marker(qtbot, panel: MapPanel, key: str, modifier=Qt.KeyboardModifier.NoModifier):
    marker = panel.view.marker(key)
    assert marker is not None
    where: QPoint = panel.view.mapFromScene(marker.pos())
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, modifier, where)


def test_projection_round_trips() -> None:
    for lon, lat in ((46.74275, 39.7605833), (-70.5, -33.4), (179.9, 84.0), (0.0, 0.0)):
        x, y = lonlat_to_xy(lon, lat)
        assert xy_to_lonlat(x, y) == pytest.approx((lon, lat), abs=1e-9)


def test_typed_coordinates_are_parsed_previewed_and_added(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    qtbot.keyClicks(panel.coordinates, "39.7605833, 46.74275")
    assert "39.760583, 46.742750" in panel.feedback.text()
    preview = panel.view.preview_item()
    assert preview is not None
    expected = lonlat_to_xy(46.74275, 39.7605833)
    assert (preview.pos().x(), preview.pos().y()) == pytest.approx(expected)
    assert panel.view.viewport().rect().contains(panel.view.mapFromScene(preview.pos()))

    pick(qtbot, panel.kind, "claimed")
    qtbot.keyClicks(panel.name, "Debris A")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)

    (loc,) = read(panel_ctx, list_locations)
    assert (loc.name, loc.kind, loc.raw_text) == ("Debris A", "claimed", "39.7605833, 46.74275")
    marker = panel.view.marker(f"location:{loc.id}")
    assert marker is not None and marker.isSelected()
    assert marker.point.label == "Debris A"
    assert panel.view.preview_item() is None and panel.coordinates.text() == ""

    panel_ctx.undo_stack.undo()
    assert read(panel_ctx, list_locations) == []
    assert panel.view.marker(f"location:{loc.id}") is None
    panel_ctx.undo_stack.redo()
    assert [x.name for x in read(panel_ctx, list_locations)] == ["Debris A"]
    assert panel.view.points()[0].kind == "claimed"


def test_article_dms_with_french_quotes_is_understood(qtbot, panel) -> None:
    panel.coordinates.setText(ARTICLE_A)
    assert "39°45'38.1\"N 46°44'33.9\"E" in panel.feedback.text()
    assert panel.add_button.isEnabled()


@pytest.mark.parametrize("text", ["91 N 46 E", "39°61'00\"N 46°44'33.9\"E", "42", "38SMB"])
def test_bad_coordinates_show_one_sentence_and_add_nothing(qtbot, panel, panel_ctx, text) -> None:  # noqa: F811
    panel.coordinates.setText(text)
    message = panel.feedback.text()
    assert message and message.endswith(".") and "\n" not in message
    assert "Reads as" not in message
    assert not panel.add_button.isEnabled()
    assert panel.view.preview_item() is None
    panel.add_location()  # Enter pressed anyway
    assert read(panel_ctx, list_locations) == []
    assert panel_ctx.undo_stack.count() == 0


def test_points_by_kind_click_selects_claim_and_distance(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    a = CreateLocation(coordinates=ARTICLE_A, kind="claimed", name="Debris A")
    b = CreateLocation(coordinates=ARTICLE_B, kind="claimed", name="Debris B")
    g = CreateLocation(lat=39.7590, lon=46.7500, kind="geolocated", name="Ruin wall")
    claim = CreateClaim(statement="Fragments of two missiles were found in Shusha.")
    for command in (a, b, g, claim):
        push_command(panel_ctx, command)
    push_command(panel_ctx, CreateLink(from_ref=Ref("claim", claim.created_id),
                                       to_ref=Ref("location", a.created_id)))
    panel.fit_all()
    kinds = {p.label: p.kind for p in panel.view.points()}
    assert kinds == {"Debris A": "claimed", "Debris B": "claimed", "Ruin wall": "geolocated"}
    shapes = {p.kind: panel.view.marker(p.key).path() for p in panel.view.points()}
    assert isinstance(shapes["claimed"], QPainterPath)
    assert shapes["claimed"] != shapes["geolocated"]

    locations, claims = [], []
    panel_ctx.bus.location_selected.connect(locations.append)
    panel_ctx.bus.claim_selected.connect(claims.append)
    _click_marker(qtbot, panel, f"location:{a.created_id}")
    assert locations == [a.created_id]
    assert claims == [claim.created_id]

    _click_marker(qtbot, panel, f"location:{b.created_id}", Qt.KeyboardModifier.ControlModifier)
    selected = panel.view.selected_points()
    assert [p.label for p in selected] == ["Debris A", "Debris B"]
    expected = distance_m(selected[0].lat, selected[0].lon, selected[1].lat, selected[1].lon)
    assert panel.selected_distance_m() == pytest.approx(expected)
    assert 1200 < expected < 1400  # the two claimed debris sites are about 1.3 km apart
    assert format_distance(expected) in panel.selection_info.text()


def test_bus_selection_and_open_in_osm(qtbot, panel, panel_ctx, monkeypatch) -> None:  # noqa: F811
    a = CreateLocation(coordinates=ARTICLE_A, kind="claimed", name="Debris A")
    push_command(panel_ctx, a)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    panel_ctx.bus.location_selected.emit(a.created_id)
    assert [p.label for p in panel.view.selected_points()] == ["Debris A"]
    assert panel.osm_button.isEnabled()
    qtbot.mouseClick(panel.osm_button, Qt.MouseButton.LeftButton)
    (url,) = opened
    assert url.host() == "www.openstreetmap.org"
    assert "mlat=39.760583" in url.toString() and "mlon=46.742750" in url.toString()


def test_delete_selected_location_is_undoable(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    a = CreateLocation(coordinates=ARTICLE_A, kind="claimed", name="Debris A")
    push_command(panel_ctx, a)
    panel.view.select_keys([f"location:{a.created_id}"])
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert read(panel_ctx, list_locations) == []
    assert panel.view.points() == ()
    panel_ctx.undo_stack.undo()
    assert [p.label for p in panel.view.points()] == ["Debris A"]


def test_zoom_keys_and_limits(qtbot, panel) -> None:
    panel.view.fit_world()
    before = panel.view.current_scale()
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Plus)
    assert panel.view.current_scale() == pytest.approx(before * 1.25)
    for _ in range(200):
        panel.view.zoom_by(2)
    assert panel.view.current_scale() <= 2_000_000.0


def test_qt_binding_keeps_none_alive() -> None:
    # PySide6 6.12.0 under Python 3.11 dropped a reference to None on every void call and
    # aborted the process after a few thousand calls (pinned below 6.12 in pyproject.toml).
    path = QPainterPath()
    before = sys.getrefcount(None)
    for i in range(5000):
        path.lineTo(i, i)
    assert sys.getrefcount(None) >= before - 50


def test_points_at_the_same_place_are_fanned_out(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    a = CreateLocation(coordinates=ARTICLE_A, kind="claimed", name="Claimed here")
    b = CreateLocation(coordinates=ARTICLE_A, kind="geolocated", name="Geolocated here")
    push_command(panel_ctx, a)
    push_command(panel_ctx, b)
    first = panel.view.marker(f"location:{a.created_id}")
    second = panel.view.marker(f"location:{b.created_id}")
    assert first.pos() == second.pos()  # both stand for the same coordinates
    assert first.path().boundingRect().center() != second.path().boundingRect().center()


def test_cursor_position_and_country_under_the_mouse(qtbot, panel) -> None:
    panel.coordinates.setText(ARTICLE_A)  # centres the map on Shusha
    qtbot.wait(20)  # let the layout settle before mapping the point to the screen
    preview = panel.view.preview_item()
    where = panel.view.mapFromScene(preview.pos())
    qtbot.mouseMove(panel.view.viewport(), where)
    text = panel.cursor_info.text()
    assert text.endswith("· Azerbaijan")
    scene = panel.view.mapToScene(where)
    lon, lat = xy_to_lonlat(scene.x(), scene.y())
    assert text == f"{format_dms(lat, lon, places=0)} · Azerbaijan"
    assert distance_m(lat, lon, 39.7605833, 46.74275) < 3 / panel.view.current_scale() * 111_000


def test_wide_short_dock_puts_the_map_beside_the_controls(qtbot, panel) -> None:
    panel.resize(1000, 260)
    qtbot.wait(10)
    assert panel.view.geometry().right() < panel.controls.geometry().left()
    assert panel.view.height() > 200
    panel.resize(420, 700)
    qtbot.wait(10)
    assert panel.controls.geometry().bottom() < panel.view.geometry().top()


def test_location_list_selects_on_the_map_and_renames(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    a = CreateLocation(coordinates=ARTICLE_A, kind="claimed", name="Debris A")
    b = CreateLocation(coordinates=ARTICLE_B, kind="geolocated", name="Wall")
    push_command(panel_ctx, a)
    push_command(panel_ctx, b)
    rows = [panel.locations.item(i).text() for i in range(panel.locations.count())]
    assert rows == ["L1 Debris A", "L2 Wall"]  # claimed first, then geolocated
    seen: list[int] = []
    panel_ctx.bus.location_selected.connect(seen.append)
    panel.locations.setFocus()
    panel.locations.setCurrentRow(0)
    assert [p.label for p in panel.view.selected_points()] == ["Debris A"]
    assert seen == [a.created_id]
    panel.view.select_keys([f"location:{a.created_id}", f"location:{b.created_id}"])
    assert {i.text() for i in panel.locations.selectedItems()} == {"L1 Debris A", "L2 Wall"}
    assert "L1 Debris A →" in panel.selection_info.text()
    assert "Distance" in panel.selection_info.text()

    panel.locations.item(1).setText("L2 Wall of the school")  # what editing the row does
    (wall,) = [loc for loc in read(panel_ctx, list_locations) if loc.kind == "geolocated"]
    assert wall.name == "Wall of the school"
    panel_ctx.undo_stack.undo()
    assert "L2 Wall" in [panel.locations.item(i).text()
                         for i in range(panel.locations.count())]
    assert panel.view.marker(f"location:{b.created_id}").label.text() == "L2 Wall"


def test_a_rename_from_a_stale_list_is_merged_or_refused(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    from desktop.core.ops.locations import update_location

    b = CreateLocation(coordinates=ARTICLE_B, kind="geolocated", name="Wall")
    push_command(panel_ctx, b)
    # Someone else changes the note: the list has not heard of it; a rename merges.
    update_location(panel_ctx.case, location_id=b.created_id, note="second impact")
    panel.locations.item(0).setText("L1 Wall of the school")  # what editing the row does
    (wall,) = read(panel_ctx, list_locations)
    assert (wall.name, wall.note) == ("Wall of the school", "second impact")
    assert "your change of the name was merged with Tester's change of the note" in \
        panel.selection_info.text()
    # Someone else renames it: a rename from the old list is refused, naming them.
    update_location(panel_ctx.case, location_id=b.created_id, name="School wall")
    panel.locations.item(0).setText("L1 Wall, east side")
    (wall,) = read(panel_ctx, list_locations)
    assert wall.name == "School wall"
    assert "(name) since it was shown here, to another value" in panel.selection_info.text()
    assert panel.locations.item(0).text() == "L1 School wall"  # the current state


def test_link_selected_location_to_the_claim_it_is_about(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    a = CreateLocation(coordinates=ARTICLE_A, kind="claimed", name="Debris A")
    claim = CreateClaim(statement="Fragments of two missiles were found in Shusha.")
    push_command(panel_ctx, a)
    push_command(panel_ctx, claim)
    key = f"location:{a.created_id}"
    panel.view.select_keys([key])
    assert panel.claim_button.isEnabled()
    offered: list[str] = []

    def choose_in_open_menu() -> None:
        menu = panel.claim_menu
        offered.extend(a.text() for a in menu.actions())
        (action,) = menu.actions()
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton,
                         pos=menu.actionGeometry(action).center())

    QTimer.singleShot(0, choose_in_open_menu)  # the menu runs its own loop once open
    qtbot.mouseClick(panel.claim_button, Qt.MouseButton.LeftButton)
    assert offered == ["C1  Fragments of two missiles were found in Shusha."]
    assert panel.view.marker(key).point.claim_ids == (claim.created_id,)
    seen: list[int] = []
    panel_ctx.bus.claim_selected.connect(seen.append)
    _click_marker(qtbot, panel, key)
    assert seen == [claim.created_id]
    panel.link_to_claim(claim.created_id)  # a second time: nothing to add
    assert "already linked" in panel.selection_info.text()
    panel_ctx.undo_stack.undo()
    assert panel.view.marker(key).point.claim_ids == ()


def test_closing_the_case_empties_the_map(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    push_command(panel_ctx, CreateLocation(coordinates=ARTICLE_A, kind="claimed"))
    assert len(panel.view.points()) == 1
    case = panel_ctx.case
    panel_ctx.case = None
    panel_ctx.bus.case_changed.emit(None)
    assert panel.view.points() == () and panel.locations.count() == 0
    panel.coordinates.setText(ARTICLE_B)
    assert not panel.add_button.isEnabled()  # parsed, but there is no case to add it to
    panel_ctx.case = case
    panel_ctx.bus.case_changed.emit(case)
    assert len(panel.view.points()) == 1


def test_photo_gps_is_a_camera_point_and_is_listed_near_a_claimed_site(
        qtbot, panel, panel_ctx, tmp_path) -> None:  # noqa: F811
    from desktop.core.demo.photos import draw_debris_photo
    from desktop.core.ingest import import_paths

    drawn = draw_debris_photo(tmp_path / "IMG_A.jpg", code="9М723", lot=None, ruler=False,
                              lat=39.7605833, lon=46.74275, taken="2021:03:15 10:00:00",
                              seed=1, size=(400, 300))
    report = import_paths(panel_ctx.case, [drawn.path])
    panel_ctx.bus.changes_applied.emit(report.changes)
    cameras = [p for p in panel.view.points() if p.kind == "camera"]
    assert len(cameras) == 1 and cameras[0].photo_id == report.results[0].photo_id
    assert distance_m(cameras[0].lat, cameras[0].lon, 39.7605833, 46.74275) < 1.0

    photos: list[int] = []
    panel_ctx.bus.photo_selected.connect(photos.append)
    _click_marker(qtbot, panel, cameras[0].key)
    assert photos == [cameras[0].photo_id]  # clicking a camera point opens its photo

    site = CreateLocation(coordinates=ARTICLE_B, kind="claimed", name="Debris B")
    push_command(panel_ctx, site)
    panel.view.select_keys([f"location:{site.created_id}"])
    assert "Photos within" not in panel.selection_info.text()  # B is 1.3 km away
    panel.view.select_keys([cameras[0].key])
    assert "Photos within" not in panel.selection_info.text()  # not its own photo
    other = draw_debris_photo(tmp_path / "IMG_B.jpg", code="9М723", lot=None, ruler=False,
                              lat=39.7610833, lon=46.74275, taken="2021:03:15 10:05:00",
                              seed=2, size=(400, 300))
    panel_ctx.bus.changes_applied.emit(import_paths(panel_ctx.case, [other.path]).changes)
    panel.view.select_keys([cameras[0].key])
    assert "Photos within 250 m: P2 IMG_B.jpg (56 m)" in panel.selection_info.text()
    assert "P1 IMG_A" not in panel.selection_info.text()
    here = CreateLocation(coordinates="39.7605833, 46.74275", kind="claimed", name="Here")
    push_command(panel_ctx, here)
    panel.view.select_keys([f"location:{here.created_id}"])
    assert "P1 IMG_A.jpg (0 m), P2 IMG_B.jpg (56 m)" in panel.selection_info.text()


def test_a_selected_marker_is_raised_with_a_bold_label_however_it_was_selected(
        qtbot, panel, panel_ctx) -> None:  # noqa: F811
    from desktop.qt.map.markers import Z_MARKER, Z_SELECTED

    a = CreateLocation(coordinates=ARTICLE_A, kind="claimed", name="Debris A")
    b = CreateLocation(coordinates=ARTICLE_B, kind="claimed", name="Debris B")
    for command in (a, b):
        push_command(panel_ctx, command)
    panel.fit_all()
    key_a, key_b = f"location:{a.created_id}", f"location:{b.created_id}"

    def looks() -> dict[str, tuple[bool, bool]]:
        out = {}
        for key in (key_a, key_b):
            marker = panel.view.marker(key)
            assert marker.zValue() in (Z_MARKER, Z_SELECTED)
            out[key] = (marker.zValue() == Z_SELECTED, marker.label.font().bold())
        return out

    assert looks() == {key_a: (False, False), key_b: (False, False)}
    _click_marker(qtbot, panel, key_a)  # a click
    assert looks() == {key_a: (True, True), key_b: (False, False)}
    _click_marker(qtbot, panel, key_b)  # another click: the first one is plain again
    assert looks() == {key_a: (False, False), key_b: (True, True)}
    panel.view.select_keys([key_a])  # from the bus (signals blocked)
    assert looks() == {key_a: (True, True), key_b: (False, False)}
    panel.refresh()  # re-read after a change: the selection and its look survive
    assert looks() == {key_a: (True, True), key_b: (False, False)}
    panel.view.select_keys([])
    assert looks() == {key_a: (False, False), key_b: (False, False)}
