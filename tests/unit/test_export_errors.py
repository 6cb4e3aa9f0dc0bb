"""Failures while writing exports: one clear sentence, nothing left behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.export.atomic import ExportError, atomic_file, describe_os_error
from desktop.core.export.bag import build_bag
from desktop.core.export.csv_export import write_csv
from desktop.core.export.dossier import build_dossier
from desktop.core.export.geojson import write_geojson
from desktop.core.export.kml import write_kml
from desktop.core.queries.dossier import DossierData, dossier_data
from tests.unit.exportcase import make_export_case


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> CaseFile:
    case = make_export_case(tmp_path_factory.mktemp("err"))
    yield case
    case.close()


@pytest.fixture(scope="module")
def data(case: CaseFile) -> DossierData:
    return dossier_data(case)


def test_read_only_folder_gives_a_clear_error(data: DossierData, case: CaseFile,
                                              readonly_dir: Path) -> None:
    writers = [
        lambda: build_dossier(data, readonly_dir / "d.pdf"),
        lambda: write_geojson(data, readonly_dir / "l.geojson"),
        lambda: write_kml(data, readonly_dir / "l.kml"),
        lambda: write_csv(data, readonly_dir / "csv"),
        lambda: build_bag(case, readonly_dir / "bag", contact="Tester"),
    ]
    for write in writers:
        with pytest.raises(ExportError, match="no permission"):
            write()
    assert list(readonly_dir.iterdir()) == []


def test_missing_folder_gives_a_clear_error(data: DossierData, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        build_dossier(data, tmp_path / "nowhere" / "d.pdf")
    assert list(tmp_path.iterdir()) == []


def test_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous version")
    with pytest.raises(RuntimeError), atomic_file(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("the layout failed")
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_a_folder_in_the_way(data: DossierData, tmp_path: Path) -> None:
    (tmp_path / "x.pdf").mkdir()
    with pytest.raises(ExportError, match="folder"):
        build_dossier(data, tmp_path / "x.pdf")


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "the disk is full"),
    (errno.EACCES, "no permission"),
    (errno.EBUSY, "open in another program"),
    (errno.EROFS, "read-only disk"),
])
def test_os_errors_become_one_sentence(code: int, words: str) -> None:
    message = describe_os_error(OSError(code, os.strerror(code)), Path("/x/dossier.pdf"))
    assert words in message and message.count(".") <= 1 and "\n" not in message


def test_a_missing_original_is_reported_in_the_dossier(case: CaseFile, tmp_path: Path) -> None:
    import shutil
    import subprocess as sp

    photo = dossier_data(case).photos[0]
    kept = tmp_path / "kept"
    shutil.copyfile(photo.original_path, kept)
    photo.original_path.unlink()
    try:
        pdf = build_dossier(dossier_data(case), tmp_path / "d.pdf")
    finally:
        shutil.copyfile(kept, photo.original_path)
    text = sp.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "original file is missing" in text and photo.sha256[:40] in text.replace("\n", "")


def test_exports_get_the_usual_file_permissions(tmp_path: Path) -> None:
    """Temporary files are private (0600); the finished export follows the umask."""
    from desktop.core.export.atomic import atomic_directory, atomic_file

    mask = os.umask(0o022)
    os.umask(mask)
    with atomic_file(tmp_path / "out.txt") as tmp:
        tmp.write_text("x")
    with atomic_directory(tmp_path / "bag") as folder:
        (folder / "f").write_text("y")
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o666 & ~mask
    assert (tmp_path / "bag").stat().st_mode & 0o777 == 0o777 & ~mask
