"""A marking's crop as arms researchers show it: beside the whole photo with leader lines
to where it is, the outline outside the characters, and a scale bar when the photo has a
scale reference. Rendered with pdftoppm and read back with pdftotext."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from reportlab.pdfgen.canvas import Canvas

from desktop.core.casefile import CaseFile
from desktop.core.export.crop_figure import CropFigure
from desktop.core.export.dossier import build_dossier
from desktop.core.export.flowables import AnnotatedImage, Shape, grow
from desktop.core.export.images import _jpeg
from desktop.core.export.scale_bar import (
    length_label,
    nice_length,
    photo_scale,
)
from desktop.core.ingest import import_paths
from desktop.core.ops.annotations import create_annotation
from desktop.core.queries.dossier import AnnotationInfo, DossierOptions, dossier_data

AMBER = (255, 176, 0)
CHARS = (300, 200, 700, 320)  # where the "characters" are in the test photo
RULER = (150, 600, 550, 640)  # a 10 cm ruler, 400 pixels long


def _photo(path: Path) -> Path:
    image = Image.new("RGB", (1200, 800), (235, 235, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle(CHARS, fill=(0, 0, 0))
    draw.rectangle(RULER, fill=(20, 20, 200))
    image.save(path, quality=95)
    return path


def _rect(box: tuple[int, int, int, int]) -> dict[str, float]:
    left, top, right, bottom = box
    return {"x": left, "y": top, "w": right - left, "h": bottom - top}


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("crops")
    case = CaseFile.create(root / "Crops", title="Crops", investigator="Analyst")
    try:
        import_paths(case, [_photo(root / "fragment.jpg")])
        create_annotation(case, photo_id=1, shape_type="rect", geometry=_rect(CHARS),
                          kind="index_code", transcription="9M723")
        create_annotation(case, photo_id=1, shape_type="rect", geometry=_rect(RULER),
                          kind="scale_reference", transcription="10 cm")
        data = dossier_data(case, DossierOptions())
    finally:
        case.close()
    pdf = build_dossier(data, root / "d.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return pdf, " ".join(text.split())


def test_the_crop_has_a_scale_bar_and_says_what_it_assumes(dossier) -> None:
    _, text = dossier
    block = text.split("Annotation A1 — index code")[1].split("Annotation A2")[0]
    assert ("Scale bar from the scale reference A2 (10 cm); it assumes the marking lies in "
            "the reference's plane.") in block
    # 0.25 mm per pixel; the crop is 520 px (130 mm) wide: 30 % is 39 mm, rounded down 2 cm
    assert "2 cm" in block


def test_round_bar_lengths() -> None:
    assert [nice_length(x) for x in (39, 20, 7.4, 0.9, 1500)] == [20, 20, 5, 0.5, 1000]
    assert [length_label(x) for x in (5, 20, 500, 1000, 0.5)] == [
        "5 mm", "2 cm", "50 cm", "1 m", "0.5 mm"]


def test_no_bar_without_a_reference_that_reads_as_a_length_or_a_size() -> None:
    def ann(kind: str, reading: str, withheld: bool = False) -> AnnotationInfo:
        return AnnotationInfo(1, "u", "A1", 1, "rect", ((0, 0), (100, 0), (100, 9), (0, 9)),
                              kind, reading, "", "", "", None, withheld=withheld)

    assert photo_scale([ann("scale_reference", "a sheet")]) is None  # neither
    assert photo_scale([ann("scale_reference", "10 cm", withheld=True)]) is None
    assert photo_scale([ann("index_code", "10 cm")]) is None
    found = photo_scale([ann("scale_reference", "about a span"),
                         ann("scale_reference", " 4 in ")])
    assert found is not None and found.mm_per_px == pytest.approx(1.016)
    assert found.reading == "4 in"


def test_a_grown_outline_keeps_its_distance() -> None:
    def flat(points: list[tuple[float, float]]) -> list[float]:
        return [v for p in points for v in p]

    square = [(10.0, 10.0), (20.0, 10.0), (20.0, 20.0), (10.0, 20.0)]
    grown = [(8.0, 8.0), (22.0, 8.0), (22.0, 22.0), (8.0, 22.0)]
    assert flat(grow(square, 2)) == pytest.approx(flat(grown))
    assert flat(grow(square[::-1], 2)) == pytest.approx(flat(grown[::-1]))  # either winding
    triangle = [(0.0, 0.0), (100.0, 0.0), (0.0, 100.0)]
    for x, y in grow(triangle, 3):  # every corner moved outward, by at least the distance
        assert x < 0 or y < 0 or x + y > 100 + 3


def _render(tmp_path: Path, figure: CropFigure | AnnotatedImage) -> Image.Image:
    pdf = tmp_path / "f.pdf"
    width, height = figure.wrap(1000, 1000)
    canvas = Canvas(str(pdf), pagesize=(width + 20, height + 20))
    figure.drawOn(canvas, 10, 10)
    canvas.save()
    subprocess.run(["pdftoppm", "-png", "-r", "144", "-singlefile", str(pdf),
                    str(tmp_path / "f")], check=True)
    return Image.open(tmp_path / "f.png").convert("RGB")


def _amber(pixel: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, AMBER, strict=True))


def _pictures() -> tuple[bytes, bytes]:
    whole = Image.new("RGB", (1200, 800), (235, 235, 235))
    ImageDraw.Draw(whole).rectangle(CHARS, fill=(0, 0, 0))
    crop = whole.crop((240, 140, 760, 380))
    return _jpeg(whole, 95), _jpeg(crop, 95)


def test_the_outline_is_drawn_outside_the_characters(tmp_path: Path) -> None:
    _, crop_jpeg = _pictures()
    left, top, right, bottom = CHARS
    outline = ((left, top), (right, top), (right, bottom), (left, bottom))
    image = AnnotatedImage(crop_jpeg, (520, 240), (240, 140, 760, 380),
                           [Shape("A1", outline)], 200, 200, pad=4)
    picture = _render(tmp_path, image)
    scale = 2.0  # 144 dpi
    px_per_image_px = image.draw_width / 520 * scale

    def at(x: float, y: float) -> tuple[int, int, int]:
        return picture.getpixel((round(10 * scale + (x - 240) * px_per_image_px),
                                 round(10 * scale + (y - 140) * px_per_image_px)))

    # the characters' edges stay black; the outline runs just outside them
    for x, y in ((left + 1, top + 60), (right - 1, top + 60), (500, top + 1), (500, bottom - 1)):
        assert not _amber(at(x, y)), (x, y)
    # scanning left from the characters, the outline starts no nearer than the padding
    points_per_px = image.draw_width / 520
    first = next(d for d in range(1, 40) if _amber(at(left - d, top + 60)))
    assert first * points_per_px >= 4 - 1  # 4 pt of padding, less anti-aliasing


def test_leader_lines_join_the_crop_to_its_place_on_the_photo(tmp_path: Path) -> None:
    whole_jpeg, crop_jpeg = _pictures()
    box = (240.0, 140.0, 760.0, 380.0)
    crop = AnnotatedImage(crop_jpeg, (520, 240), box, [], 200, 200)
    area = ((240, 140), (760, 140), (760, 380), (240, 380))
    context = AnnotatedImage(whole_jpeg, (1200, 800), (0, 0, 1200, 800), [Shape("", area)],
                             90, 90, pad=0)
    figure = CropFigure(crop, context, box)
    picture = _render(tmp_path, figure)
    scale = 2.0
    base = context.draw_height + 7  # the crop's lower edge, in points above the figure
    ax1, ay = context.to_pdf(240, 140)
    ax2, _ = context.to_pdf(760, 140)
    _, height = figure.wrap(1000, 1000)
    for (x0, x1) in ((0.0, ax1), (crop.draw_width, ax2)):
        # halfway down the gap between crop and photo, the leader is there
        t = 3.5 / (base - ay)
        x, y = x0 + (x1 - x0) * t, base - 3.5
        px = round((10 + x) * scale)
        py = round((10 + height - y) * scale)
        near = [picture.getpixel((px + dx, py)) for dx in range(-2, 3)]
        assert any(_amber(p) for p in near), (x0, near)


def _reference(shape: str, points: tuple[tuple[float, float], ...], reading: str,
               kind: str = "scale_reference") -> AnnotationInfo:
    return AnnotationInfo(1, "u", "A3", 1, shape, points, kind, reading, "", "", "", None)


# An A4 sheet (210 x 297 mm) lying on the ground, photographed at an angle: the true map
# from the sheet's millimetres to the photo's pixels.
SHEET_TO_PHOTO = np.array([[2.0, 0.35, 300.0], [0.05, 1.1, 200.0], [0.0002, 0.0009, 1.0]])


def _photo_point(x_mm: float, y_mm: float) -> tuple[float, float]:
    u, v, w = SHEET_TO_PHOTO @ (x_mm, y_mm, 1.0)
    return u / w, v / w


def test_a_rectangle_reference_gives_the_scale_where_the_marking_is() -> None:
    corners = tuple(_photo_point(x, y) for x, y in ((0, 0), (210, 0), (210, 297), (0, 297)))
    scale = photo_scale([_reference("polygon", corners, "A4")])
    assert scale is not None and scale.plane and scale.reading == "A4"
    photo_to_sheet = np.linalg.inv(SHEET_TO_PHOTO)

    def true_mm_per_px(x: float, y: float) -> float:
        def sheet(px: float) -> np.ndarray:
            u, v, w = photo_to_sheet @ (px, y, 1.0)
            return np.array((u / w, v / w))
        return float(np.linalg.norm(sheet(x + 0.5) - sheet(x - 0.5)))

    for point in (_photo_point(100, 150), _photo_point(20, 280), _photo_point(200, 10)):
        assert scale.at(point) == pytest.approx(true_mm_per_px(*point), rel=1e-3)
    # the far end of the sheet is smaller in the photo: more millimetres per pixel there
    assert scale.at(_photo_point(100, 290)) > scale.at(_photo_point(100, 5))  # type: ignore[operator]
    # outlined from the opposite corner, or the other way round from the width's other
    # end, the first edge drawn is still a width: the plane is the same
    for order in (corners[2:] + corners[:2], (corners[1], corners[0], corners[3], corners[2])):
        other = photo_scale([_reference("polygon", order, "210 x 297 mm")])
        assert other is not None
        assert other.at(_photo_point(100, 150)) == pytest.approx(
            scale.at(_photo_point(100, 150)), rel=1e-6)


def test_what_gives_no_plane() -> None:
    bow_tie = ((0.0, 0.0), (100.0, 100.0), (100.0, 0.0), (0.0, 100.0))
    assert photo_scale([_reference("polygon", bow_tie, "A4")]) is None  # not in order
    assert photo_scale([_reference("polygon", ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0)),
                                   "A4")]) is None
    assert photo_scale([_reference("point", ((5.0, 5.0),), "A4")]) is None
    # an axis-aligned rectangle reading a size: the sheet seen square on
    square_on = photo_scale([_reference("rect", ((0, 0), (420, 0), (420, 594), (0, 594)),
                                        "A4")])
    assert square_on is not None and square_on.at((10, 10)) == pytest.approx(0.5)


def test_a_line_reference_gives_a_bar() -> None:
    """A line-shaped annotation (``{"points": [[x, y], [x, y]]}``) reading a length."""
    scale = photo_scale([_reference("line", ((100.0, 100.0), (400.0, 500.0)), "25 cm")])
    assert scale is not None and not scale.plane
    assert scale.at((0, 0)) == pytest.approx(250 / 500)


@pytest.fixture(scope="module")
def plane_dossier(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("plane")
    case = CaseFile.create(root / "Plane", title="Plane", investigator="Analyst")
    corners = [list(_photo_point(x, y)) for x, y in ((0, 0), (210, 0), (210, 297), (0, 297))]
    try:
        import_paths(case, [_photo(root / "fragment.jpg")])
        create_annotation(case, photo_id=1, shape_type="rect", geometry=_rect(CHARS),
                          kind="index_code", transcription="9M723")
        create_annotation(case, photo_id=1, shape_type="polygon",
                          geometry={"points": corners}, kind="scale_reference",
                          transcription="A4")
        data = dossier_data(case, DossierOptions())
    finally:
        case.close()
    pdf = build_dossier(data, root / "d.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return " ".join(text.split())


def test_the_crop_of_a_photo_with_a_rectangle_reference_has_a_bar(plane_dossier: str) -> None:
    block = plane_dossier.split("Annotation A1 — index code")[1].split("Annotation A2")[0]
    assert ("Scale bar from the scale reference A2 (A4, a rectangle whose corners give the "
            "plane it lies in), computed where the marking is; it holds on the reference's "
            "plane and is approximate away from it.") in block
    # at the marking's centre (500, 260) the sheet's plane has about 0.57 mm per pixel;
    # 30 % of the 520-pixel crop is about 89 mm: the bar is 5 cm
    assert "5 cm" in block
