"""A big case (10,000 photos, 100,000 annotations) opened in the real main window, the
``photos --json`` command, and the SQL statements each panel issues to fill.

Run from the repository root:  ``python tests/benchmarks/bench_bigcase.py [--quick]
[--photos N] [--annotations M]`` (offscreen by default). ``--quick`` (500 photos, 5,000
annotations) is what ``tests/qt/test_bigcase.py`` runs to check that it completes.

Figures, each against a floor measured in the same run:

- window creation until it is shown, before any case (floor: a bare ``QMainWindow``);
- opening the case: the time until the event loop runs again with the case set (the window
  shows the case), the time until every panel has filled in, and the longest single stall
  of the event loop meanwhile (a 10 ms ``QTimer`` records the largest gap between two of
  its ticks). Floor: the same window opening an empty case;
- raising the Map tab (behind Claims while the case opened): the time until the basemap and
  every point are drawn, and the longest stall meanwhile. Floor: the same for the empty
  case (the basemap is decoded then, so the big case's figure is its points alone);
- raising the Evidence tab (off screen while the case opened, so it reads only now): the
  time until every claim's lines are shown, and the longest stall meanwhile;
- ``fragment photos --json`` in-process, best of three (floor: opening the case, a bare
  ``SELECT`` of the same columns and ``json.dumps`` of
  the same rows);
- SQL statements per panel refresh (a ``before_cursor_execute`` listener).

The photos are database rows without files, so no thumbnail is decoded.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# never the user's settings (a saved layout, recent cases): set before anything reads them
_CONFIG = tempfile.TemporaryDirectory(prefix="bench-bigcase-config-")
os.environ.setdefault("FRAGMENT_CONFIG_DIR", _CONFIG.name)
os.environ.setdefault("FRAGMENT_LOG_DIR", str(Path(_CONFIG.name) / "logs"))
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, text  # noqa: E402

from db.models import Annotation, Claim, Link, Location, Photo  # noqa: E402
from db.models.enums import (  # noqa: E402
    AnnotationKind,
    Confidence,
    LocationKind,
    Relation,
    ShapeType,
    Stance,
)
from desktop.core.casefile import CaseFile  # noqa: E402

READINGS = ("9M55K", "9N210", "3VM18", "9M27K", "M77", "M85", "RS-BKF", "9N235")


def build_case(root: Path, photos: int, annotations: int) -> Path:
    """A case of ``photos`` photo rows (no files) and ``annotations`` annotations spread over
    them; a location per five photos (camera ones linked found-at from their photo,
    claimed ones linked about from a claim); one annotation in ten linked to a claim."""
    case = CaseFile.create(root, title="Big case", investigator="bench")
    base = datetime(2021, 3, 15, tzinfo=UTC)
    try:
        with case.write_session() as session:
            claims = [Claim(statement=f"Claim {i}: strike on village {i}") for i in range(20)]
            session.add_all(claims)
            photo_rows = [Photo(
                sha256=f"{i:064x}", file_name=f"IMG_{i:05d}.jpg", ext="jpg", format="JPEG",
                byte_size=2_000_000, width=4000, height=3000, orientation=1,
                taken_at=(base + timedelta(minutes=i)).isoformat(),
                camera_make="Canon", camera_model="X",
                gps_lat=39.7 + i * 1e-4 if i % 3 == 0 else None,
                gps_lon=46.7 + i * 1e-4 if i % 3 == 0 else None,
                flags=[], imported_by="bench") for i in range(photos)]
            session.add_all(photo_rows)
            session.flush()
            for i in range(annotations):
                photo = photo_rows[i % photos]
                reading = f"{READINGS[i % len(READINGS)]} {i % 300:03d}" if i % 4 else ""
                session.add(Annotation(
                    photo_id=photo.id, number=i // photos + 1, shape_type=ShapeType.RECT,
                    geometry={"x": 10, "y": 10, "w": 50, "h": 20},
                    kind=AnnotationKind.INDEX_CODE, transcription=reading,
                    confidence=Confidence.PROBABLE))
            session.flush()
            locations = []
            for i in range(0, photos, 5):
                camera = i % 2 == 0
                locations.append(Location(
                    name="" if camera else f"Site {i}", lat=39.0 + i * 1e-3,
                    lon=46.0 + i * 1e-3, precision_m=50.0,
                    kind=LocationKind.CAMERA if camera else LocationKind.CLAIMED,
                    photo_id=photo_rows[i].id if camera else None))
            session.add_all(locations)
            session.flush()
            for j, loc in enumerate(locations):
                if loc.photo_id is not None:
                    session.add(Link(from_photo_id=loc.photo_id, to_location_id=loc.id,
                                     relation=Relation.FOUND_AT))
                else:
                    session.add(Link(from_claim_id=claims[j % len(claims)].id,
                                     to_location_id=loc.id, relation=Relation.ABOUT))
            ids = session.scalars(text("SELECT id FROM annotation WHERE id % 10 = 0")).all()
            for k, aid in enumerate(ids):
                session.add(Link(from_annotation_id=aid, to_claim_id=claims[k % len(claims)].id,
                                 stance=Stance.SUPPORTS))
            case.audit(session, "test.setup", "case")
    finally:
        case.close()
    return root


@contextlib.contextmanager
def counting(case: CaseFile) -> Iterator[list[str]]:
    """Collect every SQL statement the case's engine executes inside the block."""
    statements: list[str] = []

    def listener(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    event.listen(case.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(case.engine, "before_cursor_execute", listener)


def panel_statements(case: CaseFile) -> dict[str, int]:
    """SQL statements issued by what each panel reads to fill (its query functions)."""
    from desktop.core.queries.investigation import list_claims
    from desktop.core.queries.panel_reads import photo_texts
    from desktop.qt.map.map_data import read_map_points

    reads: dict[str, Callable[[], object]] = {
        "photo browser": lambda: case.read(photo_texts),
        "map": lambda: read_map_points(case),
        "claims": lambda: case.read(list_claims),
    }
    counts = {}
    for name, read in reads.items():
        with counting(case) as statements:
            read()
        counts[name] = sum(1 for s in statements if not s.lstrip().upper().startswith(
            ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")))
    return counts


class CollectionMeter:
    """Records every garbage collection: how many per generation, and the longest."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0]
        self.longest = [0.0, 0.0, 0.0]
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
            return
        generation = info["generation"]
        self.counts[generation] += 1
        self.longest[generation] = max(self.longest[generation],
                                       time.perf_counter() - self._start)

    def summary(self) -> str:
        """One line: collections per generation and the longest of each."""
        return "; ".join(f"generation {g}: {self.counts[g]}, longest "
                         f"{self.longest[g] * 1000:.0f} ms" for g in range(3))


class StallMeter:
    """A 10 ms timer that records the longest gap between two of its ticks.

    With ``profile_over`` (seconds) set, the GUI thread runs under cProfile between ticks,
    and the profile of every gap longer than that is printed (what blocked the loop)."""

    profile_over: float | None = None

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self._last = 0.0
        self._profile: Any = None

    def start(self) -> None:
        """Reset and start measuring."""
        self.longest = 0.0
        self._last = time.perf_counter()
        self._restart_profile()
        self.timer.start()

    def _restart_profile(self) -> None:
        if self.profile_over is None:
            return
        import cProfile

        self._profile = cProfile.Profile()
        self._profile.enable()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        self.longest = max(self.longest, gap)
        if self._profile is not None:
            self._profile.disable()
            if self.profile_over is not None and gap > self.profile_over:
                import pstats

                print(f"--- stall of {gap * 1000:.0f} ms", flush=True)
                pstats.Stats(self._profile, stream=sys.stdout).sort_stats(
                    "cumulative").print_stats(25)
            self._restart_profile()
        self._last = time.perf_counter()

    def stop(self) -> float:
        """Stop; the longest gap seen, the time since the last tick included."""
        self._tick()
        if self._profile is not None:
            self._profile.disable()
            self._profile = None
        self.timer.stop()
        return self.longest


def open_in_window(window: Any, path: Path, photos: int, timeout: float = 600.0
                   ) -> tuple[float, float, float, float]:
    """(time until the window shows the case, time until every panel has filled in,
    longest event-loop stall, longest stall after the case is shown: while it fills in)
    for opening ``path`` in ``window``."""
    from PySide6.QtCore import QEventLoop, QTimer

    meter = StallMeter()
    fill_meter = StallMeter()
    fill_meter.profile_over = None  # one profiler at a time: the whole opening's
    loop = QEventLoop()
    shown: list[float] = []
    filled: list[float] = []
    map_panel = window.workspace.panel("map")
    evidence = window.workspace.panel("evidence")
    read_on_open = [getattr(window.workspace.panel(name), "opened", None)
                    for name in ("claims", "sources")]

    def done() -> bool:
        return (window.ctx.case is not None and not window.browser.loading
                and window.browser.model.total() == photos and window.jobs.running == 0
                and not getattr(map_panel, "loading", False)
                and not getattr(evidence, "loading", False)
                and not any(read is not None and read.loading for read in read_on_open))

    def check() -> None:
        if not shown:
            shown.append(time.perf_counter())
            fill_meter.start()
        if done():
            filled.append(time.perf_counter())
            loop.quit()
        elif time.perf_counter() - start > timeout:
            loop.quit()

    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(check)
    meter.start()
    start = time.perf_counter()
    if not window.open_case_path(path):
        raise RuntimeError(f"could not open {path}")
    QTimer.singleShot(0, check)
    poll.start()
    loop.exec()
    poll.stop()
    stall = meter.stop()
    fill_stall = fill_meter.stop()
    if not filled:
        raise RuntimeError("the window did not fill in within the time limit")
    return shown[0] - start, filled[0] - start, stall, fill_stall


def raise_page(window: Any, page: str, ready: Callable[[], bool],
               timeout: float = 600.0) -> tuple[float, float]:
    """Raise the workspace's tab ``page``; (time until ``ready()`` holds with no window
    job running, longest event-loop stall meanwhile)."""
    from PySide6.QtCore import QEventLoop, QTimer

    meter = StallMeter()
    loop = QEventLoop()
    filled: list[float] = []

    def check() -> None:
        if ready() and window.jobs.running == 0:
            filled.append(time.perf_counter())
            loop.quit()
        elif time.perf_counter() - start > timeout:
            loop.quit()

    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(check)
    meter.start()
    start = time.perf_counter()
    window.workspace.show_page(page)
    poll.start()
    loop.exec()
    poll.stop()
    stall = meter.stop()
    if not filled:
        raise RuntimeError(f"the {page} tab did not fill in within the time limit")
    return filled[0] - start, stall


def show_map(window: Any, timeout: float = 600.0) -> tuple[float, float, int]:
    """(time until the map shows its basemap and every point once its tab is raised,
    longest event-loop stall meanwhile, points shown)."""
    from desktop.qt.map.map_data import read_map_points

    panel = window.workspace.panel("map")
    expected = len(read_map_points(window.ctx.case))

    def ready() -> bool:
        return bool(panel.view.has_basemap and not panel.loading and not panel.view.filling
                    and not getattr(panel.view, "decluttering", False)
                    and len(panel.view.points()) == expected
                    and panel.locations.count() == expected)

    took, stall = raise_page(window, "map", ready, timeout)
    return took, stall, expected


def show_evidence(window: Any, timeout: float = 600.0) -> tuple[float, float, int]:
    """(time until the Evidence tab shows every link once it is raised, longest
    event-loop stall meanwhile, evidence lines shown). Off screen while the case opened,
    the panel reads and fills in only now."""
    panel = window.workspace.panel("evidence")
    took, stall = raise_page(window, "evidence",
                             lambda: bool(panel.rows) and not panel.loading, timeout)
    lines = sum(len(r.supporting) + len(r.contradicting) + len(r.context) for r in panel.rows)
    return took, stall, lines


# The columns ``fragment photos --json`` shows (the floor selects the same ones).
JSON_COLUMNS = ("id, label, sha256, file_name, format, width, height, orientation, taken_at, "
                "imported_at, camera_make, camera_model, gps_lat, gps_lon, gps_alt, flags, "
                "taken_by, provided_by, acquisition, original_url, obtained_at, source_id")


def photos_json(path: Path, runs: int = 3) -> tuple[float, float, int]:
    """(``fragment photos --json`` in-process, its floor, bytes printed); the best of
    ``runs`` alternated runs each. Floor: opening the case, a bare ``SELECT`` of the same
    columns and ``json.dumps`` of the rows."""
    from desktop.cli import run_cli

    ours, floor, size = [], [], 0
    for _ in range(runs):
        out = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out):
            code = run_cli(["photos", str(path), "--json"])
        ours.append(time.perf_counter() - start)
        if code != 0:
            raise RuntimeError(f"photos --json exited with {code}")
        size = len(out.getvalue())
        start = time.perf_counter()
        with CaseFile.open(path, readonly=True) as case, case.read_session() as session:
            rows = [dict(row._mapping) for row in session.execute(
                text(f"SELECT {JSON_COLUMNS} FROM photo ORDER BY id"))]
        json.dumps({"photos": rows}, ensure_ascii=False)
        floor.append(time.perf_counter() - start)
    return min(ours), min(floor), size


def main(argv: list[str] | None = None) -> int:
    """Build the case, measure, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 photos, 5,000 annotations")
    parser.add_argument("--photos", type=int, default=None)
    parser.add_argument("--annotations", type=int, default=None)
    parser.add_argument("--case-dir", type=Path,
                        help="build the cases here and keep them; reuse them when they exist")
    parser.add_argument("--profile-stalls", type=float, metavar="MS",
                        help="print a profile of the GUI thread for every event-loop stall "
                        "longer than MS milliseconds")
    parser.add_argument("--cold", action="store_true",
                        help="without the window's warm-up of the first case's one-time "
                        "costs (desktop.core.warm_up)")
    ns = parser.parse_args(argv)
    n_photos = ns.photos or (500 if ns.quick else 10_000)
    n_annotations = ns.annotations or (5_000 if ns.quick else 100_000)

    with tempfile.TemporaryDirectory() as tmp:
        from PySide6.QtWidgets import QApplication, QMainWindow

        from desktop.core import switch_interval
        from desktop.qt import idle_collector
        from desktop.qt.application import warm_up_in_background
        from desktop.qt.main_window import MainWindow

        app = QApplication.instance() or QApplication([])
        start = time.perf_counter()
        bare = QMainWindow()
        bare.resize(1440, 900)
        bare.show()
        app.processEvents()
        floor_window = time.perf_counter() - start
        bare.close()
        start = time.perf_counter()
        window = MainWindow.create()
        window.show()
        app.processEvents()
        window_shown = time.perf_counter() - start
        # as run_gui does: the garbage collector tuned for the window (``gc_policy``)
        collector = idle_collector.install(window.ctx.pool, window)
        switch_interval.favour_the_window()  # as run_gui does, and:
        if not ns.cold:
            warm_up_in_background(window)
        collections = CollectionMeter()

        folder = ns.case_dir or Path(tmp)
        big, empty = folder / "Big.fragment", folder / "Empty.fragment"
        if not (big / "case.sqlite").is_file():
            print(f"building a case of {n_photos} photos and {n_annotations} annotations…",
                  flush=True)
            start = time.perf_counter()
            build_case(big, n_photos, n_annotations)
            build_case(empty, 1, 0)
            print(f"built in {time.perf_counter() - start:.1f} s", flush=True)
        if ns.profile_stalls:
            StallMeter.profile_over = ns.profile_stalls / 1000

        window.workspace.show_page("claims")  # the default layout: the map behind Claims
        app.processEvents()
        window.jobs.wait()
        map_panel = window.workspace.panel("map")
        early = map_panel.view.has_basemap  # the map was on screen when the window showed
        floor_shown, floor_filled, floor_stall, floor_fill_stall = open_in_window(
            window, empty, 1)
        floor_map, floor_map_stall, _ = show_map(window)
        window.workspace.show_page("claims")
        cpu = time.process_time()
        shown, filled, stall, fill_stall = open_in_window(window, big, n_photos)
        cpu_open = time.process_time() - cpu
        cpu = time.process_time()
        map_time, map_stall, map_points = show_map(window)
        cpu_map = time.process_time() - cpu
        evidence_time, evidence_stall, evidence_lines = show_evidence(window)
        window.close_case()
        app.processEvents()

        json_time, json_floor, json_bytes = photos_json(big)
        case = CaseFile.open(big, readonly=True)
        try:
            statements = panel_statements(case)
        finally:
            case.close()
        window.close()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    def row(label: str, ours: float, floor: float) -> None:
        ratio = ours / floor if floor > 0 else float("inf")
        print(f"{label:<40} {ours * 1000:9.1f} ms   floor {floor * 1000:8.1f} ms   "
              f"x{ratio:6.1f}")

    print(f"\n{n_photos} photos, {n_annotations} annotations; load average {load:.1f} "
          f"on {os.cpu_count()} cores")
    row("window created and shown (no case)", window_shown, floor_window)
    row("open: window shows the case", shown, floor_shown)
    row("open: every panel filled in", filled, floor_filled)
    row("open: longest event-loop stall", stall, floor_stall)
    row("open: longest stall while it fills in", fill_stall, floor_fill_stall)
    row(f"map raised: {map_points} points drawn", map_time, floor_map)
    row("map raised: longest event-loop stall", map_stall, floor_map_stall)
    print(f"{f'evidence raised: {evidence_lines} lines shown':<40} "
          f"{evidence_time * 1000:9.1f} ms")
    print(f"{'evidence raised: longest event-loop stall':<40} {evidence_stall * 1000:9.1f} ms")
    print(f"{'CPU time (all threads): open; map raised':<40} {cpu_open * 1000:9.1f} ms; "
          f"{cpu_map * 1000:.1f} ms")
    row(f"photos --json ({json_bytes // 1024} KiB)", json_time, json_floor)
    print(f"garbage collections (whole run): {collections.summary()}; "
          f"{collector.collections} at idle moments")
    print(f"basemap decoded at window start (map tab on screen then): "
          f"{'yes' if early else 'no'}")
    print("\nSQL statements to fill:")
    for name, count in statements.items():
        print(f"  {name:<20} {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
