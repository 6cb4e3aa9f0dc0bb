"""``fragment --selftest``: a scripted use of the real application in a temporary folder.

Creates a case, imports the bundled photos (``resources/selftest``: a JPEG and a HEIC),
reads a marking with OCR when the engine is present, annotates the marking and links it
to a claim, exports a PDF dossier and a bag, verifies the case and the bag, checks that a
killed writer's temporary is removed and a running one's kept (a child process), checks team
mode (against a real server when ``FRAGMENT_SELFTEST_POSTGRES_URL`` names one), and
opens and closes the main window. It prints one line per step (``ok``, ``skip`` with the
reason, or ``FAIL`` with what went wrong) and returns 0 only when no step failed. It is
the smoke test of every frozen build; commands run in-process through the same CLI a
user types, so a missing module or data file in a build shows up here.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from desktop import __version__
from desktop.core.resources import resource_path

POSTGRES_VARIABLE = "FRAGMENT_SELFTEST_POSTGRES_URL"


class Skip(Exception):
    """Raised by a step that cannot run here; its message is the reason."""


@dataclass
class _Run:
    """State shared by the steps of one self-test run."""

    work: Path
    out: TextIO
    case: Path = field(init=False)
    photos: list[dict[str, object]] = field(default_factory=list)
    reading: str = ""
    failed: int = 0
    skipped: int = 0
    passed: int = 0

    def __post_init__(self) -> None:
        self.case = self.work / "Selftest.fragment"


def fragment(*args: str, expect: int = 0) -> str:
    """Run one CLI command in-process; returns its standard output, raises on a wrong exit."""
    from desktop.cli import run_cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = run_cli(list(args))
        except SystemExit as exc:  # argparse exits on bad usage
            code = int(exc.code or 0)
    if code != expect:
        detail = (err.getvalue() or out.getvalue()).strip().splitlines()
        raise AssertionError(f"'fragment {args[0]}' exited {code}"
                             + (f": {detail[-1]}" if detail else ""))
    return out.getvalue()


def build_info() -> dict[str, object]:
    """What a frozen build says it bundles (``build-info.json``, written by the spec)."""
    frozen = getattr(sys, "_MEIPASS", None)
    path = Path(frozen) / "build-info.json" if frozen else None
    if path is None or not path.is_file():
        return {}
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _photo_index() -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads(
        resource_path("selftest", "photos.json").read_text(encoding="utf-8"))
    return data


def step_case(run: _Run) -> str:
    """Create the case."""
    fragment("new", str(run.case), "--title", "Self-test case", "--investigator", "Self-test")
    return f"created {run.case.name}"


def step_import(run: _Run) -> str:
    """Import the bundled JPEG and HEIC photos (through the import worker processes)."""
    files = [str(resource_path("selftest", name)) for name in _photo_index()]
    results = json.loads(fragment("add", str(run.case), *files, "--json",
                                  "--investigator", "Self-test"))["results"]
    statuses = [r["status"] for r in results]
    if statuses != ["imported"] * len(files):
        raise AssertionError(f"import results {statuses}")
    run.photos = json.loads(fragment("photos", str(run.case), "--json"))["photos"]
    formats = sorted(str(p["format"]) for p in run.photos)
    return f"{len(run.photos)} photos imported ({', '.join(formats)})"


def step_ocr(run: _Run) -> str:
    """Read the stencilled index code on the first photo with OCR."""
    from PIL import Image

    from desktop.core import ocr

    name, entry = next(iter(_photo_index().items()))
    run.reading = str(entry["code"])
    if not ocr.ocr_available():
        reason = "not installed"
        try:
            ocr._import_engine_class()
        except Exception as exc:  # say why: a build that meant to ship OCR must not skip
            reason = f"{type(exc).__name__}: {exc}"
        if build_info().get("ocr"):
            raise AssertionError(f"this build ships OCR but its engine does not load: {reason}")
        raise Skip(f"the OCR engine is not part of this build or install ({reason})")
    box = tuple(float(v) for v in entry["box"])  # type: ignore[attr-defined]
    with Image.open(resource_path("selftest", name)) as image:
        found = ocr.suggest_readings_in_region(image, box)  # type: ignore[arg-type]
    texts = [c.text for c in found]
    if entry["code"] not in texts:
        raise AssertionError(f"OCR read {texts}, expected {entry['code']}")
    run.reading = str(entry["code"])
    return f"read {run.reading} on {name}"


def step_checks(run: _Run) -> str:
    """Verification checks: every imported photo hashed, credentials readable if bundled."""
    from desktop.core.checks.credentials import credentials_available

    result = json.loads(fragment("checks", str(run.case), "--json",
                                 "--investigator", "Self-test"))
    if result["fingerprinted"] != len(run.photos):
        raise AssertionError(f"{result['fingerprinted']} of {len(run.photos)} photos hashed")
    readable = credentials_available()
    if build_info().get("c2pa") and not readable:
        raise AssertionError("this build ships the C2PA reader but it does not load")
    credentials = "content credentials readable" if readable else "no C2PA reader"
    return f"{len(result['findings'])} findings; {credentials}"


def step_annotate(run: _Run) -> str:
    """Annotate the marking on the first photo and link it to a claim."""
    first = next(p for p in run.photos if p["format"] == "JPEG")
    sha = str(first["sha256"])
    original = next((run.case / "originals").rglob(f"{sha}.*"))
    box = next(iter(_photo_index().values()))["box"]
    if not isinstance(box, list) or len(box) != 4:
        raise AssertionError("resources/selftest/photos.json gives no box for the marking")
    x, y, w, h = (int(v) for v in box)
    document = {
        "format": "fragment-case", "version": 1,
        "claims": [{"key": "c1", "statement": "The fragment is from a 9M723 missile.",
                    "status": "unverified"}],
        "photos": [{"key": "p1", "file": str(original)}],
        "annotations": [{"key": "a1", "photo": "p1",
                         "shape": {"type": "rect", "x": x, "y": y, "w": w, "h": h},
                         "kind": "index_code", "text": run.reading or "9M723",
                         "confidence": "probable"}],
        "links": [{"from": "a1", "to": "c1", "stance": "supports"}],
    }
    path = run.work / "readings.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    # the photo is named by its path in the case's own store, outside the document's folder
    fragment("load", str(run.case), str(path), "--allow-outside")
    claims = json.loads(fragment("claims", str(run.case), "--json"))
    if "9M723" not in json.dumps(claims):
        raise AssertionError("the claim does not list the annotated reading as evidence")
    return "annotation A1 reads 9M723 and supports claim C1"


def step_search(run: _Run) -> str:
    """Search the case for the reading typed in Cyrillic (the full-text index and its
    look-alike folding, which need SQLite's FTS5 in this build)."""
    found = json.loads(fragment("search", str(run.case), "9М723", "--json"))
    kinds = {hit["kind"] for hit in found["results"]}
    if not {"annotation", "claim"} <= kinds:
        raise AssertionError(f"searching 9М723 found {sorted(kinds) or 'nothing'}, not the "
                             "annotation and the claim")
    return f"9М723 (Cyrillic М) found {len(found['results'])} results"


def step_export(run: _Run) -> str:
    """Export the PDF dossier and a BagIt bag."""
    pdf, bag = run.work / "dossier.pdf", run.work / "bag"
    fragment("export", str(run.case), "--pdf", str(pdf), "--bag", str(bag),
             "--investigator", "Self-test")
    if not pdf.read_bytes().startswith(b"%PDF-"):
        raise AssertionError("the dossier is not a PDF")
    if not (bag / "bagit.txt").is_file():
        raise AssertionError("the bag has no bagit.txt")
    return f"dossier.pdf ({pdf.stat().st_size // 1024} KiB) and bag/"


def step_verify(run: _Run) -> str:
    """Verify the case: originals against their hashes and the audit chain."""
    result = json.loads(fragment("verify", str(run.case), "--json"))
    if not result.get("ok"):
        raise AssertionError(f"verify found problems: {result.get('problems')}")
    return f"{result.get('checked')} originals and the audit chain verified"


def step_verify_bag(run: _Run) -> str:
    """Verify the exported bag."""
    fragment("verify-bag", str(run.work / "bag"))
    return "bag verified"


def step_leftovers(run: _Run) -> str:
    """A temporary of a running writer (a child process) is kept; once the writer is
    killed, its temporary is removed (the OS file lock of this platform)."""
    from desktop.selftest_leftovers import check_leftovers

    return check_leftovers(run.work)


def step_team_mode(run: _Run) -> str:
    """Team mode: the PostgreSQL driver loads; with a server URL, a team case round-trips."""
    import importlib.util

    if importlib.util.find_spec("psycopg") is None:
        if build_info().get("postgres"):
            raise AssertionError("this build ships team mode but psycopg is missing")
        raise Skip("this build does not include the PostgreSQL driver (psycopg)")
    import psycopg

    admin = os.environ.get(POSTGRES_VARIABLE)
    if not admin:
        raise Skip(f"driver psycopg {psycopg.__version__} loads; set {POSTGRES_VARIABLE} "
                   "to a server URL to test a team case")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"fragment_selftest_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(admin).set(database=name).render_as_string(hide_password=False)
        team = run.work / "Team.fragment"
        fragment("new", str(team), "--title", "Self-test team case", "--database", url)
        fragment("add", str(team), str(resource_path("selftest", next(iter(_photo_index())))))
        fragment("verify", str(team))
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
    return "team case created, imported into and verified on PostgreSQL"


def step_gui(run: _Run) -> str:
    """Start the main window on the case, let it draw, and close it."""
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a headless machine (CI, a server)
    from desktop.qt.selftest_window import open_and_close

    return open_and_close(run.case, run.work / "qsettings")


STEPS: tuple[tuple[str, Callable[[_Run], str]], ...] = (
    ("case", step_case), ("import", step_import), ("checks", step_checks),
    ("ocr", step_ocr), ("annotate", step_annotate), ("search", step_search),
    ("export", step_export), ("verify", step_verify),
    ("verify-bag", step_verify_bag), ("leftovers", step_leftovers),
    ("team mode", step_team_mode), ("gui", step_gui),
)


def run_selftest(out: TextIO | None = None) -> int:
    """Run every step in a temporary folder; returns 0 when none failed, else 1."""
    out = out or sys.stdout
    kind = "frozen" if getattr(sys, "frozen", False) else "source"
    print(f"Fragment {__version__} self-test ({kind}, Python {sys.version.split()[0]}, "
          f"{sys.platform})", file=out, flush=True)
    with tempfile.TemporaryDirectory(prefix="fragment-selftest-") as tmp:
        work = Path(tmp)
        # Keep the user's settings, recent cases and logs untouched.
        saved = {k: os.environ.get(k) for k in ("FRAGMENT_CONFIG_DIR", "FRAGMENT_LOG_DIR")}
        os.environ["FRAGMENT_CONFIG_DIR"] = str(work / "config")
        os.environ["FRAGMENT_LOG_DIR"] = str(work / "logs")
        run = _Run(work=work, out=out)
        try:
            for name, step in STEPS:
                _run_step(run, name, step)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    print(f"selftest: {run.passed} passed, {run.skipped} skipped, {run.failed} failed",
          file=out, flush=True)
    return 1 if run.failed else 0


def _run_step(run: _Run, name: str, step: Callable[[_Run], str]) -> None:
    try:
        detail = step(run)
    except Skip as exc:
        run.skipped += 1
        print(f"skip {name}: {exc}", file=run.out, flush=True)
    except Exception as exc:
        run.failed += 1
        where = traceback.extract_tb(exc.__traceback__)[-1]
        print(f"FAIL {name}: {type(exc).__name__}: {exc} "
              f"({Path(where.filename).name}:{where.lineno})", file=run.out, flush=True)
    else:
        run.passed += 1
        print(f"ok   {name}: {detail}", file=run.out, flush=True)
