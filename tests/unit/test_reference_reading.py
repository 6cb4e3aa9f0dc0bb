"""One reading of a scale reference: the measurements of a case, ``fragment measure`` and
the dossier's scale bar take a reference's corners the same way (drawing order: corner 1
to 2 is the size's first number), so a bar and a measurement never disagree.

The sheet here is an A4 lying on the ground, photographed from low down: its near short
side looks longer than its long sides, which a guess from the apparent edge lengths gets
wrong.
"""

from __future__ import annotations

import json
import math

import pytest

from desktop.cli import run_cli
from desktop.core.export.scale_bar import photo_scale
from desktop.core.measure import homography
from desktop.core.measurements import Shape, evaluate_photo, scale_reference
from desktop.core.queries.dossier import AnnotationInfo

SHEET_MM = [(0.0, 0.0), (210.0, 0.0), (210.0, 297.0), (0.0, 297.0)]
# corner 1 near left, 2 near right (the 210 mm side, 800 px), 3 far right, 4 far left
SHEET_PX = [(200.0, 700.0), (1000.0, 700.0), (800.0, 500.0), (400.0, 500.0)]
H = homography(SHEET_MM, SHEET_PX)
TRUE_MM = math.hypot(110.0, 100.0)  # from (50, 100) to (160, 200) on the sheet


def _px(x: float, y: float) -> tuple[float, float]:
    u, v, w = H @ (x, y, 1.0)
    return (u / w, v / w)


LINE_PX = [_px(50, 100), _px(160, 200)]


def _shapes(reading: str) -> list[Shape]:
    return [Shape(1, "A1", "scale_reference", "polygon",
                  {"points": [list(p) for p in SHEET_PX]}, reading),
            Shape(2, "A2", "measurement", "line", {"points": [list(p) for p in LINE_PX]},
                  "fragment width")]


def _info(shape: Shape) -> AnnotationInfo:
    return AnnotationInfo(shape.annotation_id, "u", shape.label, shape.annotation_id,
                          shape.shape_type, tuple(tuple(p) for p in shape.geometry["points"]),
                          shape.kind, shape.reading, "", "", "", None)


@pytest.mark.parametrize("reading", ["A4", "210 x 297 mm"])
def test_drawing_order_decides_on_a_steep_view(reading: str) -> None:
    references, measured = evaluate_photo(_shapes(reading))
    assert references[0].reference is not None
    result = measured[0].result
    assert result is not None and result.mm is not None and result.uncertainty_mm is not None
    assert abs(result.mm - TRUE_MM) <= 2 * result.uncertainty_mm
    assert result.mm == pytest.approx(TRUE_MM, rel=1e-6)  # clicked exactly
    # where people see the reference, they see which side was taken for which
    assert "corner 1 to 2 is the 21.0 cm side" in references[0].summary


def test_the_bar_and_the_measurement_agree() -> None:
    shapes = _shapes("A4")
    x, y = _px(100, 150)
    short = [(x - 1.0, y), (x + 1.0, y)]  # two pixels along the photo's x axis, as a bar
    short_shape = Shape(3, "A3", "measurement", "line", {"points": [list(p) for p in short]})
    _, (tiny,) = evaluate_photo([shapes[0], short_shape])
    assert tiny.result is not None and tiny.result.mm is not None
    for bar in (photo_scale([_info(s) for s in shapes], short, reference_label="A1"),
                photo_scale([_info(s) for s in shapes], short)):  # its own choice: the same
        assert bar is not None
        assert bar.at((x, y)) == pytest.approx(tiny.result.mm / 2.0, rel=1e-3)


def test_one_length_on_a_polygon_gives_neither_a_value_nor_a_bar() -> None:
    shapes = _shapes("30 cm")
    references, measured = evaluate_photo(shapes)
    assert references[0].reference is None
    assert "one length" in references[0].problem
    assert measured[0].result is None
    assert photo_scale([_info(s) for s in shapes], LINE_PX) is None


def test_fragment_measure_reads_the_corners_the_same_way(capsys) -> None:
    _, measured = evaluate_photo(_shapes("A4"))
    assert measured[0].result is not None
    corners = " ".join(f"{x:.6f},{y:.6f}" for x, y in SHEET_PX)
    points = " ".join(f"{x:.6f},{y:.6f}" for x, y in LINE_PX)
    assert run_cli(["measure", "--points", points, "--rect-ref", corners, "--size", "A4",
                    "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert "(A4, corner 1 to 2 being 21.0 cm)" in printed["method"]  # which side, said
    assert printed["mm"] == pytest.approx(measured[0].result.mm, rel=1e-6)
    assert printed["uncertainty_mm"] == pytest.approx(measured[0].result.uncertainty_mm,
                                                      rel=1e-4)


def test_a_rect_seen_square_on_says_which_side_is_which() -> None:
    rect = Shape(1, "A1", "scale_reference", "rect", {"x": 0, "y": 0, "w": 297, "h": 210},
                 "A4")
    found = scale_reference(rect)
    assert found.reference is not None
    assert "its horizontal side is the 29.7 cm side" in found.summary
