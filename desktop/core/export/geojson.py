"""GeoJSON (RFC 7946) of all locations: a FeatureCollection of Points in lon, lat order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.core.export.atomic import atomic_file
from desktop.core.queries.dossier import DossierData, LocationInfo


def location_feature(loc: LocationInfo, data: DossierData) -> dict[str, Any]:
    """One location as a GeoJSON Feature with its properties."""
    claims = {c.label: c for c in data.claims}
    return {
        "type": "Feature",
        "id": loc.uid,
        "geometry": {"type": "Point", "coordinates": [round(loc.lon, 8), round(loc.lat, 8)]},
        "properties": {
            "label": loc.label,
            "name": loc.name,
            "aliases": list(loc.aliases),
            "kind": loc.kind,
            "precision_m": loc.precision_m,
            "raw_text": loc.raw_text,
            "notation": loc.notation,
            "note": loc.note,
            "photo": loc.photo_label or None,
            "linked": list(loc.linked),
            "claims": [
                {"label": label, "uid": claims[label].uid, "statement": claims[label].statement,
                 "actor": claims[label].actor, "status": claims[label].status}
                for label in loc.linked if label in claims
            ],
        },
    }


def geojson_document(data: DossierData) -> dict[str, Any]:
    """The FeatureCollection for every location of the case."""
    return {
        "type": "FeatureCollection",
        "name": data.case.title,
        "features": [location_feature(loc, data) for loc in data.locations],
    }


def write_geojson(data: DossierData, out_path: str | Path) -> Path:
    """Write the locations as GeoJSON (UTF-8), atomically; returns the path."""
    out_path = Path(out_path)
    text = json.dumps(geojson_document(data), ensure_ascii=False, indent=2) + "\n"
    with atomic_file(out_path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return out_path
