"""The measure tool on the real canvas with a real case: draw a scale reference and
measurements with real clicks and keys, read their values in the Inspector, on the canvas
and in the status bar, undo and redo them.

The photo is synthetic with known geometry: a 250 px bar (the scale reference, "50.0 cm")
and a disc of 460 px diameter (so 92.0 cm, the 9M723's published body diameter).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from desktop.core.ops.annotation_commands import CreateAnnotation
from desktop.core.queries.investigation import list_annotations
from desktop.qt.actions import ActionId
from desktop.qt.undo import push_command
from tests.qt.conftest import pick
from tests.qt.layout_checks import layout_problems
from tests.qt.test_annotate_flow import _import

BAR = ((50.0, 650.0), (300.0, 650.0))
DISC = (600.0, 330.0, 230.0)


def _photo(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1000, 700), (70, 72, 66))
    draw = ImageDraw.Draw(image)
    cx, cy, r = DISC
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(120, 112, 96))
    draw.rectangle((BAR[0][0], BAR[0][1] - 6, BAR[1][0], BAR[1][1] + 6), fill=(240, 240, 240))
    draw.text((cx - 30, cy), "9M723", fill=(20, 20, 20))
    path = folder / "disc.jpg"
    image.save(path, quality=92)
    return path


def _pos(window, x: float, y: float) -> QPoint:  # type: ignore[no-untyped-def]
    return window.view.mapFromScene(QPointF(x, y))


def _click(qtbot, window, x: float, y: float) -> None:  # type: ignore[no-untyped-def]
    vp = window.view.viewport()
    qtbot.mouseMove(vp, _pos(window, x, y))
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=_pos(window, x, y))


def _drag(qtbot, window, a: tuple[float, float], b: tuple[float, float]) -> None:  # type: ignore[no-untyped-def]
    vp = window.view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=_pos(window, *a))
    qtbot.mouseMove(vp, _pos(window, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2))
    qtbot.mouseMove(vp, _pos(window, *b))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=_pos(window, *b))


def _near(text: str, truth_cm: float) -> bool:
    """True when the first "v ± u cm" of ``text`` is within twice u of the truth (the
    clicks land on whole screen pixels, each about 1.4 photo pixels here)."""
    match = re.search(r"(\d+\.\d) ± (\d+\.\d) cm", text)
    assert match, text
    value, uncertainty = float(match[1]), float(match[2])
    return abs(value - truth_cm) <= 2 * uncertainty


def _annotations(window):  # type: ignore[no-untyped-def]
    return list(window.ctx.case.read(list_annotations, window.canvas.photo.id))


def _key(qtbot, window, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    window.view.setFocus()
    qtbot.keyClick(window.view, key)


def _choose(window, action_id: ActionId) -> None:  # type: ignore[no-untyped-def]
    """Pick a kind of measurement from the Measure button's menu."""
    action = window.registry[action_id]
    assert action in window.registry[ActionId.TOOL_MEASURE].menu().actions()
    action.trigger()


@pytest.fixture
def measured(qtbot, window, tmp_path):  # type: ignore[no-untyped-def]
    """The window showing the disc photo, with the bar drawn as a "50.0 cm" scale reference
    (by the user, with the tool) and the marking read as 9M723."""
    _import(qtbot, window, [_photo(tmp_path)])
    qtbot.waitUntil(lambda: window.canvas.photo is not None, timeout=10000)
    window.view.fit()
    push_command(window.ctx, CreateAnnotation(
        photo_id=window.canvas.photo.id, shape_type="rect",
        geometry={"x": 560, "y": 320, "w": 90, "h": 30}, kind="index_code",
        transcription="9M723", confidence="confirmed"))
    _choose(window, ActionId.MEASURE_SCALE)
    assert window.registry[ActionId.TOOL_MEASURE].isChecked()
    _drag(qtbot, window, *BAR)
    field = window.inspector.transcription
    assert field.hasFocus()  # drawing leads into reading, as for other shapes
    hint = window.inspector.measurement.reference_hint
    assert hint.isVisible() and "10 cm" in hint.text()  # no size yet: what to type
    qtbot.keyClicks(field, "50.0 cm")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    (ref,) = [a for a in _annotations(window) if a.kind == "scale_reference"]
    assert ref.shape_type == "line" and ref.transcription == "50.0 cm"
    assert not hint.isVisible()
    return window


def test_line_measured_with_the_reference_shows_value_everywhere(qtbot, measured) -> None:  # type: ignore[no-untyped-def]
    window = measured
    _choose(window, ActionId.MEASURE_LINE)
    status = window.measure_label
    assert "drag" in status.text()  # the tool says what to do
    vp = window.view.viewport()
    a, b = (370.0, 330.0), (830.0, 330.0)  # across the disc: 460 px, 92.0 cm
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=_pos(window, *a))
    qtbot.mouseMove(vp, _pos(window, *b))
    assert status.text().startswith("Length") and _near(status.text(), 92.0)  # live
    assert "50.0 cm" in status.text()  # and which reference it uses
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=_pos(window, *b))
    measurements = [a for a in _annotations(window) if a.kind == "measurement"]
    assert [m.shape_type for m in measurements] == ["line"]
    box = window.inspector.measurement
    assert box.value.isVisible() and not box.reference_hint.isVisible()
    value = box.value.text()
    assert _near(value, 92.0) and value.endswith("cm")
    assert box.method.text().startswith("Line reference A2 '50.0 cm'")
    assert box.warnings.text()  # a line reference's assumption is said
    item = window.view.canvas.items_by_id[measurements[0].id]
    assert value in item.label_text()  # the value beside the line on the canvas
    # Pick what was measured: the comparison with the published figure appears.
    assert box.feature_box.findData("9M723 body diameter") > 0
    pick(qtbot, box.feature_box, "9M723 body diameter")
    assert _annotations(window)[-1].transcription == "9M723 body diameter"
    assert "consistent with the 9M723 body diameter of 0.92 m" in box.comparison.text()
    assert "not consistent" not in box.comparison.text()
    assert 'href="https://en.wikipedia.org/wiki/9K720_Iskander"' in box.comparison.text()

    undo, redo = window.registry[ActionId.UNDO], window.registry[ActionId.REDO]
    undo.trigger()  # the reading
    undo.trigger()  # the line
    assert [a for a in _annotations(window) if a.kind == "measurement"] == []
    redo.trigger()
    (again,) = [a for a in _annotations(window) if a.kind == "measurement"]
    assert again.geometry == measurements[0].geometry


def test_dragging_an_end_of_a_line_is_live_and_one_undo_step(qtbot, measured) -> None:  # type: ignore[no-untyped-def]
    window = measured
    _choose(window, ActionId.MEASURE_LINE)
    _drag(qtbot, window, (370.0, 330.0), (600.0, 330.0))  # the radius: 46 cm
    (line,) = [a for a in _annotations(window) if a.kind == "measurement"]
    assert _near(window.inspector.measurement.value.text(), 46.0)
    _key(qtbot, window, Qt.Key.Key_V)
    before = window.ctx.undo_stack.index()
    vp = window.view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=_pos(window, 600, 330))
    qtbot.mouseMove(vp, _pos(window, 700, 330))
    qtbot.mouseMove(vp, _pos(window, 830, 330))
    assert _near(window.measure_label.text(), 92.0)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=_pos(window, 830, 330))
    assert window.ctx.undo_stack.index() == before + 1
    assert _near(window.inspector.measurement.value.text(), 92.0)
    window.registry[ActionId.UNDO].trigger()
    (back,) = [a for a in _annotations(window) if a.kind == "measurement"]
    assert back.geometry == line.geometry
    assert _near(window.inspector.measurement.value.text(), 46.0)


def test_polyline_with_keys_and_escape(qtbot, measured) -> None:  # type: ignore[no-untyped-def]
    window = measured
    _choose(window, ActionId.MEASURE_POLYLINE)
    for x, y in ((100.0, 100.0), (350.0, 100.0), (350.0, 350.0), (900.0, 600.0)):
        _click(qtbot, window, x, y)
    _key(qtbot, window, Qt.Key.Key_Backspace)  # the last point was a slip
    assert "Length" in window.measure_label.text()
    _key(qtbot, window, Qt.Key.Key_Return)
    (poly,) = [a for a in _annotations(window) if a.kind == "measurement"]
    assert poly.shape_type == "polyline" and len(poly.geometry["points"]) == 3
    assert _near(window.inspector.measurement.value.text(), 100.0)  # 500 px
    # Escape abandons a polyline in progress; nothing is stored.
    count = window.ctx.undo_stack.count()
    _click(qtbot, window, 100.0, 500.0)
    _click(qtbot, window, 200.0, 500.0)
    _key(qtbot, window, Qt.Key.Key_Escape)
    _key(qtbot, window, Qt.Key.Key_Return)
    assert window.ctx.undo_stack.count() == count
    assert window.view.canvas._preview is None
    # A double-click ends a polyline too.
    _click(qtbot, window, 100.0, 500.0)
    vp = window.view.viewport()
    qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=_pos(window, 300.0, 500.0))
    shapes = sorted(a.shape_type for a in _annotations(window) if a.kind == "measurement")
    assert shapes == ["polyline", "polyline"]


def test_circle_through_three_rim_points_and_the_shortcut(qtbot, measured) -> None:  # type: ignore[no-untyped-def]
    window = measured
    _key(qtbot, window, Qt.Key.Key_V)
    measure = window.registry[ActionId.TOOL_MEASURE]
    assert measure.toolTip() == "Measure (M)"
    _choose(window, ActionId.MEASURE_CIRCLE)
    _key(qtbot, window, Qt.Key.Key_V)
    assert not measure.isChecked()
    _key(qtbot, window, Qt.Key.Key_M)  # M brings back the tool, still drawing circles
    assert measure.isChecked()
    assert "three points on the rim" in window.measure_label.text()
    cx, cy, r = DISC
    _click(qtbot, window, cx + r, cy)
    _click(qtbot, window, cx, cy - r)
    qtbot.mouseMove(window.view.viewport(), _pos(window, cx - r, cy))
    assert window.measure_label.text().startswith("Diameter")
    assert _near(window.measure_label.text(), 92.0)
    _click(qtbot, window, cx - r, cy)
    (circle,) = [a for a in _annotations(window) if a.kind == "measurement"]
    assert circle.shape_type == "circle"
    assert abs(circle.geometry["r"] - r) < 2
    assert _near(window.inspector.measurement.value.text(), 92.0)


def test_measurement_selected_at_1366x768(qtbot, measured, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = measured
    window.resize(1366, 768)
    qtbot.wait(50)
    window.view.fit()
    _choose(window, ActionId.MEASURE_LINE)
    _drag(qtbot, window, (370.0, 330.0), (830.0, 330.0))
    pick(qtbot, window.inspector.measurement.feature_box, "9M723 body diameter")
    window.inspector.transcription.clearFocus()
    qtbot.wait(50)
    assert layout_problems(window) == []
    box = window.inspector.measurement
    assert not box.value.visibleRegion().isEmpty()
    assert window.grab().save(str(tmp_path / "measurement.png"))


def test_without_a_reference_lengths_are_in_pixels(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _import(qtbot, window, [_photo(tmp_path)])
    qtbot.waitUntil(lambda: window.canvas.photo is not None, timeout=10000)
    _key(qtbot, window, Qt.Key.Key_M)
    vp = window.view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=_pos(window, 100, 100))
    qtbot.mouseMove(vp, _pos(window, 400, 500))
    status = window.measure_label.text()
    assert status.startswith("Length") and "px: no scale reference on this photo" in status
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=_pos(window, 400, 500))
    (line,) = _annotations(window)
    box = window.inspector.measurement
    value = box.value.text()
    assert re.fullmatch(r"\d+ px", value) and abs(int(value.split()[0]) - 500) <= 3
    assert value in window.view.canvas.items_by_id[line.id].label_text()
    assert "no scale reference" in box.method.text()
    assert "pixels" in box.comparison.text()  # why there is no comparison


def test_a_reference_whose_reading_is_not_a_size_says_what_to_type(qtbot, measured) -> None:  # type: ignore[no-untyped-def]
    window = measured
    field = window.inspector.transcription
    (ref,) = [a for a in _annotations(window) if a.kind == "scale_reference"]
    window.ctx.bus.annotation_selected.emit(ref.id)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "half a metre")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    hint = window.inspector.measurement.reference_hint
    assert hint.isVisible()
    assert hint.text().startswith('"half a metre" is not a size.') and '"10 cm"' in hint.text()
    # a measurement now has no usable reference: pixels, and the reason among its caveats
    _choose(window, ActionId.MEASURE_LINE)
    _drag(qtbot, window, (370.0, 330.0), (830.0, 330.0))
    box = window.inspector.measurement
    assert box.value.text().endswith("px")
    assert "A2" in box.warnings.text()


def test_a_plane_reference_rectifies_what_lies_on_it(qtbot, measured) -> None:  # type: ignore[no-untyped-def]
    window = measured
    _key(qtbot, window, Qt.Key.Key_P)  # a polygon around an A4 sheet: 1 px = 1 mm here
    for x, y in ((400.0, 60.0), (610.0, 60.0), (610.0, 357.0), (400.0, 357.0)):
        _click(qtbot, window, x, y)
    _key(qtbot, window, Qt.Key.Key_Return)
    pick(qtbot, window.inspector.kind_box, "scale_reference")
    hint = window.inspector.measurement.reference_hint
    assert "A4" in hint.text() and "210 x 297 mm" in hint.text()
    field = window.inspector.transcription
    field.setFocus()
    qtbot.keyClicks(field, "A4")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not hint.isVisible()
    _choose(window, ActionId.MEASURE_LINE)
    _drag(qtbot, window, (420.0, 200.0), (590.0, 200.0))  # 170 px on the sheet: 17.0 cm
    box = window.inspector.measurement
    assert _near(box.value.text(), 17.0)
    assert box.method.text().startswith("Plane of A3 'A4', rectified (the measurement lies "
                                        "on the plane of A3)")
    assert "Rectified through rectangle reference" in box.method.text()


def test_the_demo_measurement_at_1366x768(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.demo import build_demo_case
    from desktop.qt.main_window import MainWindow

    case = build_demo_case(tmp_path / "Demo")
    win = MainWindow.create()
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    try:
        win._set_case(case)
        qtbot.waitUntil(lambda: win.canvas.photo is not None, timeout=20000)
        qtbot.waitUntil(win.canvas.is_sharp, timeout=20000)
        (measured,) = [a for a in win.canvas.annotations if a.kind == "measurement"]
        win.ctx.bus.annotation_selected.emit(measured.id)
        qtbot.wait(100)
        box = win.inspector.measurement
        assert re.fullmatch(r"\d+\.\d ± \d+\.\d (mm|cm)", box.value.text())
        assert box.value.text() in win.view.canvas.items_by_id[measured.id].label_text()
        assert box.method.text().startswith("Line reference A3 '10 cm'")
        assert box.comparison.text()  # why the width is compared with nothing
        assert layout_problems(win) == []
        assert win.grab().save(str(tmp_path / "demo-measurement.png"))
    finally:
        win.jobs.cancel_all()
        win.jobs.wait()
        win.close_case()
