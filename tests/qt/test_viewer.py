"""Viewer: adjustments (never touching the original, remembered per photo, undoable),
the loupe, panning and a polygon drawn with clicks, and the metadata panel."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from desktop.core.queries.investigation import list_annotations
from desktop.core.queries.photos import get_photo
from desktop.qt.actions import ActionId
from desktop.qt.canvas.controller import stored_adjustments
from tests.qt.conftest import orientation6_photo
from tests.qt.test_annotate_flow import _import, _viewport_pos


def _two_photos(qtbot, window, tmp_path):  # type: ignore[no-untyped-def]
    a = orientation6_photo(tmp_path, "a.jpg")
    b = orientation6_photo(tmp_path, "b.jpg")
    b.write_bytes(b.read_bytes() + b"\0")
    _import(qtbot, window, [a, b])
    qtbot.waitUntil(lambda: window.canvas.photo is not None, timeout=10000)
    qtbot.waitUntil(window.canvas.is_full_resolution, timeout=20000)
    return a, b


def _pixel(window, x: int, y: int) -> QColor:  # type: ignore[no-untyped-def]
    return QColor(window.view.canvas.image_item.pixmap().toImage().pixel(x, y))


def test_adjustments_show_at_once_are_saved_per_photo_and_undoable(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _two_photos(qtbot, window, tmp_path)
    canvas, panel = window.canvas, window.adjustments
    photo = canvas.photo
    original = window.ctx.case.originals.path_for(photo.sha256, photo.ext)
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    dark = _pixel(window, 50, 250).red()
    panel.checks["invert"].setChecked(True)
    qtbot.waitUntil(lambda: canvas.is_full_resolution() and _pixel(window, 50, 250).red()
                    > 150, timeout=20000)
    assert dark < 100
    qtbot.waitUntil(lambda: _saved(window, photo.id)["invert"], timeout=5000)
    assert "Adjust view" in window.registry[ActionId.UNDO].text()
    assert hashlib.sha256(original.read_bytes()).hexdigest() == digest  # original untouched

    other = window.browser.model.photo_at(1).id
    window.ctx.bus.photo_selected.emit(other)
    assert not panel.checks["invert"].isChecked()
    window.ctx.bus.photo_selected.emit(photo.id)
    assert panel.checks["invert"].isChecked()  # remembered for that photo

    window.registry[ActionId.UNDO].trigger()
    assert not _saved(window, photo.id)["invert"]
    assert not panel.checks["invert"].isChecked()
    qtbot.waitUntil(lambda: canvas.is_full_resolution() and _pixel(window, 50, 250).red()
                    < 100, timeout=20000)
    panel.sliders["contrast"].setValue(60)
    assert "contrast +60" in panel.summary.text()


def test_loupe_follows_the_pointer(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _two_photos(qtbot, window, tmp_path)
    window.registry[ActionId.LOUPE].trigger()
    loupe = window.view.loupe
    assert loupe.isVisible()
    qtbot.mouseMove(window.view.viewport(), _viewport_pos(window, 100, 150))
    rect = loupe.source_rect()
    assert abs(rect.center().x() - 100) < 3 and abs(rect.center().y() - 150) < 3
    assert rect.width() < window.view.viewport().width() / window.view.zoom()
    assert not loupe.grab().toImage().isNull()
    window.registry[ActionId.LOUPE].trigger()
    assert not loupe.isVisible()


def test_polygon_with_clicks_and_pan_with_space_drag(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _two_photos(qtbot, window, tmp_path)
    view = window.view
    view.set_zoom(3.0)
    view.centerOn(100, 150)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_P)
    vp = view.viewport()
    for x, y in ((80, 130), (120, 130), (110, 170)):
        qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=_viewport_pos(window, x, y))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    with window.ctx.case.read_session() as session:
        rows = list_annotations(session, window.canvas.photo.id)
    assert len(rows) == 1 and rows[0].shape_type == "polygon"
    pts = rows[0].geometry["points"]
    assert len(pts) == 3 and abs(pts[0][0] - 80) <= 1 and abs(pts[2][1] - 170) <= 1

    view.set_zoom(6.0)  # larger than the viewport both ways, so it can pan
    view.centerOn(100, 150)
    before = view.mapToScene(vp.rect().center())
    qtbot.keyPress(view, Qt.Key.Key_Space)
    start = vp.rect().center()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, start + QPoint(30, 20))
    qtbot.mouseMove(vp, start + QPoint(60, 40))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 40))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    after = view.mapToScene(vp.rect().center())
    assert after.x() < before.x() - 5 and after.y() < before.y() - 3  # moved with the pointer
    with window.ctx.case.read_session() as session:
        assert len(list_annotations(session, window.canvas.photo.id)) == 1  # nothing drawn


def test_metadata_panel_shows_and_copies(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _two_photos(qtbot, window, tmp_path)
    window._raise_dock("metadata")  # read only while on screen (a tab behind the Inspector)
    panel = window.metadata
    photo = window.canvas.photo
    assert panel.sha.text() == photo.sha256
    assert "200 × 300" in panel.labels["pixels"].text()
    assert "orientation 6" in panel.labels["pixels"].text()
    panel.copy_sha.click()
    assert QApplication.clipboard().text() == photo.sha256
    assert not panel.copy_gps.isEnabled()  # this photo has no GPS
    assert panel.labels["gps"].text() == "none"


def test_metadata_gps_from_the_corpus(qtbot, window, corpus) -> None:  # type: ignore[no-untyped-def]
    gps_dir = corpus / "jpg" / "gps"
    _import(qtbot, window, [gps_dir])
    model = window.browser.model
    with_gps = next(model.photo_at(r) for r in range(model.rowCount()) if model.photo_at(r).has_gps)
    window._raise_dock("metadata")  # read only while on screen (a tab behind the Inspector)
    window.ctx.bus.photo_selected.emit(with_gps.id)
    panel = window.metadata
    assert panel.copy_gps.isEnabled() and panel.open_osm.isEnabled()
    panel.copy_gps.click()
    lat, lon = (float(v) for v in QApplication.clipboard().text().split(","))
    assert abs(lat - with_gps.gps_lat) < 1e-5 and abs(lon - with_gps.gps_lon) < 1e-5
    from desktop.qt.panels.metadata_panel import osm_url

    assert f"mlat={with_gps.gps_lat:.6f}" in osm_url(with_gps.gps_lat, with_gps.gps_lon)


def test_keyboard_only_nudge_and_escape(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.ops.annotation_commands import CreateAnnotation
    from desktop.qt.undo import push_command

    _two_photos(qtbot, window, tmp_path)
    command = CreateAnnotation(photo_id=window.canvas.photo.id, shape_type="rect",
                               geometry={"x": 10, "y": 20, "w": 30, "h": 40})
    push_command(window.ctx, command)
    window.ctx.bus.annotation_selected.emit(command.created_id)
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    with window.ctx.case.read_session() as session:
        g = list_annotations(session, window.canvas.photo.id)[0].geometry
    assert (g["x"], g["y"], g["w"], g["h"]) == (20, 21, 30, 40)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.view.canvas.selected_id is None
    assert window.inspector.annotation is None
    window.close_case()
    assert view.placeholder.isVisible() and "No case is open" in view.placeholder.text()


def test_right_click_selects_the_shape_for_the_context_menu(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.ops.annotation_commands import CreateAnnotation
    from desktop.qt.undo import push_command

    _two_photos(qtbot, window, tmp_path)
    command = CreateAnnotation(photo_id=window.canvas.photo.id, shape_type="rect",
                               geometry={"x": 50, "y": 50, "w": 80, "h": 80})
    push_command(window.ctx, command)
    assert window.view.canvas.selected_id is None
    qtbot.mousePress(window.view.viewport(), Qt.MouseButton.RightButton,
                     pos=_viewport_pos(window, 90, 90))
    assert window.view.canvas.selected_id == command.created_id
    assert window.registry[ActionId.DELETE] in window.view.actions()
    assert window.registry[ActionId.DELETE].isEnabled()
    assert window.registry[ActionId.LINK_TO_CLAIM] in window.annotation_list.list.actions()


def _saved(window, photo_id: int) -> dict:  # type: ignore[no-untyped-def]
    """The adjustments stored for a photo, read fresh from the case."""
    with window.ctx.case.read_session() as session:
        return stored_adjustments(get_photo(session, photo_id))


def _wheel(view, pos: QPoint, clicks: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    vp = view.viewport()
    event = QWheelEvent(QPointF(pos), QPointF(vp.mapToGlobal(pos)), QPoint(0, 0),
                        QPoint(0, 120 * clicks), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(vp, event)


def test_wheel_zoom_keeps_the_point_under_the_pointer(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _two_photos(qtbot, window, tmp_path)
    view = window.view
    vp = view.viewport()
    view.set_zoom(8.0)  # the 200 x 300 photo is much larger than the view: it can scroll
    view.centerOn(100, 150)
    for pos in (QPoint(40, 60), QPoint(vp.width() - 50, vp.height() - 30)):
        before = view.mapToScene(pos)
        zoom = view.zoom()
        _wheel(view, pos, 1)  # the pointer never moved over the view: no mouse-move event
        assert view.zoom() > zoom * 1.1
        after = view.mapToScene(pos)
        assert abs(after.x() - before.x()) < 1 and abs(after.y() - before.y()) < 1
        _wheel(view, pos, -1)
        back = view.mapToScene(pos)
        assert abs(back.x() - before.x()) < 1.5 and abs(back.y() - before.y()) < 1.5


def test_the_pointer_position_is_shown_only_over_the_photo(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent

    _two_photos(qtbot, window, tmp_path)
    view, label = window.view, window.pointer_label
    view.fit()
    qtbot.mouseMove(view.viewport(), _viewport_pos(window, 100, 150))
    assert label.text() == "x 100  y 150"
    QApplication.sendEvent(view.viewport(), QEvent(QEvent.Type.Leave))
    assert label.text() == ""  # not the last position, stale
    qtbot.mouseMove(view.viewport(), _viewport_pos(window, 60, 40))
    assert label.text() == "x 60  y 40"
    qtbot.mouseMove(view.viewport(), _viewport_pos(window, -30, 40))  # the margin beside it
    assert label.text() == ""
    qtbot.mouseMove(view.viewport(), _viewport_pos(window, 60, 40))
    window.registry[ActionId.NEXT_PHOTO].trigger()
    assert label.text() == ""


def test_labels_of_crowded_annotations_do_not_overlap(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRectF

    from desktop.core.ops.annotation_commands import CreateAnnotation
    from desktop.qt.undo import push_command

    _two_photos(qtbot, window, tmp_path)
    photo_id = window.canvas.photo.id
    for k in range(4):  # four lines of stencil, each box right under the one above
        push_command(window.ctx, CreateAnnotation(
            photo_id=photo_id, shape_type="rect",
            geometry={"x": 20, "y": 60 + 14 * k, "w": 150, "h": 12}))
    scene = window.view.canvas
    qtbot.waitUntil(lambda: len(scene.items_by_id) == 4, timeout=10000)
    window.view.fit()
    qtbot.wait(50)
    items = list(scene.items_by_id.values())
    rects = [item._label_rect() for item in items]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b), "two labels overlap"
    for item, rect in zip(items, rects, strict=True):  # no label hides another box
        for other in items:
            if other is not item:
                left, top, right, bottom = other.shape_box()
                assert not rect.intersects(QRectF(left, top, right - left, bottom - top))
    window.view.set_zoom(window.view.zoom() * 3)  # labels keep their screen size: re-placed
    qtbot.wait(50)
    rects = [item._label_rect() for item in items]
    assert all(not a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    window.view.fit()
    qtbot.wait(50)
    window.view.grab().save("/tmp/gui/labels.png")
def test_an_adjustment_of_a_photo_someone_changed_since_is_refused(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: view adjustments carry the photo's version like other edits."""
    from desktop.core.ops.photos import set_view_adjustments

    _two_photos(qtbot, window, tmp_path)
    canvas, panel = window.canvas, window.adjustments
    photo = canvas.photo
    messages: list[str] = []
    window.ctx.bus.status_message.connect(messages.append)
    # Someone else (another window, a teammate) adjusts the photo; this one has not heard.
    set_view_adjustments(window.ctx.case, photo_id=photo.id, adjustments={"grayscale": True})
    panel.checks["invert"].setChecked(True)
    qtbot.waitUntil(lambda: any("since it was shown here" in m for m in messages),
                    timeout=5000)
    assert messages[-1].startswith(f"photo {photo.label} was changed by ")
    assert _saved(window, photo.id) == stored_adjustments(
        window.ctx.case.read(get_photo, photo.id))
    assert _saved(window, photo.id)["grayscale"] and not _saved(window, photo.id)["invert"]
    assert panel.checks["grayscale"].isChecked()  # the current state is shown
    assert not panel.checks["invert"].isChecked()
    qtbot.waitUntil(lambda: canvas.is_full_resolution() and _pixel(window, 50, 250).red()
                    < 100, timeout=20000)  # the picture too: not inverted
    window.grab().save(str(tmp_path / "refused.png"))
    panel.checks["invert"].setChecked(True)  # from the current state it goes through
    qtbot.waitUntil(lambda: _saved(window, photo.id)["invert"], timeout=5000)
    assert _saved(window, photo.id)["grayscale"]
