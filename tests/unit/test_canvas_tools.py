"""The canvas tools as plain state machines: gestures in, geometries out (no Qt)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop.qt.canvas.toolbox import make_tool
from desktop.qt.canvas.tools import (
    Bounds,
    Created,
    Edited,
    PointTool,
    PolygonTool,
    RectangleTool,
    Selected,
    SelectTool,
    Shape,
    ToolKind,
)

B = Bounds(400, 300)


def test_tools_module_imports_no_qt() -> None:
    """The tools work where PySide6 cannot even be imported."""
    code = ("import sys; sys.modules['PySide6'] = None; "
            "from desktop.qt.canvas.tools import RectangleTool, Bounds; "
            "t = RectangleTool(Bounds(10, 10)); t.press(1, 1); print(t.release(9, 9))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], check=False)
    assert done.returncode == 0, done.stderr
    assert "Created(shape_type='rect'" in done.stdout


def test_rectangle_drag_in_any_direction_gives_normalised_rect() -> None:
    tool = RectangleTool(B)
    tool.press(120, 90)
    tool.move(60, 50)
    assert tool.preview() == {"x": 60.0, "y": 50.0, "w": 60.0, "h": 40.0}
    out = tool.release(40.5, 30.25)
    assert out == Created("rect", {"x": 40.5, "y": 30.25, "w": 79.5, "h": 59.75})
    assert tool.preview() is None


def test_rectangle_is_clamped_to_the_image_and_tiny_drags_are_ignored() -> None:
    tool = RectangleTool(B)
    tool.press(390, 290)
    assert tool.release(500, 400) == Created("rect", {"x": 390.0, "y": 290.0, "w": 10.0, "h": 10.0})
    tool.press(10, 10)
    assert tool.release(11, 30) is None  # 1 px wide: a click, not a box
    tool.press(10, 10)
    tool.key("escape")
    assert tool.release(100, 100) is None


def test_point_tool_places_a_point_on_press() -> None:
    out = PointTool(B).press(12.345, -5)
    assert out == Created("point", {"x": 12.35, "y": 0.0})


def test_polygon_closes_on_first_vertex_and_supports_backspace() -> None:
    tool = PolygonTool(B)
    for x, y in [(10, 10), (100, 10), (500, 10), (100, 100)]:
        assert tool.press(x, y, 4) is None
    tool.key("backspace")  # drop (100, 100)
    tool.key("backspace")  # drop (400, 10), clamped from 500
    tool.press(60, 80, 4)
    tool.move(30, 30)
    assert tool.preview() == {"points": [[10, 10], [100, 10], [60, 80], [30, 30]]}
    out = tool.press(12, 11, 4)  # near the first vertex: close
    assert out == Created("polygon", {"points": [[10.0, 10.0], [100.0, 10.0], [60.0, 80.0]]})
    assert tool.preview() is None


def test_polygon_double_click_and_enter_close_and_too_few_points_do_not() -> None:
    tool = PolygonTool(B)
    tool.press(0, 0)
    tool.press(50, 0)
    assert tool.key("enter") is None  # two points are not a polygon
    tool.press(50, 50)
    tool.press(50, 50)  # the press that belongs to the double-click
    out = tool.double_click(50, 50, 3)
    assert out == Created("polygon", {"points": [[0.0, 0.0], [50.0, 0.0], [50.0, 50.0]]})
    tool.press(1, 1)
    tool.key("escape")
    assert tool.preview() is None


def _select_with(*shapes: Shape) -> SelectTool:
    tool = SelectTool(B)
    tool.set_shapes(list(shapes))
    return tool


RECT = Shape(1, "rect", {"x": 100, "y": 100, "w": 50, "h": 40})
POLY = Shape(2, "polygon", {"points": [[10, 10], [60, 10], [60, 60], [10, 60]]})
POINT = Shape(3, "point", {"x": 300, "y": 200})


def test_select_then_drag_moves_as_one_edit() -> None:
    tool = _select_with(RECT, POLY, POINT)
    assert tool.press(120, 120, 3) == Selected(1)
    tool.move(130, 125)
    assert tool.preview() == {"x": 110.0, "y": 105.0, "w": 50.0, "h": 40.0}
    out = tool.release(140, 130)
    assert out == Edited(1, RECT.geometry, {"x": 120.0, "y": 110.0, "w": 50.0, "h": 40.0}, "move")
    assert tool.press(5, 5, 3) == Selected(None)  # empty space clears the selection


def test_moving_stops_at_the_image_edge_without_resizing() -> None:
    tool = _select_with(RECT)
    tool.press(120, 120, 3)
    out = tool.release(1000, -1000)
    assert isinstance(out, Edited)
    assert out.after == {"x": 350.0, "y": 0.0, "w": 50.0, "h": 40.0}


def test_click_without_drag_is_not_an_edit() -> None:
    tool = _select_with(RECT)
    tool.press(120, 120, 3)
    assert tool.release(120, 120) is None


def test_resize_rect_by_its_corner_handle() -> None:
    tool = _select_with(RECT)
    tool.press(120, 120, 3)
    tool.release(120, 120)
    assert tool.press(151, 139, 3) is None  # bottom-right handle of the selected rect
    out = tool.release(200, 180)
    assert out == Edited(1, RECT.geometry, {"x": 100.0, "y": 100.0, "w": 100.0, "h": 80.0},
                         "resize")


def test_polygon_vertex_move_add_remove() -> None:
    tool = _select_with(POLY)
    assert tool.press(30, 30, 3) == Selected(2)
    tool.release(30, 30)
    tool.press(60, 60, 3)
    out = tool.release(80, 70)
    assert out == Edited(2, POLY.geometry,
                         {"points": [[10, 10], [60, 10], [80.0, 70.0], [10, 60]]}, "vertex move")
    added = tool.double_click(35, 10, 3)
    assert isinstance(added, Edited) and added.what == "vertex add"
    assert added.after["points"][1] == [35.0, 10.0]
    removed = tool.double_click(10, 60, 3)
    assert isinstance(removed, Edited) and removed.what == "vertex remove"
    assert removed.after == {"points": [[10, 10], [60, 10], [60, 60]]}


def test_triangle_keeps_its_three_vertices() -> None:
    tri = Shape(4, "polygon", {"points": [[0, 0], [50, 0], [0, 50]]})
    tool = _select_with(tri)
    tool.press(10, 10, 3)
    assert tool.double_click(50, 0, 3) is None


def test_topmost_shape_wins_and_selection_survives_resync() -> None:
    over = Shape(5, "rect", {"x": 110, "y": 110, "w": 10, "h": 10})
    tool = _select_with(RECT, over)
    assert tool.press(115, 115, 1) == Selected(5)
    tool.set_shapes([RECT, over])
    assert tool.selected == 5
    tool.set_shapes([RECT])
    assert tool.selected is None
    assert tool.key("escape") is None


def test_point_is_hit_within_tolerance() -> None:
    tool = _select_with(POINT)
    assert tool.press(303, 202, 5) == Selected(3)
    out = tool.release(310, 210)
    assert out == Edited(3, POINT.geometry, {"x": 307.0, "y": 208.0}, "move")


def test_make_tool_matches_kind() -> None:
    for kind in ToolKind:
        assert make_tool(kind, B).kind is kind


def test_resize_rect_by_a_side_handle_moves_one_side() -> None:
    tool = _select_with(RECT)
    tool.press(120, 120, 3)
    tool.release(120, 120)
    assert tool.press(150, 121, 3) is None  # middle of the right side (handle 5)
    out = tool.release(180, 60)
    assert out == Edited(1, RECT.geometry, {"x": 100.0, "y": 100.0, "w": 80.0, "h": 40.0},
                         "resize")
    tool.press(125, 100, 3)  # top side (handle 4), dragged below the bottom: flips cleanly
    out = tool.release(125, 150)
    assert out == Edited(1, RECT.geometry, {"x": 100.0, "y": 140.0, "w": 50.0, "h": 10.0},
                         "resize")
