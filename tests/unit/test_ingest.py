"""Importing the shared real-world corpus: every valid image in, GPS equal to ExifTool's."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
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
from tests.conftest import CORPUS

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".tiff", ".tif", ".heic", ".heif"}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CaseFile, ImportReport]]:
    """The whole corpus imported once into one case (shared by the tests of this module)."""
    if not CORPUS.is_dir():
        pytest.skip("the shared photo corpus (../shared/corpus/exif-samples) is not present")
    case = CaseFile.create(tmp_path_factory.mktemp("corpus") / "Corpus", title="Corpus",
                           investigator="Tester")
    try:
        yield case, import_paths(case, [CORPUS])
    finally:
        case.close()


def _by_rel(report: ImportReport) -> dict[str, object]:
    return {Path(r.path).relative_to(CORPUS).as_posix(): r for r in report.results}


def _exiftool(paths: list[Path]) -> list[dict[str, object]]:
    if shutil.which("exiftool") is None:
        pytest.skip("ExifTool is not installed (Debian: libimage-exiftool-perl); it is the "
                    "reference these values are compared with")
    out = subprocess.run(["exiftool", "-j", "-n", "-GPSLatitude", "-GPSLongitude",
                          "-GPSAltitude", "-ImageWidth", "-ImageHeight", *map(str, paths)],
                         capture_output=True, text=True, check=False)
    return json.loads(out.stdout)


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
    assert len(invalid) == 7
    for rel, result in invalid.items():
        assert (result.status == "rejected" and result.reason) or result.flags, rel
        assert "no_exif" in result.flags or "exif_unreadable" in result.flags, rel


def test_gps_equals_exiftool_to_a_microdegree(imported) -> None:
    case, report = imported
    paths = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    reference = {Path(d["SourceFile"]).resolve(): d for d in _exiftool(paths)}
    results = {Path(r.path).resolve(): r for r in report.results}
    with_gps = 0
    with case.read_session() as s:
        for path, ref in reference.items():
            info = get_photo(s, results[path].photo_id)
            assert info is not None
            if "GPSLatitude" not in ref:
                assert info.gps_lat is None, path.name
                continue
            with_gps += 1
            assert info.gps_lat == pytest.approx(ref["GPSLatitude"], abs=1e-6), path.name
            assert info.gps_lon == pytest.approx(ref["GPSLongitude"], abs=1e-6), path.name
            if "GPSAltitude" in ref:
                assert info.gps_alt == pytest.approx(ref["GPSAltitude"], abs=1e-6), path.name
            location = s.scalar(select(Location).where(Location.photo_id == info.id))
            assert location is not None and location.kind == LocationKind.CAMERA
            assert (location.lat, location.lon) == (info.gps_lat, info.gps_lon)
    assert with_gps >= 15  # the corpus has 18 files with a position


def test_orientation_gives_displayed_sizes(imported) -> None:
    case, report = imported
    results = _by_rel(report)
    with case.read_session() as s:
        for n in range(1, 9):
            for shape in ("landscape", "portrait"):
                rel = f"jpg/orientation/{shape}_{n}.jpg"
                info = get_photo(s, results[rel].photo_id)
                assert info is not None and info.orientation == n
                stored = _exiftool([CORPUS / rel])[0]
                if n >= 5:  # the sides are swapped for display
                    assert (info.width, info.height) == (stored["ImageHeight"],
                                                         stored["ImageWidth"])
                else:
                    assert (info.width, info.height) == (stored["ImageWidth"],
                                                         stored["ImageHeight"])
                assert (info.width > info.height) == (shape == "landscape"), rel
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
    assert len(heif) == 5


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
