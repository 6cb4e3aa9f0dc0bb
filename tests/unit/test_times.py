"""Every time says its zone: UTC times say UTC; a photo's EXIF time is camera time, with the
offset EXIF gave (checked against ExifTool) or "zone unknown"."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from desktop.cli import run_cli
from desktop.core.casefile import CaseFile
from desktop.core.exif import read_exif
from desktop.core.export.dossier import build_dossier
from desktop.core.ingest import import_paths
from desktop.core.queries.dossier import DossierOptions, dossier_data
from desktop.core.timefmt import camera_time, camera_time_text, utc_text


def photo_with_times(path: Path, *, original: str, offset_original: str | None = None,
                     modified: str | None = None, offset: str | None = None,
                     color: tuple[int, int, int] = (90, 90, 90)) -> Path:
    """A real JPEG whose EXIF has DateTimeOriginal and, optionally, the offset tags."""
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    if modified is not None:
        exif[0x0132] = modified  # DateTime (IFD0)
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = original  # DateTimeOriginal
    if offset is not None:
        sub[0x9010] = offset  # OffsetTime (of DateTime)
    if offset_original is not None:
        sub[0x9011] = offset_original  # OffsetTimeOriginal
    Image.new("RGB", (64, 48), color).save(path, "JPEG", exif=exif)
    return path


def test_camera_time_and_utc_text() -> None:
    assert camera_time("2021-03-15T10:42:07+04:00").zone == "UTC+04:00"  # type: ignore[union-attr]
    assert camera_time_text("2021-03-15T10:42:07+04:00") == (
        "2021-03-15 10:42:07 (camera time, UTC+04:00)")
    assert camera_time_text("2021-03-15T10:42:07") == (
        "2021-03-15 10:42:07 (camera time, zone unknown)")
    assert camera_time_text(None, unknown="-") == "-"
    moment = datetime(2026, 12, 1, 21, 4, 48, 123, tzinfo=UTC)
    assert utc_text(moment) == "2026-12-01 21:04:48 UTC"


def test_offset_tags_are_read(tmp_path: Path) -> None:
    with_original = photo_with_times(tmp_path / "a.jpg", original="2021:03:15 10:42:07",
                                     offset_original="+04:00", offset="+01:00",
                                     modified="2021:03:15 10:42:07")
    assert read_exif(with_original).taken_at == "2021-03-15T10:42:07+04:00"
    # only OffsetTime: it belongs to DateTime, so it applies when DateTime is the same moment
    same = photo_with_times(tmp_path / "b.jpg", original="2021:03:15 10:42:07",
                            modified="2021:03:15 10:42:07", offset="-05:00")
    assert read_exif(same).taken_at == "2021-03-15T10:42:07-05:00"
    # ... and not when the file was modified later (possibly in another zone)
    edited = photo_with_times(tmp_path / "c.jpg", original="2021:03:15 10:42:07",
                              modified="2022:01:02 08:00:00", offset="-05:00")
    assert read_exif(edited).taken_at == "2021-03-15T10:42:07"


def test_offsets_equal_exiftool_on_the_corpus(corpus: Path) -> None:
    if shutil.which("exiftool") is None:
        pytest.skip("ExifTool is not installed (Debian: libimage-exiftool-perl)")
    files = [p for p in corpus.rglob("*") if p.is_file()
             and p.suffix.lower() in {".jpg", ".jpeg", ".heic", ".tif", ".tiff"}]
    out = subprocess.run(["exiftool", "-j", "-EXIF:DateTimeOriginal", "-EXIF:OffsetTimeOriginal",
                          "-EXIF:OffsetTime", "-EXIF:ModifyDate", *map(str, files)],
                         capture_output=True, text=True, check=False)
    with_offset = 0
    for ref in json.loads(out.stdout):
        original = ref.get("DateTimeOriginal")
        if not isinstance(original, str) or original.startswith("0000"):
            continue
        ours = camera_time(read_exif(Path(ref["SourceFile"])).taken_at)
        assert ours is not None, ref["SourceFile"]
        expected = ref.get("OffsetTimeOriginal")
        if expected is None and ref.get("ModifyDate") == original:
            expected = ref.get("OffsetTime")
        assert ours.offset == expected, ref["SourceFile"]
        assert ours.local == original[:19].replace(":", "-", 2)
        with_offset += expected is not None
    assert with_offset >= 1  # the iPhone HEIC in tests/data carries one


@pytest.fixture
def timed_case(tmp_path: Path) -> CaseFile:
    folder = tmp_path / "in"
    folder.mkdir()
    photo_with_times(folder / "zoned.jpg", original="2021:03:15 10:42:07",
                     offset_original="+04:00")
    photo_with_times(folder / "plain.jpg", original="2021:03:16 09:00:00",
                     color=(30, 60, 90))
    case = CaseFile.create(tmp_path / "Timed", title="Times", investigator="Tester")
    import_paths(case, [folder])
    return case


def test_cli_photos_says_camera_time(timed_case: CaseFile,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = timed_case.root
    timed_case.close()
    assert run_cli(["photos", str(root)]) == 0
    out = capsys.readouterr().out
    assert "2021-03-15 10:42:07 (camera time, UTC+04:00)" in out
    assert "2021-03-16 09:00:00 (camera time, zone unknown)" in out
    assert run_cli(["photos", str(root), "--json"]) == 0
    photos = {p["file_name"]: p for p in json.loads(capsys.readouterr().out)["photos"]}
    assert photos["zoned.jpg"]["taken_at"] == "2021-03-15T10:42:07+04:00"
    assert photos["zoned.jpg"]["taken_at_offset"] == "+04:00"
    assert photos["plain.jpg"]["taken_at_offset"] is None
    assert photos["plain.jpg"]["imported_at"].endswith("+00:00")


def test_dossier_says_which_clock(timed_case: CaseFile, tmp_path: Path) -> None:
    for language, zoned, plain in (
        ("en", "2021-03-15 10:42:07 (camera time, UTC+04:00)",
         "2021-03-16 09:00:00 (camera time, zone unknown)"),
        ("fr", "2021-03-15 10:42:07 (heure de l'appareil, UTC+04:00)",
         "2021-03-16 09:00:00 (heure de l'appareil, fuseau inconnu)"),
    ):
        data = dossier_data(timed_case, DossierOptions(language=language))
        pdf = build_dossier(data, tmp_path / f"{language}.pdf")
        text = re.sub(r"\s+", " ", subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
            text=True).stdout)
        assert zoned in text and plain in text
        assert "T10:42:07" not in text  # the raw ISO form is not printed
        # every clock time printed is either camera time or UTC
        for match in re.finditer(r"\d{2}:\d{2}:\d{2}(.{0,24})", text):
            assert match.group(1).lstrip().startswith(("UTC", "(camera time",
                                                       "(heure de l'appareil")), match.group(0)
    timed_case.close()
