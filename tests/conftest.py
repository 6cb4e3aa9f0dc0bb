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

# The only skip reasons allowed under FRAGMENT_TEST_STRICT=1 start with one of these.
NO_POSTGRES = ("no PostgreSQL server: FRAGMENT_TEST_POSTGRES_URL is not set and no server "
               "binaries (initdb, pg_ctl) were found")
NEEDS_NON_ROOT = "needs a non-root user"
CANNOT_MOUNT = "cannot mount a small filesystem here (it needs root and the right to mount)"
# veraPDF (Java, distributed only from its own site) is run when a developer has it.
NO_VERAPDF = "veraPDF is not installed"
ALLOWED_SKIPS = (NO_POSTGRES, NEEDS_NON_ROOT, CANNOT_MOUNT, NO_VERAPDF)
STRICT = os.environ.get("FRAGMENT_TEST_STRICT") == "1"


def _disallowed_skip(report: pytest.TestReport | pytest.CollectReport) -> str | None:
    """The reason of a skip that FRAGMENT_TEST_STRICT=1 does not allow, else None."""
    if not report.skipped or hasattr(report, "wasxfail"):
        return None
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    reason = reason.removeprefix("Skipped: ")
    return None if reason.startswith(ALLOWED_SKIPS) else reason


def _fail_instead(report: pytest.TestReport | pytest.CollectReport) -> None:
    reason = _disallowed_skip(report)
    if STRICT and reason is not None:
        report.outcome = "failed"
        report.longrepr = (f"skipped ({reason}), and FRAGMENT_TEST_STRICT=1 allows only these "
                           f"skips: {'; '.join(ALLOWED_SKIPS)}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Iterator[None]:
    """Under FRAGMENT_TEST_STRICT=1 a skip for any other reason than the allowed ones fails."""
    outcome = yield
    _fail_instead(outcome.get_result())  # type: ignore[attr-defined]


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    """The same for a whole module skipped at collection."""
    outcome = yield
    _fail_instead(outcome.get_result())  # type: ignore[attr-defined]


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


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL URL with the right to create databases.

    FRAGMENT_TEST_POSTGRES_URL when set; otherwise a throwaway server started from the
    machine's PostgreSQL binaries for this test session; otherwise the test skips.
    """
    from tests import postgres_server

    configured = os.environ.get("FRAGMENT_TEST_POSTGRES_URL")
    if configured:
        yield configured
        return
    bindir = postgres_server.find_binaries()
    if bindir is None:
        pytest.skip(NO_POSTGRES)
    server = postgres_server.start(bindir)
    try:
        yield server.url
    finally:
        server.stop()


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
            pytest.skip(f"{NEEDS_NON_ROOT}: as root on a filesystem without chattr +i, a "
                        "read-only folder cannot be simulated")
    else:
        folder.chmod(0o555)
    yield folder
    if as_root:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o755)
