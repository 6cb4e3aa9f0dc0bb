"""``fragment --selftest`` and start-up without standard streams, as separate processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

STEPS = ("case", "import", "checks", "ocr", "annotate", "search", "export", "verify",
         "verify-bag", "leftovers", "team mode", "gui")


def run_main(*args: str, env: dict[str, str] | None = None, code: str | None = None,
             ) -> subprocess.CompletedProcess[str]:
    """``python main.py ARGS`` (or ``python -c CODE``) from the checkout, offscreen."""
    environ = os.environ | {"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    environ.pop("FRAGMENT_SELFTEST_POSTGRES_URL", None)
    command = [sys.executable, "-c", code] if code else [sys.executable, str(ROOT / "main.py")]
    return subprocess.run([*command, *args], env=environ | (env or {}), capture_output=True,
                          text=True, timeout=600, cwd=ROOT)


def step_lines(stdout: str) -> dict[str, str]:
    """The self-test's step lines by step name: ``{"case": "ok", ...}``."""
    found = {}
    for line in stdout.splitlines():
        status, _, rest = line.partition(" ")
        if status in ("ok", "skip", "FAIL"):
            found[rest.strip().split(":")[0]] = status
    return found


def test_selftest_passes_every_step_and_exits_0(tmp_path: Path) -> None:
    done = run_main("--selftest", env={"TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Fragment ") and "self-test" in lines[0]
    statuses = step_lines(done.stdout)
    assert list(statuses) == list(STEPS)
    # Here the OCR engine is installed (test extra), so OCR must really read the code.
    assert statuses["ocr"] == "ok" and "9M723" in done.stdout
    assert statuses["team mode"] == "skip"  # no server URL given: the reason is printed
    assert "FRAGMENT_SELFTEST_POSTGRES_URL" in done.stdout
    assert {statuses[s] for s in STEPS if s not in ("team mode",)} == {"ok"}
    assert lines[-1] == "selftest: 11 passed, 1 skipped, 0 failed"
    assert not list(tmp_path.glob("fragment-selftest-*"))  # its temporary folder is removed


def test_a_failing_step_is_named_and_exits_1(tmp_path: Path) -> None:
    # A server URL nobody listens on: the team-mode step fails, the others still run.
    url = "postgresql+psycopg://nobody:nothing@127.0.0.1:9/postgres"
    done = run_main("--selftest", env={"FRAGMENT_SELFTEST_POSTGRES_URL": url,
                                       "TMPDIR": str(tmp_path)})
    assert done.returncode == 1
    statuses = step_lines(done.stdout)
    assert statuses["team mode"] == "FAIL" and statuses["gui"] == "ok"
    assert done.stdout.splitlines()[-1] == "selftest: 11 passed, 0 skipped, 1 failed"


def test_missing_standard_streams_go_to_the_console_log(tmp_path: Path) -> None:
    # What a windowed Windows build starts with: no stdout, no stderr.
    code = ("import sys; sys.stdout = None; sys.stderr = None\n"
            "from desktop.app import main\n"
            "sys.exit(main(sys.argv[1:]))")
    logs = tmp_path / "logs"
    done = run_main("--version", code=code, env={"FRAGMENT_LOG_DIR": str(logs)})
    assert done.returncode == 0
    assert "Fragment " in (logs / "console.log").read_text(encoding="utf-8")
    bad = run_main("photos", str(tmp_path / "nowhere"), code=code,
                   env={"FRAGMENT_LOG_DIR": str(logs)})
    assert bad.returncode == 2  # an error sentence, written to the log, not a crash
    assert "fragment:" in (logs / "console.log").read_text(encoding="utf-8")


def test_team_case_without_the_driver_says_so_in_one_sentence(tmp_path: Path) -> None:
    case = tmp_path / "Team.fragment"
    (case / "originals").mkdir(parents=True)
    (case / "case.json").write_text(json.dumps(
        {"database_url": "postgresql+psycopg://u:p@127.0.0.1/db"}), encoding="utf-8")
    # An install without psycopg: the import system cannot find it.
    code = ("import importlib.abc, sys\n"
            "class NoDriver(importlib.abc.MetaPathFinder):\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.partition('.')[0] == 'psycopg':\n"
            "            raise ModuleNotFoundError(name)\n"
            "sys.meta_path.insert(0, NoDriver())\n"
            "from desktop.app import main\n"
            "sys.exit(main(sys.argv[1:]))")
    done = run_main("photos", str(case), code=code)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "fragment: this copy of Fragment cannot open team cases because it does not include "
        "the PostgreSQL driver (psycopg); install it with pip install 'fragment[postgres]'"]
