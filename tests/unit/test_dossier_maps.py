"""The dossier's locator maps: labels that do not overlap, the user's offline basemap in
the close-up with its attribution, a north arrow and scale bar, precision in words."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from desktop.core.casefile import CaseFile
from desktop.core.export.dossier import build_dossier
from desktop.core.export.locator_map import LocatorMap, MapPoint
from desktop.core.export.styles import register_fonts
from desktop.core.label_layout import Rect, overlapping_pairs, place_labels
from desktop.core.ops.basemaps import add_basemap
from desktop.core.ops.locations import create_location
from desktop.core.queries.dossier import DossierOptions, dossier_data
from tests.maptiles import ATTRIBUTION, CENTRE, TILE_COLOUR, write_mbtiles

LAT, LON = CENTRE
PILE = [MapPoint(f"L{i}", LON, LAT) for i in range(1, 6)]


@pytest.fixture(autouse=True)
def _fonts() -> None:
    register_fonts()


def _label_rects(mapped: LocatorMap) -> list[Rect]:
    return [p.rect for p in mapped.placements]


def test_five_labels_on_one_point_do_not_overlap(tmp_path: Path) -> None:
    mapped = LocatorMap(PILE, 480, 300, min_span_deg=0.01)
    canvas = Canvas(str(tmp_path / "m.pdf"))
    mapped.drawOn(canvas, 50, 400)
    rects = _label_rects(mapped)
    assert len(rects) == 5 and overlapping_pairs(rects) == []
    x, y = mapped._xy(LON, LAT)
    dot = Rect(x - 3.2, y - 3.2, 6.4, 6.4)
    assert not any(r.overlaps(dot) for r in rects)  # no label hides the point
    assert not any(r.overlaps(c) for r in rects for c in mapped.country_labels)
    # not a column: the labels spread round the point, and the far ones have a leader
    assert len({round(r.x) for r in rects}) >= 2 and len({round(r.y) for r in rects}) >= 2
    assert sum(p.leader for p in mapped.placements) >= 1


def test_place_labels_keeps_clear_of_markers_and_frame() -> None:
    anchors = [(50.0, 50.0)] * 5 + [(58.0, 50.0), (95.0, 95.0)]
    sizes = [(20.0, 11.0)] * 7
    frame = Rect(0, 0, 100, 100)
    placed = place_labels(anchors, sizes, frame)
    rects = [p.rect for p in placed]
    assert overlapping_pairs(rects) == []
    assert all(r.inside(frame) for r in rects)
    assert not any(p.crowded for p in placed)


def test_country_names_do_not_overprint(tmp_path: Path) -> None:
    # the Caucasus at a regional scale: several small countries side by side
    mapped = LocatorMap([MapPoint("L1", 46.7, 39.8)], 480, 300, min_span_deg=8.0)
    mapped.drawOn(Canvas(str(tmp_path / "m.pdf")), 0, 0)
    assert len(mapped.country_labels) >= 3
    assert overlapping_pairs(mapped.country_labels) == []


@pytest.fixture
def basemap_case(new_case: CaseFile, tmp_path: Path) -> CaseFile:
    for i in range(5):
        create_location(new_case, coordinates=f"{LAT:.4f}, {LON:.4f}", name=f"Crater {i + 1}")
    create_location(new_case, coordinates="39°45'38\"N 46°44'33\"E", name="Hotel")
    add_basemap(new_case, write_mbtiles(tmp_path / "town.mbtiles"))
    return new_case


def test_close_up_is_drawn_from_the_basemap(basemap_case: CaseFile, tmp_path: Path) -> None:
    pdf = build_dossier(dossier_data(basemap_case, DossierOptions()), tmp_path / "d.pdf")
    reader = pypdf.PdfReader(pdf)
    index = next(i for i, page in enumerate(reader.pages)
                 if "Close-up" in (page.extract_text() or ""))
    text = reader.pages[index].extract_text()
    assert ATTRIBUTION in text and "Test town map" in text
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(index + 1), "-l",
                    str(index + 1), str(pdf), str(tmp_path / "page")], check=True)
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    raw = page.tobytes()
    pixels = (raw[i:i + 3] for i in range(0, len(raw), 3))
    green = sum(1 for px in pixels
                if all(abs(a - b) < 24 for a, b in zip(px, TILE_COLOUR, strict=True)))
    assert green > page.width * page.height * 0.05  # the tiles fill the close-up
    whole = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "to the second: about 30 m" in whole
    assert "to 0.0001°: about 10 m" in whole
    assert "±0." not in whole
    assert "6.2 km S of Stepanakert" in whole  # the nearest town, for context


def test_no_basemap_no_imagery(new_case: CaseFile, tmp_path: Path) -> None:
    create_location(new_case, coordinates="39.7606, 46.7427", name="Alone")
    pdf = build_dossier(dossier_data(new_case, DossierOptions()), tmp_path / "d.pdf")
    text = "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(pdf).pages)
    assert "Close-up" not in text and "offline basemap" not in text
