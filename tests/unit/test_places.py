"""Natural Earth populated places: the shipped file, and which places a map names."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from desktop.core.basemap import BBox
from desktop.core.export.locator_map import LocatorMap, MapPoint
from desktop.core.export.styles import register_fonts
from desktop.core.label_layout import overlapping_pairs
from desktop.core.places import load_places, places_in, web_zoom

CAUCASUS = BBox(44.0, 39.0, 48.5, 41.0)


def test_the_shipped_file() -> None:
    places = load_places()
    assert len(places) == 7343
    by_name = {p.name: p for p in places}
    assert by_name["Stepanakert"].lat == pytest.approx(39.8, abs=0.1)
    assert by_name["Stepanakert"].lon == pytest.approx(46.75, abs=0.1)
    assert all(-90 <= p.lat <= 90 and -180 <= p.lon <= 180 and p.name for p in places)
    zooms = [p.min_zoom for p in places]
    assert zooms == sorted(zooms)  # most important first


def test_more_places_as_the_map_zooms_in() -> None:
    region = places_in(CAUCASUS, web_zoom(CAUCASUS, 600))
    closer_box = BBox(46.3, 39.5, 47.2, 40.1)
    closer = places_in(closer_box, web_zoom(closer_box, 600))
    assert {"Yerevan", "Ganca"} <= {p.name for p in region}
    assert "Stepanakert" in {p.name for p in closer}
    assert all(CAUCASUS.contains(p.lon, p.lat) for p in region)
    world = BBox(-180, -85, 180, 85)
    assert len(places_in(world, web_zoom(world, 600))) < 60  # only the great cities


def test_dossier_map_names_towns_without_overprinting(tmp_path: Path) -> None:
    register_fonts()
    points = [MapPoint(f"L{i}", 46.7427, 39.7606) for i in range(1, 4)]
    mapped = LocatorMap(points, 480, 300)
    mapped.drawOn(Canvas(str(tmp_path / "m.pdf")), 0, 0)
    assert len(mapped.town_labels) >= 3
    every = mapped.town_labels + mapped.country_labels + [p.rect for p in mapped.placements]
    assert overlapping_pairs(every) == []


def test_nearest_place() -> None:
    from desktop.core.places import nearest_place

    near = nearest_place(39.7606, 46.7427)  # Shusha: 6 km south of Stepanakert
    assert near is not None and near.place.name == "Stepanakert"
    assert 5_500 < near.distance_m < 7_000 and near.direction == "S"
    assert nearest_place(0.0, -30.0) is None  # mid-Atlantic: nothing within 50 km
