"""What the viewer says about a measurement: the value beside the shape, the status-bar
sentence while drawing, and the measure tool's hints (all translated)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.lengths import format_with_uncertainty
from desktop.core.measurements import Evaluated


def _tr(text: str) -> str:
    return QCoreApplication.translate("Measure", text)


def label_value(e: Evaluated) -> str:
    """The value beside a shape: "31.2 ± 0.6 cm", or "812 px" without a scale reference."""
    m = e.result
    if m is None or m.mm is None or m.uncertainty_mm is None:
        return _tr("{0} px").format(f"{e.pixels:.0f}")
    return format_with_uncertainty(m.mm, m.uncertainty_mm)


def status_value(e: Evaluated, shape_type: str, kind: str) -> str:
    """The status bar while drawing or dragging: the value and how it was obtained."""
    if kind == "scale_reference":
        return _tr("Scale reference: {0} px. Type its real length in Reading "
                   "(\"10 cm\", \"4 in\").").format(f"{e.pixels:.0f}")
    what = _tr("Diameter") if shape_type == "circle" else _tr("Length")
    if e.result is None or e.result.mm is None or e.reference is None:
        return _tr("{0} {1} px: no scale reference on this photo.").format(
            what, f"{e.pixels:.0f}")
    return _tr("{0} {1}, from the {2}").format(what, label_value(e), e.reference.describe)


def hint_text(key: str) -> str:
    """The measure tool's hint for its state (``MeasureTool.hint()``)."""
    hints = {
        "line.0": _tr("Measure a line: drag from one end to the other, or click both ends."),
        "line.1": _tr("Click the other end (Esc cancels)."),
        "scale.0": _tr("Scale reference: drag along an object of known length, or click "
                       "both ends."),
        "scale.1": _tr("Click the other end of the reference (Esc cancels)."),
        "card.0": _tr("Scale card: click its four corners in order around it, starting with "
                      "both ends of the side you will write first (\"210 x 297 mm\": the "
                      "210 mm side; A4: a short side; a bank card: a long side)."),
        "card.1": _tr("Click corner 2: the other end of the side written first."),
        "card.2": _tr("Click corner 3, next around the card (Backspace removes a corner, "
                      "Esc cancels)."),
        "card.3": _tr("Click corner 4, the last one."),
        "card.crossed": _tr("The corners cross: click the last corner so that the four go "
                            "round the card in order."),
        "polyline.0": _tr("Measure a polyline: click each point; double-click or Enter "
                          "ends it."),
        "polyline.more": _tr("Click the next point; double-click or Enter ends, Backspace "
                             "removes the last point, Esc cancels."),
        "circle.0": _tr("Measure a diameter: click three points on the rim."),
        "circle.1": _tr("Click a second point on the rim (two more)."),
        "circle.2": _tr("Click a third point on the rim."),
        "circle.collinear": _tr("The three points are on one line: click a point on the "
                                "rim away from the other two."),
    }
    return hints.get(key, "")
