"""The photos read side: PhotoInfo DTOs with annotation counts, lookups by id and hash."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from db.models import Annotation
from desktop.core.casefile import CaseFile
from desktop.core.ingest import import_paths
from desktop.core.queries.photos import get_photo, get_photo_by_sha256, list_photos
from tests.unit.import_helpers import jpeg_bytes, write


def test_photo_infos(new_case: CaseFile, tmp_path: Path) -> None:
    files = [write(tmp_path / f"{name}.jpg", jpeg_bytes(seed=i))
             for i, name in enumerate(("first", "second"))]
    first, second = (r.photo_id for r in import_paths(new_case, files).results)
    with new_case.write_session() as s:
        for number in (1, 2):
            s.add(Annotation(photo_id=second, number=number, shape_type="point",
                             geometry={"x": number, "y": 1}))
        new_case.audit(s, "test.setup", "case")
    with new_case.read_session() as s:
        infos = list_photos(s)
        one = get_photo(s, second)
        by_hash = get_photo_by_sha256(s, one.sha256.upper())
        assert get_photo(s, 9999) is None
        assert get_photo_by_sha256(s, "0" * 64) is None
    assert [(p.id, p.annotation_count) for p in infos] == [(first, 0), (second, 2)]
    assert one == infos[1] == by_hash
    assert one.imported_by == "Tester" and one.imported_at.tzinfo is not None
    assert one.store_path == f"originals/{one.sha256[:2]}/{one.sha256[2:4]}/{one.sha256}.jpg"
    assert (new_case.root / one.store_path).stat().st_size == one.byte_size
    assert one.as_json()["gps"] is None and not one.has_gps
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.file_name = "changed"  # type: ignore[misc]


def test_photos_json_is_the_dto_shape(tmp_path: Path) -> None:
    # `fragment photos --json` reads columns straight into its shape; it must say exactly
    # what PhotoInfo.as_json says (GPS, camera time, provenance with a source, flags)
    from desktop.core.demo import build_demo_case
    from desktop.core.queries.photos import photos_json

    case = build_demo_case(tmp_path / "Demo")
    try:
        with case.read_session() as s:
            expected = [info.as_json() for info in list_photos(s)]
            assert photos_json(s) == expected
    finally:
        case.close()
    assert any(p["gps"] for p in expected) and any(p["provenance"]["source"] for p in expected)
    assert all(p["imported_at"].endswith("+00:00") for p in expected)
