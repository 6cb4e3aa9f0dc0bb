"""Shared fixtures. Qt-free: the Qt fixtures live in tests/qt/conftest.py."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
# A small selection of real photos (tests/data/README.md says where each comes from).
CORPUS = DATA / "photos"
# ExifTool's reading of every photo in CORPUS (`exiftool -json -n`), the ground truth.
EXIFTOOL_JSON = DATA / "exiftool.json"
# Our own short French test text with the Shusha coordinates and marking.
ARTICLE = DATA / "text" / "shusha-report-fr.txt"


@pytest.fixture(autouse=True)
def _isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the real user's settings or logs."""
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("FRAGMENT_CONFIG_DIR", str(config))
    monkeypatch.setenv("FRAGMENT_LOG_DIR", str(config / "logs"))


@pytest.fixture
def corpus() -> Path:
    """The real-world photos shipped with the tests (tests/data/photos)."""
    return CORPUS


@pytest.fixture
def new_case(tmp_path: Path) -> Iterator[CaseFile]:  # noqa: F821
    """A fresh, empty case open for writing."""
    from desktop.core.casefile import CaseFile

    case = CaseFile.create(tmp_path / "Test", title="Test case", investigator="Tester")
    try:
        yield case
    finally:
        case.close()


os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def readonly_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write in: mode 555, or for root the immutable attribute."""
    folder = tmp_path / "locked"
    folder.mkdir()
    as_root = os.name == "posix" and os.geteuid() == 0
    if as_root:  # root ignores permissions; an immutable folder refuses even root
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("running as root on a filesystem without chattr +i: a read-only "
                        "folder cannot be simulated")
    else:
        folder.chmod(0o555)
    yield folder
    if as_root:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o755)
