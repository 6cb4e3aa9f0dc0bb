"""GeoJSON export: RFC 7946 structure, lon/lat order, properties, atomic write."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from desktop.core.casefile import CaseFile
from desktop.core.export.geojson import write_geojson
from desktop.core.queries.dossier import DossierData, dossier_data
from tests.unit.exportcase import COORDS, make_export_case

# The parts of RFC 7946 this export uses, as a schema.
SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {
            "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"const": "Feature"},
                "id": {"type": "string"},
                "geometry": {
                    "type": "object",
                    "required": ["type", "coordinates"],
                    "properties": {
                        "type": {"const": "Point"},
                        "coordinates": {"type": "array", "minItems": 2, "maxItems": 3,
                                        "items": {"type": "number"}},
                    },
                },
                "properties": {"type": "object"},
            },
        }},
    },
}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> DossierData:
    case: CaseFile = make_export_case(tmp_path_factory.mktemp("geo"))
    try:
        return dossier_data(case)
    finally:
        case.close()


def test_geojson_is_valid_with_lon_lat_order(data: DossierData, tmp_path: Path) -> None:
    out = write_geojson(data, tmp_path / "locations.geojson")
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(doc, SCHEMA)
    assert len(doc["features"]) == len(COORDS)
    for feature, (lat, lon) in zip(doc["features"], COORDS, strict=True):
        x, y = feature["geometry"]["coordinates"]
        assert (x, y) == pytest.approx((lon, lat))  # longitude first, as RFC 7946 says
        assert -180 <= x <= 180 and -90 <= y <= 90


def test_geojson_properties_carry_the_story(data: DossierData, tmp_path: Path) -> None:
    doc = json.loads(write_geojson(data, tmp_path / "l.geojson").read_text(encoding="utf-8"))
    first = doc["features"][0]["properties"]
    assert first["raw_text"] == "39 ° 45’38.10 « N 46 ° 44’33.90 » E"
    assert "Шуша" in first["aliases"] and first["kind"] == "claimed"
    assert first["precision_m"] == 10
    assert first["photo"] is None and "P" in "".join(first["linked"])
    second = doc["features"][1]["properties"]
    assert second["claims"] and "9M723" in second["claims"][0]["statement"]
    assert list(tmp_path.iterdir()) == [tmp_path / "l.geojson"]  # no temporary file left
