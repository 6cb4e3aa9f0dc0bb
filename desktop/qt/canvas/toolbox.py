"""Every canvas tool, made by kind (Qt-free, like the tools themselves)."""

from __future__ import annotations

from desktop.qt.canvas.measure_tool import MeasureMode, MeasureTool
from desktop.qt.canvas.tools import (
    Bounds,
    PointTool,
    PolygonTool,
    RectangleTool,
    SelectTool,
    ToolKind,
)

Tool = RectangleTool | PolygonTool | PointTool | SelectTool | MeasureTool


def make_tool(kind: ToolKind, bounds: Bounds,
              measure_mode: MeasureMode = MeasureMode.LINE) -> Tool:
    """A fresh tool of ``kind`` for an image of ``bounds`` (the measure tool drawing
    ``measure_mode``)."""
    if kind is ToolKind.RECTANGLE:
        return RectangleTool(bounds)
    if kind is ToolKind.POLYGON:
        return PolygonTool(bounds)
    if kind is ToolKind.POINT:
        return PointTool(bounds)
    if kind is ToolKind.MEASURE:
        return MeasureTool(bounds, measure_mode)
    return SelectTool(bounds)
