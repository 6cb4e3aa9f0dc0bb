"""The measure tool and the new shapes' geometry, as plain state machines (no Qt)."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop.qt.canvas.measure_preview import measure_shape, photo_references
from desktop.qt.canvas.measure_tool import MeasureMode, MeasureTool, circle_through
from desktop.qt.canvas.toolbox import make_tool
from desktop.qt.canvas.tools import (
    Bounds,
    Created,
    Edited,
    SelectTool,
    Shape,
    ToolKind,
    hit_body,
    translate,
)

B = Bounds(400, 300)


def test_measure_modules_import_no_qt() -> None:
    code = ("import sys; sys.modules['PySide6'] = None; "
            "from desktop.qt.canvas.toolbox import make_tool; "
            "from desktop.qt.canvas.measure_preview import measure_shape; "
            "from desktop.qt.canvas.tools import Bounds, ToolKind; "
            "t = make_tool(ToolKind.MEASURE, Bounds(50, 50)); t.press(1, 1); "
            "print(t.release(31, 41))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], check=False)
    assert done.returncode == 0, done.stderr
    assert "Created(shape_type='line'" in done.stdout


def test_line_by_press_drag_release() -> None:
    tool = MeasureTool(B)
    tool.press(10, 20)
    tool.move(50, 60)
    assert tool.preview_shape() == ("line", {"points": [[10.0, 20.0], [50.0, 60.0]]})
    out = tool.release(110, 20.456)
    assert out == Created("line", {"points": [[10.0, 20.0], [110.0, 20.46]]}, "measurement")
    assert tool.preview_shape() is None


def test_line_by_two_clicks_and_escape_cancels() -> None:
    tool = MeasureTool(B)
    tool.press(10, 10)
    assert tool.release(10.5, 10) is None  # a click: the first end
    assert tool.hint() == "line.1"
    tool.move(200, 10)
    assert tool.preview_shape() == ("line", {"points": [[10.0, 10.0], [200.0, 10.0]]})
    tool.press(200, 10)
    assert tool.release(200, 10) == Created("line", {"points": [[10.0, 10.0], [200.0, 10.0]]},
                                            "measurement")
    tool.press(5, 5)
    tool.key("escape")
    assert tool.preview_shape() is None
    assert tool.release(100, 100) is None


def test_scale_mode_draws_a_scale_reference_line_clamped_to_the_image() -> None:
    tool = MeasureTool(B, MeasureMode.SCALE)
    tool.press(390, 10)
    out = tool.release(500, 10)
    assert out == Created("line", {"points": [[390.0, 10.0], [400.0, 10.0]]}, "scale_reference")


def test_polyline_clicks_backspace_enter_and_double_click() -> None:
    tool = MeasureTool(B, MeasureMode.POLYLINE)
    for x, y in ((10, 10), (50, 10), (50, 80), (90, 90)):
        tool.press(x, y)
        tool.release(x, y)
    tool.key("backspace")
    assert tool.points == [(10, 10), (50, 10), (50, 80)]
    out = tool.key("enter")
    assert out == Created("polyline", {"points": [[10.0, 10.0], [50.0, 10.0], [50.0, 80.0]]},
                          "measurement")
    tool.press(0, 0)
    assert tool.key("enter") is None  # one point is not a polyline
    tool.key("escape")
    tool.press(0, 0)
    tool.press(30, 40)
    tool.press(30, 40)  # the press of a double-click
    out = tool.double_click(30, 40, 2)
    assert out == Created("polyline", {"points": [[0.0, 0.0], [30.0, 40.0]]}, "measurement")


def test_circle_through_three_rim_points() -> None:
    tool = MeasureTool(B, MeasureMode.CIRCLE)
    tool.press(150, 100)  # on a circle of centre (100, 100), radius 50
    assert tool.hint() == "circle.1"
    tool.press(100, 50)
    tool.move(50, 100)
    assert tool.preview_shape() == ("circle", {"cx": 100.0, "cy": 100.0, "r": 50.0})
    out = tool.press(50, 100)
    assert out == Created("circle", {"cx": 100.0, "cy": 100.0, "r": 50.0}, "measurement")


def test_circle_refuses_three_points_on_one_line() -> None:
    tool = MeasureTool(B, MeasureMode.CIRCLE)
    tool.press(10, 10)
    tool.press(20, 20)
    assert tool.press(30, 30) is None
    assert tool.hint() == "circle.collinear"
    assert len(tool.points) == 2
    assert circle_through((0, 0), (1, 1), (2, 2)) is None


def test_make_tool_keeps_the_measure_mode() -> None:
    tool = make_tool(ToolKind.MEASURE, B, MeasureMode.CIRCLE)
    assert isinstance(tool, MeasureTool) and tool.mode is MeasureMode.CIRCLE


def test_select_tool_drags_line_ends_and_circle_rim() -> None:
    line = Shape(1, "line", {"points": [[10, 10], [100, 10]]})
    circle = Shape(2, "circle", {"cx": 200, "cy": 150, "r": 40})
    tool = SelectTool(B)
    tool.set_shapes([line, circle])
    tool.press(50, 11, 3)
    assert tool.selected == 1
    tool.release(50, 11)
    tool.press(100, 10, 3)  # the end handle
    out = tool.release(120, 30)
    assert out == Edited(1, line.geometry, {"points": [[10, 10], [120.0, 30.0]]}, "vertex move")
    tool.press(200, 130, 3)  # inside, away from rim and diameter: not the circle
    tool.release(200, 130)
    assert tool.selected is None
    tool.press(200, 150, 3)  # on its diameter: select it
    tool.release(200, 150)
    assert tool.selected == 2
    tool.press(240, 150, 3)  # its right rim handle
    out = tool.release(260, 150)
    assert out == Edited(2, circle.geometry, {"cx": 200.0, "cy": 150.0, "r": 60.0}, "resize")


def test_polyline_vertices_added_and_removed_by_double_click() -> None:
    poly = Shape(3, "polyline", {"points": [[10, 10], [100, 10], [100, 100]]})
    tool = SelectTool(B, shapes=[poly], selected=3)
    out = tool.double_click(50, 10, 3)
    assert out is not None and out.after == {"points": [[10, 10], [50.0, 10.0], [100, 10],
                                                        [100, 100]]}
    out = tool.double_click(100, 100, 3)
    assert out is not None and out.after == {"points": [[10, 10], [100, 10]]}
    two = Shape(4, "polyline", {"points": [[10, 10], [100, 10]]})
    tool = SelectTool(B, shapes=[two], selected=4)
    assert tool.double_click(10, 10, 3) is None  # a polyline keeps two points


def test_open_shapes_are_hit_near_the_line_only_and_move_within_the_image() -> None:
    line = Shape(1, "line", {"points": [[10, 10], [100, 100]]})
    assert hit_body(line, 55, 56, 3)
    assert not hit_body(line, 90, 10, 3)
    moved = translate("circle", {"cx": 380, "cy": 50, "r": 10}, 50, 0, B)
    assert moved == {"cx": 390.0, "cy": 50.0, "r": 10.0}


def _dto(number: int, kind: str, shape: str, geometry: dict, reading: str = "") -> SimpleNamespace:
    return SimpleNamespace(id=number, number=number, label=f"A{number}", kind=kind,
                           shape_type=shape, geometry=geometry, transcription=reading)


def test_preview_value_uses_the_photos_scale_reference() -> None:
    bar = _dto(1, "scale_reference", "line", {"points": [[0, 0], [200, 0]]}, "10.0 cm")
    refs = photo_references([bar])
    e = measure_shape("line", {"points": [[0, 50], [300, 50]]}, refs)
    assert e is not None and e.result is not None and e.result.mm == pytest.approx(150.0)
    assert e.result.uncertainty_mm is not None and 0 < e.result.uncertainty_mm < 5
    assert e.reference is not None and e.reference.shape.label == "A1"
    circle = measure_shape("circle", {"cx": 100, "cy": 100, "r": 40}, refs)
    assert circle is not None and circle.result is not None
    assert circle.result.mm == pytest.approx(40.0, abs=0.01)
    assert measure_shape("line", {"points": [[5, 5]]}, refs) is None  # one point so far


def test_preview_value_of_a_rect_bar_and_of_an_unreadable_reference() -> None:
    bar = _dto(1, "scale_reference", "rect", {"x": 0, "y": 0, "w": 100, "h": 8}, "10 cm")
    junk = _dto(2, "scale_reference", "line", {"points": [[0, 0], [9, 0]]}, "ten-ish")
    refs = photo_references([bar, junk])
    assert [r.reference is None for r in refs] == [False, True]
    e = measure_shape("polyline", {"points": [[0, 0], [30, 40], [30, 90]]}, refs)
    assert e is not None and e.result is not None and e.result.mm == pytest.approx(100.0)
    none = measure_shape("line", {"points": [[0, 0], [30, 40]]}, photo_references([]))
    assert none is not None and none.result is None and math.isclose(none.pixels, 50)
