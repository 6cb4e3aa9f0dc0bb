"""The shipped Natural Earth basemap: decoding, land tests, boundaries and clipping."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest

from desktop.core.basemap import BBox, Polygon, decode_topojson, load_basemap
from desktop.core.resources import resource_path


@pytest.fixture(scope="module")
def world():
    return load_basemap()


def test_is_decoded_once_per_process() -> None:
    # How fast the decode is lives in tests/benchmarks/bench_basemap.py, against a floor.
    load_basemap.cache_clear()
    first = load_basemap()
    assert load_basemap() is first


def test_whole_world_is_there(world) -> None:
    assert len(world.countries) > 200
    assert len(world.land) > 1000
    lons = [pt[0] for poly in world.land for pt in poly.exterior]
    lats = [pt[1] for poly in world.land for pt in poly.exterior]
    assert min(lons) == pytest.approx(-180, abs=0.01)
    assert max(lons) == pytest.approx(180, abs=0.01)
    assert min(lats) < -85 and max(lats) > 83
    for poly in world.land[:50]:
        assert poly.exterior[0] == poly.exterior[-1], "rings are closed"


@pytest.mark.parametrize(
    ("lon", "lat", "country"),
    [
        (46.7428, 39.7606, "Azerbaijan"),  # Shusha, the demo case's town
        (49.8671, 40.4093, "Azerbaijan"),  # Baku
        (44.5152, 40.1872, "Armenia"),  # Yerevan
        (2.3522, 48.8566, "France"),
        (-58.38, -34.60, "Argentina"),
    ],
)
def test_points_on_land(world, lon, lat, country) -> None:
    assert world.is_land(lon, lat)
    assert world.country_at(lon, lat) == country


@pytest.mark.parametrize(
    ("lon", "lat"),
    [
        (50.5, 42.0),  # middle of the Caspian Sea: an inland sea is not land
        (34.0, 43.0),  # Black Sea
        (-30.0, 30.0),  # Atlantic
        (160.0, -40.0),  # Tasman Sea
    ],
)
def test_points_at_sea(world, lon, lat) -> None:
    assert not world.is_land(lon, lat)
    assert world.country_at(lon, lat) is None


def test_borders_are_shared_arcs_between_countries(world) -> None:
    # Armenia and Azerbaijan share a boundary; a border line runs close to Lachin.
    near = BBox(46.0, 39.0, 47.0, 40.5)
    assert any(near.contains(*pt) for line in world.borders for pt in line)
    # No boundary runs through open ocean: the middle of the South Atlantic has none.
    ocean = BBox(-25, -40, -10, -20)
    assert not any(ocean.contains(*pt) for line in world.borders for pt in line)


def test_clip_keeps_only_the_box(world) -> None:
    box = BBox(44.0, 38.0, 51.0, 42.5)
    part = world.clip(box)
    names = {c.name for c in part.countries}
    assert {"Azerbaijan", "Armenia", "Georgia", "Iran"} <= names
    assert "France" not in names
    for poly in part.land:
        for lon, lat in poly.exterior:
            assert box.west - 1e-9 <= lon <= box.east + 1e-9
            assert box.south - 1e-9 <= lat <= box.north + 1e-9
    for line in part.borders:
        assert len(line) >= 2
        assert all(box.contains(*pt) or _on_edge(box, pt) for pt in line)
    # Land tests give the same answers inside the clipped map.
    assert part.is_land(46.7428, 39.7606)
    assert not part.is_land(50.5, 42.0)


def test_clip_of_open_ocean_is_empty(world) -> None:
    part = world.clip(BBox(-40.0, -50.0, -30.0, -40.0))
    assert part.land == () and part.borders == () and part.countries == ()


def test_clip_cuts_lines_at_the_edge() -> None:
    square = Polygon(((0, 0), (10, 0), (10, 10), (0, 10), (0, 0)))
    from desktop.core.basemap import Basemap

    base = Basemap(land=(square,), borders=(((-5.0, 5.0), (15.0, 5.0)),), countries=())
    part = base.clip(BBox(2, 2, 8, 8))
    assert part.borders == (((2.0, 5.0), (8.0, 5.0)),)
    assert sorted(set(part.land[0].exterior)) == [(2, 2), (2, 8), (8, 2), (8, 8)]


def test_decodes_a_tiny_topology_by_hand(tmp_path) -> None:
    # Two unit squares side by side sharing one arc (the boundary), quantised with a
    # transform: the decoder must undo the deltas, reverse "~i" arcs and find the border.
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [
            [[2, 0], [0, 2]],  # shared edge x=1 from (1,0) to (1,1)
            [[2, 2], [-2, 0], [0, -2], [2, 0]],  # left square's outer edges
            [[2, 0], [2, 0], [0, 2], [-2, 0]],  # right square's outer edges
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "id": "1", "properties": {"name": "West"},
                     "arcs": [[1, 0]]},
                    {"type": "Polygon", "id": "2", "properties": {"name": "East"},
                     "arcs": [[2, -1]]},
                ],
            },
            "land": {
                "type": "GeometryCollection",
                "geometries": [{"type": "Polygon", "arcs": [[1, 2]]}],
            },
        },
    }
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(topology), encoding="utf-8")
    base = decode_topojson(path)
    assert base.borders == (((11.0, 20.0), (11.0, 21.0)),)
    assert base.country_at(10.5, 20.5) == "West"
    assert base.country_at(11.5, 20.5) == "East"
    assert base.country_at(12.5, 20.5) is None
    west = base.countries[0].polygons[0].exterior
    assert west[0] == west[-1] == (11.0, 21.0)


def test_shipped_file_is_the_published_world_atlas() -> None:
    data = json.loads(resource_path("basemap", "countries-50m.json").read_text("utf-8"))
    assert set(data["objects"]) == {"countries", "land"}
    assert resource_path("basemap", "LICENSE-world-atlas.txt").is_file()


def _on_edge(box: BBox, pt: tuple[float, float]) -> bool:
    lon, lat = pt
    eps = 1e-9
    return (box.west - eps <= lon <= box.east + eps) and (box.south - eps <= lat <= box.north + eps)


def test_rings_across_the_antimeridian_are_cut(world) -> None:
    # The TopoJSON is spherical: Chukotka, Fiji and Antarctica run across 180°. Cut rings
    # never jump across the map (a jump would draw a band around the world).
    for poly in world.land:
        for ring in poly.rings:
            for (lon_a, lat_a), (lon_b, _) in pairwise(ring):
                assert abs(lon_a - lon_b) <= 180 or abs(lat_a) == 90
    assert world.country_at(-169.8, 66.1) == "Russia"  # Chukotka, west of 180°
    assert world.country_at(175.0, 66.0) == "Russia"  # Chukotka, east of 180°
    assert world.is_land(0.0, -80.0) and world.is_land(120.0, -75.0)  # Antarctica
    assert not world.is_land(-150.0, -60.0)  # Southern Ocean
