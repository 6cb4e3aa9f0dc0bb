"""FRAGMENT_TEST_STRICT=1 turns every skip but the allowed ones into a failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import NEEDS_NON_ROOT, NO_POSTGRES, ROOT

PROBE = f'''
import pytest

def test_skipped_for_another_reason():
    pytest.skip("ExifTool is not installed")

def test_skipped_without_postgres():
    pytest.skip({NO_POSTGRES!r})

def test_skipped_as_root():
    pytest.skip({NEEDS_NON_ROOT!r} + ": for this probe")

def test_passes():
    assert 1 + 1 == 2
'''

HOOKS = "from tests.conftest import pytest_make_collect_report, pytest_runtest_makereport\n"


def _run(folder: Path, strict: bool) -> subprocess.CompletedProcess[str]:
    (folder / "conftest.py").write_text(HOOKS, encoding="utf-8")
    (folder / "test_probe.py").write_text(PROBE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FRAGMENT_TEST_STRICT": "1" if strict else ""}
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rfs", "-p", "no:cacheprovider",
                           "-p", "no:randomly", str(folder)], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_strict_mode_fails_other_skips_and_keeps_the_allowed_ones(tmp_path: Path) -> None:
    done = _run(tmp_path, strict=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 1 passed, 2 skipped" in done.stdout
    assert "FAILED test_probe.py::test_skipped_for_another_reason" in done.stdout
    assert "skipped (ExifTool is not installed), and FRAGMENT_TEST_STRICT=1" in done.stdout


def test_without_strict_mode_a_skip_is_a_skip(tmp_path: Path) -> None:
    done = _run(tmp_path, strict=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed, 3 skipped" in done.stdout
