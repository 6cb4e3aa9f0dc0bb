"""Offline basemaps: reading MBTiles (TMS rows, metadata) and adding them to a case."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop.app import main
from desktop.core.basemap import BBox
from desktop.core.casefile import CaseFile
from desktop.core.errors import UserError
from desktop.core.mbtiles import TileReader, lat_to_y, lon_to_x, read_info, x_to_lon, y_to_lat
from desktop.core.ops.basemaps import add_basemap, remove_basemap
from desktop.core.queries.audit_log import list_events
from desktop.core.queries.basemaps import case_basemaps
from desktop.core.verify import verify_case
from tests.maptiles import ATTRIBUTION, CENTRE, TILE_COLOUR, write_mbtiles


def test_metadata_and_tms_rows(tmp_path: Path) -> None:
    path = write_mbtiles(tmp_path / "town.mbtiles")
    info = read_info(path)
    assert (info.name, info.attribution, info.tile_format) == (
        "Test town map", ATTRIBUTION, "png")
    assert (info.min_zoom, info.max_zoom) == (12, 14)
    lat, lon = CENTRE
    assert info.bounds.contains(lon, lat)
    with TileReader(path) as reader:
        x, y = int(lon_to_x(lon, 13)), int(lat_to_y(lat, 13))
        tile = reader.tile_image(13, x, y)  # XYZ row: found only if the TMS row was flipped
        assert tile is not None and tile.getpixel((128, 128)) == TILE_COLOUR
        assert reader.tile_image(13, x, 2**13 - 1 - y) is None


def test_projection_round_trip() -> None:
    for lat, lon in ((39.76, 46.74), (-33.9, 151.2), (0.0, 0.0)):
        assert y_to_lat(lat_to_y(lat, 10), 10) == pytest.approx(lat, abs=1e-9)
        assert x_to_lon(lon_to_x(lon, 10), 10) == pytest.approx(lon, abs=1e-9)


def test_compose_crops_the_box(tmp_path: Path) -> None:
    path = write_mbtiles(tmp_path / "town.mbtiles")
    lat, lon = CENTRE
    with TileReader(path) as reader:
        image = reader.compose(BBox(lon - 0.01, lat - 0.008, lon + 0.01, lat + 0.008), 600)
        assert image is not None and 200 < image.width < 1300  # z14, the deepest zoom
        assert image.getpixel((image.width // 2 + 3, image.height // 2 + 3))[:3] == TILE_COLOUR
        assert reader.compose(BBox(10.0, 10.0, 10.1, 10.1), 600) is None  # elsewhere


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.write_bytes(b"not a database at all" * 50), "not an MBTiles file"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE other (a)").connection.commit(),
     "not an MBTiles file"),
    (lambda p: write_mbtiles(p, fmt="pbf"), "pbf tiles"),
])
def test_refused_files(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "bad.mbtiles"
    make(path)
    with pytest.raises(UserError, match=message):
        read_info(path)


def test_add_list_verify_remove(new_case: CaseFile, tmp_path: Path) -> None:
    source = write_mbtiles(tmp_path / "town.mbtiles")
    basemap_id, changes = add_basemap(new_case, source)
    assert changes.kinds() == {"case_basemap"}
    listed = new_case.read(case_basemaps, new_case.originals.root)
    assert [(b.name, b.attribution, b.file_name) for b in listed] == [
        ("Test town map", ATTRIBUTION, "town.mbtiles")]
    assert listed[0].path.is_file() and listed[0].path.read_bytes() == source.read_bytes()
    assert listed[0].path.is_relative_to(new_case.root)
    actions = [e.action for e in new_case.read(list_events)]
    assert actions[-1] == "basemap.add"
    assert verify_case(new_case).ok
    with pytest.raises(UserError, match="already in this case"):
        add_basemap(new_case, source)
    remove_basemap(new_case, basemap_id)
    assert new_case.read(case_basemaps, new_case.originals.root) == []
    assert [e.action for e in new_case.read(list_events)][-1] == "basemap.remove"
    assert verify_case(new_case).ok


def test_a_changed_basemap_row_is_found(new_case: CaseFile, tmp_path: Path) -> None:
    add_basemap(new_case, write_mbtiles(tmp_path / "town.mbtiles"))
    with sqlite3.connect(new_case.root / "case.sqlite") as conn:
        conn.execute("UPDATE case_basemap SET attribution = 'someone else'")
    report = verify_case(new_case)
    assert not report.ok
    assert any(p.object and p.object["type"] == "case_basemap"
               and "attribution" in p.object["fields"] for p in report.problems)


def test_not_an_mbtiles_name(new_case: CaseFile, tmp_path: Path) -> None:
    tif = tmp_path / "area.tif"
    tif.write_bytes(b"II*\x00")
    with pytest.raises(UserError, match="GeoTIFF is not supported"):
        add_basemap(new_case, tif)
    assert new_case.read(case_basemaps, new_case.originals.root) == []


def test_cli_add_list_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    CaseFile.create(tmp_path / "Maps", title="Maps case").close()
    case_path = str(tmp_path / "Maps.fragment")
    source = str(write_mbtiles(tmp_path / "town.mbtiles"))
    assert main(["basemap", case_path, "--add", source, "--investigator", "A. Tester"]) == 0
    assert main(["basemap", case_path, "--add", source]) == 2
    assert "already in this case" in capsys.readouterr().err
    assert main(["basemap", case_path, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(b["id"], b["name"], b["attribution"]) for b in listed] == [
        (1, "Test town map", ATTRIBUTION)]
    assert main(["basemap", case_path, "--remove", "1"]) == 0
    assert main(["basemap", case_path]) == 0
    assert "No basemaps" in capsys.readouterr().out


def test_add_and_remove_are_undoable(new_case: CaseFile, tmp_path: Path) -> None:
    from desktop.core.ops.basemap_commands import AddBasemap, RemoveBasemap

    add = AddBasemap(write_mbtiles(tmp_path / "town.mbtiles"))
    add.redo(new_case)
    listed = new_case.read(case_basemaps, new_case.originals.root)
    add.undo(new_case)
    assert new_case.read(case_basemaps, new_case.originals.root) == []
    add.redo(new_case)
    assert new_case.read(case_basemaps, new_case.originals.root) == listed  # same id, uid
    remove = RemoveBasemap(listed[0].id)
    remove.redo(new_case)
    remove.undo(new_case)
    assert new_case.read(case_basemaps, new_case.originals.root) == listed
    actions = [e.action for e in new_case.read(list_events) if e.action.startswith("basemap")]
    assert actions == ["basemap.add", "basemap.remove", "basemap.restore", "basemap.remove",
                       "basemap.restore"]
    assert verify_case(new_case).ok
