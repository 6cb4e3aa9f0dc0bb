"""Importing the real-world test photos: every valid image in, GPS equal to ExifTool's.

ExifTool's reading is committed as tests/data/exiftool.json (see tests/data/README.md), so
the comparison runs on machines without ExifTool.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, Location, LocationKind, Photo
from desktop.core.audit import verify_chain
from desktop.core.casefile import CaseFile
from desktop.core.imaging import derived_path, open_display_image
from desktop.core.ingest import ImportReport, import_paths
from desktop.core.queries.photos import get_photo, list_photos
from desktop.core.store import sha256_file
from tests.conftest import CORPUS, EXIFTOOL_JSON

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".tiff", ".tif", ".heic", ".heif"}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CaseFile, ImportReport]]:
    """The whole corpus imported once into one case (shared by the tests of this module)."""
    case = CaseFile.create(tmp_path_factory.mktemp("corpus") / "Corpus", title="Corpus",
                           investigator="Tester")
    try:
        yield case, import_paths(case, [CORPUS])
    finally:
        case.close()


def _by_rel(report: ImportReport) -> dict[str, object]:
    return {Path(r.path).relative_to(CORPUS).as_posix(): r for r in report.results}


def _exiftool() -> dict[str, dict[str, object]]:
    """ExifTool's reading of each photo, by path relative to CORPUS."""
    entries = json.loads(EXIFTOOL_JSON.read_text(encoding="utf-8"))
    return {entry["SourceFile"]: entry for entry in entries}


def test_the_exiftool_reference_covers_every_photo() -> None:
    images = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
              if p.suffix.lower() in IMAGE_SUFFIXES}
    assert set(_exiftool()) == images


def test_every_file_gets_a_result_and_every_image_is_imported(imported) -> None:
    _case, report = imported
    results = _by_rel(report)
    all_files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    assert len(results) == len(all_files)
    for path in all_files:
        rel = path.relative_to(CORPUS).as_posix()
        result = results[rel]
        if path.suffix.lower() in IMAGE_SUFFIXES:
            assert result.status == "imported", (rel, result.reason)
            assert result.photo_id is not None and result.sha256 == sha256_file(path)
        else:  # READMEs and the text dump
            assert result.status == "rejected"
            assert result.reason.startswith("not an image")


def test_files_in_invalid_are_all_reported(imported) -> None:
    """They decode fully but their metadata is broken or absent: each carries a flag."""
    _case, report = imported
    invalid = {k: r for k, r in _by_rel(report).items()
               if k.startswith("jpg/invalid/") and k.endswith(".jpg")}
    assert len(invalid) == 4
    for rel, result in invalid.items():
        assert (result.status == "rejected" and result.reason) or result.flags, rel
        assert "no_exif" in result.flags or "exif_unreadable" in result.flags, rel


def test_gps_equals_exiftool_to_a_microdegree(imported) -> None:
    case, report = imported
    reference = _exiftool()
    results = _by_rel(report)
    with_gps = 0
    with case.read_session() as s:
        for path, ref in reference.items():
            info = get_photo(s, results[path].photo_id)  # type: ignore[attr-defined]
            assert info is not None
            if "GPSLatitude" not in ref:
                assert info.gps_lat is None, path
                continue
            with_gps += 1
            assert info.gps_lat == pytest.approx(ref["GPSLatitude"], abs=1e-6), path
            assert info.gps_lon == pytest.approx(ref["GPSLongitude"], abs=1e-6), path
            if "GPSAltitude" in ref:
                assert info.gps_alt == pytest.approx(ref["GPSAltitude"], abs=1e-6), path
            location = s.scalar(select(Location).where(Location.photo_id == info.id))
            assert location is not None and location.kind == LocationKind.CAMERA
            assert (location.lat, location.lon) == (info.gps_lat, info.gps_lon)
    assert with_gps == 4  # DSCN0010, DSCN0012, Kodak_CX7530 (south), 67-0_length_string


def test_orientation_gives_displayed_sizes(imported) -> None:
    case, report = imported
    results = _by_rel(report)
    reference = _exiftool()
    samples = {"landscape_1": 1, "landscape_3": 3, "landscape_6": 6, "portrait_8": 8}
    with case.read_session() as s:
        for name, n in samples.items():
            rel = f"jpg/orientation/{name}.jpg"
            info = get_photo(s, results[rel].photo_id)
            stored = reference[rel]
            assert info is not None and info.orientation == n == stored["Orientation"]
            if n >= 5:  # the sides are swapped for display
                assert (info.width, info.height) == (stored["ImageHeight"],
                                                     stored["ImageWidth"])
            else:
                assert (info.width, info.height) == (stored["ImageWidth"],
                                                     stored["ImageHeight"])
            assert (info.width > info.height) == name.startswith("landscape"), rel
    with case.read_session() as s:  # libheif applies the rotation the iPhone recorded
        iphone = get_photo(s, results["heic/mobile/iphone_13_pro_max.HEIC"].photo_id)
    assert (iphone.width, iphone.height, iphone.orientation) == (3024, 4032, 1)
    landscape_6 = CORPUS / "jpg/orientation/landscape_6.jpg"
    with case.read_session() as s:
        info = get_photo(s, results["jpg/orientation/landscape_6.jpg"].photo_id)
    assert open_display_image(landscape_6).size == (info.width, info.height)


def test_originals_are_stored_read_only_with_thumbnails(imported) -> None:
    case, _report = imported
    with case.read_session() as s:
        photos = list_photos(s)
    assert photos
    for info in photos:
        original = case.root / info.store_path
        assert original.is_file()
        assert not original.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
        assert original.stat().st_size == info.byte_size
        assert derived_path(case.derived_dir, "thumb", info.sha256).is_file()
    heif = [p for p in photos if p.format == "HEIF"]
    assert len(heif) == 2


def test_every_import_is_audited_and_the_chain_holds(imported) -> None:
    case, report = imported
    with case.read_session() as s:
        photos = s.scalar(select(func.count(Photo.id)))
        events = s.scalar(select(func.count(AuditEvent.id))
                          .where(AuditEvent.action == "photo.import"))
        locations = s.scalar(select(func.count(Location.id)))
        located = s.scalar(select(func.count(AuditEvent.id))
                           .where(AuditEvent.action == "location.create"))
        _count, problems = verify_chain(s)
    assert photos == events == report.count("imported")
    assert locations == located
    assert problems == []
    assert {r.kind for r in report.changes.created} == {"photo", "location"}


def test_reimport_reports_duplicates_and_stores_nothing(imported) -> None:
    case, _report = imported
    gps_dir = CORPUS / "jpg" / "gps"
    with case.read_session() as s:
        before = s.scalar(select(func.count(Photo.id)))
    again = import_paths(case, [gps_dir])
    images = [r for r in again.results if not r.path.endswith("README")]
    assert images and all(r.status == "duplicate" and r.photo_id for r in images)
    assert not again.changes
    with case.read_session() as s:
        assert s.scalar(select(func.count(Photo.id))) == before
