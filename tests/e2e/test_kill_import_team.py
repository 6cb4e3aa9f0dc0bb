"""Issue 11: ``fragment add`` killed with ``kill -9`` while its workers stage files leaves
``.incoming-`` files in the store; the next import removes them, in a team case (the
store shared by several investigators, PostgreSQL) as in a local one, and never the files
of another investigator's import running at that moment.

Every process is real: the killed ``fragment add``, a second investigator importing into
the same team case (paused, its files staged, between planning and applying), the next
``fragment add``, and ``fragment verify``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Photo
from desktop.core.casefile import CaseFile
from desktop.core.store_sessions import SHARED_STALE_AFTER_S, sweep_incoming
from tests.conftest import ROOT
from tests.killing import start_and_pause
from tests.unit.import_helpers import jpeg_bytes, write
from tests.unit.test_postgres import pg_url  # noqa: F401  (the team-case fixture)

pytestmark = pytest.mark.skipif(os.name != "posix",
                                reason="kill -9 of a process group is POSIX-only")

KILLED = 80  # photos of the import that is killed while its workers stage them
OTHER = 6  # photos of the second investigator's import

# The second investigator: a real import into the same case, paused after its workers
# staged every file (its session lock held) until the test writes the go file.
SECOND = """
import sys, time
from pathlib import Path
from desktop.core import ingest
from desktop.core.casefile import CaseFile


def main():
    root, src, count, marker = sys.argv[1:5]
    real_apply = ingest.apply_import

    def apply_when_told(*args, **kwargs):
        Path(marker).write_text("staged")
        go = Path(marker + ".go")
        while not go.exists():
            time.sleep(0.05)
        return real_apply(*args, **kwargs)

    ingest.apply_import = apply_when_told
    with CaseFile.open(root, investigator="Ben") as case:
        report = ingest.import_paths(case, [src])
        assert report.count("imported") == int(count), report


if __name__ == "__main__":
    main()
"""


def _photos(folder: Path, count: int, seed: int) -> Path:
    for i in range(count):
        write(folder / f"{i:03d}.jpg", jpeg_bytes((480, 360), seed=seed + i, noise=True))
    return folder


def _fragment(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args],
                          env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=600)


def _hidden(store: Path) -> set[Path]:
    """The store's temporaries and session lock files."""
    return {p for p in store.rglob(".*") if p.is_file()}


def _kill_add_while_staging(case_root: Path, src: Path, staged: int = 4) -> set[Path]:
    """Start ``fragment add`` and SIGKILL it and its workers as soon as its workers have
    staged ``staged`` files; returns the temporaries and lock files it left."""
    store = case_root / "originals"
    before = _hidden(store)
    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "add", str(case_root),
                              str(src), "--investigator", "Ana"],
                             env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             start_new_session=True)
    deadline = time.monotonic() + 180
    try:
        while (child.poll() is None and time.monotonic() < deadline
               and len([p for p in store.rglob(".incoming-*") if p not in before]) < staged):
            time.sleep(0.01)
        assert child.poll() is None, "the import ended before it could be killed"
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(30)
    return _hidden(store) - before


def _check_clean(case_root: Path, photos: int) -> None:
    """verify passes with no leftover note, and the store holds exactly the photos."""
    done = _fragment("verify", str(case_root), "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] and report["checked"] == photos
    assert not [n for n in report["notes"] if "leftover" in n or "lock file" in n
                or "orphan" in n], report["notes"]
    with CaseFile.open_for_check(case_root) as case, case.read_session() as session:
        rows = session.execute(select(Photo.sha256, Photo.ext)).all()
        expected = {case.originals.path_for(sha, ext) for sha, ext in rows}
    stored = {p for p in (case_root / "originals").rglob("*") if p.is_file()}
    assert len(rows) == photos and stored == expected


@pytest.mark.postgres
def test_a_killed_import_in_a_team_case_is_swept_and_a_running_one_is_not(
        tmp_path: Path, pg_url: str) -> None:  # noqa: F811
    ana_photos = _photos(tmp_path / "ana", KILLED, seed=0)
    ben_photos = _photos(tmp_path / "ben", OTHER, seed=1000)
    CaseFile.create(tmp_path / "Team", title="Team case", investigator="Ana",
                    database_url=pg_url).close()
    root = tmp_path / "Team.fragment"
    store = root / "originals"

    dead = _kill_add_while_staging(root, ana_photos)
    assert dead == _hidden(store)
    assert len([p for p in dead if p.name.startswith(".incoming-")]) >= 4
    assert len([p for p in dead if p.name.startswith(".import-")]) == 1  # its session lock
    # Its lock can be taken now, but on a share that does not pass locks between machines
    # that would also be true of a live import elsewhere: fresh files stay.
    assert sweep_incoming(store, shared=True) == []

    work = tmp_path / "ben-work"
    work.mkdir()
    ben = start_and_pause(work, SECOND, str(root), str(ben_photos), str(OTHER))
    try:
        staged = _hidden(store) - dead
        assert len([p for p in staged if p.name.startswith(".incoming-")]) == OTHER
        # Everything looks old enough now; only Ben's held lock keeps his files.
        when = time.time() - 2 * SHARED_STALE_AFTER_S
        for path in dead | staged:
            os.utime(path, (when, when))

        again = _fragment("add", str(root), str(ana_photos), "--investigator", "Ana")
        assert again.returncode == 0, again.stderr
        assert _hidden(store) == staged  # the killed session's files and lock are gone
    finally:
        (work / "paused.go").write_text("go")
        assert ben.wait(120) == 0, ben.stderr.read().decode() if ben.stderr else ""
    assert _hidden(store) == set()
    _check_clean(root, KILLED + OTHER)


def test_a_killed_import_in_a_local_case_is_swept_by_the_next_one(tmp_path: Path) -> None:
    photos = _photos(tmp_path / "photos", KILLED, seed=0)
    CaseFile.create(tmp_path / "Local", title="Local case", investigator="Ana").close()
    root = tmp_path / "Local.fragment"
    store = root / "originals"

    left = _kill_add_while_staging(root, photos)
    assert len([p for p in left if p.name.startswith(".incoming-")]) >= 4
    assert len([p for p in left if p.name.startswith(".import-")]) == 1

    again = _fragment("add", str(root), str(photos), "--investigator", "Ana")
    assert again.returncode == 0, again.stderr
    assert _hidden(store) == set()  # under the case's write lock: at once, whatever the age
    _check_clean(root, KILLED)
