"""kill -9 at unplanned points of ``fragment add``, ``load``, ``export`` and ``import-bag``.

The other kill tests stop a child at one chosen point. Here the real command runs as a user
starts it and is killed after delays spread over the time an uninterrupted run of it takes
(measured first, in the same test), so the kill lands wherever the work happens to be:
opening the case, decoding in the workers, copying originals, the open write transaction,
writing the dossier, filling or renaming the bag's temporary folder. After each kill the
case still verifies, a load is all or nothing, and an export or import-bag left either
nothing or a complete result; the next run to the same place removes what a killed one
left and completes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core.casefile import CaseFile
from desktop.core.verify import verify_case
from tests.conftest import ROOT
from tests.unit.exportcase import make_export_case
from tests.unit.import_helpers import jpeg_bytes, write

pytestmark = pytest.mark.skipif(os.name != "posix",
                                reason="kill -9 of a process group is POSIX-only")

FRACTIONS = (0.1, 0.35, 0.6, 0.85)  # of an uninterrupted run: where the kills land


def _command(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def run_to_end(*args: str) -> float:
    """Run the command uninterrupted (it must succeed); returns how long it took."""
    start = time.monotonic()
    done = subprocess.run(_command(*args), env=_env(), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - start


def run_and_kill(delay: float, *args: str) -> bool:
    """Start the command and SIGKILL it with its workers after ``delay`` seconds; False
    when it had already finished by then (it must then have succeeded)."""
    child = subprocess.Popen(_command(*args), env=_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, start_new_session=True)
    try:
        child.wait(delay)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(30)
        return True
    finally:
        if child.stderr is not None:
            child.stderr.close()
    assert child.returncode == 0
    return False


def _sound(root: Path) -> None:
    """SQLite's own integrity check passes and the case verifies."""
    with sqlite3.connect(f"file:{root / 'case.sqlite'}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with CaseFile.open(root, investigator="T") as case:  # for writing: orphans go here
        report = verify_case(case)
        assert report.ok, report.problems


def _count(root: Path, table: str) -> int:
    with sqlite3.connect(f"file:{root / 'case.sqlite'}?mode=ro", uri=True) as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _stored(root: Path) -> int:
    return sum(1 for p in (root / "originals").rglob("*") if p.is_file())


def test_add_killed_at_unplanned_points(tmp_path: Path) -> None:
    src = tmp_path / "photos"
    for i in range(80):
        write(src / f"IMG_{i:03}.jpg", jpeg_bytes((320, 240), seed=i + 1))
    CaseFile.create(tmp_path / "Scratch", title="t", investigator="T").close()
    took = run_to_end("add", str(tmp_path / "Scratch.fragment"), str(src))
    CaseFile.create(tmp_path / "Case", title="t", investigator="T").close()
    root = tmp_path / "Case.fragment"
    kills = []
    for fraction in FRACTIONS:  # the same case each time: each run starts from a kill
        kills.append(run_and_kill(took * fraction, "add", str(root), str(src)))
        _sound(root)
        assert _stored(root) == _count(root, "photo")  # no original without its row
    assert any(kills)
    run_to_end("add", str(root), str(src))  # importing again completes
    _sound(root)
    assert _count(root, "photo") == 80 and _stored(root) == 80


def _document(folder: Path) -> Path:
    files = folder / "files"
    for i in range(12):
        write(files / f"f{i}.jpg", jpeg_bytes((320, 240), seed=100 + i))
    doc = {
        "format": "fragment-case", "version": 1, "case": {"title": "Loaded"},
        "claims": [{"key": f"c{i}", "statement": f"claim {i}"} for i in range(30)],
        "photos": [{"key": f"p{i}", "file": f"files/f{i}.jpg"} for i in range(12)],
        "annotations": [{"key": f"n{i}", "photo": f"p{i % 12}", "text": "9M723",
                         "shape": {"type": "point", "x": 5, "y": 5}} for i in range(24)],
    }
    path = folder / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_load_killed_at_unplanned_points_is_all_or_nothing(tmp_path: Path) -> None:
    doc = _document(tmp_path / "doc")
    CaseFile.create(tmp_path / "Scratch", title="t", investigator="T").close()
    took = run_to_end("load", str(tmp_path / "Scratch.fragment"), str(doc))
    kills = []
    for n, fraction in enumerate(FRACTIONS):
        CaseFile.create(tmp_path / f"Case{n}", title="t", investigator="T").close()
        root = tmp_path / f"Case{n}.fragment"
        kills.append(run_and_kill(took * fraction, "load", str(root), str(doc)))
        _sound(root)
        counts = (_count(root, "photo"), _count(root, "annotation"), _count(root, "claim"))
        assert counts in ((0, 0, 0), (12, 24, 30)), counts
        assert _stored(root) == counts[0]  # originals stored for nothing are gone
    assert any(kills)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_export_killed_at_unplanned_points_leaves_nothing_behind(tmp_path: Path) -> None:
    case = make_export_case(tmp_path)
    root = case.root
    case.close()
    out = tmp_path / "out"
    out.mkdir()
    args = ("export", str(root), "--bag", str(out / "bag"), "--pdf", str(out / "d.pdf"),
            "--investigator", "T")
    took = run_to_end(*args)
    shutil.rmtree(out / "bag")
    (out / "d.pdf").unlink()
    kills = []
    for fraction in FRACTIONS:
        killed = run_and_kill(took * fraction, *args)
        kills.append(killed)
        if (out / "bag").exists():  # it got as far as renaming the bag into place
            run_to_end("verify-bag", str(out / "bag"))
        if killed:
            assert all(name.startswith((".bag.", ".d.pdf.")) for name in _leftovers(out))
        for finished in (out / "bag", out / "d.pdf"):  # the user starts again
            if finished.is_dir():
                shutil.rmtree(finished)
            elif finished.exists():
                finished.unlink()
        _sound(root)
    assert any(kills)
    run_to_end(*args)  # the next export removes what the killed ones left
    assert sorted(p.name for p in out.iterdir()) == ["bag", "d.pdf"]
    run_to_end("verify-bag", str(out / "bag"))


def test_import_bag_killed_at_unplanned_points_leaves_nothing_behind(tmp_path: Path) -> None:
    case = make_export_case(tmp_path)
    root = case.root
    case.close()
    bag = tmp_path / "bag"
    run_to_end("export", str(root), "--bag", str(bag), "--investigator", "T")
    out = tmp_path / "out"
    out.mkdir()
    took = run_to_end("import-bag", str(bag), str(out / "Copy"))
    shutil.rmtree(out / "Copy.fragment")
    kills = []
    for fraction in FRACTIONS:
        kills.append(run_and_kill(took * fraction, "import-bag", str(bag), str(out / "Copy")))
        if (out / "Copy.fragment").exists():  # complete: the folder is renamed last
            _sound(out / "Copy.fragment")
            shutil.rmtree(out / "Copy.fragment")
        assert all(name.startswith(".Copy.fragment.") for name in _leftovers(out))
    assert any(kills)
    run_to_end("import-bag", str(bag), str(out / "Copy"))
    assert [p.name for p in out.iterdir()] == ["Copy.fragment"]
    _sound(out / "Copy.fragment")
