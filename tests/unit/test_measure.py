"""Measuring on photos of known geometry: a scale card seen at an angle, a ruler, a pipe end."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw

from desktop.core.catalog import default_catalog
from desktop.core.dimensions import compare, dimensions_for, shipped_dimensions
from desktop.core.errors import ValidationError
from desktop.core.lengths import Length, parse_length, parse_rect_size
from desktop.core.markings import normalize_marking
from desktop.core.measure import (
    LineReference,
    Measurement,
    PlaneReference,
    circle_diameter,
    homography,
    measure,
)

CARD = parse_rect_size("A4")
#: plane -> photo: a sheet lying on the ground beside the bar, photographed from above at
#: an angle (the far side is about a third shorter than the near one)
CAMERA = np.array([[3.0, 0.3, 100.0], [0.0, 2.6, 100.0], [0.0002, 0.0008, 1.0]])
SHEET = [(20, 30), (230, 30), (230, 327), (20, 327)]
BAR = [(20, 380), (320, 380)]


def _project(point: tuple[float, float]) -> tuple[float, float]:
    x, y, w = CAMERA @ (point[0], point[1], 1.0)
    return (x / w, y / w)


def _photo(tmp_path) -> Image.Image:
    """The plane drawn at 4 px per mm (an A4 sheet red, a 300 mm bar blue), through CAMERA."""
    ppm = 4
    plane = Image.new("RGB", (400 * ppm, 420 * ppm), (200, 200, 190))
    draw = ImageDraw.Draw(plane)
    draw.rectangle([SHEET[0][0] * ppm, SHEET[0][1] * ppm, SHEET[2][0] * ppm, SHEET[2][1] * ppm],
                   fill=(220, 0, 0))
    draw.line([(x * ppm, y * ppm) for x, y in BAR], fill=(0, 0, 220), width=3 * ppm)
    # photo pixel -> plane pixel (Pillow's PERSPECTIVE maps output to input)
    to_plane = np.diag([ppm, ppm, 1.0]) @ np.linalg.inv(CAMERA)
    to_plane /= to_plane[2, 2]
    coeffs = tuple(to_plane.flatten()[:8])
    photo = plane.transform((1400, 1200), Image.Transform.PERSPECTIVE, coeffs,
                            Image.Resampling.BILINEAR)
    photo.save(tmp_path / "card.png")
    return photo


def _extremes(mask: np.ndarray) -> dict[str, tuple[float, float]]:
    ys, xs = np.nonzero(mask)
    pts = np.column_stack([xs, ys]).astype(float)
    pick = {"tl": np.argmin(xs + ys), "br": np.argmax(xs + ys),
            "tr": np.argmax(xs - ys), "bl": np.argmin(xs - ys),
            "left": np.argmin(xs), "right": np.argmax(xs)}
    return {k: (pts[i][0] + 0.5, pts[i][1] + 0.5) for k, i in pick.items()}


def test_a_bar_beside_a_sheet_seen_at_an_angle_is_measured_within_its_uncertainty(tmp_path):
    pixels = np.asarray(_photo(tmp_path)).astype(int)
    red = (pixels[..., 0] > 150) & (pixels[..., 1] < 80) & (pixels[..., 2] < 80)
    blue = (pixels[..., 2] > 150) & (pixels[..., 0] < 80)
    card = _extremes(red)
    bar = _extremes(blue)
    reference = PlaneReference((card["tl"], card["tr"], card["br"], card["bl"]), CARD,
                               label="A1")
    # the bar is 3 mm thick: its ends are found to within its half-width
    result = measure([bar["left"], bar["right"]], reference=reference)
    assert result.mm is not None and result.uncertainty_mm is not None
    assert abs(result.mm - 300.0) <= 2 * result.uncertainty_mm + 3.0
    assert result.uncertainty_mm < 15  # a sheet beside the bar pins it to a few percent
    assert "rectified" in result.method and "A1" in result.method
    # a naive scale from the card's top edge, ignoring the angle, is badly wrong
    naive = measure([bar["left"], bar["right"]],
                    reference=LineReference(card["tl"], card["tr"], Length(210, 0.5)))
    assert naive.mm is not None and abs(naive.mm - 300) > 30


def test_the_stated_uncertainty_covers_the_error_of_noisy_clicks() -> None:
    rng = random.Random(7)
    corners = [_project(p) for p in SHEET]
    ends = [_project(p) for p in BAR]
    inside, errors = 0, []
    for _ in range(200):
        def jitter(p):
            return (p[0] + rng.gauss(0, 1.0), p[1] + rng.gauss(0, 1.0))
        result = measure([jitter(p) for p in ends], pointing_error_px=1.0,
                         reference=PlaneReference(tuple(jitter(c) for c in corners), CARD))
        assert result.mm is not None and result.uncertainty_mm is not None
        errors.append(result.mm - 300.0)
        inside += abs(result.mm - 300.0) <= 2 * result.uncertainty_mm
    assert inside >= 180  # about 95 % expected within twice the standard uncertainty
    assert abs(sum(errors) / len(errors)) < 3  # and no large bias


def test_a_ruler_facing_the_camera_gives_an_exact_scale() -> None:
    ruler = LineReference((100, 100), (500, 100), parse_length("10 cm"), label="A2")
    result = measure([(100, 300), (100, 1020)], reference=ruler, pointing_error_px=0)
    assert result.mm == pytest.approx(180.0)
    # "10 cm" is known to half a centimetre: the uncertainty says so
    assert result.uncertainty_mm == pytest.approx(180 * 5 / 100)
    precise = LineReference((100, 100), (500, 100), parse_length("100.0 mm"))
    assert measure([(100, 300), (100, 1020)], reference=precise).uncertainty_mm < 2


def test_far_from_the_reference_is_warned_about() -> None:
    ruler = LineReference((0, 0), (100, 0), parse_length("10 cm"))
    near = measure([(0, 20), (100, 20)], reference=ruler)
    far = measure([(900, 900), (1000, 900)], reference=ruler)
    assert not any("far from" in w for w in near.warnings)
    assert any("far from" in w for w in far.warnings)


def test_a_pipe_end_diameter_from_points_on_its_rim() -> None:
    rim = [(500 + 230 * math.cos(a), 400 + 230 * math.sin(a))
           for a in (0.1, 1.2, 2.0, 3.5, 4.4, 5.9)]
    assert circle_diameter(rim) == pytest.approx(460, rel=1e-9)
    ruler = LineReference((0, 0), (200, 0), parse_length("400.0 mm"))
    result = measure(rim, shape="circle", reference=ruler)
    assert result.mm == pytest.approx(920, rel=1e-6)


def test_without_a_reference_the_length_is_in_pixels() -> None:
    result = measure([(0, 0), (30, 40)])
    assert result.mm is None and result.pixels == 50
    assert result.describe() == "50 px (no scale reference)"


@pytest.mark.parametrize("points, shape, message", [
    ([(0, 0)], "line", "at least two points"),
    ([(0, 0), (1, 1)], "circle", "at least three points"),
    ([(0, 0), (1, 1), (2, 2)], "circle", "do not lie on a circle"),
    ([(0, 0), (1, 1)], "spiral", "line, polyline or circle"),
])
def test_bad_shapes_get_one_sentence(points, shape, message) -> None:
    with pytest.raises(ValidationError, match=message):
        measure(points, shape=shape)


def test_a_degenerate_or_crossed_reference_is_refused() -> None:
    with pytest.raises(ValidationError, match="on one line"):
        homography([(0, 0), (1, 1), (2, 2), (0, 5)], [(0, 0), (1, 0), (1, 1), (0, 1)])
    crossed = PlaneReference(((0, 0), (100, 100), (100, 0), (0, 100)), CARD)
    with pytest.raises(ValidationError, match="convex quadrilateral"):
        measure([(0, 0), (10, 10)], reference=crossed)


@pytest.mark.parametrize("text, mm, tol", [
    ("10 cm", 100, 5), ("10.0 cm", 100, 0.5), ("4 in", 101.6, 12.7), ("100mm", 100, 0.5),
    ("10 ± 0.1 cm", 100, 1), ("1,5 m", 1500, 50), ("30 см", 300, 5),
])
def test_lengths_as_written(text, mm, tol) -> None:
    length = parse_length(text)
    assert length.mm == pytest.approx(mm) and length.tolerance_mm == pytest.approx(tol)


def test_rectangle_sizes_as_written() -> None:
    assert parse_rect_size("a4").width.mm == 210 and parse_rect_size("A4").height.mm == 297
    size = parse_rect_size("20 x 30 cm")
    assert (size.width.mm, size.height.mm) == (200, 300)
    for bad in ("ten cm", "10 furlongs", "", "0 mm"):
        with pytest.raises(ValidationError):
            parse_length(bad)
    with pytest.raises(ValidationError, match="paper size"):
        parse_rect_size("10 cm")


def test_shipped_dimensions_name_catalog_entries_and_cite_a_source() -> None:
    codes = {normalize_marking(item.code) for item in default_catalog().items}
    dims = shipped_dimensions()
    assert len(dims) >= 20
    for dim in dims:
        assert normalize_marking(dim.code) in codes, dim.code
        assert "https://" in dim.citation
    assert {d.feature for d in dimensions_for("9М723")} == {"body diameter", "length"}


def test_a_measured_diameter_is_compared_with_the_catalog() -> None:
    diameter = next(d for d in dimensions_for("9M723") if d.feature == "body diameter")
    near = compare(Measurement(1000, 905.0, 12.0, "test"), diameter)
    far = compare(Measurement(1000, 650.0, 12.0, "test"), diameter)
    assert near.consistent and not far.consistent
    assert "consistent with the 9M723 body diameter of 0.92 m" in near.describe()
    assert "not consistent" in far.describe()
    with pytest.raises(ValidationError, match="scale reference"):
        compare(measure([(0, 0), (1, 1)]), diameter)
